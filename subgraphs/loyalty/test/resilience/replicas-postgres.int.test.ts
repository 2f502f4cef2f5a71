// Two loyalty replicas on one PostgreSQL schema: each its own pool, ledger, card sink, settlement
// and daily-job runner, as two processes behind one card switch and one timer each would have.
// What one replica applies the other must see as done: an advice and its repeat, a reversal and
// its repeat, the same advice twenty times at once, the day's jobs started at the same instant.
import { openPostgres } from '../../../../lib/db/postgres-database';
import type { Database } from '../../../../lib/db/database';
import { createLogger } from '../../../../lib/logger';
import { randomSchema } from '../../../../test/support/temp-stores';
import { dropSchema } from '../../../../test/support/postgres';
import { Settlement } from '../../src/db/settlement';
import { DailyJobRuns } from '../../src/db/daily-job-runs';
import { DailyJobs, type DailyWork } from '../../src/domain/daily-jobs';
import type { CardAdvice, CardAdviceOutcome } from '../../src/domain/card-advice';
import { assertLedgerInvariants } from '../../src/db/ledger/invariants';
import { POINTS_UNIT } from '../../src/domain/ledger/chart';
import { advice, FUNDING_ACCOUNT, FakeCore, type Programme, programmeOn } from '../support/programme';

const DATABASE_URL = process.env.DATABASE_URL;

jest.setTimeout(60000);

if (!DATABASE_URL) {
  test('loyalty replicas suite left out: DATABASE_URL not set', () => {
    console.warn('loyalty replicas suite left out: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run it');
    expect(process.env.DATABASE_URL).toBeUndefined();
  });
} else {
  const url = DATABASE_URL;
  const schema = randomSchema('loyalty_replicas');
  let a: Programme;
  let b: Programme;
  let n = 0;
  const fresh = () => `RP-${++n}`;

  beforeAll(async () => {
    // two pools on one schema: no connection, lock or cache is shared except through the server
    a = await programmeOn(await openPostgres({ connectionString: url, schema, maxConnections: 12, applicationName: 'replica-a' }));
    b = await programmeOn(await openPostgres({ connectionString: url, schema, maxConnections: 12, applicationName: 'replica-b' }));
  });
  afterAll(async () => {
    await a?.db.close();
    await b?.db.close();
    await dropSchema(url, schema);
  });
  afterEach(async () => {
    await assertLedgerInvariants(a.ledger, a.db);
  });

  const journalsOf = async (db: Database, eventKey: string) =>
    (await db.query<{ idempotency_key: string }>(`SELECT idempotency_key FROM journals WHERE idempotency_key LIKE $1 ORDER BY id`, [`card:${eventKey}:%`])).map(
      (r) => r.idempotency_key,
    );
  const count = (outcomes: CardAdviceOutcome[]) => outcomes.reduce<Record<string, number>>((m, o) => ({ ...m, [o]: (m[o] ?? 0) + 1 }), {});
  const points = (c: string) => a.ledger.balanceOf('CUSTOMER_POINTS', POINTS_UNIT, c);
  const pending = (c: string) => b.ledger.balanceOf('CUSTOMER_CASHBACK_PENDING', 'EUR', c);
  const reversalOf = (original: CardAdvice, over: Partial<CardAdvice> = {}): CardAdvice =>
    advice({ customerId: original.customerId, kind: 'REVERSAL', originalKey: original.key, amountMinor: original.amountMinor, ...over });

  describe('the card feed on two replicas', () => {
    it('applies an advice once when it and its repeat reach different replicas at once, and its reversal once from the other', async () => {
      const c = fresh();
      const purchase = advice({ customerId: c, amountMinor: 25000n });
      const reversal = reversalOf(purchase);
      const outcomes = await Promise.all([
        a.sink.apply(purchase), // 0220 to replica A
        b.sink.apply({ ...purchase, repeat: true }), // 0221 to replica B
        b.sink.apply(reversal), // 0420 to replica B
        a.sink.apply({ ...reversal, repeat: true }), // 0421 to replica A
      ]);
      expect(count(outcomes.slice(0, 2))).toEqual({ APPLIED: 1, DUPLICATE: 1 });
      // the reversal may arrive before its purchase (HELD, applied when the purchase comes), never twice
      expect(outcomes.slice(2).filter((o) => o === 'DUPLICATE')).toHaveLength(1);
      expect(outcomes.slice(2).filter((o) => o === 'APPLIED' || o === 'HELD')).toHaveLength(1);
      expect(await journalsOf(a.db, purchase.key)).toEqual([`card:${purchase.key}:earn`]);
      expect(await journalsOf(b.db, reversal.key)).toEqual([`card:${reversal.key}:reverse`]);
      expect(await points(c)).toBe(0n);
      expect(await pending(c)).toBe(0n);
    });

    it('leaves the earning in place when only the purchase and its repeat come, on both replicas', async () => {
      const c = fresh();
      const purchase = advice({ customerId: c, amountMinor: 25000n });
      await Promise.all([a.sink.apply(purchase), b.sink.apply({ ...purchase, repeat: true })]);
      const earned = await points(c);
      expect(earned).toBeGreaterThan(0n);
      // the same purchase on one replica alone earns the same: nothing was lost or doubled
      const solo = advice({ customerId: fresh(), amountMinor: 25000n });
      await a.sink.apply(solo);
      expect(await points(solo.customerId)).toBe(earned);
    });

    it('posts the same advice delivered twenty times at once across both replicas once', async () => {
      const c = fresh();
      const purchase = advice({ customerId: c, amountMinor: 40000n });
      const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).sink.apply({ ...purchase, repeat: i > 0 })));
      expect(count(outcomes)).toEqual({ APPLIED: 1, DUPLICATE: 19 });
      expect(await journalsOf(a.db, purchase.key)).toEqual([`card:${purchase.key}:earn`]);
      const solo = advice({ customerId: fresh(), amountMinor: 40000n });
      await b.sink.apply(solo);
      expect(await points(c)).toBe(await points(solo.customerId));
      expect(await pending(c)).toBe(await pending(solo.customerId));
    });

    it('never undoes more than the purchase when two full reversals under different keys race on both replicas', async () => {
      const c = fresh();
      const purchase = advice({ customerId: c, amountMinor: 30000n });
      await a.sink.apply(purchase);
      const outcomes = await Promise.all([a.sink.apply(reversalOf(purchase)), b.sink.apply(reversalOf(purchase))]);
      expect(count(outcomes)).toEqual({ APPLIED: 1, EXCEEDS_ORIGINAL: 1 });
      expect(await points(c)).toBe(0n);
      expect(await pending(c)).toBe(0n);
    });

    it('takes back two partial reversals racing on both replicas exactly once each', async () => {
      const c = fresh();
      const purchase = advice({ customerId: c, amountMinor: 30000n });
      await b.sink.apply(purchase);
      const first = reversalOf(purchase, { amountMinor: 10000n, replacementAmountMinor: 0n });
      const second = reversalOf(purchase, { amountMinor: 20000n, replacementAmountMinor: 0n });
      const outcomes = await Promise.all([
        a.sink.apply(first),
        b.sink.apply({ ...first, repeat: true }),
        b.sink.apply(second),
        a.sink.apply({ ...second, repeat: true }),
      ]);
      expect(count(outcomes)).toEqual({ APPLIED: 2, DUPLICATE: 2 });
      expect(await journalsOf(a.db, first.key)).toEqual([`card:${first.key}:reverse`]);
      expect(await journalsOf(a.db, second.key)).toEqual([`card:${second.key}:reverse`]);
      expect(await points(c)).toBe(0n);
      expect(await pending(c)).toBe(0n);
    });
  });

  describe('the daily jobs on two replicas', () => {
    const log = createLogger('loyalty-replicas-test');
    /** one replica's job runner over its own store, counting what it ran */
    const runner = (p: Programme, settlement: Settlement, clock: () => Date, leaseMs?: number) => {
      const ran: string[] = [];
      const work: DailyWork = {
        settleDay: async (d) => {
          ran.push('settle');
          return settlement.settleDay(d);
        },
        reconcileRedemptions: async () => {
          ran.push('redemptions');
          return p.redemptions.reconcilePending();
        },
        releaseStaleHolds: async (at) => {
          ran.push('holds');
          return p.sink.releaseStaleHolds(at);
        },
        runExpiry: async () => {
          ran.push('expiry');
        },
      };
      const jobs = new DailyJobs('00:30', clock, log, work, new DailyJobRuns(p.db, leaseMs === undefined ? {} : { leaseMs }));
      return { jobs, ran };
    };
    /** the one core both replicas pay through: it books a reference once, like the real one */
    const settlementOn = (p: Programme, core: FakeCore, clock: () => Date) =>
      new Settlement({ db: p.db, ledger: p.ledger, core, currency: 'EUR', fundingAccounts: { EUR: FUNDING_ACCOUNT }, clock, log });

    it('runs each of the day’s jobs once when both replicas start them at the same instant', async () => {
      const core = new FakeCore();
      core.delayMs = 20;
      const c = fresh();
      core.giveCurrentAccount(c);
      // cash back earned on 2025-08-01, settled by the run of 2025-08-02
      a.clock.now = new Date('2025-08-01T10:00:00Z');
      await a.sink.apply(advice({ customerId: c, amountMinor: 50000n, occurredAt: new Date('2025-08-01T09:00:00Z') }));
      const owed = await pending(c);
      expect(owed).toBeGreaterThan(0n);
      const at = () => new Date('2025-08-02T00:31:00Z');
      const ra = runner(a, settlementOn(a, core, at), at);
      const rb = runner(b, settlementOn(b, core, at), at);
      const [ta, tb] = await Promise.all([ra.jobs.tick(), rb.jobs.tick()]);
      // each job ran on exactly one replica
      expect([...ra.ran, ...rb.ran].sort()).toEqual(['expiry', 'holds', 'redemptions', 'settle']);
      // the other replica learns at its next tick that the day is done, and runs nothing
      expect(ta || tb).toBe(true);
      await Promise.all([ra.jobs.tick(), rb.jobs.tick()]);
      expect([...ra.ran, ...rb.ran]).toHaveLength(4);
      expect(await ra.jobs.tick()).toBe(false);
      expect(await rb.jobs.tick()).toBe(false);
      expect(core.attempted.filter((r) => r.startsWith(`CASHBACK-${c}-`))).toEqual([`CASHBACK-${c}-2025-08-01`]);
      expect(await pending(c)).toBe(0n);
      const runs = await a.db.query<{ job: string; finished: boolean }>(
        `SELECT job, finished_at IS NOT NULL AS finished FROM daily_job_runs WHERE run_date = '2025-08-02' ORDER BY job`,
      );
      expect(runs).toEqual(['expiry', 'holds', 'redemptions', 'settlement'].map((job) => ({ job, finished: true })));
    });

    it('lets the other replica run a job whose runner died holding it, once its lease has run out', async () => {
      const clock = { now: new Date('2025-08-03T00:31:00Z') };
      const now = () => clock.now;
      const core = new FakeCore();
      // replica A claims the settlement and dies before finishing it (no release, no finish)
      const dead = new DailyJobRuns(a.db, { leaseMs: 60_000 });
      expect(await dead.claim('settlement', '2025-08-03', 'replica-a-dead', clock.now)).toBe('CLAIMED');
      const rb = runner(b, settlementOn(b, core, now), now, 60_000);
      expect(await rb.jobs.tick()).toBe(false);
      expect(rb.ran).toEqual([]);
      clock.now = new Date('2025-08-03T00:32:01Z');
      expect(await rb.jobs.tick()).toBe(true);
      expect(rb.ran).toEqual(['settle', 'redemptions', 'holds', 'expiry']);
      const runs = await b.db.query<{ runner: string; attempts: number }>(
        `SELECT runner, attempts FROM daily_job_runs WHERE run_date = '2025-08-03' AND job = 'settlement'`,
      );
      expect(runs).toEqual([{ runner: expect.not.stringContaining('dead') as string, attempts: 2 }]);
      // the dead runner's late finish changes nothing: the row is no longer its own
      await dead.finish('settlement', '2025-08-03', 'replica-a-dead', clock.now);
      expect(await b.db.query(`SELECT 1 FROM daily_job_runs WHERE run_date = '2025-08-03' AND job = 'settlement' AND runner = 'replica-a-dead'`)).toHaveLength(
        0,
      );
    });

    it('retries a failed job at the next tick on whichever replica comes first, and still runs the next day', async () => {
      const clock = { now: new Date('2025-08-04T00:31:00Z') };
      const now = () => clock.now;
      const core = new FakeCore();
      const ra = runner(a, settlementOn(a, core, now), now);
      const rb = runner(b, settlementOn(b, core, now), now);
      let failOnce = true;
      const flaky = new DailyJobs(
        '00:30',
        now,
        log,
        {
          settleDay: async () => {
            if (failOnce) {
              failOnce = false;
              throw new Error('core down');
            }
          },
          reconcileRedemptions: async () => undefined,
          releaseStaleHolds: async () => undefined,
          runExpiry: async () => undefined,
        },
        new DailyJobRuns(a.db),
      );
      expect(await flaky.tick()).toBe(false);
      // the failed claim was given back at once: replica B need not wait for a lease to run out
      expect(await rb.jobs.tick()).toBe(true);
      expect(rb.ran).toEqual(['settle', 'redemptions', 'holds', 'expiry']);
      expect(await ra.jobs.tick()).toBe(false);
      expect(ra.ran).toEqual([]);
      clock.now = new Date('2025-08-05T00:31:00Z');
      expect(await ra.jobs.tick()).toBe(true);
      expect(ra.ran).toEqual(['settle', 'redemptions', 'holds', 'expiry']);
    });
  });
}
