// Fresh reads after money moves without the customer asking (issue 16, item 3): a card purchase
// through the card switch, a salary or an incoming transfer from the core, points or an offer
// changed by another service. None of them passes through the gateway, so no write of the
// customer's moved their write generation and a dashboard cached before would be answered until
// its time-to-live ran out. Every domain event about a customer (docs/events.md) now moves it:
// locally (and so in this process's other workers) and, with Redis, in every replica.
//
// With Redis the replicas share one consumer group: one bump in Redis ends every replica's cached
// reads. Without Redis each gateway process reads the producers' logs itself from "now" (its
// position in memory: a restarted gateway has an empty cache, so nothing older matters).
import { EVENT_TYPES, openEventBus, type DomainEvent, type EventBus, type Producer, type Subscription } from '../../../lib/events';
import type { InternalTokenSigner } from '../../../lib/internal-auth';
import type { Logger } from '../../../lib/logger';
import type { WriteGenerations } from './write-generations';

/** the consumer group of the gateways (with Redis, all replicas share it) */
export const FRESHNESS_GROUP = 'gateway-freshness';

export interface EventFreshnessOptions {
  generations: WriteGenerations;
  /** the shared generations in Redis, when there are any */
  shared?: { bump(subject: string): Promise<void> };
  redisUrl?: string;
  redisKeyPrefix: string;
  /** each producer's service base URL (its /internal/events log), for the embedded bus */
  sources: Partial<Record<Producer, string>>;
  signer: InternalTokenSigner;
  log: Logger;
  /** a bus given by a test */
  bus?: EventBus;
}

/** The subject a customer's own reads are keyed by (token-caller.ts), and staff views of them follow. */
export const customerSubject = (customerId: string) => `customer:${customerId}`;

/** Moves the generation of the customer an event is about; events about nobody change nothing. */
export function freshnessHandler(opts: Pick<EventFreshnessOptions, 'generations' | 'shared'>) {
  return async (event: DomainEvent): Promise<void> => {
    if (!event.customerId) return;
    const subject = customerSubject(event.customerId);
    opts.generations.bump(subject);
    await opts.shared?.bump(subject);
  };
}

export interface EventFreshness {
  close(): Promise<void>;
}

export function startEventFreshness(opts: EventFreshnessOptions): EventFreshness {
  const bus =
    opts.bus ??
    openEventBus({
      service: 'gateway',
      redisUrl: opts.redisUrl,
      keyPrefix: opts.redisKeyPrefix,
      log: opts.log,
      embedded: { signer: opts.signer, sources: opts.sources },
    });
  let subscription: Subscription | undefined;
  try {
    subscription = bus.subscribe({ group: FRESHNESS_GROUP, types: EVENT_TYPES, start: 'latest' }, freshnessHandler(opts));
  } catch (err) {
    // a producer without a known address: the gateway still serves, its caches just expire on their TTL
    opts.log.warn({ reason: (err as Error).message }, 'events not followed: cached reads end on their time-to-live only');
  }
  opts.log.info({ bus: opts.redisUrl ? 'redis' : 'embedded', sources: Object.keys(opts.sources) }, 'cached reads end on every event about their customer');
  return {
    close: async () => {
      await subscription?.close();
      if (!opts.bus) await bus.close();
    },
  };
}
