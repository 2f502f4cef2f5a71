// Tells loyalty that a customer switched to e-statements (loyalty's POST /internal/engagements,
// which only accounts may call and which awards once per customer). Due reports are retried with
// backoff until loyalty answers 200, so a report missed while loyalty is down is sent later;
// a resend after a lost answer changes nothing there.
import { type ServiceClient, ServiceUnavailableError } from '../../../../lib/service-client';
import type { Logger } from '../../../../lib/logger';
import type { StatementPreferences } from '../db/statement-preferences';

export interface EngagementFact {
  customerId: string;
  kind: 'E_STATEMENTS';
}

/** true: loyalty has it; false: try again later */
export type SendEngagement = (fact: EngagementFact) => Promise<boolean>;

export function loyaltyEngagements(client: ServiceClient, log: Logger): SendEngagement {
  return async (fact) => {
    try {
      const res = await client.request('POST', '/internal/engagements', fact);
      if (res.status === 200) return true;
      // a refusal is a deployment fault (identity, version): keep the fact and say so loudly
      log.error({ customerId: fact.customerId, status: res.status }, 'loyalty refused an engagement report; it stays due');
      return false;
    } catch (err) {
      if (err instanceof ServiceUnavailableError) return false;
      throw err;
    }
  };
}

export interface ReporterOptions {
  /** how often due reports are looked for; 0: no poller (tests call runOnce) */
  intervalMs?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
}

export class EngagementReporter {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(
    private readonly store: StatementPreferences,
    private readonly send: SendEngagement,
    private readonly log: Logger,
    private readonly opts: ReporterOptions = {},
  ) {
    this.baseBackoffMs = opts.baseBackoffMs ?? 1000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 300_000;
  }

  backoffAfter(attempts: number): number {
    return Math.min(this.baseBackoffMs * 2 ** Math.max(0, attempts - 1), this.maxBackoffMs);
  }

  /** Sends what is due; one pass at a time in this process (a second caller joins the running one). */
  runOnce(): Promise<number> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  start(): void {
    const every = this.opts.intervalMs ?? 5000;
    if (every <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      this.runOnce().catch((err: Error) => this.log.warn({ err: err.message }, 'engagement reports: pass failed'));
    }, every);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async pass(): Promise<number> {
    let delivered = 0;
    for (const due of await this.store.due(50)) {
      if (await this.send({ customerId: due.customerId, kind: 'E_STATEMENTS' })) {
        await this.store.reported(due.customerId);
        delivered++;
      } else {
        const attempts = due.attempts + 1;
        await this.store.retryLater(due.customerId, this.backoffAfter(attempts));
        this.log.warn({ customerId: due.customerId, attempts }, 'engagement report not delivered; will retry');
      }
    }
    return delivered;
  }
}
