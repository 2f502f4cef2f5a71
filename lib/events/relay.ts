// Moves committed outbox rows to the bus, oldest first, and gives them their log position. A
// pass is one transaction holding the log head's row lock: of several replicas on one PostgreSQL
// schema one publishes at a time (the others skip the pass, SKIP LOCKED), so the stream gets the
// events in outbox order and each batch once. The publish happens before the commit: a relay that
// dies between the two publishes the batch again (at least once; consumers are idempotent by id).
import type { Database } from '../db/database';
import { toBigInt } from '../db/database';
import type { Logger } from '../logger';
import type { ServiceMetrics } from '../service-metrics';
import type { EventEnvelope, Producer } from './catalogue';
import { EventMetrics } from './event-metrics';
import { EventLog, outboxCommits } from './outbox';
import { PollingPass } from '../polling-pass';

/** Where published events go: Redis Streams, or nowhere (the embedded log is the outbox itself). */
export interface EventPublisher {
  publish(producer: Producer, events: readonly EventEnvelope[]): Promise<void>;
}

export interface RelayOptions {
  db: Database;
  producer: Producer;
  /** absent: the embedded bus (positions only) */
  publisher?: EventPublisher;
  metrics?: ServiceMetrics;
  log?: Logger;
  batchSize?: number;
  /** how long published events stay in the outbox (the embedded log's reach back); default 7 days */
  retentionMs?: number;
  clock?: () => Date;
  /**
   * Once started, a commit of outbox rows in this process starts a pass (not the next poll), at most
   * one per `wakeGapMs` (default 50): a burst of commits shares a pass, and a notification waits
   * for the relay tens of milliseconds, not up to the poll interval. 0 turns the wake off.
   */
  wakeGapMs?: number;
}

export const DEFAULT_RELAY_WAKE_GAP_MS = 50;

const FAILURE_LOG_INTERVAL_MS = 60_000;

export class EventRelay {
  private readonly passes: PollingPass;
  private readonly batchSize: number;
  private readonly retentionMs: number;
  private readonly clock: () => Date;
  private readonly counters?: EventMetrics;
  private lastPrune = 0;
  /** while passes fail (Redis or the store unreachable): how many, and when the last was logged */
  private failing?: { passes: number; loggedAt: number };
  readonly log: EventLog;
  private readonly wakeGapMs: number;
  /** a commit asked for a pass that has not started yet */
  private wanted = false;
  private wakeTimer: NodeJS.Timeout | undefined;
  private lastWakeAt = 0;
  /** subscribed to this process's outbox commits (between start and stop) */
  private listening = false;
  private readonly onCommit = () => this.soon();

  constructor(private readonly opts: RelayOptions) {
    this.batchSize = opts.batchSize ?? 200;
    this.retentionMs = opts.retentionMs ?? 7 * 86_400_000;
    this.clock = opts.clock ?? (() => new Date());
    this.wakeGapMs = opts.wakeGapMs ?? DEFAULT_RELAY_WAKE_GAP_MS;
    this.log = new EventLog(opts.db);
    this.passes = new PollingPass(
      async () => {
        const n = await this.drain();
        if (this.failing) {
          opts.log?.info({ failedPasses: this.failing.passes }, 'event relay publishing again');
          this.failing = undefined;
        }
        return n;
      },
      (err) => this.failed(err),
    );
    if (opts.metrics) {
      this.counters = EventMetrics.of(opts.metrics.registry);
      opts.metrics.outbox('events', () => this.log.backlog());
    }
  }

  /** Publishes everything committed so far; resolves with how many events this process published. Passes never overlap. */
  runOnce(): Promise<number> {
    return this.passes.runOnce();
  }

  private async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.pass();
      total += Math.max(0, n);
      if (n < this.batchSize) break;
    }
    await this.prune();
    return total;
  }

  /** One batch: -1 when another relay holds the log (it publishes these), else how many were published. */
  private async pass(): Promise<number> {
    const published = await this.opts.db.transaction(async (tx) => {
      const [head] = await tx.query<{ position: unknown }>(`SELECT position FROM event_log_head FOR UPDATE SKIP LOCKED`);
      if (!head) return null;
      const rows = await tx.query<{ seq: unknown; type: string; envelope: string }>(
        `SELECT seq, type, envelope FROM event_outbox WHERE published_at IS NULL ORDER BY seq LIMIT $1`,
        [this.batchSize],
      );
      if (rows.length === 0) return [];
      await this.opts.publisher?.publish(
        this.opts.producer,
        rows.map((r) => JSON.parse(r.envelope) as EventEnvelope),
      );
      const from = toBigInt(head.position);
      const seqs = rows.map((r) => toBigInt(r.seq).toString());
      // positions follow the outbox order, from the head on
      await tx.query(
        `UPDATE event_outbox e SET published_at = $2::timestamptz, position = $3::bigint + r.n
           FROM (SELECT seq, row_number() OVER (ORDER BY seq) AS n FROM event_outbox WHERE seq = ANY($1::bigint[])) r
          WHERE e.seq = r.seq`,
        [seqs, this.clock().toISOString(), from.toString()],
      );
      await tx.query(`UPDATE event_log_head SET position = $1`, [(from + BigInt(rows.length)).toString()]);
      return rows.map((r) => r.type);
    });
    if (published === null) return -1;
    if (published.length > 0) this.log.published();
    for (const type of published) this.counters?.published.inc({ type });
    return published.length;
  }

  /** The first failure is logged, then one line a minute while it lasts, not one per poll. */
  private failed(err: Error): void {
    const now = Date.now();
    if (this.failing) {
      this.failing.passes++;
      if (now - this.failing.loggedAt < FAILURE_LOG_INTERVAL_MS) return;
      this.failing.loggedAt = now;
    } else this.failing = { passes: 1, loggedAt: now };
    this.opts.log?.error({ err: err.message, failedPasses: this.failing.passes }, 'event relay pass failed');
  }

  /** Drops published events past the retention, at most once a minute. */
  private async prune(): Promise<void> {
    const now = this.clock().getTime();
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    await this.opts.db.query(`DELETE FROM event_outbox WHERE published_at IS NOT NULL AND published_at < $1::timestamptz`, [
      new Date(now - this.retentionMs).toISOString(),
    ]);
  }

  /** Polls every `intervalMs` until stop(), and passes after this process's commits of events (wakeGapMs). */
  start(intervalMs: number): void {
    this.passes.start(intervalMs);
    if (this.wakeGapMs > 0 && !this.listening) {
      this.listening = true;
      outboxCommits.on('committed', this.onCommit);
    }
  }

  /** A pass soon for events just committed: at most one per wakeGapMs, and always one that starts after the commit. */
  private soon(): void {
    this.wanted = true;
    if (this.wakeTimer) return;
    const wait = Math.max(0, this.lastWakeAt + this.wakeGapMs - Date.now());
    this.wakeTimer = setTimeout(() => void this.wake(), wait);
    this.wakeTimer.unref();
  }

  private async wake(): Promise<void> {
    this.wanted = false;
    this.lastWakeAt = Date.now();
    await this.passes.freshPass();
    this.wakeTimer = undefined;
    // commits during the pass: another, after the gap
    if (this.wanted && this.listening) this.soon();
  }

  /** A pass now (after start, or after a commit that wrote events), its failure logged. */
  nudge(): void {
    this.passes.nudge();
  }

  stop(): Promise<void> {
    outboxCommits.off('committed', this.onCommit);
    this.listening = false;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    return this.passes.stop();
  }
}
