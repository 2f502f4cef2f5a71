// The event bus on Redis Streams (REDIS_URL): one stream per producer, `<prefix>events:<producer>`,
// trimmed to about `maxLen` entries (XADD MAXLEN ~). A consumer group reads with XREADGROUP and
// acknowledges (XACK) only once its handler's effect has committed, or the event was parked; what a
// member that died left unacknowledged is taken over by another after `claimIdleMs` (XAUTOCLAIM).
// Parked events go to `<prefix>events:parked` with their group and reason.
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { Logger } from '../logger';
import type { ServiceMetrics } from '../service-metrics';
import { sleep } from '../sleep';
import { type EventEnvelope, type Producer, producersOf } from './catalogue';
import {
  deliverBatch,
  DEFAULT_RETRY,
  type EventBus,
  type EventHandler,
  type ParkedEvent,
  type ParkingLot,
  type RetryPolicy,
  type SubscribeOptions,
  type Subscription,
} from './consumer';
import { EventMetrics } from './event-metrics';
import type { EventPublisher } from './relay';

export interface RedisEventBusOptions {
  redisUrl: string;
  /** REDIS_KEY_PREFIX: the keys are `<prefix>events:...` */
  keyPrefix: string;
  /** about how many events a stream keeps (default 100 000): a group further behind than that misses events */
  maxLen?: number;
  /** a pending event idle this long is taken over from the member that read it (default 30 s) */
  claimIdleMs?: number;
  /** how long one XREADGROUP waits for new events (default 2 s) */
  blockMs?: number;
  batchSize?: number;
  retry?: RetryPolicy;
  /** where poison events go (default the parked stream) */
  parking?: ParkingLot;
  metrics?: ServiceMetrics;
  log?: Logger;
  /** this member's name in its groups (default a random one per process) */
  consumerName?: string;
}

type StreamEntry = [id: string, fields: string[] | null];

export class RedisEventBus implements EventBus, EventPublisher {
  private readonly redis: Redis;
  private readonly subscriptions = new Set<RedisSubscription>();
  readonly parking: ParkingLot;
  private readonly counters?: EventMetrics;

  constructor(private readonly opts: RedisEventBusOptions) {
    // the relay's XADD waits for a reconnect rather than failing the pass at once
    // a bounded wait: the relay publishes inside its database transaction, which must not stay open on a hung Redis
    this.redis = new Redis(opts.redisUrl, { maxRetriesPerRequest: 3, commandTimeout: 5000 });
    this.redis.on('error', () => undefined);
    this.parking = opts.parking ?? new RedisParkedStream(this.redis, this.parkedKey(), opts.maxLen ?? 100_000);
    if (opts.metrics) this.counters = EventMetrics.of(opts.metrics.registry);
  }

  streamKey(producer: Producer): string {
    return `${this.opts.keyPrefix}events:${producer}`;
  }

  parkedKey(): string {
    return `${this.opts.keyPrefix}events:parked`;
  }

  async publish(producer: Producer, events: readonly EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    const pipeline = this.redis.pipeline();
    const key = this.streamKey(producer);
    for (const e of events) pipeline.xadd(key, 'MAXLEN', '~', this.opts.maxLen ?? 100_000, '*', 'event', JSON.stringify(e));
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed?.[0]) throw failed[0];
  }

  subscribe(opts: SubscribeOptions, handler: EventHandler): Subscription {
    const consumer = this.opts.consumerName ?? `c-${randomUUID()}`;
    const loops = producersOf(opts.types).map(
      (producer) =>
        new RedisSubscription({
          // XREADGROUP blocks for blockMs: its own connection, and a timeout past the block
          conn: this.redis.duplicate({ commandTimeout: (this.opts.blockMs ?? 2000) + 5000 }),
          stream: this.streamKey(producer),
          consumer,
          opts,
          handler,
          bus: this.opts,
          parking: this.parking,
          counters: this.counters,
        }),
    );
    for (const l of loops) this.subscriptions.add(l);
    return {
      close: async () => {
        await Promise.all(loops.map((l) => l.close()));
        for (const l of loops) this.subscriptions.delete(l);
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.subscriptions.clear();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** The parked stream: what was parked, by which group and why (bounded like the event streams). */
class RedisParkedStream implements ParkingLot {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly maxLen: number,
  ) {}
  async park(e: ParkedEvent): Promise<void> {
    await this.redis.xadd(
      this.key,
      'MAXLEN',
      '~',
      this.maxLen,
      '*',
      'group',
      e.group,
      'type',
      e.type,
      'eventId',
      e.eventId ?? '',
      'reason',
      e.reason,
      'raw',
      e.raw,
    );
  }
}

interface LoopOptions {
  conn: Redis;
  stream: string;
  consumer: string;
  opts: SubscribeOptions;
  handler: EventHandler;
  bus: RedisEventBusOptions;
  parking: ParkingLot;
  counters?: EventMetrics;
}

/** One group member reading one producer's stream, on a connection of its own (XREADGROUP BLOCK holds it). */
class RedisSubscription {
  private open = true;
  private busy = false;
  private readonly done: Promise<void>;
  private readonly types: ReadonlySet<string>;

  constructor(private readonly o: LoopOptions) {
    o.conn.on('error', () => undefined);
    this.types = new Set(o.opts.types);
    this.done = this.run();
  }

  private async run(): Promise<void> {
    const { conn, stream, opts, bus } = this.o;
    const batch = bus.batchSize ?? 50;
    let lastClaim = 0;
    while (this.open) {
      try {
        await this.ensureGroup();
        const claimIdleMs = bus.claimIdleMs ?? 30_000;
        if (Date.now() - lastClaim >= Math.min(claimIdleMs, 5_000)) {
          lastClaim = Date.now();
          await this.reclaim(claimIdleMs, batch);
        }
        const reply = (await conn.call(
          'XREADGROUP',
          'GROUP',
          opts.group,
          this.o.consumer,
          'COUNT',
          batch,
          'BLOCK',
          bus.blockMs ?? 2000,
          'STREAMS',
          stream,
          '>',
        )) as Array<[string, StreamEntry[]]> | null;
        for (const [, entries] of reply ?? []) await this.handle(entries);
      } catch (err) {
        if (!this.open) return;
        bus.log?.warn({ stream, group: opts.group, err: (err as Error).message }, 'event stream read failed; retrying');
        await sleep(1000);
      }
    }
  }

  private groupReady = false;

  private async ensureGroup(): Promise<void> {
    if (this.groupReady) return;
    try {
      await this.o.conn.call('XGROUP', 'CREATE', this.o.stream, this.o.opts.group, this.o.opts.start === 'earliest' ? '0' : '$', 'MKSTREAM');
    } catch (err) {
      if (!String((err as Error).message).includes('BUSYGROUP')) throw err;
    }
    this.groupReady = true;
  }

  /** Takes over what members of the group read and did not acknowledge within `idleMs` (a member that died). */
  private async reclaim(idleMs: number, batch: number): Promise<void> {
    let cursor = '0-0';
    do {
      const [next, entries] = (await this.o.conn.call('XAUTOCLAIM', this.o.stream, this.o.opts.group, this.o.consumer, idleMs, cursor, 'COUNT', batch)) as [
        string,
        StreamEntry[],
      ];
      await this.handle(entries);
      cursor = next;
    } while (cursor !== '0-0' && this.open);
  }

  private async handle(entries: StreamEntry[]): Promise<void> {
    this.busy = true;
    try {
      await this.handleAll(entries);
    } finally {
      this.busy = false;
    }
  }

  private async handleAll(entries: StreamEntry[]): Promise<void> {
    if (!this.open) return;
    // a null entry was trimmed (MAXLEN) while pending: nothing left to deliver, only to acknowledge
    const ids: string[] = [];
    const raws: string[] = [];
    for (const [id, fields] of entries) {
      const raw = fields ? fieldOf(fields, 'event') : undefined;
      if (raw === undefined) await this.o.conn.call('XACK', this.o.stream, this.o.opts.group, id);
      else {
        ids.push(id);
        raws.push(raw);
      }
    }
    await deliverBatch(
      raws,
      {
        group: this.o.opts.group,
        types: this.types,
        handler: this.o.handler,
        parking: this.o.parking,
        retry: this.o.bus.retry ?? DEFAULT_RETRY,
        metrics: this.o.counters,
        log: this.o.bus.log,
        open: () => this.open,
      },
      this.o.opts.concurrency ?? 1,
      async (i) => {
        await this.o.conn.call('XACK', this.o.stream, this.o.opts.group, ids[i] as string);
      },
    );
  }

  async close(): Promise<void> {
    this.open = false;
    // a blocked XREADGROUP ends at once; an event being handled finishes and is acknowledged first
    if (!this.busy) this.disconnect();
    await this.done;
    this.disconnect();
  }

  private disconnected = false;

  /** Once only: a second disconnect of an ended stream leaves ioredis a 2 s timer nothing clears. */
  private disconnect(): void {
    if (this.disconnected) return;
    this.disconnected = true;
    this.o.conn.disconnect();
  }
}

function fieldOf(fields: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}
