// Sends the delivery outbox (db/delivery-outbox.ts) through each channel's provider: due rows are
// claimed under a lease and within the channel's rate limit, sent one by one, and settled with
// their attempt recorded. A transient failure comes back after a doubling backoff; a permanent one,
// or the last allowed attempt, marks the row failed. Logs name the message id, channel and error
// code only: never an address or the message's text.
import type { Logger } from '../../../../lib/logger';
import { doublingBackoff, PollingPass } from '../../../../lib/polling-pass';
import type { ServiceMetrics } from '../../../../lib/service-metrics';
import type { ChannelDelivery } from '../domain/engine';
import { DEFAULT_RATE_LIMITS, type ChannelProvider, type OutboxChannel, type RateLimits, type SendOutcome } from '../domain/delivery';
import type { ClaimedDelivery, DeliveryOutbox } from '../db/delivery-outbox';

export interface DeliveryDispatcherOptions {
  /** sends per minute per channel (default DEFAULT_RATE_LIMITS) */
  rates?: Partial<RateLimits>;
  /** first retry delay; doubles per attempt up to maxBackoffMs */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** attempts before a message that keeps failing transiently is given up on */
  maxAttempts?: number;
  /** how long a claimed row is reserved for one dispatcher */
  leaseMs?: number;
  batchSize?: number;
  metrics?: ServiceMetrics;
  log?: Logger;
}

/** The engine's side of a provider's channel: the store queues the message with its decision. */
export function queuedDelivery(channel: OutboxChannel): ChannelDelivery {
  return { channel, queued: true, deliver: () => Promise.resolve() };
}

export class DeliveryDispatcher {
  private readonly passes: PollingPass;
  private readonly rates: RateLimits;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxAttempts: number;
  private readonly leaseMs: number;
  private readonly batchSize: number;

  constructor(
    private readonly outbox: DeliveryOutbox,
    private readonly providers: readonly ChannelProvider[],
    private readonly opts: DeliveryDispatcherOptions = {},
  ) {
    this.rates = { ...DEFAULT_RATE_LIMITS, ...opts.rates };
    this.baseBackoffMs = opts.baseBackoffMs ?? 1000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 5 * 60_000;
    this.maxAttempts = opts.maxAttempts ?? 10;
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.batchSize = opts.batchSize ?? 20;
    this.passes = new PollingPass(
      () => this.pass(),
      (err) => opts.log?.error({ err: err.message }, 'delivery outbox pass failed'),
    );
    opts.metrics?.outbox('engagement-delivery', () => outbox.backlog());
  }

  /** The engine's deliveries for these providers' channels. */
  deliveries(): ChannelDelivery[] {
    return this.providers.map((p) => queuedDelivery(p.channel));
  }

  /** One pass over every channel's due rows; resolves with how many were delivered. Passes never overlap. */
  runOnce(): Promise<number> {
    return this.passes.runOnce();
  }

  private async pass(): Promise<number> {
    let delivered = 0;
    for (const provider of this.providers) {
      for (;;) {
        const due = await this.outbox.claim(provider.channel, this.batchSize, this.leaseMs, this.rates[provider.channel]);
        for (const row of due) if (await this.send(provider, row)) delivered++;
        if (due.length < this.batchSize) break;
      }
    }
    return delivered;
  }

  private async send(provider: ChannelProvider, row: ClaimedDelivery): Promise<boolean> {
    let outcome: SendOutcome;
    try {
      outcome = await provider.send(row.message);
    } catch (err) {
      // a provider that throws has not said the message is refused: tried again
      outcome = { result: 'RETRY', error: errorCode(err) };
    }
    const attempts = row.attempts + 1;
    const at = { messageId: row.message.id, channel: row.channel, attempts };
    if (outcome.result === 'DELIVERED') {
      const settled = await this.outbox.settle(row, 'DELIVERED');
      this.opts.log?.info({ ...at, settled }, 'notification delivered');
      return settled;
    }
    if (outcome.result === 'REJECTED' || attempts >= this.maxAttempts) {
      await this.outbox.settle(row, 'FAILED', outcome.error);
      this.opts.log?.error({ ...at, error: outcome.error }, 'notification not delivered; given up');
      return false;
    }
    await this.outbox.settle(row, 'RETRY', outcome.error, doublingBackoff(attempts, this.baseBackoffMs, this.maxBackoffMs));
    this.opts.log?.warn({ ...at, error: outcome.error }, 'notification not delivered; will retry');
    return false;
  }

  /** Polls every `intervalMs` until stop(). */
  start(intervalMs: number): void {
    this.passes.start(intervalMs);
  }

  /** Stops polling, waits for the pass under way, closes the providers. */
  async stop(): Promise<void> {
    await this.passes.stop();
    await Promise.all(this.providers.map((p) => p.close?.() ?? Promise.resolve()));
  }
}

/** A short, data-free name for a failure: a Node error code, else the error's class. */
export function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) return code;
  return err instanceof Error ? err.name : 'Error';
}
