import { exponentOf, formatMoney, fromMinor, parseAmountInput, toMinor } from '../src/money';

describe('web app money', () => {
  it('converts decimal strings to minor units at the currency exponent and back, exactly', () => {
    expect(toMinor('4850.00', 'EUR')).toBe(485000n);
    expect(toMinor('0.1', 'EUR') + toMinor('0.2', 'EUR')).toBe(toMinor('0.3', 'EUR'));
    expect(toMinor('1500', 'JPY')).toBe(1500n);
    expect(toMinor('1.234', 'KWD')).toBe(1234n);
    expect(toMinor('-642.18', 'EUR')).toBe(-64218n);
    expect(fromMinor(5n, 'EUR')).toBe('0.05');
    expect(fromMinor(-64218n, 'EUR')).toBe('-642.18');
    expect(fromMinor(1234n, 'KWD')).toBe('1.234');
    expect(fromMinor(90071992547409930n, 'EUR')).toBe('900719925474099.30');
    expect(exponentOf('JPY')).toBe(0);
  });

  it('refuses more decimals than the currency has, and text that is not an amount', () => {
    expect(() => toMinor('1.005', 'EUR')).toThrow(/2 decimals/);
    expect(() => toMinor('1.5', 'JPY')).toThrow(/0 decimals/);
    expect(() => toMinor('1e3', 'EUR')).toThrow(/not a decimal/);
  });

  it('reads what a customer types, Persian digits included', () => {
    expect(parseAmountInput('1,234.50')).toBe('1234.50');
    expect(parseAmountInput('۲۵٫۵۰')).toBe('25.50');
    expect(parseAmountInput('12abc')).toBeNull();
  });

  it('formats with the currency exponent in English and Persian', () => {
    expect(formatMoney('4850', 'EUR', 'en-GB')).toBe('€4,850.00');
    expect(formatMoney('900719925474099.30', 'EUR', 'en-GB')).toBe('€900,719,925,474,099.30');
    expect(formatMoney('1500', 'JPY', 'en-GB')).toMatch(/¥1,500$/);
    expect(formatMoney('25.5', 'EUR', 'fa-IR-u-ca-persian')).toMatch(/۲۵٫۵۰/);
  });
});
