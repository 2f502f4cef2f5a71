// The producer's side of the event backbone: an outbox table in the producing service's own
// schema, written by `appendEvent(tx, event)` inside the transaction that makes the change, so an
// event exists exactly when its change committed. The relay (relay.ts) later gives committed rows
// their place in the log, in one transaction at a time: `position` is what the embedded log is
// read by (`after=<position>`), and no reader can see position n+1 before n has committed, which a
// BIGSERIAL alone would not promise on PostgreSQL (sequence values are taken at insert, not commit).
import { EventEmitter } from 'node:events';
import type { Database, Migration, Queryable } from '../db/database';
import { placeholders, toBigInt, toDate } from '../db/database';
import type { OutboxBacklog } from '../service-metrics';
import type { DomainEvent, EventEnvelope } from './catalogue';

const OUTBOX_SQL = `
-- domain events written with the change that caused them (lib/events/outbox.ts, docs/events.md)
CREATE TABLE event_outbox (
  seq          BIGSERIAL PRIMARY KEY,
  event_id     UUID NOT NULL UNIQUE,
  type         TEXT NOT NULL,
  event_key    TEXT NOT NULL,
  envelope     TEXT NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL,
  -- set by the relay when the event reached the bus (Redis) and took its place in the log (embedded)
  published_at TIMESTAMPTZ,
  position     BIGINT UNIQUE
);
CREATE INDEX event_outbox_unpublished ON event_outbox (seq) WHERE published_at IS NULL;
-- one row: the last position handed out; its row lock lets one relay at a time publish
CREATE TABLE event_log_head (
  only_row BOOLEAN PRIMARY KEY DEFAULT true CHECK (only_row),
  position BIGINT NOT NULL
);
INSERT INTO event_log_head (position) VALUES (0);
`;

/**
 * The outbox's migration, for the producing service's own migrations list (at the id where it
 * goes). Its SQL never changes: migrations are checksummed, and a later change to the outbox is a
 * migration of its own.
 */
export function eventOutboxMigration(id: number): Migration {
  return { id, name: 'event outbox', sql: OUTBOX_SQL };
}

/**
 * Told once per transaction that committed outbox rows, in this process: the relay then publishes
 * at once instead of at its next poll (relay.ts). Another replica's commits are not heard here; the
 * relay's poll finds those.
 */
export const outboxCommits = new EventEmitter().setMaxListeners(0);
const signalCommitted = () => outboxCommits.emit('committed');

/** Events appended in a transaction and not written yet: its beforeCommit writes them together. */
const unwritten = new WeakMap<Queryable, DomainEvent[]>();
/** rows per INSERT: 5 parameters a row, well within PostgreSQL's 65,535 */
const ROWS_PER_INSERT = 1000;

/**
 * Writes `event` into the outbox inside the caller's transaction: committed with the change, or
 * not at all. In a transaction the row goes in just before COMMIT, with the transaction's other
 * events in one statement (a card feed's group commit appends two events an advice: one INSERT
 * for the batch instead of one an event); `seq` still follows the order of the appends.
 */
export async function appendEvent(tx: Queryable, event: DomainEvent): Promise<void> {
  tx.afterCommit(signalCommitted);
  const pending = unwritten.get(tx);
  if (pending) {
    pending.push(event);
    return;
  }
  const events = [event];
  const flush = () => {
    // an event appended after this (by another beforeCommit) starts a list of its own
    unwritten.delete(tx);
    return insertEvents(tx, events);
  };
  if (tx.beforeCommit(flush)) unwritten.set(tx, events);
  else await insertEvents(tx, events);
}

async function insertEvents(q: Queryable, events: readonly DomainEvent[]): Promise<void> {
  for (let from = 0; from < events.length; from += ROWS_PER_INSERT) {
    const params: unknown[] = [];
    const rows = events
      .slice(from, from + ROWS_PER_INSERT)
      .map((e) => `(${placeholders(params, [e.id, e.type, e.key, JSON.stringify(e)])}, ${placeholders(params, [e.occurredAt])}::timestamptz)`);
    await q.query(`INSERT INTO event_outbox (event_id, type, event_key, envelope, created_at) VALUES ${rows.join(', ')}`, params);
  }
}

export interface LoggedEvent {
  position: bigint;
  envelope: EventEnvelope;
}

/** Reads of the committed log (the embedded bus's /internal/events) and the backlog the relay has still to publish. */
export class EventLog {
  private readonly positions = new EventEmitter().setMaxListeners(0);

  constructor(private readonly db: Database) {}

  /** The relay in this process gave events their positions (a commit): waiting reads look again. */
  published(): void {
    this.positions.emit('published');
  }

  /** Resolves when this process's relay publishes, or after `ms`, whichever comes first. */
  nextPublish(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.positions.off('published', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.positions.once('published', done);
    });
  }

  /** Up to `limit` events after `after`, in log order. */
  async after(after: bigint, limit: number): Promise<LoggedEvent[]> {
    const rows = await this.db.query<{ position: unknown; envelope: string }>(
      `SELECT position, envelope FROM event_outbox WHERE position > $1 ORDER BY position LIMIT $2`,
      [after.toString(), limit],
    );
    return rows.map((r) => ({ position: toBigInt(r.position), envelope: JSON.parse(r.envelope) as EventEnvelope }));
  }

  /** The last position handed out: where a consumer that starts "now" begins. */
  async head(): Promise<bigint> {
    const [r] = await this.db.query<{ position: unknown }>(`SELECT position FROM event_log_head`);
    return toBigInt(r?.position);
  }

  /** Events not yet published and when the oldest was written: the relay's lag (outbox_* gauges, outbox="events"). */
  async backlog(): Promise<OutboxBacklog> {
    const [r] = await this.db.query<{ pending: unknown; oldest: unknown }>(
      `SELECT count(*) AS pending, min(created_at) AS oldest FROM event_outbox WHERE published_at IS NULL`,
    );
    const pending = Number(r?.pending ?? 0);
    return pending > 0 && r?.oldest != null ? { pending, oldestCreatedAt: toDate(r.oldest) } : { pending };
  }
}
