// Once a day at HH:MM UTC: settle the previous business day's cash back, finish redemptions left
// PENDING (a lost core answer, a crash), end stale authorisation holds, expire old points, warn of the points the next days' expiry takes. Each job is idempotent, so a restart that runs them again (or two
// instances running them at once) pays, releases and expires nothing twice.
// With several replicas on one store each job also runs once per day: a replica runs a job only
// under a claim (JobClaims, db/daily-job-runs.ts) that one replica at a time can hold; a job held by
// a live runner is left to it and looked at again at the next tick.
// In domain/ because the work reaches it only through DailyWork; a timer is all it owns.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../../../../lib/logger';
import { businessDateOf, previousBusinessDate } from './business-day';

export interface DailyWork {
  settleDay(businessDate: string): Promise<unknown>;
  reconcileRedemptions(): Promise<unknown>;
  releaseStaleHolds(asOf: Date): Promise<unknown>;
  runExpiry(asOf: Date): Promise<unknown>;
  /** the expiry warning (PointsExpiring), after the expiry; absent: none (LOYALTY_EXPIRY_WARNING_DAYS=0) */
  warnExpiry?(asOf: Date): Promise<unknown>;
}

/** CLAIMED: this runner runs it now; DONE: it ran today; HELD: another runner holds a live claim. */
export type ClaimState = 'CLAIMED' | 'DONE' | 'HELD';

/** Who runs a job on a day, across every replica on the store. */
export interface JobClaims {
  readonly leaseMs: number;
  claim(job: string, runDate: string, runner: string, now: Date): Promise<ClaimState>;
  renew(job: string, runDate: string, runner: string, now: Date): Promise<boolean>;
  finish(job: string, runDate: string, runner: string, now: Date): Promise<boolean>;
  release(job: string, runDate: string, runner: string, now: Date): Promise<void>;
}

/** One process alone on its store: every job is its own to run. */
const UNSHARED: JobClaims = {
  leaseMs: Number.POSITIVE_INFINITY,
  claim: async () => 'CLAIMED',
  renew: async () => true,
  finish: async () => true,
  release: async () => undefined,
};

export class DailyJobs {
  private timer: NodeJS.Timeout | undefined;
  private lastRunFor: string | undefined;
  private running = false;
  /** minutes after midnight UTC at which the jobs become due */
  private readonly dueMinute: number;
  /** this runner's name in the claims: the host (a pod's name) for the operator, a random part for uniqueness */
  private readonly runner = `${hostname()}:${randomUUID()}`;

  constructor(
    at: string,
    private readonly clock: () => Date,
    private readonly log: Logger,
    private readonly work: DailyWork,
    private readonly claims: JobClaims = UNSHARED,
  ) {
    const [h, m] = at.split(':').map(Number);
    if (h === undefined || m === undefined || Number.isNaN(h) || Number.isNaN(m))
      throw new Error(`daily jobs: start time ${JSON.stringify(at)} is not HH:MM (UTC)`);
    this.dueMinute = h * 60 + m;
  }

  /**
   * Runs the day's jobs, in order, that no replica has run today, once their time has come. True
   * when this runner ran some and the day's jobs are all done; a job another runner holds ends the
   * tick (the order stands), and the next tick looks again.
   */
  async tick(): Promise<boolean> {
    const now = this.clock();
    const today = businessDateOf(now);
    const due = now.getUTCHours() * 60 + now.getUTCMinutes() >= this.dueMinute;
    if (!due || this.lastRunFor === today || this.running) return false;
    this.running = true;
    let ranAny = false;
    try {
      for (const [job, run] of this.jobsOf(now)) {
        const state = await this.claims.claim(job, today, this.runner, this.clock());
        if (state === 'DONE') continue;
        if (state === 'HELD') return false;
        await this.runClaimed(job, today, run);
        ranAny = true;
      }
      this.lastRunFor = today;
      return ranAny;
    } catch (err) {
      this.log.error({ err: (err as Error).message }, 'daily loyalty jobs failed; retrying at the next tick');
      return false;
    } finally {
      this.running = false;
    }
  }

  private jobsOf(now: Date): Array<[string, () => Promise<unknown>]> {
    return [
      ['settlement', () => this.work.settleDay(previousBusinessDate(now))],
      ['redemptions', () => this.work.reconcileRedemptions()],
      ['holds', () => this.work.releaseStaleHolds(now)],
      ['expiry', () => this.work.runExpiry(now)],
      // after the expiry: what it booked today is no longer "coming", the warning looks from tomorrow
      ...(this.work.warnExpiry ? [['expiry-warning', () => this.work.warnExpiry!(now)] as [string, () => Promise<unknown>]] : []),
    ];
  }

  /** Runs a claimed job, renewing the claim while it runs; a failure gives the claim back for the next tick. */
  private async runClaimed(job: string, today: string, run: () => Promise<unknown>): Promise<void> {
    const renewEvery = Math.min(this.claims.leaseMs / 3, 2 ** 31 - 1);
    const renewal = setInterval(() => {
      this.claims.renew(job, today, this.runner, this.clock()).then(
        (held) => {
          if (!held) this.log.warn({ job }, 'daily job outlived its claim: another replica may run it too (the job is idempotent)');
        },
        () => undefined,
      );
    }, renewEvery);
    renewal.unref();
    try {
      await run();
    } catch (err) {
      await this.claims.release(job, today, this.runner, this.clock()).catch(() => undefined);
      throw err;
    } finally {
      clearInterval(renewal);
    }
    await this.claims.finish(job, today, this.runner, this.clock());
  }

  start(intervalMs = 60_000): void {
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
