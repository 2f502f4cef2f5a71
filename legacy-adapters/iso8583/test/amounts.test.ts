// Amount elements are minor units of their currency's ISO 4217 exponent (JPY 0, EUR 2, BHD/KWD 3),
// conversion rates carry their decimals in the leftmost digit (issue 13); the advice MTIs accept
// the cardholder billing elements 6, 10, 51.
import { amountOf, checkMandatoryFields, conversionRateOf, Iso8583Error } from '../src';
import { formatMinor } from '../../../lib/money';

describe('ISO 8583 amount elements', () => {
  it.each([
    ['392', 'JPY', '10000'],
    ['978', 'EUR', '100.00'],
    ['048', 'BHD', '10.000'],
    ['414', 'KWD', '10.000'],
  ])('reads 000000010000 in %s as minor units of %s (%s)', (numeric, alpha, decimal) => {
    const m = amountOf(4, '000000010000', numeric);
    expect(m).toEqual({ minor: 10000n, currency: alpha });
    expect(formatMinor(m?.minor ?? -1n, alpha)).toBe(decimal);
  });

  it('keeps 12 digits exact (no float), and refuses what is no amount', () => {
    expect(amountOf(6, '999999999999', '978')?.minor).toBe(999_999_999_999n);
    expect(amountOf(4, '000000000100', '999')).toBeUndefined();
    expect(() => amountOf(4, '12.5', '978')).toThrow(Iso8583Error);
    expect(() => amountOf(4, '', '978')).toThrow(Iso8583Error);
  });
});

describe('ISO 8583 conversion rate elements', () => {
  it.each([
    ['61234567', '1.234567'],
    ['70061977', '0.0061977'],
    ['00000161', '161'],
    ['30161350', '161.35'],
    ['70000001', '0.0000001'],
  ])('reads %s as %s', (digits, rate) => {
    expect(conversionRateOf(10, digits)).toBe(rate);
  });

  it('refuses a zero rate and anything but 8 digits', () => {
    expect(() => conversionRateOf(10, '60000000')).toThrow(Iso8583Error);
    expect(() => conversionRateOf(10, '6123456')).toThrow(Iso8583Error);
    expect(() => conversionRateOf(10, '6123456X')).toThrow(Iso8583Error);
  });
});

describe('advice MTI rules', () => {
  const advice = (mti: string, extra: Array<[number, string]>) => ({
    mti,
    fields: new Map<number, string>([
      [2, '4165980000000001'],
      [3, '000000'],
      [4, '000000010000'],
      [7, '0315100000'],
      [11, '000001'],
      [18, '5999'],
      [32, '400001'],
      [37, 'R00000000001'],
      [42, 'M-1            '],
      [49, '392'],
      ...extra,
    ]),
  });

  it('accepts the cardholder billing amount, rate and currency (6, 10, 51) in authorisation and financial advices', () => {
    for (const mti of ['0120', '0220']) {
      expect(() =>
        checkMandatoryFields(
          advice(mti, [
            [6, '000000006198'],
            [10, '70061977'],
            [51, '978'],
          ]),
        ),
      ).not.toThrow();
    }
  });
});
