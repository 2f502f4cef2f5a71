// RETENTION, once a day (docs/engagement.md "Retention"): a pass over the customer facts in
// customer-id order finds those whose card activity fell (domain/retention.ts, pure) and hands each
// a RETENTION trigger. The trigger's id is claimed in the store before the engine sees it, one per
// customer per RETENTION_QUIET_DAYS: a re-run the same day, a second replica or a restart hands the
// same id again (the engine decides once per id) or nothing. The engine applies marketing consent
// and the frequency cap. The timer wakes every `checkMs` and runs the pass when retentionDue says so;
// it also prunes the facts older than their kept days. Logs carry counts only, never a customer id.
import type { Logger } from '../../../../lib/logger';
import type { PollingPass } from '../../../../lib/polling-pass';
import { dailyPass } from './daily-pass';
import { keysetPages } from '../../../../lib/db/keyset-pages';
import type { NotificationEngine } from '../domain/engine';
import { activityFell, DEFAULT_RETENTION_RULE, RETENTION_QUIET_DAYS, retentionTriggerId, type RetentionRule } from '../domain/retention';
import { utcDay } from '../domain/customer-facts';
import type { CustomerFactsStore } from '../db/customer-facts';

export interface RetentionPassOptions {
  /** UTC hour from which the day's pass runs (ENGAGEMENT_RETENTION_HOUR, default 9) */
  hour?: number;
  rule?: RetentionRule;
  /** how often the timer checks whether the day's pass is due (default 10 minutes) */
  checkMs?: number;
  batchSize?: number;
  clock?: () => Date;
  log?: Logger;
}

export interface RetentionOutcome {
  /** customers whose activity fell */
  falling: number;
  /** triggers handed to the engine (new or completing an unhandled claim) */
  handled: number;
  /** facts rows pruned */
  pruned: number;
}

/** The pass, started when `enabled` (ENGAGEMENT_RETENTION); stopped with the process either way. */
export function startRetentionPass(
  facts: CustomerFactsStore,
  engine: Pick<NotificationEngine, 'handle'>,
  opts: RetentionPassOptions & { enabled?: boolean },
): RetentionPass {
  const pass = new RetentionPass(facts, engine, opts);
  if (opts.enabled) pass.start();
  return pass;
}

export class RetentionPass {
  private readonly passes: PollingPass;
  private readonly hour: number;
  private readonly rule: RetentionRule;
  private readonly batchSize: number;
  private readonly clock: () => Date;

  constructor(
    private readonly facts: CustomerFactsStore,
    private readonly engine: Pick<NotificationEngine, 'handle'>,
    private readonly opts: RetentionPassOptions = {},
  ) {
    this.hour = opts.hour ?? 9;
    this.rule = opts.rule ?? DEFAULT_RETENTION_RULE;
    this.batchSize = opts.batchSize ?? 500;
    this.clock = opts.clock ?? (() => new Date());
    this.passes = dailyPass({
      hour: this.hour,
      clock: this.clock,
      run: async (now) => (await this.run(now)).handled,
      onError: (err) => opts.log?.error({ err: err.message }, 'retention pass failed'),
    });
  }

  /** The day's pass, whatever the hour (tests, an operator): finds, claims and hands the triggers, then prunes. */
  async run(now: Date = this.clock()): Promise<RetentionOutcome> {
    const out: RetentionOutcome = { falling: 0, handled: 0, pruned: 0 };
    const day = utcDay(now);
    const pages = keysetPages(
      (after, limit) => this.facts.activityWindows(now, this.rule, after, limit),
      (r) => r.customerId,
      this.batchSize,
    );
    for await (const rows of pages) {
      for (const row of rows) {
        if (!activityFell(row, this.rule)) continue;
        out.falling++;
        const id = await this.facts.claimRetention(row.customerId, retentionTriggerId(row.customerId, day), now, RETENTION_QUIET_DAYS);
        if (!id) continue;
        await this.engine.handle({ id, customerId: row.customerId, occurredAt: now, kind: 'RETENTION' });
        await this.facts.retentionHandled(id, now);
        out.handled++;
      }
    }
    out.pruned = await this.facts.prune(now);
    this.opts.log?.info(out, 'retention pass done');
    return out;
  }

  /** A check now: runs the day's pass when it is due. Never two at once. */
  runOnce(): Promise<number> {
    return this.passes.runOnce();
  }

  start(): void {
    this.passes.start(this.opts.checkMs ?? 10 * 60_000);
    this.passes.nudge();
  }

  stop(): Promise<void> {
    return this.passes.stop();
  }
}
