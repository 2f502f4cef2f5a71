// The CX metrics on a fixture with known answers (test/support/cx-fixture.ts), on PGlite and, with
// DATABASE_URL, PostgreSQL: the facts read by db/cx-facts.ts and the figures of domain/cx-metrics.ts
// must equal the numbers worked out by hand below, to the digit, for the whole period, the period
// before it and the change, and with a channel and a segment filter. Every expected number has its
// arithmetic beside it; the fixture's rows are named (A1, S2, F7...) so each count can be traced.
import { migrate } from '../../../lib/db/migrate';
import { type OpenedStore, serviceStores } from '../../../test/support/temp-stores';
import { MIGRATIONS } from '../src/db/migrations';
import { CxFactStore } from '../src/db/cx-facts';
import { checkPeriod, cxMetrics, type CxMetrics, factWindows } from '../src/domain/cx-metrics';
import type { FeedbackChannel } from '../src/domain/feedback';
import type { Segment } from '../src/domain/segment';
import { CX_NOW, CX_PERIOD, seedCxFixture } from './support/cx-fixture';

describe.each(serviceStores('engagement', 'cx-metrics'))('CX metrics fixture on %s', (_name, open) => {
  let opened: OpenedStore | undefined;
  let facts: CxFactStore;

  async function metrics(channel?: FeedbackChannel, segment?: Segment): Promise<CxMetrics> {
    const w = checkPeriod(CX_PERIOD);
    const read = factWindows(w);
    return cxMetrics(w, channel, await facts.contacts(read.contacts, segment, CX_NOW), await facts.feedback(read.feedback, segment, CX_NOW));
  }

  beforeAll(async () => {
    opened = await open();
    await migrate(opened.db, MIGRATIONS);
    await seedCxFixture(opened.db);
    facts = new CxFactStore(opened.db);
  });

  afterAll(async () => {
    await opened?.dispose();
  });

  it('gives every figure of the period, the one before it, and the change, exactly', async () => {
    const m = await metrics();
    expect(m.period).toEqual({ from: new Date('2026-06-01T00:00:00Z'), to: new Date('2026-06-08T00:00:00Z') });
    // the 7 days before
    expect(m.previousPeriod).toEqual({ from: new Date('2026-05-25T00:00:00Z'), to: new Date('2026-06-01T00:00:00Z') });

    expect(m.current).toEqual({
      // CSAT answered: F1 5, F2 4, F3 3, F4 2, F5 5, F7 4 (answered after the period, counts) = 6; F6 unanswered
      // satisfied (4 or 5): F1, F2, F5, F7 = 4
      csat: { satisfied: 4, answered: 6 },
      // NPS answered: N1 10, N2 9, N7 10 promoters; N3 8, N6 7 passives; N4 6, N5 0 detractors; N8 unanswered
      nps: { promoters: 3, passives: 2, detractors: 2, answered: 7 },
      // CES answered: E1 7 + E2 5 + E3 6 + E4 3 + E6 4 + E7 5 + E8 6 + E9 5 = 41 over 8; E5 unanswered
      ces: { scoreSum: 41, answered: 8 },
      // asked: 7 CSAT + 8 NPS + 9 CES = 24; answered 6 + 7 + 8 = 21 (X3 at `to` is out)
      responseRate: { answered: 21, requested: 24 },
      // first responses (ms) of A1 30000, A2 90000, A3 45500, A4 120000, A5 15000 (open), A7 60000, A9 200000;
      // A6 has none. Sorted: 15000 30000 45500 60000 90000 120000 200000, n = 7
      // p50: rank ceil(0.5 * 7) = 4 -> 60000; p90: rank ceil(0.9 * 7) = ceil(6.3) = 7 -> 200000
      // total 15000 + 30000 + 45500 + 60000 + 90000 + 120000 + 200000 = 560500
      firstResponse: { count: 7, p50Ms: 60_000, p90Ms: 200_000, totalMs: 560_500 },
      // ended agent contacts (s): A7 240, A1 300, A3 420, A2 600, A9 900, A4 1200 (A5, A6 open), n = 6
      // p50: rank ceil(3) = 3 -> 420 s; p90: rank ceil(5.4) = 6 -> 1200 s; total 3660 s
      handling: { count: 6, p50Ms: 420_000, p90Ms: 1_200_000, totalMs: 3_660_000 },
      // contacts: A1 A2 A3 A4 A5 A6 A7 A9 (8) + S1..S5 (5) = 13 (A8 and X2 start at or after `to`)
      // resolved sessions S1, S2, S4, S5; S2 followed by A7 (50 min after its end), S4 by A8 (10.5 h after,
      // in the next period); S1's A9 is exactly 24 h after its end (not within); S5's A1 was before it
      selfService: { resolvedWithoutAgent: 2, resolvedFollowedByAgent: 2, sessions: 5, contacts: 13 },
    });
    expect(m.currentValues).toEqual({
      csat: '66.67', // 100 * 4 / 6 = 66.666...
      nps: '14.29', // 100 * (3 - 2) / 7 = 14.2857...
      cesMean: '5.12', // 41 / 8 = 5.125: a tie, half-even keeps the even 2
      responseRate: '87.50', // 100 * 21 / 24
      firstResponseP50Seconds: '60.000',
      firstResponseP90Seconds: '200.000',
      firstResponseMeanSeconds: '80.071', // 560500 / 7 / 1000 = 80.0714...
      handlingP50Seconds: '420.000',
      handlingP90Seconds: '1200.000',
      handlingMeanSeconds: '610.000', // 3660 / 6
      selfServiceShare: '15.38', // 100 * 2 / 13 = 15.3846...
    });

    expect(m.previous).toEqual({
      // PF1 5, PF2 5, PF3 4 (asked the period's last second), PF4 1; PF5 unanswered
      csat: { satisfied: 3, answered: 4 },
      // PN1 10 (at the period's first instant), PN2 9 promoters; PN4 8 passive; PN3 3 detractor (X4 before `from`: out)
      nps: { promoters: 2, passives: 1, detractors: 1, answered: 4 },
      // PE1 4 + PE2 6; PE3 unanswered
      ces: { scoreSum: 10, answered: 2 },
      // asked 5 + 4 + 3 = 12, answered 4 + 4 + 2 = 10
      responseRate: { answered: 10, requested: 12 },
      // P3 20 s, P1 40 s, P4 60 s, P2 100 s: p50 rank 2 -> 40 s, p90 rank ceil(3.6) = 4 -> 100 s; total 220 s
      firstResponse: { count: 4, p50Ms: 40_000, p90Ms: 100_000, totalMs: 220_000 },
      // P4 300 s (ended in the current period, started in this one), P1 360, P2 480, P3 600: p50 360, p90 600; total 1740
      handling: { count: 4, p50Ms: 360_000, p90Ms: 600_000, totalMs: 1_740_000 },
      // P1..P4 + PS1, PS2 = 6; PS1 resolved, no agent contact of C-000005 within 24 h; PS2 unresolved
      selfService: { resolvedWithoutAgent: 1, resolvedFollowedByAgent: 0, sessions: 2, contacts: 6 },
    });
    expect(m.previousValues).toEqual({
      csat: '75.00', // 100 * 3 / 4
      nps: '25.00', // 100 * (2 - 1) / 4
      cesMean: '5.00', // 10 / 2
      responseRate: '83.33', // 100 * 10 / 12 = 83.333...
      firstResponseP50Seconds: '40.000',
      firstResponseP90Seconds: '100.000',
      firstResponseMeanSeconds: '55.000', // 220 / 4
      handlingP50Seconds: '360.000',
      handlingP90Seconds: '600.000',
      handlingMeanSeconds: '435.000', // 1740 / 4
      selfServiceShare: '16.67', // 100 * 1 / 6 = 16.666...
    });

    // current - previous, exact, then rounded once
    expect(m.change).toEqual({
      csat: '-8.33', // 400/6 - 75 = -8.333...
      nps: '-10.71', // 100/7 - 25 = -75/7 = -10.714...
      cesMean: '0.12', // 5.125 - 5 = 0.125: a tie, half-even
      responseRate: '4.17', // 87.5 - 1000/12 = 4.1666...
      firstResponseP50Seconds: '20.000', // 60 - 40
      firstResponseP90Seconds: '100.000', // 200 - 100
      firstResponseMeanSeconds: '25.071', // 560.5/7 - 55 = 25.0714...
      handlingP50Seconds: '60.000', // 420 - 360
      handlingP90Seconds: '600.000', // 1200 - 600
      handlingMeanSeconds: '175.000', // 610 - 435
      // 200/13 - 100/6 = (1200 - 1300) / 78 = -1.2820...: -1.28, where the rounded values' difference
      // (15.38 - 16.67) would say -1.29
      selfServiceShare: '-1.28',
    });
  });

  it('keeps to one channel: its contacts and its requests only', async () => {
    const phone = await metrics('PHONE');
    expect(phone.current).toEqual({
      // F1 5, F2 4, F7 4 answered; F6 not
      csat: { satisfied: 3, answered: 3 },
      // N1 10, N6 7; N8 not
      nps: { promoters: 1, passives: 1, detractors: 0, answered: 2 },
      ces: { scoreSum: 0, answered: 0 },
      // F1 F2 F6 F7 N1 N6 N8 asked, 5 answered
      responseRate: { answered: 5, requested: 7 },
      // A5 15 s, A1 30, A7 60, A2 90, A9 200: p50 rank ceil(2.5) = 3 -> 60 s, p90 rank ceil(4.5) = 5 -> 200 s; total 395 s
      firstResponse: { count: 5, p50Ms: 60_000, p90Ms: 200_000, totalMs: 395_000 },
      // A7 240, A1 300, A2 600, A9 900: p50 rank 2 -> 300, p90 rank ceil(3.6) = 4 -> 900; total 2040
      handling: { count: 4, p50Ms: 300_000, p90Ms: 900_000, totalMs: 2_040_000 },
      // A1 A2 A5 A7 A9; no sessions on the phone channel (the follow-ups of S2 are still found, but S2 is VISUAL_IVR)
      selfService: { resolvedWithoutAgent: 0, resolvedFollowedByAgent: 0, sessions: 0, contacts: 5 },
    });
    expect(phone.currentValues).toMatchObject({
      csat: '100.00',
      nps: '50.00', // 100 * (1 - 0) / 2
      cesMean: null, // nothing to divide by
      responseRate: '71.43', // 100 * 5 / 7 = 71.428...
      firstResponseMeanSeconds: '79.000', // 395 / 5
      handlingMeanSeconds: '510.000', // 2040 / 4
      selfServiceShare: '0.00',
    });
    // previous on the phone: PF1 5, PF3 4 answered, PF5 not -> 100.00; PN1 10 -> 100.00; no CES
    expect(phone.previousValues).toMatchObject({ csat: '100.00', nps: '100.00', cesMean: null, selfServiceShare: '0.00' });
    // 100 - 100; 50 - 100; CES has no value on either side
    expect(phone.change).toMatchObject({ csat: '0.00', nps: '-50.00', cesMean: null, selfServiceShare: '0.00' });

    const kiosk = await metrics('KIOSK');
    // S1 (resolved alone), S3 (unresolved), S4 (followed by A8, a PHONE contact: any channel's agent counts)
    expect(kiosk.current.selfService).toEqual({ resolvedWithoutAgent: 1, resolvedFollowedByAgent: 1, sessions: 3, contacts: 3 });
    expect(kiosk.currentValues.selfServiceShare).toBe('33.33'); // 100 * 1 / 3
    expect(kiosk.current.firstResponse).toEqual({ count: 0, totalMs: 0 });
    expect(kiosk.currentValues.firstResponseP50Seconds).toBeNull();

    const app = await metrics('APP');
    expect(app.current).toMatchObject({
      csat: { satisfied: 1, answered: 1 }, // F5 5
      nps: { promoters: 2, passives: 0, detractors: 1, answered: 3 }, // N2 9, N7 10, N5 0
      ces: { scoreSum: 16, answered: 3 }, // E3 6 + E7 5 + E9 5; E5 unanswered
      responseRate: { answered: 7, requested: 8 },
      selfService: { resolvedWithoutAgent: 0, resolvedFollowedByAgent: 0, sessions: 0, contacts: 0 }, // APP has no contacts
    });
    expect(app.currentValues).toMatchObject({ csat: '100.00', nps: '33.33', cesMean: '5.33', responseRate: '87.50', selfServiceShare: null });
    // cesMean 16 / 3 = 5.333...; the previous period's only APP CES (PE3) is unanswered: no value, so no change
    expect(app.previousValues.cesMean).toBeNull();
    expect(app.change.cesMean).toBeNull();
  });

  it('keeps to the customers a segment names (GOLD: C-000001..3), contacts and feedback alike', async () => {
    const gold = await metrics(undefined, { tiers: ['GOLD'] });
    expect(gold.current).toEqual({
      csat: { satisfied: 3, answered: 3 }, // F1 5, F2 4, F5 5
      nps: { promoters: 2, passives: 0, detractors: 0, answered: 2 }, // N1 10, N2 9
      ces: { scoreSum: 10, answered: 2 }, // E3 6 + E6 4; E5 unanswered
      responseRate: { answered: 7, requested: 8 }, // F1 F2 F5 N1 N2 E3 E5 E6
      // A5 15 s, A1 30, A2 90: p50 rank ceil(1.5) = 2 -> 30 s; p90 rank ceil(2.7) = 3 -> 90 s
      firstResponse: { count: 3, p50Ms: 30_000, p90Ms: 90_000, totalMs: 135_000 },
      // A1 300, A2 600: p50 rank 1 -> 300, p90 rank ceil(1.8) = 2 -> 600
      handling: { count: 2, p50Ms: 300_000, p90Ms: 600_000, totalMs: 900_000 },
      // A1 A2 A5 + S5 (resolved, alone)
      selfService: { resolvedWithoutAgent: 1, resolvedFollowedByAgent: 0, sessions: 1, contacts: 4 },
    });
    expect(gold.currentValues).toMatchObject({ csat: '100.00', nps: '100.00', cesMean: '5.00', responseRate: '87.50', selfServiceShare: '25.00' });
    // previous GOLD: PF1 5, PF3 4 -> 100.00; PN1 10, PN2 9, PN4 8 -> 100 * 2 / 3 = 66.67; contacts P1, P4, no session
    expect(gold.previousValues).toMatchObject({ csat: '100.00', nps: '66.67', cesMean: null, selfServiceShare: '0.00' });
    expect(gold.change).toMatchObject({ csat: '0.00', nps: '33.33', selfServiceShare: '25.00' }); // 100 - 200/3 = 33.333...

    // a segment naming nobody: every count zero, every value null
    const none = await metrics(undefined, { tiers: ['PLATINUM'] });
    expect(none.current.responseRate).toEqual({ answered: 0, requested: 0 });
    expect(none.current.selfService.contacts).toBe(0);
    expect(Object.values(none.currentValues).every((v) => v === null)).toBe(true);
  });
});
