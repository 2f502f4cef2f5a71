// Two repairs on a timer (docs/cx.md "Housekeeping"), each safe to run on every replica at once:
// - self-service sessions the device never ended (a kiosk switched off mid-session, a phone that lost
//   its network) are ended, unresolved and abandoned, once they are older than the longest session
//   a device runs, so open sessions do not pile up and the self-service figures count them;
// - feedback requests the engine never heard of are handed to it again: a contact's end commits its
//   request and notifies after the commit, and a failure there is only logged (FeedbackRequester.
//   notifyWritten). The trigger's id is the request's, so a request notified meanwhile by another
//   replica is decided once.
// Logs carry counts only, never a customer id.
import type { Logger } from '../../../../lib/logger';
import { PollingPass } from '../../../../lib/polling-pass';
import type { NotificationEngine } from '../domain/engine';
import type { ContactStore } from '../db/contact-store';
import type { FeedbackStore } from '../db/feedback-store';
import { feedbackTrigger } from './feedback-requests';

export interface ContactHousekeepingOptions {
  /** a self-service session open longer than this is abandoned (ENGAGEMENT_SELF_SERVICE_MAX_MINUTES, default 30) */
  selfServiceMaxMs?: number;
  /** a request is re-notified once it is this old (the after-commit notification had its chance; default 1 minute) */
  notifyGraceMs?: number;
  /** and while it is younger than this: a day-old "how did we do?" is worse than none (default 24 hours) */
  notifyWithinMs?: number;
  /** rows per step (default 200) */
  batchSize?: number;
  clock?: () => Date;
  log?: Logger;
}

export interface HousekeepingOutcome {
  /** sessions ended as abandoned */
  abandoned: number;
  /** feedback requests handed to the engine again */
  renotified: number;
  /** of those, the ones the engine failed again (tried at the next pass) */
  failed: number;
}

export const DEFAULT_SELF_SERVICE_MAX_MS = 30 * 60_000;

export class ContactHousekeeping {
  private readonly passes: PollingPass;
  private readonly selfServiceMaxMs: number;
  private readonly notifyGraceMs: number;
  private readonly notifyWithinMs: number;
  private readonly batchSize: number;
  private readonly clock: () => Date;

  constructor(
    private readonly contacts: ContactStore,
    private readonly feedback: FeedbackStore,
    private readonly engine: Pick<NotificationEngine, 'handle'>,
    private readonly opts: ContactHousekeepingOptions = {},
  ) {
    this.selfServiceMaxMs = opts.selfServiceMaxMs ?? DEFAULT_SELF_SERVICE_MAX_MS;
    this.notifyGraceMs = opts.notifyGraceMs ?? 60_000;
    this.notifyWithinMs = opts.notifyWithinMs ?? 24 * 3_600_000;
    this.batchSize = opts.batchSize ?? 200;
    this.clock = opts.clock ?? (() => new Date());
    this.passes = new PollingPass(
      async () => {
        const out = await this.run();
        return out.abandoned + out.renotified;
      },
      (err) => opts.log?.error({ err: err.message }, 'contact housekeeping failed'),
    );
  }

  /** One pass now (tests, an operator). */
  async run(now: Date = this.clock()): Promise<HousekeepingOutcome> {
    const out: HousekeepingOutcome = { abandoned: 0, renotified: 0, failed: 0 };
    const startedBefore = new Date(now.getTime() - this.selfServiceMaxMs);
    for (;;) {
      const ended = await this.contacts.endAbandoned(startedBefore, now, this.batchSize);
      out.abandoned += ended.length;
      if (ended.length < this.batchSize) break;
    }
    // one page a pass: requests the engine keeps failing must not hold the pass in a loop
    const due = await this.feedback.unnotified(new Date(now.getTime() - this.notifyWithinMs), new Date(now.getTime() - this.notifyGraceMs), this.batchSize);
    for (const request of due) {
      try {
        await this.engine.handle(feedbackTrigger(request));
        out.renotified++;
      } catch {
        out.failed++;
      }
    }
    if (out.abandoned || out.renotified || out.failed) this.opts.log?.info(out, 'contact housekeeping done');
    return out;
  }

  runOnce(): Promise<number> {
    return this.passes.runOnce();
  }

  start(intervalMs: number): void {
    this.passes.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.passes.stop();
  }
}
