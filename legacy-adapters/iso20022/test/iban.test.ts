import fc from 'fast-check';
import { isValidIban, normaliseIban, formatIbanForPrint } from '../src/iban';
import { nth } from '../../../test/support/present';

// published example IBANs (SWIFT IBAN registry / national examples)
const VALID = [
  'DE89370400440532013000',
  'GB82WEST12345698765432',
  'NL91ABNA0417164300',
  'FR1420041010050500013M02606',
  'BE68539007547034',
  'CH9300762011623852957',
  'AT611904300234573201',
  'ES9121000418450200051332',
  'IT60X0542811101000000123456',
  'PL61109010140000071219812874',
  'NO9386011117947',
  'MT84MALT011000012345MTLCAST001S',
];

describe('IBAN (ISO 13616)', () => {
  it.each(VALID)('accepts %s', (iban) => {
    expect(isValidIban(iban)).toBe(true);
    expect(isValidIban(formatIbanForPrint(iban).toLowerCase())).toBe(true);
  });

  it('normalises print format to the electronic form', () => {
    expect(normaliseIban(' de89 3704 0044 0532 0130 00 ')).toBe('DE89370400440532013000');
    expect(formatIbanForPrint('DE89370400440532013000')).toBe('DE89 3704 0044 0532 0130 00');
  });

  it('refuses wrong check digits, wrong country length, junk characters and empty input', () => {
    expect(isValidIban('DE89370400440532013001')).toBe(false);
    expect(isValidIban('DE8937040044053201300')).toBe(false); // DE is 22 long
    expect(isValidIban('GB82WEST1234569876543X')).toBe(false);
    expect(isValidIban('DE89-3704-0044-0532-0130-00')).toBe(false);
    expect(isValidIban('')).toBe(false);
    expect(isValidIban('XX')).toBe(false);
    expect(isValidIban(undefined as unknown as string)).toBe(false);
  });

  it('catches every single-digit change of a valid IBAN (mod-97 property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VALID), fc.nat(), fc.integer({ min: 1, max: 9 }), (iban, pos, delta) => {
        const digits = [...iban].map((c, i) => ({ c, i })).filter(({ c, i }) => i >= 2 && /\d/.test(c));
        const { i } = nth(digits, pos % digits.length);
        const changed = iban.slice(0, i) + String((Number(iban[i]) + delta) % 10) + iban.slice(i + 1);
        expect(isValidIban(changed)).toBe(false);
      }),
    );
  });
});
