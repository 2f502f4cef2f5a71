// The event backbone's entry (docs/events.md): the catalogue, the outbox a producer writes in its
// own transactions, the relay that publishes it, and the bus consumers subscribe to (Redis Streams
// when REDIS_URL is set, else the embedded log served by each producer).
import type { Database } from '../db/database';
import type { InternalTokenSigner } from '../internal-auth';
import type { Logger } from '../logger';
import type { ServiceMetrics } from '../service-metrics';
import type { EventType, Producer } from './catalogue';
import { EmbeddedEventBus, type PositionStore, StorePositions } from './embedded-bus';
import { type EventBus, type EventHandler, type ParkingLot, StoreParkingLot } from './consumer';
import { RedisEventBus } from './redis-bus';
import { DEFAULT_RELAY_WAKE_GAP_MS, EventRelay } from './relay';
import { z } from 'zod';
import { loadConfig } from '../config';

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

/** EVENT_RELAY_WAKE_GAP_MS (every producer): the least time between two passes a commit starts; 0 turns the wake off (the poll alone). */
export function relayWakeGapMs(env: NodeJS.ProcessEnv = process.env): number {
  // read and refused (ConfigError) like every other setting; unset or empty: the default
  return loadConfig(
    { EVENT_RELAY_WAKE_GAP_MS: z.coerce.number().int().min(0).max(99_999).default(DEFAULT_RELAY_WAKE_GAP_MS) },
    { EVENT_RELAY_WAKE_GAP_MS: env.EVENT_RELAY_WAKE_GAP_MS || undefined },
  ).EVENT_RELAY_WAKE_GAP_MS;
}

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
  const relay = new EventRelay({ db: opts.db, producer: opts.producer, publisher: bus, metrics: opts.metrics, log: opts.log, wakeGapMs: relayWakeGapMs() });
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

/** What a consuming service gives `startStoreConsumer`: where events come from, and its group. */
export interface StoreConsumerSettings extends EventBackboneSettings {
  /** the consuming service's store: event_positions and event_parked (eventConsumerMigration) live here */
  db: Database;
  /** the consuming service (the subject of its reads of the producers' logs) */
  service: string;
  /** its consumer group: the replicas of a service share one (Redis); one process reads it (embedded) */
  group: string;
  types: readonly EventType[];
  /** the producers' service URLs, read without REDIS_URL */
  sources: Partial<Record<Producer, string>>;
  /** signs the reads of the producers' logs (KEYS_DIR) */
  signer: InternalTokenSigner;
  /** where the group starts the first time (default latest) */
  start?: 'latest' | 'earliest';
  /** customers handled at once (default 1; one customer's events stay in order) */
  concurrency?: number;
  metrics?: ServiceMetrics;
  log?: Logger;
}

/** What a service's own consumer takes from its configuration: the settings less what the service fixes itself. */
export type ConsumerSource = Omit<StoreConsumerSettings, 'db' | 'service' | 'group' | 'types' | 'keyPrefix'> & {
  /** REDIS_KEY_PREFIX */
  redisKeyPrefix?: string;
};

export interface RunningConsumer {
  /** stops reading (an event being handled finishes), then closes the bus */
  close(): Promise<void>;
}

/**
 * A consuming service's subscription, the same for every consumer: the bus of `openEventBus`, its
 * position in the embedded logs and its parked events kept in the service's own store, `handler`
 * called per event (at least once: make its effect idempotent with `processOnce`).
 */
export function startStoreConsumer(opts: StoreConsumerSettings, handler: EventHandler): RunningConsumer {
  const bus = openEventBus({
    redisUrl: opts.redisUrl,
    keyPrefix: opts.keyPrefix,
    service: opts.service,
    metrics: opts.metrics,
    log: opts.log,
    embedded: { signer: opts.signer, sources: opts.sources, positions: new StorePositions(opts.db) },
    parking: new StoreParkingLot(opts.db),
  });
  const sub = bus.subscribe({ group: opts.group, types: opts.types, start: opts.start ?? 'latest', concurrency: opts.concurrency ?? 1 }, handler);
  return {
    close: async () => {
      await sub.close();
      await bus.close();
    },
  };
}
