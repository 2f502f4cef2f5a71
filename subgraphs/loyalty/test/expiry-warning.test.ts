// The expiry warning pass: PointsExpiring per customer and expiry date within the window, written
// once (a re-run and the next day's run write nothing more for the same dates), with the points
// the expiry runs of those dates then book; nothing for a customer whose points are all spent.
// PGlite, or PostgreSQL (a fresh schema, dropped after) when DATABASE_URL is set; the programme's own ledger.
import { createLogger } from '../../../lib/logger';
import { parseEvent } from '../../../lib/events';
import { useMemoryProgramme, useProgramme } from './support/programme';
import { openPostgres } from '../../../lib/db/postgres-database';
import { randomSchema } from '../../../test/support/temp-stores';
import { dropSchema } from '../../../test/support/postgres';
import { POINTS_UNIT } from '../src/domain/ledger/chart';
import { pointsEarnedJournal } from '../src/domain/ledger/loyalty-journals';
import { runExpiry } from '../src/db/points-expiry';
import { warnExpiry } from '../src/db/points-expiry-warnings';
import { expiringAhead } from '../src/domain/expiry';
import { DailyJobs } from '../src/domain/daily-jobs';

jest.setTimeout(60000);

const DATABASE_URL = process.env.DATABASE_URL;
const schema = randomSchema('loyalty_expiry_warning');
const p = DATABASE_URL
  ? useProgramme(
      () => openPostgres({ connectionString: DATABASE_URL, schema, maxConnections: 5 }),
      () => dropSchema(DATABASE_URL, schema),
    )
  : useMemoryProgramme();
const MONTHS = 24;

async function grant(c: string, pts: bigint, at: string) {
  await p.ledger.post({
    ...pointsEarnedJournal({ customerId: c, points: pts, businessDate: at.slice(0, 10), idempotencyKey: `grant-${c}-${at}`, description: 'test grant' }),
    postedAt: new Date(at),
  });
}

async function spend(c: string, pts: bigint, at: string) {
  await p.ledger.post({
    idempotencyKey: `spend-${c}-${at}`,
    kind: 'POINTS_REDEEMED',
    customerId: c,
    businessDate: at.slice(0, 10),
    description: 'spent',
    postedAt: new Date(at),
    postings: [
      { account: 'CUSTOMER_POINTS', customerId: c, side: 'D', amount: pts, unit: POINTS_UNIT },
      { account: 'PROGRAMME_POINTS_REDEEMED', side: 'C', amount: pts, unit: POINTS_UNIT },
    ],
  });
}

/** The PointsExpiring events in loyalty's outbox for `customers`, checked against the catalogue. */
async function warningsOf(customers: string[]) {
  const rows = await p.db.query<{ envelope: string }>(`SELECT envelope FROM event_outbox WHERE type = 'PointsExpiring' ORDER BY seq`);
  return rows
    .map((r) => parseEvent(JSON.parse(r.envelope)))
    .filter((e) => customers.includes(e.customerId ?? ''))
    .map((e) => ({ customerId: e.customerId, key: e.key, ...(e.payload as { points: string; expiresOn: string }) }));
}

describe('the coming expiry (pure)', () => {
  it('splits the cumulative due into what each run takes, capped by the balance, skipping runs that take nothing', () => {
    const runs = [
      { expiresOn: '2024-01-06', creditedBeforeCutoff: 0n },
      { expiresOn: '2024-01-07', creditedBeforeCutoff: 100n },
      { expiresOn: '2024-01-08', creditedBeforeCutoff: 100n },
      { expiresOn: '2024-01-09', creditedBeforeCutoff: 150n },
      { expiresOn: '2024-01-10', creditedBeforeCutoff: 400n },
    ];
    // 30 spent comes off the oldest; the balance (200) caps the last
    expect(expiringAhead(runs, 30n, 200n)).toEqual([
      { expiresOn: '2024-01-07', points: 70n },
      { expiresOn: '2024-01-09', points: 50n },
      { expiresOn: '2024-01-10', points: 80n },
    ]);
    expect(expiringAhead(runs, 500n, 0n)).toEqual([]);
  });
});

describe('the expiry warning pass', () => {
  const a = 'EXPW-A';
  const b = 'EXPW-B';
  const c = 'EXPW-C';

  beforeAll(async () => {
    await grant(a, 100n, '2022-01-10T12:00:00Z');
    await spend(a, 30n, '2022-02-10T12:00:00Z');
    await grant(a, 50n, '2022-01-20T12:00:00Z');
    await grant(a, 40n, '2022-03-01T12:00:00Z'); // beyond the window
    await grant(b, 20n, '2022-01-15T12:00:00Z');
    await spend(b, 20n, '2022-06-01T12:00:00Z'); // all spent: nothing to warn of
    await grant(c, 25n, '2022-02-03T12:00:00Z'); // the window's last run
  });

  it('writes one PointsExpiring per customer and expiry date, once, and the expiry runs book exactly those points', async () => {
    const asOf = new Date('2024-01-05T00:30:00Z');
    const first = await warnExpiry(p.db, p.ledger, MONTHS, 30, asOf);
    const mine = first.warned.filter((w) => [a, b, c].includes(w.customerId));
    expect(mine).toEqual([
      { customerId: a, expiresOn: '2024-01-11', points: '70' },
      { customerId: a, expiresOn: '2024-01-21', points: '50' },
      { customerId: c, expiresOn: '2024-02-04', points: '25' },
    ]);
    expect(await warningsOf([a, b, c])).toEqual([
      { customerId: a, key: `expiry-warning:${a}:2024-01-11`, points: '70', expiresOn: '2024-01-11' },
      { customerId: a, key: `expiry-warning:${a}:2024-01-21`, points: '50', expiresOn: '2024-01-21' },
      { customerId: c, key: `expiry-warning:${c}:2024-02-04`, points: '25', expiresOn: '2024-02-04' },
    ]);

    // a re-run of the same day, and the next day's pass (a window one day further), warn of nothing again
    expect((await warnExpiry(p.db, p.ledger, MONTHS, 30, asOf)).warned.filter((w) => [a, b, c].includes(w.customerId))).toEqual([]);
    expect((await warnExpiry(p.db, p.ledger, MONTHS, 30, new Date('2024-01-06T00:30:00Z'))).warned.filter((w) => [a, b, c].includes(w.customerId))).toEqual([]);
    expect(await warningsOf([a, b, c])).toHaveLength(3);

    // the expiry runs of those dates, at the same time of day, book what was announced
    for (const w of mine) {
      const report = await runExpiry(p.db, p.ledger, MONTHS, new Date(`${w.expiresOn}T00:30:00Z`));
      expect(report.expired.find((e) => e.customerId === w.customerId)).toEqual({ customerId: w.customerId, points: w.points });
    }
    expect(await p.ledger.balanceOf('CUSTOMER_POINTS', POINTS_UNIT, a)).toBe(40n);
  });

  it('runs after the expiry in the daily jobs, when configured', async () => {
    const seen: string[] = [];
    const clock = { now: new Date('2025-07-02T00:31:00Z') };
    const jobs = new DailyJobs('00:30', () => clock.now, createLogger('t'), {
      settleDay: async () => seen.push('settle'),
      reconcileRedemptions: async () => seen.push('redemptions'),
      releaseStaleHolds: async () => seen.push('holds'),
      runExpiry: async () => seen.push('expiry'),
      warnExpiry: async (at) => seen.push(`warning ${at.toISOString()}`),
    });
    expect(await jobs.tick()).toBe(true);
    expect(seen).toEqual(['settle', 'redemptions', 'holds', 'expiry', 'warning 2025-07-02T00:31:00.000Z']);
  });
});
