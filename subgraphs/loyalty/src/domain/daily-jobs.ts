// Once a day at HH:MM UTC: settle the previous business day's cash back, finish redemptions left
// PENDING (a lost core answer, a crash), end stale authorisation holds, expire old points. Each job is idempotent, so a restart that runs them again (or two
// instances running them at once) pays, releases and expires nothing twice.
// In domain/ because the work reaches it only through DailyWork; a timer is all it owns.
import type { Logger } from '../../../../lib/logger';
import { businessDateOf, previousBusinessDate } from './business-day';

export interface DailyWork {
  settleDay(businessDate: string): Promise<unknown>;
  reconcileRedemptions(): Promise<unknown>;
  releaseStaleHolds(asOf: Date): Promise<unknown>;
  runExpiry(asOf: Date): Promise<unknown>;
}

export class DailyJobs {
  private timer: NodeJS.Timeout | undefined;
  private lastRunFor: string | undefined;
  private running = false;
  /** minutes after midnight UTC at which the jobs become due */
  private readonly dueMinute: number;

  constructor(
    at: string,
    private readonly clock: () => Date,
    private readonly log: Logger,
    private readonly work: DailyWork,
  ) {
    const [h, m] = at.split(':').map(Number);
    if (h === undefined || m === undefined || Number.isNaN(h) || Number.isNaN(m))
      throw new Error(`daily jobs: start time ${JSON.stringify(at)} is not HH:MM (UTC)`);
    this.dueMinute = h * 60 + m;
  }

  /** Runs the day's jobs if their time has come and they have not run today in this process. */
  async tick(): Promise<boolean> {
    const now = this.clock();
    const today = businessDateOf(now);
    const due = now.getUTCHours() * 60 + now.getUTCMinutes() >= this.dueMinute;
    if (!due || this.lastRunFor === today || this.running) return false;
    this.running = true;
    try {
      await this.work.settleDay(previousBusinessDate(now));
      await this.work.reconcileRedemptions();
      await this.work.releaseStaleHolds(now);
      await this.work.runExpiry(now);
      this.lastRunFor = today;
      return true;
    } catch (err) {
      this.log.error({ err: (err as Error).message }, 'daily loyalty jobs failed; retrying at the next tick');
      return false;
    } finally {
      this.running = false;
    }
  }

  start(intervalMs = 60_000): void {
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
