// The event bus without a server of its own (no REDIS_URL; what `npm start` runs): each producing
// service serves its committed log at GET /internal/events?after=<position> (a service route, so
// only services may read it), and a consumer polls the producers of the types it wants, keeping its
// position per producer in its own store (or in memory for a consumer without one, such as the
// gateway, which then starts at the head: "from now"). It has the same interface, checks, retries
// and parking as the Redis bus. One consumer process per group: two processes of one group would
// each read every event (their effects still apply once, by processOnce).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../db/database';
import { toBigInt } from '../db/database';
import type { InternalTokenSigner } from '../internal-auth';
import type { Logger } from '../logger';
import { ServiceClient } from '../service-client';
import type { ServiceMetrics } from '../service-metrics';
import { sleep } from '../sleep';
import { type EventEnvelope, type Producer, producersOf } from './catalogue';
import {
  deliverBatch,
  DEFAULT_RETRY,
  type EventBus,
  type EventHandler,
  MemoryParkingLot,
  type ParkingLot,
  type RetryPolicy,
  type SubscribeOptions,
  type Subscription,
} from './consumer';
import { EventMetrics } from './event-metrics';
import type { EventLog } from './outbox';

/** The longest a read of the log waits for a new event before it answers empty. */
export const MAX_EVENT_WAIT_MS = 5000;
const MAX_EVENT_BATCH = 500;

const LOG_QUERY = z.object({
  after: z.union([z.literal('now'), z.string().regex(/^\d{1,19}$/)]),
  limit: z.coerce.number().int().min(1).max(MAX_EVENT_BATCH).default(100),
  waitMs: z.coerce.number().int().min(0).max(MAX_EVENT_WAIT_MS).default(0),
});

export interface EventLogPage {
  /** the last position handed out when this page was read */
  head: string;
  events: Array<{ position: string; event: EventEnvelope }>;
}

/** GET /internal/events (mounted by registerServiceRoutes): the producer's log after a position, waiting up to waitMs for one. */
export function eventLogRoutes(log: EventLog): (scope: FastifyInstance) => void {
  return (scope) => {
    scope.get('/events', async (req, reply) => {
      const q = LOG_QUERY.safeParse(req.query);
      if (!q.success) return reply.code(400).send({ code: 'BAD_REQUEST', message: 'after=<position>|now, limit 1..500, waitMs 0..5000' });
      const { limit, waitMs } = q.data;
      const until = Date.now() + waitMs;
      for (;;) {
        const head = await log.head();
        const after = q.data.after === 'now' ? head : BigInt(q.data.after);
        // the head moves with the positions in one transaction: nothing past it to read (one query per wait step, not two)
        const events = q.data.after === 'now' || after >= head ? [] : await log.after(after, limit);
        if (events.length > 0 || Date.now() >= until || req.raw.destroyed) {
          const page: EventLogPage = { head: head.toString(), events: events.map((e) => ({ position: e.position.toString(), event: e.envelope })) };
          return page;
        }
        // woken by this process's relay; another replica's relay may publish too, which only the store tells: asked again every 200 ms
        await log.nextPublish(Math.min(200, Math.max(0, until - Date.now())));
      }
    });
  };
}

/** Where a consumer group stands in each producer's log. */
export interface PositionStore {
  get(group: string, producer: Producer): Promise<bigint | undefined>;
  set(group: string, producer: Producer, position: bigint): Promise<void>;
}

export class MemoryPositions implements PositionStore {
  private readonly at = new Map<string, bigint>();
  get(group: string, producer: Producer): Promise<bigint | undefined> {
    return Promise.resolve(this.at.get(`${group}\u0000${producer}`));
  }
  set(group: string, producer: Producer, position: bigint): Promise<void> {
    this.at.set(`${group}\u0000${producer}`, position);
    return Promise.resolve();
  }
}

/** Positions in the consumer's store (event_positions, from eventConsumerMigration). */
export class StorePositions implements PositionStore {
  constructor(private readonly db: Database) {}
  async get(group: string, producer: Producer): Promise<bigint | undefined> {
    const [r] = await this.db.query<{ position: unknown }>(`SELECT position FROM event_positions WHERE consumer_group = $1 AND producer = $2`, [
      group,
      producer,
    ]);
    return r ? toBigInt(r.position) : undefined;
  }
  async set(group: string, producer: Producer, position: bigint): Promise<void> {
    await this.db.query(
      `INSERT INTO event_positions (consumer_group, producer, position) VALUES ($1, $2, $3)
       ON CONFLICT (consumer_group, producer) DO UPDATE SET position = GREATEST(event_positions.position, EXCLUDED.position)`,
      [group, producer, position.toString()],
    );
  }
}

export interface EmbeddedEventBusOptions {
  /** the consuming service's name (its service token's subject) */
  service: string;
  signer: InternalTokenSigner;
  /** base URL of each producer's service routes (e.g. LOYALTY_SERVICE_URL) */
  sources: Partial<Record<Producer, string>>;
  positions?: PositionStore;
  parking?: ParkingLot;
  retry?: RetryPolicy;
  /** how long one read waits for new events (default 2 s, at most MAX_EVENT_WAIT_MS); a close waits for the read under way */
  waitMs?: number;
  batchSize?: number;
  metrics?: ServiceMetrics;
  log?: Logger;
}

export class EmbeddedEventBus implements EventBus {
  private readonly loops = new Set<LogReader>();
  readonly parking: ParkingLot;
  readonly positions: PositionStore;

  constructor(private readonly opts: EmbeddedEventBusOptions) {
    this.parking = opts.parking ?? new MemoryParkingLot();
    this.positions = opts.positions ?? new MemoryPositions();
  }

  subscribe(opts: SubscribeOptions, handler: EventHandler): Subscription {
    const readers = producersOf(opts.types).map((producer) => {
      const baseUrl = this.opts.sources[producer];
      if (!baseUrl) throw new Error(`no URL for ${producer}, whose log carries ${opts.types.join(', ')}`);
      return new LogReader(producer, baseUrl, opts, handler, this.opts, this);
    });
    for (const r of readers) this.loops.add(r);
    return {
      close: async () => {
        await Promise.all(readers.map((r) => r.close()));
        for (const r of readers) this.loops.delete(r);
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.loops].map((r) => r.close()));
    this.loops.clear();
  }
}

/** One group reading one producer's log. */
class LogReader {
  private open = true;
  private readonly done: Promise<void>;
  private readonly client: ServiceClient;

  constructor(
    private readonly producer: Producer,
    baseUrl: string,
    private readonly sub: SubscribeOptions,
    private readonly handler: EventHandler,
    private readonly bus: EmbeddedEventBusOptions,
    private readonly parts: { parking: ParkingLot; positions: PositionStore },
  ) {
    const waitMs = Math.min(bus.waitMs ?? 2000, MAX_EVENT_WAIT_MS);
    this.client = new ServiceClient({ service: bus.service, baseUrl, signer: bus.signer, retries: 0, timeoutMs: waitMs + 3000 });
    this.done = this.run(waitMs);
  }

  private async page(query: string): Promise<EventLogPage> {
    const res = await this.client.request<EventLogPage>('GET', `/internal/events?${query}`);
    if (res.status !== 200) throw new Error(`event log answered ${res.status}`);
    return res.body;
  }

  private async run(waitMs: number): Promise<void> {
    const { group } = this.sub;
    const types = new Set<string>(this.sub.types);
    const counters = this.bus.metrics ? EventMetrics.of(this.bus.metrics.registry) : undefined;
    let position: bigint | undefined;
    while (this.open) {
      try {
        position ??= await this.parts.positions.get(group, this.producer);
        if (position === undefined) {
          position = this.sub.start === 'earliest' ? 0n : BigInt((await this.page('after=now')).head);
          await this.parts.positions.set(group, this.producer, position);
        }
        const page = await this.page(`after=${position}&limit=${this.bus.batchSize ?? 100}&waitMs=${waitMs}`);
        // the position moves past the longest run of settled events from the page's start: with
        // several customers handled at once a later one may settle first, and is read again after a
        // crash. It is stored once a page (the handlers are idempotent, a crash replays at most a page).
        const from = position;
        const settled = new Set<number>();
        let done = 0;
        const complete = await deliverBatch(
          page.events.map((e) => JSON.stringify(e.event)),
          {
            group,
            types,
            handler: this.handler,
            parking: this.parts.parking,
            retry: this.bus.retry ?? DEFAULT_RETRY,
            metrics: counters,
            log: this.bus.log,
            open: () => this.open,
          },
          this.sub.concurrency ?? 1,
          (i) => {
            settled.add(i);
            if (i === done) {
              while (settled.has(done)) done++;
              position = BigInt((page.events[done - 1] as { position: string }).position);
            }
            return Promise.resolve();
          },
        );
        if (position !== from) await this.parts.positions.set(group, this.producer, position);
        if (!complete) return;
      } catch (err) {
        if (!this.open) return;
        this.bus.log?.warn({ producer: this.producer, group, err: (err as Error).message }, 'event log read failed; retrying');
        await sleep(1000);
      }
    }
  }

  async close(): Promise<void> {
    this.open = false;
    await this.done;
  }
}
