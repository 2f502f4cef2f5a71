// The daily jobs' claims on the embedded store (one process, but the same SQL as PostgreSQL, where
// replicas-postgres.int.test.ts races two replicas): a claim is held, finished or given back, and a
// dead holder's lease runs out.
import { openPglite } from '../../../../lib/db/pglite-database';
import type { Database } from '../../../../lib/db/database';
import { assertPgliteUsableUnderJest } from '../../../../test/support/pglite-under-jest';
import { migrate } from '../../src/db/migrate';
import { DailyJobRuns } from '../../src/db/daily-job-runs';

describe('daily job claims (PGlite)', () => {
  let db: Database;
  const at = (iso: string) => new Date(iso);

  beforeAll(async () => {
    assertPgliteUsableUnderJest();
    db = await openPglite('memory://', 'loyalty');
    await migrate(db);
  });
  afterAll(async () => {
    await db.close();
  });

  it('gives a job to one runner a day, to another only once the holder’s lease has run out, and never once finished', async () => {
    const runs = new DailyJobRuns(db, { leaseMs: 60_000 });
    expect(await runs.claim('settlement', '2025-09-01', 'r1', at('2025-09-01T00:30:00Z'))).toBe('CLAIMED');
    expect(await runs.claim('settlement', '2025-09-01', 'r2', at('2025-09-01T00:30:30Z'))).toBe('HELD');
    // r1 renews: still held past its first lease
    expect(await runs.renew('settlement', '2025-09-01', 'r1', at('2025-09-01T00:30:50Z'))).toBe(true);
    expect(await runs.claim('settlement', '2025-09-01', 'r2', at('2025-09-01T00:31:30Z'))).toBe('HELD');
    // r1 dies: after its lease r2 takes over, and r1 can neither renew nor finish it any more
    expect(await runs.claim('settlement', '2025-09-01', 'r2', at('2025-09-01T00:31:51Z'))).toBe('CLAIMED');
    expect(await runs.renew('settlement', '2025-09-01', 'r1', at('2025-09-01T00:32:00Z'))).toBe(false);
    expect(await runs.finish('settlement', '2025-09-01', 'r1', at('2025-09-01T00:32:00Z'))).toBe(false);
    expect(await runs.finish('settlement', '2025-09-01', 'r2', at('2025-09-01T00:32:00Z'))).toBe(true);
    expect(await runs.claim('settlement', '2025-09-01', 'r3', at('2025-09-01T05:00:00Z'))).toBe('DONE');
    // the next day is a claim of its own
    expect(await runs.claim('settlement', '2025-09-02', 'r3', at('2025-09-02T00:30:00Z'))).toBe('CLAIMED');
  });

  it('lets anyone retry at once a job whose run failed and gave its claim back', async () => {
    const runs = new DailyJobRuns(db, { leaseMs: 60_000 });
    expect(await runs.claim('expiry', '2025-09-01', 'r1', at('2025-09-01T00:30:00Z'))).toBe('CLAIMED');
    await runs.release('expiry', '2025-09-01', 'r1', at('2025-09-01T00:30:05Z'));
    expect(await runs.claim('expiry', '2025-09-01', 'r2', at('2025-09-01T00:30:06Z'))).toBe('CLAIMED');
    expect(await db.query(`SELECT runner, attempts FROM daily_job_runs WHERE job = 'expiry'`)).toEqual([{ runner: 'r2', attempts: 2 }]);
  });
});
