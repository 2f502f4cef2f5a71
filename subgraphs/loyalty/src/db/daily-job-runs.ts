// Which replica runs a daily job: the (job, run_date) row is the claim. Taking it is one
// INSERT ... ON CONFLICT DO UPDATE, which PostgreSQL runs atomically per row, so of several
// replicas claiming at the same instant exactly one gets it. A claim is a lease: a runner that dies
// holding one (no finish, no release) blocks the job only until the lease runs out, then the next
// tick of any replica takes it over. A finished row is never taken again that day.
// Lease times come from the injected clock (tests move time; replicas' clocks are NTP-synced and a
// lease of minutes dwarfs their skew). The jobs themselves stay idempotent, so a runner that
// outlives its lease (a long pause) and overlaps its successor still pays and expires nothing twice.
import type { Database } from '../../../../lib/db/database';
import type { ClaimState, JobClaims } from '../domain/daily-jobs';

/** Long enough for a day's settlement; renewed while a job runs, so it only matters after a crash. */
const DEFAULT_LEASE_MS = 15 * 60_000;

export interface DailyJobRunsOptions {
  leaseMs?: number;
}

export class DailyJobRuns implements JobClaims {
  readonly leaseMs: number;

  constructor(
    private readonly db: Database,
    opts: DailyJobRunsOptions = {},
  ) {
    this.leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  }

  async claim(job: string, runDate: string, runner: string, now: Date): Promise<ClaimState> {
    const until = new Date(now.getTime() + this.leaseMs).toISOString();
    const taken = await this.db.query(
      `INSERT INTO daily_job_runs (job, run_date, runner, claimed_at, lease_until) VALUES ($1, $2::date, $3, $4::timestamptz, $5::timestamptz)
       ON CONFLICT (job, run_date) DO UPDATE
         SET runner = EXCLUDED.runner, claimed_at = EXCLUDED.claimed_at, lease_until = EXCLUDED.lease_until, attempts = daily_job_runs.attempts + 1
         WHERE daily_job_runs.finished_at IS NULL AND daily_job_runs.lease_until <= EXCLUDED.claimed_at
       RETURNING runner`,
      [job, runDate, runner, now.toISOString(), until],
    );
    if (taken.length > 0) return 'CLAIMED';
    const rows = await this.db.query<{ finished: boolean }>(
      `SELECT finished_at IS NOT NULL AS finished FROM daily_job_runs WHERE job = $1 AND run_date = $2::date`,
      [job, runDate],
    );
    return rows[0]?.finished ? 'DONE' : 'HELD';
  }

  /** Extends a claim still held by `runner`; false when it was lost (its lease ran out and another took it). */
  async renew(job: string, runDate: string, runner: string, now: Date): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE daily_job_runs SET lease_until = $4::timestamptz
       WHERE job = $1 AND run_date = $2::date AND runner = $3 AND finished_at IS NULL RETURNING job`,
      [job, runDate, runner, new Date(now.getTime() + this.leaseMs).toISOString()],
    );
    return rows.length > 0;
  }

  /** Marks the job done for the day; a runner whose claim was taken over changes nothing. */
  async finish(job: string, runDate: string, runner: string, now: Date): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE daily_job_runs SET finished_at = $4::timestamptz, lease_until = $4::timestamptz
       WHERE job = $1 AND run_date = $2::date AND runner = $3 AND finished_at IS NULL RETURNING job`,
      [job, runDate, runner, now.toISOString()],
    );
    return rows.length > 0;
  }

  /** Gives a failed run's claim back at once: the next tick of any replica retries it. */
  async release(job: string, runDate: string, runner: string, now: Date): Promise<void> {
    await this.db.query(
      `UPDATE daily_job_runs SET lease_until = $4::timestamptz WHERE job = $1 AND run_date = $2::date AND runner = $3 AND finished_at IS NULL`,
      [job, runDate, runner, now.toISOString()],
    );
  }
}
