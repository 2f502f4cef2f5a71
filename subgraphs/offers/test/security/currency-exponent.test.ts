// Issue 13, item 3 in offers: spend is weighed in whole units of the signals' currency by its ISO
// 4217 exponent (JPY 0, EUR 2, BHD/KWD 3), not by dividing every currency's minor units by 100.
import { ABROAD_MIN_SPEND_UNITS, CATEGORY_MIN_SPEND_UNITS, categoryRelevance, major, spentAbroad } from '../../src/domain/rules/measures';
import { signals, spend } from '../support/signals';

describe('offers measures use the currency exponent', () => {
  it.each([
    ['JPY', 10000n, 10000],
    ['EUR', 10000n, 100],
    ['BHD', 10000n, 10],
    ['KWD', 1999n, 1],
  ])('major of 10000 minor units of %s', (currency, minor, units) => {
    expect(major(minor, currency)).toBe(units);
  });

  it('weighs JPY, EUR and BHD spend in whole units of each', () => {
    // travel weighs 300 %: (recent + growth) x 3
    const relevance = (currency: string, recentMinor: number) =>
      categoryRelevance(signals(['CARD'], { currency, spend: spend([['TRAVEL', recentMinor, 0]]) }), 'TRAVEL');
    expect(relevance('JPY', 10000)).toBe(60000);
    expect(relevance('EUR', 10000)).toBe(600);
    expect(relevance('BHD', 100000)).toBe(600);
  });

  it('counts the thresholds in whole units: 40.000 BHD is below 50, 50 JPY is not', () => {
    expect(CATEGORY_MIN_SPEND_UNITS).toBe(50n);
    expect(categoryRelevance(signals(['CARD'], { currency: 'BHD', spend: spend([['TRAVEL', 40000, 0]]) }), 'TRAVEL')).toBe(0);
    expect(categoryRelevance(signals(['CARD'], { currency: 'JPY', spend: spend([['TRAVEL', 50, 0]]) }), 'TRAVEL')).toBe(300);
    expect(ABROAD_MIN_SPEND_UNITS).toBe(100n);
    expect(spentAbroad(signals(['CARD'], { currency: 'KWD', abroad: { recentMinor: 99999n, countries: ['ES'] } }))).toBe(false);
    expect(spentAbroad(signals(['CARD'], { currency: 'KWD', abroad: { recentMinor: 100000n, countries: ['ES'] } }))).toBe(true);
    expect(spentAbroad(signals(['CARD'], { currency: 'JPY', abroad: { recentMinor: 100n, countries: ['ES'] } }))).toBe(true);
  });
});
