import fc from 'fast-check';
import { formatMinor, parseDecimal, percentOf, add, MoneyError, money, toGraphQL } from '../money';

describe('money', () => {
  it('parses decimal strings into exact minor units', () => {
    expect(parseDecimal('1234.50', 'EUR').minor).toBe(123450n);
    expect(parseDecimal('0.01', 'EUR').minor).toBe(1n);
    expect(parseDecimal('-7.5', 'USD').minor).toBe(-750n);
    expect(parseDecimal('1500', 'JPY').minor).toBe(1500n);
    expect(parseDecimal('1.234', 'KWD').minor).toBe(1234n);
    expect(parseDecimal('10.500', 'EUR').minor).toBe(1050n);
  });

  it('refuses more decimals than the currency allows, junk and unknown currencies', () => {
    expect(() => parseDecimal('1.005', 'EUR')).toThrow(expect.objectContaining({ code: 'TOO_MANY_DECIMALS' }));
    expect(() => parseDecimal('1.5', 'JPY')).toThrow(expect.objectContaining({ code: 'TOO_MANY_DECIMALS' }));
    expect(() => parseDecimal('1e3', 'EUR')).toThrow(MoneyError);
    expect(() => parseDecimal('12,50', 'EUR')).toThrow(expect.objectContaining({ code: 'INVALID_AMOUNT' }));
    expect(() => parseDecimal('1.00', 'XXX')).toThrow(expect.objectContaining({ code: 'UNKNOWN_CURRENCY' }));
  });

  it('formats with exactly the currency decimals', () => {
    expect(formatMinor(123450n, 'EUR')).toBe('1234.50');
    expect(formatMinor(5n, 'EUR')).toBe('0.05');
    expect(formatMinor(-5n, 'EUR')).toBe('-0.05');
    expect(formatMinor(1500n, 'JPY')).toBe('1500');
    expect(toGraphQL(money(99999999999999999n, 'EUR'))).toEqual({ amount: '999999999999999.99', currency: 'EUR' });
  });

  it('round-trips every amount exactly (beyond float precision)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.constantFrom('EUR', 'JPY', 'KWD'), (minor, cur) => {
        expect(parseDecimal(formatMinor(minor, cur), cur).minor).toBe(minor);
      }),
      { numRuns: 2000 },
    );
  });

  it('computes percentages rounding toward zero, without floats', () => {
    expect(percentOf(money(1999n, 'EUR'), 1n, 100n).minor).toBe(19n); // 1% of 19.99 = 0.1999 -> 0.19
    expect(percentOf(money(1999n, 'EUR'), 2n, 100n).minor).toBe(39n);
    expect(() => add(money(1n, 'EUR'), money(1n, 'USD'))).toThrow(expect.objectContaining({ code: 'CURRENCY_MISMATCH' }));
  });
});
