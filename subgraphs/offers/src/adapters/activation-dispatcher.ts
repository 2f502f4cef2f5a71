// Delivers the outbox: each accepted cash-back offer becomes one message to loyalty (the HTTP side
// is loyalty-delivery.ts) with activationId = the acceptance's id. A message stays in the
// (durable) outbox until it is delivered, so a restart or an outage delays it, never loses it;
// loyalty's idempotency by activationId means a resend after a lost answer never doubles it.
import type { Logger } from '../../../../lib/logger';
import { doublingBackoff, PollingPass } from '../../../../lib/polling-pass';
import type { OffersStore, OutboxMessage } from '../db/offers-store';
import type { CashbackBoostRequest } from '../domain/activation';

export type DeliveryOutcome = { result: 'DELIVERED' } | { result: 'RETRY'; error: string } | { result: 'REJECTED'; error: string };

export type Deliver = (message: CashbackBoostRequest) => Promise<DeliveryOutcome>;

export interface DispatcherOptions {
  /** first retry delay; doubles per attempt up to maxBackoffMs */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** how long a claimed message is reserved for one dispatcher */
  leaseMs?: number;
  batchSize?: number;
  log?: Logger;
}

export class ActivationDispatcher {
  private readonly passes: PollingPass;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly leaseMs: number;
  private readonly batchSize: number;

  constructor(
    private readonly store: OffersStore,
    private readonly deliver: Deliver,
    private readonly opts: DispatcherOptions = {},
  ) {
    this.baseBackoffMs = opts.baseBackoffMs ?? 1000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 5 * 60_000;
    this.leaseMs = opts.leaseMs ?? 30_000;
    this.batchSize = opts.batchSize ?? 20;
    this.passes = new PollingPass(
      () => this.pass(),
      (err) => this.opts.log?.error({ err: err.message }, 'outbox pass failed'),
    );
  }

  /** Delay before attempt n+1 after n failed attempts: base, 2x base, 4x base, ... capped. */
  backoffAfter(attempts: number): number {
    return doublingBackoff(attempts, this.baseBackoffMs, this.maxBackoffMs);
  }

  /** One pass over the due messages; resolves with how many were delivered. Passes never overlap. */
  runOnce(): Promise<number> {
    return this.passes.runOnce();
  }

  private async pass(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const due = await this.store.claimDue(this.batchSize, this.leaseMs);
      for (const m of due) if (await this.send(m)) delivered++;
      if (due.length < this.batchSize) return delivered;
    }
  }

  private async send(m: OutboxMessage): Promise<boolean> {
    const outcome = await this.deliver(m.payload);
    if (outcome.result === 'DELIVERED') {
      // false: another dispatcher delivered it first (this one outlived its lease); the receiver applied it once by its key
      if (!(await this.store.markDelivered(m.id))) return this.settledElsewhere(m);
      this.opts.log?.info({ activationId: m.key, attempts: m.attempts + 1 }, 'cash-back activation delivered');
      return true;
    }
    if (outcome.result === 'REJECTED') {
      if (!(await this.store.markFailed(m.id, outcome.error))) return this.settledElsewhere(m);
      this.opts.log?.error({ activationId: m.key, error: outcome.error }, 'cash-back activation refused by loyalty; not retried');
      return false;
    }
    const attempts = m.attempts + 1;
    if (!(await this.store.markRetry(m.id, this.backoffAfter(attempts), outcome.error))) return this.settledElsewhere(m);
    this.opts.log?.warn({ activationId: m.key, attempts, error: outcome.error }, 'cash-back activation not delivered; will retry');
    return false;
  }

  private settledElsewhere(m: OutboxMessage): false {
    this.opts.log?.info({ activationId: m.key }, 'cash-back activation already settled by another dispatcher; this late answer changes nothing');
    return false;
  }

  /** Polls every `intervalMs` until stop(). */
  start(intervalMs: number): void {
    this.passes.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.passes.stop();
  }
}
