// Churn early warning, once a day (docs/cx.md "Churn early warning"): a pass over every customer the
// facts know, in customer-id order, reads each one's facts (db/churn-store.ts), scores them
// (domain/churn.ts, pure) and stores the score. A customer crossing the threshold upwards gets, in
// the same transaction, an agent task (listed by atRiskCustomers) and a ChurnRiskRaised event on
// engagement's outbox, which offers reads to show its retention offer at the customer's next visit.
// A re-run the same day stores the same scores and raises nothing new (the crossing is judged
// against the stored score). Logs carry counts only, never a customer id.
import type { Logger } from '../../../../lib/logger';
import type { PollingPass } from '../../../../lib/polling-pass';
import { dailyPass } from './daily-pass';
import { keysetPages } from '../../../../lib/db/keyset-pages';
import { churnRisk, DEFAULT_CHURN_THRESHOLD } from '../domain/churn';
import type { ChurnStore } from '../db/churn-store';

export interface ChurnPassOptions {
  /** the score at or above which a customer is at risk (ENGAGEMENT_CHURN_THRESHOLD, default 50) */
  threshold?: number;
  /** UTC hour from which the day's pass runs (ENGAGEMENT_CHURN_HOUR, default 6: before branches open) */
  hour?: number;
  checkMs?: number;
  batchSize?: number;
  clock?: () => Date;
  log?: Logger;
}

export interface ChurnOutcome {
  scored: number;
  /** at or above the threshold after the pass */
  atRisk: number;
  /** crossed upwards in this pass: tasks and events written */
  raised: number;
}

export function startChurnPass(store: ChurnStore, opts: ChurnPassOptions & { enabled?: boolean }): ChurnPass {
  const pass = new ChurnPass(store, opts);
  if (opts.enabled) pass.start();
  return pass;
}

export class ChurnPass {
  private readonly passes: PollingPass;
  readonly threshold: number;
  private readonly hour: number;
  private readonly batchSize: number;
  private readonly clock: () => Date;

  constructor(
    private readonly store: ChurnStore,
    private readonly opts: ChurnPassOptions = {},
  ) {
    this.threshold = opts.threshold ?? DEFAULT_CHURN_THRESHOLD;
    this.hour = opts.hour ?? 6;
    this.batchSize = opts.batchSize ?? 500;
    this.clock = opts.clock ?? (() => new Date());
    this.passes = dailyPass({
      hour: this.hour,
      clock: this.clock,
      run: async (now) => (await this.run(now)).raised,
      onError: (err) => opts.log?.error({ err: err.message }, 'churn pass failed'),
    });
  }

  /** The day's pass, whatever the hour (tests, the evaluation, an operator). */
  async run(now: Date = this.clock()): Promise<ChurnOutcome> {
    const out: ChurnOutcome = { scored: 0, atRisk: 0, raised: 0 };
    for await (const batch of keysetPages(
      (after, limit) => this.store.customers(after, limit),
      (id) => id,
      this.batchSize,
    )) {
      for (const customerId of batch) {
        const risk = churnRisk(await this.store.factsOf(customerId, now));
        const r = await this.store.record(customerId, risk, this.threshold, now);
        out.scored++;
        if (risk.score >= this.threshold) out.atRisk++;
        if (r.raised) out.raised++;
      }
    }
    this.opts.log?.info(out, 'churn pass done');
    return out;
  }

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
