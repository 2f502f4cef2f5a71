// The simulator's dated FX table (GetExchangeRates): the reference day as published, other days
// derived deterministically from (seed, currency, day) within ±2 %, weekends answered with the
// latest earlier table, no table before the first, cross rates for another base; decimal text only.
import { exchangeRatesOn, FX_REFERENCE_DATE } from '../src/data/fx-rates';
import { convertCross, parseDecimal, parseRate } from '../../lib/money';
import { missing } from '../../test/support/present';

const rateOf = (t: ReturnType<typeof exchangeRatesOn>, c: string) => (t ?? missing('a table')).rates.find((r) => r.currency === c)?.rate ?? missing(c);

describe('simulator FX rates', () => {
  it('publishes the reference table as is on its day, for every currency the bank books in', () => {
    const t = exchangeRatesOn(42, FX_REFERENCE_DATE);
    expect(t?.base).toBe('EUR');
    expect(t?.rateDate).toBe('2025-01-31');
    expect(Object.fromEntries((t?.rates ?? []).map((r) => [r.currency, r.rate]))).toMatchObject({
      EUR: '1',
      JPY: '161.35',
      BHD: '0.3917',
      KWD: '0.3205',
      USD: '1.0393',
    });
    expect(t?.rates.map((r) => r.currency)).toHaveLength(14);
  });

  it('derives other days deterministically per seed, within 2 % of the reference, as decimal text', () => {
    const a = exchangeRatesOn(42, '2025-03-12');
    expect(exchangeRatesOn(42, '2025-03-12')).toEqual(a);
    expect(exchangeRatesOn(7, '2025-03-12')).not.toEqual(a);
    const { numerator, denominator } = parseRate(rateOf(a, 'JPY'));
    // 161.35 x 0.98 <= rate <= 161.35 x 1.02
    expect(numerator * 100n).toBeGreaterThanOrEqual(15812n * denominator);
    expect(numerator * 100n).toBeLessThanOrEqual(16458n * denominator);
    expect(rateOf(a, 'JPY')).not.toBe('161.35');
    for (const r of a?.rates ?? []) expect(r.rate).toMatch(/^\d+(\.\d{1,6})?$/);
    expect(rateOf(a, 'EUR')).toBe('1');
  });

  it('answers a weekend with the Friday before, and nothing before the first table', () => {
    const saturday = exchangeRatesOn(42, '2025-03-15');
    const friday = exchangeRatesOn(42, '2025-03-14');
    expect(saturday?.rateDate).toBe('2025-03-14');
    expect(saturday?.rates).toEqual(friday?.rates);
    expect(exchangeRatesOn(42, '2025-03-16')?.rates).toEqual(friday?.rates);
    expect(exchangeRatesOn(42, '1998-12-31')).toBeUndefined();
    expect(() => exchangeRatesOn(42, '2025-02-30')).toThrow(RangeError);
    expect(() => exchangeRatesOn(42, '2025-03-12', 'XXX')).toThrow(RangeError);
  });

  it('quotes per another base from the published EUR figures (cross rates, 12 decimals)', () => {
    const perGbp = exchangeRatesOn(42, FX_REFERENCE_DATE, 'GBP');
    expect(perGbp?.base).toBe('GBP');
    expect(rateOf(perGbp, 'GBP')).toBe('1');
    // 161.35 / 0.83605 = 192.99084982955565...
    expect(rateOf(perGbp, 'JPY')).toBe('192.990849829556');
    // the cross rate converts as the two EUR rates do, to the yen
    const viaEur = convertCross(parseDecimal('100.00', 'GBP'), 'JPY', '0.83605', '161.35');
    expect(viaEur.minor).toBe(19299n);
  });
});
