// The churn evaluation (npm run eval:churn): its precision and recall match a count by hand on a
// tiny case (ties at the cut decided by customer id), and a run on a small simulated population
// reports the figures its own scores give, one agent task and one ChurnRiskRaised per customer at or
// above the threshold, and leavers ranked above the stayers on average.
import { atThreshold, atTop, formatResult, simulate, summarize, type Scored, type Trace } from '../../../scripts/eval-churn';

const s = (customerId: string, score: number, leaver: boolean): Scored => ({ customerId, score, leaver, reasons: [] });

describe('churn evaluation figures', () => {
  // 10 customers, 3 leavers (A, C, H)
  const tiny = [
    s('A', 90, true),
    s('B', 80, false),
    s('C', 60, true),
    s('D', 60, false),
    s('E', 40, false),
    s('F', 30, false),
    s('G', 0, false),
    s('H', 10, true),
    s('I', 0, false),
    s('J', 0, false),
  ];

  it('counts precision and recall among the top share by hand', () => {
    // top 20 %: 2 customers, A and B: 1 leaver of 2 chosen, 1 of 3 leavers
    expect(atTop(tiny, 20)).toEqual({
      k: 2,
      truePositives: 1,
      leavers: 3,
      precision: { numerator: 1, denominator: 2, rate: 0.5 },
      recall: { numerator: 1, denominator: 3, rate: 1 / 3 },
    });
    // top 30 %: A, B and C (C before D at 60: by id)
    expect(atTop(tiny, 30)).toMatchObject({ k: 3, truePositives: 2 });
    // 5 % of 10 is half a customer: one is ranked
    expect(atTop(tiny, 5)).toMatchObject({ k: 1, truePositives: 1, precision: { rate: 1 } });
    // the tie cut the other way: with D's id first, D is taken at 30 %
    const renamed = tiny.map((x) => (x.customerId === 'D' ? { ...x, customerId: 'B2' } : x));
    expect(atTop(renamed, 30)).toMatchObject({ k: 3, truePositives: 1 });
  });

  it('counts them at the threshold: the customers who got an agent task', () => {
    expect(atThreshold(tiny, 50)).toEqual({
      k: 4,
      truePositives: 2,
      leavers: 3,
      precision: { numerator: 2, denominator: 4, rate: 0.5 },
      recall: { numerator: 2, denominator: 3, rate: 2 / 3 },
    });
    expect(atThreshold(tiny, 100)).toMatchObject({ k: 0, precision: { rate: null }, recall: { rate: 0 } });
  });
});

describe('churn evaluation on a small population', () => {
  let trace: Trace;

  beforeAll(async () => {
    trace = await simulate({ customers: 40, seed: 42, inMemory: true });
  }, 180_000);

  it('reports the figures of its own scores', () => {
    const r = summarize(trace, { seed: 42 }, 0);
    expect(r.customers).toBe(40);
    expect(r.leavers).toBeGreaterThan(0);
    expect(r.events).toBeGreaterThan(1000);
    // recomputed here from the scores: the top 5 % of 40 is 2 customers
    const byScore = [...trace.scored].sort((a, b) => b.score - a.score || (a.customerId < b.customerId ? -1 : 1));
    const hits = byScore.slice(0, 2).filter((x) => x.leaver).length;
    expect(r.top).toMatchObject({ k: 2, truePositives: hits, leavers: r.leavers });
    expect(r.top.precision.rate).toBe(hits / 2);
    expect(r.top.recall.rate).toBe(hits / r.leavers);
    // every customer at or above the threshold got one task and one event in the same transaction
    const atRisk = trace.scored.filter((x) => x.score >= 50).length;
    expect(r.atThreshold.k).toBe(atRisk);
    expect(r.tasks).toBe(atRisk);
    expect(r.eventsRaised).toBe(atRisk);
    // not vacuous: the scores separate leavers from stayers on average, and stayers do carry signals
    const mean = (xs: Scored[]) => xs.reduce((a, x) => a + x.score, 0) / Math.max(1, xs.length);
    expect(mean(trace.scored.filter((x) => x.leaver))).toBeGreaterThan(mean(trace.scored.filter((x) => !x.leaver)) + 20);
    expect(Object.values(r.reasons).some((c) => c.stayers > 0)).toBe(true);
    expect(formatResult(r)).toMatch(/precision at the top 5 % \(2 customers\)\s+\d\.\d{3} {2}\(\d+\/2\)/);
  });
});
