// The CX metrics' pure rules (domain/cx-metrics.ts): half-even rounding of exact rationals, the
// nearest-rank percentile, the period check, and the figures of a few facts built by hand (the
// self-service follow-up window, clock skew, open contacts, the channel filter). The whole fixture
// with every figure is test/cx-metrics-fixture.test.ts.
import {
  changes,
  checkPeriod,
  CX_MAX_PERIOD_DAYS,
  type CxContactFact,
  cxFigures,
  CxInputError,
  cxValues,
  factWindows,
  nearestRank,
  previousWindow,
  rounded,
  roundHalfEven,
} from '../src/domain/cx-metrics';
import { refusalOf } from '../../../test/support/present';

const r = (num: number, den: number) => ({ num: BigInt(num), den: BigInt(den) });
const T0 = Date.parse('2026-06-01T00:00:00Z');
const H = 3_600_000;
const W = { from: new Date(T0), to: new Date(T0 + 24 * H) };

describe('exact numbers', () => {
  it.each([
    [1, 8, 2, '0.12'], // 0.125: tie, to the even 2
    [3, 8, 2, '0.38'], // 0.375: tie, to the even 8
    [5, 8, 2, '0.62'],
    [7, 8, 2, '0.88'],
    [-1, 8, 2, '-0.12'],
    [-3, 8, 2, '-0.38'],
    [2, 3, 2, '0.67'],
    [-2, 3, 2, '-0.67'],
    [1, 3, 3, '0.333'],
    [-1, 1000, 2, '0.00'], // no "-0.00"
    [0, 7, 2, '0.00'],
    [400, 6, 2, '66.67'],
    [-100, 78, 2, '-1.28'],
    [5, 2, 0, '2'], // 2.5 -> 2
    [7, 2, 0, '4'], // 3.5 -> 4
    [1, -8, 2, '-0.12'], // a negative denominator is carried by the sign
    [123_456_789_012_345, 1000, 3, '123456789012.345'],
  ])('rounds %i/%i to %i decimals half-even: %s', (num, den, decimals, text) => {
    expect(roundHalfEven(r(num, den), decimals)).toBe(text);
  });

  it('takes the nearest rank: ceil(p/100 * n), never interpolating', () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(nearestRank(ten, 50)).toBe(5);
    expect(nearestRank(ten, 90)).toBe(9);
    expect(nearestRank([7], 50)).toBe(7);
    expect(nearestRank([7], 90)).toBe(7);
    expect(nearestRank([1, 2], 50)).toBe(1);
    expect(nearestRank([1, 2], 90)).toBe(2);
    expect(nearestRank([], 50)).toBeUndefined();
  });
});

describe('the period', () => {
  it('takes instants with offsets, `to` after `from`, at most 366 days', () => {
    expect(checkPeriod({ from: '2026-06-01T03:30:00+03:30', to: '2026-06-02T00:00:00Z' })).toEqual({
      from: new Date('2026-06-01T00:00:00Z'),
      to: new Date('2026-06-02T00:00:00Z'),
    });
    expect(checkPeriod({ from: '2024-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' }).to).toEqual(new Date('2025-01-01T00:00:00Z')); // 366 days
  });

  it.each([
    ['a date without a time', { from: '2026-06-01', to: '2026-06-02T00:00:00Z' }, 'period.from'],
    ['a local time', { from: '2026-06-01T00:00:00Z', to: '2026-06-02T00:00:00' }, 'period.to'],
    ['no date at all', { from: 'yesterday', to: '2026-06-02T00:00:00Z' }, 'period.from'],
    ['an impossible day', { from: '2026-02-30T00:00:00Z', to: '2026-03-02T00:00:00Z' }, 'period.from'],
    ['to equal to from', { from: '2026-06-01T00:00:00Z', to: '2026-06-01T00:00:00Z' }, 'period.to'],
    ['to before from', { from: '2026-06-02T00:00:00Z', to: '2026-06-01T00:00:00Z' }, 'period.to'],
    ['367 days', { from: '2025-01-01T00:00:00Z', to: '2026-01-03T00:00:00Z' }, 'period.to'],
    ['366 days and a second', { from: '2024-01-01T00:00:00Z', to: '2025-01-01T00:00:01Z' }, 'period.to'],
  ])('refuses %s, naming the argument', (_what, period, field) => {
    const err = refusalOf(() => checkPeriod(period));
    expect(err).toBeInstanceOf(CxInputError);
    expect(err).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('compares with the period of equal length just before, and reads 24 h more of contacts', () => {
    const w = checkPeriod({ from: '2026-06-01T00:00:00Z', to: '2026-06-08T00:00:00Z' });
    expect(previousWindow(w)).toEqual({ from: new Date('2026-05-25T00:00:00Z'), to: new Date('2026-06-01T00:00:00Z') });
    expect(factWindows(w)).toEqual({
      contacts: { from: new Date('2026-05-25T00:00:00Z'), to: new Date('2026-06-09T00:00:00Z') },
      feedback: { from: new Date('2026-05-25T00:00:00Z'), to: new Date('2026-06-08T00:00:00Z') },
    });
    expect(CX_MAX_PERIOD_DAYS).toBe(366);
  });
});

describe('figures from facts', () => {
  const session = (customerId: string, startH: number, endH: number, resolved: boolean): CxContactFact => ({
    customerId,
    channel: 'KIOSK',
    selfService: true,
    startedAt: new Date(T0 + startH * H),
    endedAt: new Date(T0 + endH * H),
    resolved,
  });
  const agent = (customerId: string, startH: number, extra: Partial<CxContactFact> = {}): CxContactFact => ({
    customerId,
    channel: 'PHONE',
    selfService: false,
    startedAt: new Date(T0 + startH * H),
    ...extra,
  });

  it('counts a resolved session as resolved without an agent unless an agent contact of the same customer follows within 24 h of its end', () => {
    const facts = [
      session('C-000001', 1, 2, true), // followed at 2 + 24 - 1 ms: within
      { ...agent('C-000001', 0), startedAt: new Date(T0 + 26 * H - 1) },
      session('C-000002', 1, 2, true), // the agent contact is exactly 24 h after the end: not within
      agent('C-000002', 26),
      session('C-000003', 3, 4, true), // another customer's agent contact does not count
      agent('C-000004', 5),
      session('C-000005', 5, 6, true), // an agent contact before the session does not follow it
      agent('C-000005', 4),
      session('C-000006', 7, 8, false), // unresolved: never counts, followed or not
    ];
    // the window is the first day: the follow-ups at 26 h are outside it but still found
    const f = cxFigures(W, undefined, facts, []);
    // in the window: 5 sessions + agent contacts at 5 h and 4 h = 7 contacts
    expect(f.selfService).toEqual({ resolvedWithoutAgent: 3, resolvedFollowedByAgent: 1, sessions: 5, contacts: 7 });
    expect(rounded(cxValues(f)).selfServiceShare).toBe('42.86'); // 100 * 3 / 7 = 42.857...
  });

  it('measures agent contacts only, an action stamped before the start as 0, and leaves out what has not happened', () => {
    const facts = [
      agent('C-000001', 1, { firstResponseAt: new Date(T0 + H - 500), endedAt: new Date(T0 + 2 * H) }), // skewed clock: 0 ms
      agent('C-000002', 1, { firstResponseAt: new Date(T0 + H + 1_234) }), // open: no handling time
      agent('C-000003', 1), // no response yet
      session('C-000004', 1, 3, true), // sessions have no first response nor handling time
    ];
    const f = cxFigures(W, undefined, facts, []);
    expect(f.firstResponse).toEqual({ count: 2, p50Ms: 0, p90Ms: 1_234, totalMs: 1_234 });
    expect(f.handling).toEqual({ count: 1, p50Ms: H, p90Ms: H, totalMs: H });
    expect(rounded(cxValues(f))).toMatchObject({ firstResponseP50Seconds: '0.000', firstResponseP90Seconds: '1.234', firstResponseMeanSeconds: '0.617' });
  });

  it('keeps to the channel asked and to requests asked in the window; an answer counts with its request', () => {
    const at = (h: number) => new Date(T0 + h * H);
    const feedback = [
      { kind: 'CSAT' as const, channel: 'PHONE' as const, requestedAt: at(1), score: 5 },
      { kind: 'CSAT' as const, channel: 'CHAT' as const, requestedAt: at(1), score: 1 },
      { kind: 'CSAT' as const, channel: 'PHONE' as const, requestedAt: at(2) },
      { kind: 'CSAT' as const, channel: 'PHONE' as const, requestedAt: at(24), score: 1 }, // at `to`: out
    ];
    expect(cxFigures(W, 'PHONE', [], feedback)).toMatchObject({ csat: { satisfied: 1, answered: 1 }, responseRate: { answered: 1, requested: 2 } });
    expect(cxFigures(W, undefined, [], feedback)).toMatchObject({ csat: { satisfied: 1, answered: 2 }, responseRate: { answered: 2, requested: 3 } });
  });

  it('gives no value, and no change, where there is nothing to divide by', () => {
    const empty = cxValues(cxFigures(W, undefined, [], []));
    expect(empty).toEqual({});
    const some = cxValues(cxFigures(W, undefined, [], [{ kind: 'NPS', channel: 'APP', requestedAt: new Date(T0), score: 0 }]));
    expect(rounded(some)).toMatchObject({ nps: '-100.00', responseRate: '100.00', csat: null });
    expect(changes(some, empty)).toMatchObject({ nps: null, responseRate: null });
    expect(changes(some, some)).toMatchObject({ nps: '0.00', responseRate: '0.00', csat: null });
  });
});
