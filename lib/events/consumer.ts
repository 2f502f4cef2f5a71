// The consumer's side, the same over Redis Streams and the embedded log: each delivered envelope
// is checked against the catalogue, handed to the handler with a few quick retries, and either
// acknowledged or parked with its reason, so one poison event never stops the events behind it.
// Delivery is at least once: a handler makes its effect idempotent with `processOnce`, which
// records the event id in the consumer's own store in the transaction of the effect.
import type { Database, Migration, Queryable } from '../db/database';
import type { Logger } from '../logger';
import { sleep } from '../sleep';
import { type DomainEvent, type EventType, EventSchemaError, parseEvent } from './catalogue';
import type { EventMetrics } from './event-metrics';

export type EventHandler = (event: DomainEvent) => Promise<void>;

export interface SubscribeOptions {
  /** the consumer group: every group sees every event once; the members of a group share them */
  group: string;
  types: readonly EventType[];
  /** where a group seen for the first time starts: `latest` (default) skips what was published before */
  start?: 'latest' | 'earliest';
  /**
   * how many customers' events one member handles at once (default 1: one event at a time). A
   * customer's own events are always handled one after the other, in stream order.
   */
  concurrency?: number;
}

export interface Subscription {
  /** stops reading; an event being handled finishes first */
  close(): Promise<void>;
}

export interface EventBus {
  subscribe(opts: SubscribeOptions, handler: EventHandler): Subscription;
  close(): Promise<void>;
}

/** A parked event: what arrived (as text, it may not even be JSON) and why it was set aside. */
export interface ParkedEvent {
  group: string;
  eventId?: string;
  type: string;
  reason: string;
  raw: string;
  parkedAt: Date;
}

export interface ParkingLot {
  park(event: ParkedEvent): Promise<void>;
}

/** Handler attempts before an event is parked, and the pause after the first failure (doubling). */
export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}
export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, backoffMs: 200 };

export interface DeliveryContext {
  group: string;
  types: ReadonlySet<string>;
  handler: EventHandler;
  parking: ParkingLot;
  retry: RetryPolicy;
  metrics?: EventMetrics;
  log?: Logger;
  /** false once the subscription closes: no retry starts after it */
  open: () => boolean;
}

export type DeliveryOutcome = 'handled' | 'skipped' | 'parked' | 'abandoned';

/**
 * One delivered message, end to end: parse, filter by type, handle with retries, park a poison
 * one. Resolves with what happened; `abandoned` (the subscription closed mid-retry) must not be
 * acknowledged, so another member (or this one after a restart) gets it again.
 */
export async function deliver(raw: string, ctx: DeliveryContext): Promise<DeliveryOutcome> {
  let event: DomainEvent;
  try {
    event = parseEvent(JSON.parse(raw));
  } catch (err) {
    const reason = err instanceof EventSchemaError ? err.message : 'not JSON';
    await park(ctx, { raw, type: typeOf(raw), eventId: idOf(raw), reason });
    return 'parked';
  }
  if (!ctx.types.has(event.type)) return 'skipped';
  const arrived = Date.now();
  const occurred = Date.parse(event.occurredAt);
  if (Number.isFinite(occurred)) ctx.metrics?.lag.observe({ group: ctx.group }, Math.max(0, arrived - occurred) / 1000);
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.handler(event);
      ctx.metrics?.handling.observe({ group: ctx.group }, (Date.now() - arrived) / 1000);
      ctx.metrics?.consumed.inc({ group: ctx.group, type: event.type, outcome: 'handled' });
      return 'handled';
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      // the error's code or class only: its message may quote the event
      const why = typeof code === 'string' ? code : err instanceof Error ? err.name : 'error';
      if (attempt >= ctx.retry.attempts) {
        await park(ctx, { raw, type: event.type, eventId: event.id, reason: `handler failed ${attempt} times: ${why}` });
        return 'parked';
      }
      ctx.log?.warn({ group: ctx.group, type: event.type, eventId: event.id, attempt, error: why }, 'event handler failed; retrying');
      await sleep(ctx.retry.backoffMs * 2 ** (attempt - 1));
      if (!ctx.open()) return 'abandoned';
    }
  }
}

/**
 * A batch of messages with up to `concurrency` customers handled at once. Messages are put in lanes
 * by the event's customer (those naming none share one lane); a lane runs in stream order, so a
 * customer's events are never handled out of order, while a slow customer does not hold the others.
 * `settled(i, outcome)` follows each message's outcome (acknowledge it there); a lane stops at an
 * abandoned message, and the batch resolves false when one was abandoned.
 */
export async function deliverBatch(
  raws: readonly string[],
  ctx: DeliveryContext,
  concurrency: number,
  settled: (index: number, outcome: Exclude<DeliveryOutcome, 'abandoned'>) => Promise<void>,
): Promise<boolean> {
  const lanes = new Map<string, number[]>();
  raws.forEach((raw, i) => {
    const key = concurrency > 1 ? laneOf(raw) : '';
    const lane = lanes.get(key);
    if (lane) lane.push(i);
    else lanes.set(key, [i]);
  });
  const queue = [...lanes.values()];
  let abandoned = false;
  const worker = async (): Promise<void> => {
    for (let lane = queue.shift(); lane && !abandoned; lane = queue.shift()) {
      for (const i of lane) {
        if (!ctx.open()) {
          abandoned = true;
          return;
        }
        const outcome = await deliver(raws[i] as string, ctx);
        if (outcome === 'abandoned') {
          abandoned = true;
          return;
        }
        await settled(i, outcome);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, worker));
  return !abandoned;
}

/** The lane of a message: its customer, or '' (one shared lane) when it names none or cannot be read. */
function laneOf(raw: string): string {
  try {
    const c = (JSON.parse(raw) as { customerId?: unknown }).customerId;
    return typeof c === 'string' ? `c:${c}` : '';
  } catch {
    return '';
  }
}

async function park(ctx: DeliveryContext, e: Omit<ParkedEvent, 'group' | 'parkedAt'>): Promise<void> {
  await ctx.parking.park({ ...e, group: ctx.group, parkedAt: new Date() });
  ctx.metrics?.parked.inc({ group: ctx.group, type: e.type });
  ctx.metrics?.consumed.inc({ group: ctx.group, type: e.type, outcome: 'parked' });
  ctx.log?.error({ group: ctx.group, type: e.type, eventId: e.eventId, reason: e.reason }, 'event parked');
}

/** The type of a message that failed its checks, bounded (a metric label): the catalogue's name, or `invalid`. */
function typeOf(raw: string): string {
  try {
    const t = (JSON.parse(raw) as { type?: unknown }).type;
    return typeof t === 'string' && /^[A-Za-z]{1,80}$/.test(t) ? t : 'invalid';
  } catch {
    return 'invalid';
  }
}

function idOf(raw: string): string | undefined {
  try {
    const id = (JSON.parse(raw) as { id?: unknown }).id;
    return typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

const CONSUMER_SQL = `
-- events a consumer group has applied, written in the transaction of the effect (lib/events/consumer.ts processOnce)
CREATE TABLE event_processed (
  consumer_group TEXT NOT NULL,
  event_id       UUID NOT NULL,
  processed_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, event_id)
);
-- poison events set aside, with why (schema invalid, or the handler failed every attempt)
CREATE TABLE event_parked (
  id             BIGSERIAL PRIMARY KEY,
  consumer_group TEXT NOT NULL,
  event_id       TEXT,
  type           TEXT NOT NULL,
  reason         TEXT NOT NULL,
  raw            TEXT NOT NULL,
  parked_at      TIMESTAMPTZ NOT NULL
);
-- the embedded bus: how far each group has read each producer's log
CREATE TABLE event_positions (
  consumer_group TEXT NOT NULL,
  producer       TEXT NOT NULL,
  position       BIGINT NOT NULL,
  PRIMARY KEY (consumer_group, producer)
);
`;

/** The consumer's tables, for a consuming service's own migrations list. Never changed once applied. */
export function eventConsumerMigration(id: number): Migration {
  return { id, name: 'event consumer', sql: CONSUMER_SQL };
}

/**
 * Runs `effect` once per (group, event): in one transaction, the event id is recorded and the
 * effect written; a redelivered event finds its id and does nothing. Resolves true when the effect ran.
 */
export async function processOnce(db: Database, group: string, event: Pick<DomainEvent, 'id'>, effect: (tx: Queryable) => Promise<void>): Promise<boolean> {
  return db.transaction(async (tx) => {
    const fresh = await tx.query(`INSERT INTO event_processed (consumer_group, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`, [
      group,
      event.id,
    ]);
    if (fresh.length === 0) return false;
    await effect(tx);
    return true;
  });
}

/** Parks in the consumer's store (event_parked). */
export class StoreParkingLot implements ParkingLot {
  constructor(private readonly db: Database) {}
  async park(e: ParkedEvent): Promise<void> {
    await this.db.query(`INSERT INTO event_parked (consumer_group, event_id, type, reason, raw, parked_at) VALUES ($1, $2, $3, $4, $5, $6::timestamptz)`, [
      e.group,
      e.eventId ?? null,
      e.type,
      e.reason.slice(0, 500),
      e.raw.slice(0, 100_000),
      e.parkedAt.toISOString(),
    ]);
  }
}

/** Keeps the last parked events in memory (a consumer without a store: the reason is logged and counted as well). */
export class MemoryParkingLot implements ParkingLot {
  readonly parked: ParkedEvent[] = [];
  constructor(private readonly keep = 100) {}
  park(e: ParkedEvent): Promise<void> {
    this.parked.push(e);
    if (this.parked.length > this.keep) this.parked.shift();
    return Promise.resolve();
  }
}
