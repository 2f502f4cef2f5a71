// The event backbone's entry (docs/events.md): the catalogue, the outbox a producer writes in its
// own transactions, the relay that publishes it, and the bus consumers subscribe to (Redis Streams
// when REDIS_URL is set, else the embedded log served by each producer).
import type { Database } from '../db/database';
import type { InternalTokenSigner } from '../internal-auth';
import type { Logger } from '../logger';
import type { ServiceMetrics } from '../service-metrics';
import type { Producer } from './catalogue';
import { EmbeddedEventBus, type PositionStore } from './embedded-bus';
import type { EventBus, ParkingLot } from './consumer';
import { RedisEventBus } from './redis-bus';
import { EventRelay } from './relay';

export * from './catalogue';
export { appendEvent, eventOutboxMigration, EventLog } from './outbox';
export { eventConsumerMigration, processOnce, StoreParkingLot, MemoryParkingLot } from './consumer';
export type { EventBus, EventHandler, SubscribeOptions, Subscription, ParkingLot, ParkedEvent } from './consumer';
export { eventLogRoutes, StorePositions, MemoryPositions, EmbeddedEventBus } from './embedded-bus';
export { RedisEventBus } from './redis-bus';
export { EventRelay } from './relay';

export interface EventBackboneSettings {
  /** REDIS_URL: Redis Streams; absent: the embedded log */
  redisUrl?: string;
  /** REDIS_KEY_PREFIX */
  keyPrefix?: string;
}

/**
 * How often a relay publishes. Each pass is one short transaction on the producer's store, cheap
 * when there is nothing to publish; 200 ms keeps the wait it adds to a live notification near
 * 100 ms on average (the live bench measured 500 ms at p50 0.7 s, 200 ms at 0.36 s; docs/performance.md).
 */
export const DEFAULT_RELAY_INTERVAL_MS = 200;

export interface RunningRelay {
  relay: EventRelay;
  /** the Redis connection the relay publishes on, when there is one */
  bus?: RedisEventBus;
  close(): Promise<void>;
}

/**
 * A producing service's relay, polling every `intervalMs` (0: tests drive `relay.runOnce()`).
 * With Redis it publishes to the producer's stream; without, it gives committed events their log
 * position, which the service serves with `eventLogRoutes`.
 */
export function startEventRelay(
  opts: EventBackboneSettings & { db: Database; producer: Producer; metrics?: ServiceMetrics; log?: Logger; intervalMs?: number },
): RunningRelay {
  const bus = opts.redisUrl ? new RedisEventBus({ redisUrl: opts.redisUrl, keyPrefix: opts.keyPrefix ?? 'corebridge:', log: opts.log }) : undefined;
  const relay = new EventRelay({ db: opts.db, producer: opts.producer, publisher: bus, metrics: opts.metrics, log: opts.log });
  const interval = opts.intervalMs ?? DEFAULT_RELAY_INTERVAL_MS;
  if (interval > 0) relay.start(interval);
  relay.nudge();
  return {
    relay,
    ...(bus ? { bus } : {}),
    close: async () => {
      await relay.stop();
      await bus?.close();
    },
  };
}

/** A consumer's bus: Redis when REDIS_URL is set, else reads of the producers' logs (needs their URLs and a signer). */
export function openEventBus(
  opts: EventBackboneSettings & {
    service: string;
    metrics?: ServiceMetrics;
    log?: Logger;
    parking?: ParkingLot;
    embedded?: { signer: InternalTokenSigner; sources: Partial<Record<Producer, string>>; positions?: PositionStore };
  },
): EventBus {
  if (opts.redisUrl) {
    return new RedisEventBus({
      redisUrl: opts.redisUrl,
      keyPrefix: opts.keyPrefix ?? 'corebridge:',
      metrics: opts.metrics,
      log: opts.log,
      parking: opts.parking,
    });
  }
  if (!opts.embedded) throw new Error('without REDIS_URL a consumer reads the producers\u2019 logs: give their URLs and a signer');
  return new EmbeddedEventBus({ service: opts.service, ...opts.embedded, metrics: opts.metrics, log: opts.log, parking: opts.parking });
}
