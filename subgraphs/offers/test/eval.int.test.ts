// The offline evaluation (npm run eval:offers) on a small deterministic sample: the two rates that
// must be zero are zero, over populations big enough to mean something.
import { formatResult, runEvaluation, sampleIndexes } from '../../../scripts/eval-offers';

describe('offers evaluation', () => {
  it('samples every k-th customer, the same every run', () => {
    expect(sampleIndexes(10_000, 2000).slice(0, 3)).toEqual([0, 5, 10]);
    expect(sampleIndexes(10_000, 2000)).toHaveLength(2000);
    expect(sampleIndexes(50, 2000)).toHaveLength(50);
  });

  it('gives no marketing offer without consent and offers no product already held', async () => {
    process.env.LOG_LEVEL ??= 'warn';
    const r = await runEvaluation({ customers: 400, sample: 100, concurrency: 4 });
    expect(r.evaluated).toBe(100);
    expect(r.marketingWithoutConsent.denominator).toBeGreaterThan(5);
    expect(r.marketingWithoutConsent.numerator).toBe(0);
    expect(r.offeredProductAlreadyHeld).toEqual({ numerator: 0, denominator: 100, rate: 0 });
    // the sample holds the populations the other two rates are about
    expect(r.heavyTravelFirstOfferTravel.denominator).toBeGreaterThan(0);
    expect(r.fallingActivityGotRetention.denominator).toBeGreaterThan(0);
    expect(r.coreCallsPerCustomer).toBe(3);
    expect(formatResult(r)).toMatch(/customers without marketing consent given a marketing offer\s+0\.000/);
  }, 120000);
});
