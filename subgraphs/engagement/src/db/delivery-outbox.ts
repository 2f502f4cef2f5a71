// The delivery outbox: a message decided to go on push, email or SMS is a row here, written with
// the decision (MessageStore.decideOnce), due at its deliver_at (the end of quiet hours when it was
// deferred). Dispatchers claim due rows under a lease (FOR UPDATE SKIP LOCKED, so replicas on one
// PostgreSQL schema never send one row at once) and take a token from the channel's bucket for each
// (delivery_rate, locked while claiming: the rate limit holds for all replicas together). Each
// attempt is settled in one transaction with its delivery_attempts row.
import type { Database, Queryable } from '../../../../lib/db/database';
import { toDate } from '../../../../lib/db/database';
import type { OutboxBacklog } from '../../../../lib/service-metrics';
import type { Message } from '../domain/engine';
import type { OutboxChannel } from '../domain/delivery';
import { decideAgain, lockedPreferences, MESSAGE_COLUMNS, toMessage, type MessageRow } from './message-store';

const MINUTE_MS = 60_000;

export interface ClaimedDelivery {
  id: string;
  channel: OutboxChannel;
  /** attempts made before this one */
  attempts: number;
  message: Message;
}

export type Settled = 'DELIVERED' | 'RETRY' | 'FAILED';

export class DeliveryOutbox {
  constructor(
    private readonly db: Database,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Up to `limit` due rows of `channel`, leased for `leaseMs`, and no more than the channel's bucket
   * holds: it refills at `perMinute` per minute up to `perMinute` (a burst of at most one minute's worth).
   */
  async claim(channel: OutboxChannel, limit: number, leaseMs: number, perMinute: number): Promise<ClaimedDelivery[]> {
    const now = this.clock();
    return this.db.transaction(async (tx) => {
      await tx.query('INSERT INTO delivery_rate (channel, tokens, refilled_at) VALUES ($1, $2, $3) ON CONFLICT (channel) DO NOTHING', [
        channel,
        perMinute,
        now,
      ]);
      const [bucket] = await tx.query<{ tokens: unknown; refilled_at: unknown }>(
        'SELECT tokens, refilled_at FROM delivery_rate WHERE channel = $1 FOR UPDATE',
        [channel],
      );
      const last = bucket ? toDate(bucket.refilled_at) : now;
      // a replica whose clock is behind neither refills nor moves the bucket's time back
      const at = new Date(Math.max(now.getTime(), last.getTime()));
      const tokens = Math.min(perMinute, Number(bucket?.tokens ?? perMinute) + ((at.getTime() - last.getTime()) * perMinute) / MINUTE_MS);
      const take = Math.min(limit, Math.floor(tokens));
      const rows =
        take <= 0
          ? []
          : await tx.query<{ id: unknown; message_id: string; attempts: unknown }>(
              `UPDATE delivery_outbox SET lease_until = $3
                WHERE id IN (
                  SELECT id FROM delivery_outbox
                   WHERE channel = $1 AND delivered_at IS NULL AND failed_at IS NULL AND suppressed_at IS NULL AND next_attempt_at <= $2
                     AND (lease_until IS NULL OR lease_until <= $2)
                   ORDER BY next_attempt_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)
                RETURNING id, message_id, attempts`,
              [channel, now, new Date(now.getTime() + leaseMs), take],
            );
      const messages =
        rows.length === 0
          ? []
          : await tx.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.id = ANY($1::text[])`, [rows.map((r) => r.message_id)]);
      const byId = new Map(messages.map((m) => [m.id, toMessage(m)]));
      const claimed = rows
        .map((r) => ({ id: String(r.id), channel, attempts: Number(r.attempts), message: byId.get(r.message_id) as Message }))
        .sort((a, b) => Number(a.id) - Number(b.id));
      const going = await this.decideAgain(tx, claimed, now);
      // a row held back or suppressed sent nothing: it takes no token
      await tx.query('UPDATE delivery_rate SET tokens = $2, refilled_at = $3 WHERE channel = $1', [channel, tokens - going.length, at]);
      return going;
    });
  }

  /**
   * The claimed rows the customer's settings in force still let go now (decideAgain, each customer
   * locked in id order so two claimers cannot deadlock); the others are settled here, in the claim's
   * transaction: suppressed for good, or due again at the new end of quiet hours.
   */
  private async decideAgain(tx: Queryable, claimed: ClaimedDelivery[], now: Date): Promise<ClaimedDelivery[]> {
    const stopped = new Set<string>();
    for (const customerId of [...new Set(claimed.map((c) => c.message.customerId))].sort()) {
      const preferences = await lockedPreferences(tx, customerId);
      for (const c of claimed.filter((r) => r.message.customerId === customerId)) {
        const d = await decideAgain(tx, preferences, c.message.id, c.message.topic, c.channel, now);
        if (d.outcome === 'SENT') continue;
        stopped.add(c.id);
        const [set, value] = d.outcome === 'SUPPRESSED' ? ['suppressed_at', now] : ['next_attempt_at', d.deliverAt];
        await tx.query(`UPDATE delivery_outbox SET ${set} = $2, lease_until = NULL WHERE id = $1`, [c.id, value]);
      }
    }
    return claimed.filter((c) => !stopped.has(c.id));
  }

  /**
   * Records the attempt and settles the row: delivered, due again after `retryInMs`, or failed for
   * good. Only a row still open changes (a dispatcher that outlived its lease cannot undo what
   * another settled since): false then, the attempt is recorded all the same.
   */
  async settle(claimed: ClaimedDelivery, outcome: Settled, error?: string, retryInMs = 0): Promise<boolean> {
    const now = this.clock();
    const stored = error?.slice(0, 200) ?? null;
    return this.db.transaction(async (tx) => {
      await tx.query('INSERT INTO delivery_attempts (message_id, channel, attempted_at, outcome, error) VALUES ($1, $2, $3, $4, $5)', [
        claimed.message.id,
        claimed.channel,
        now,
        outcome === 'DELIVERED' ? 'DELIVERED' : 'FAILED',
        stored,
      ]);
      const [set, params] =
        outcome === 'DELIVERED'
          ? ['delivered_at = $2, last_error = NULL', [now]]
          : outcome === 'FAILED'
            ? ['failed_at = $2, last_error = $3', [now, stored]]
            : ['next_attempt_at = $2, last_error = $3', [new Date(now.getTime() + retryInMs), stored]];
      const rows = await tx.query(
        `UPDATE delivery_outbox SET ${set}, attempts = attempts + 1, lease_until = NULL
          WHERE id = $1 AND delivered_at IS NULL AND failed_at IS NULL AND suppressed_at IS NULL RETURNING id`,
        [claimed.id, ...params],
      );
      return rows.length > 0;
    });
  }

  /** The outbox row of a message on a channel (tests, support). */
  async state(
    messageId: string,
    channel: OutboxChannel,
  ): Promise<{ attempts: number; delivered: boolean; failed: boolean; suppressed?: true; lastError?: string } | undefined> {
    const [r] = await this.db.query<{ attempts: unknown; delivered_at: unknown; failed_at: unknown; suppressed_at: unknown; last_error: string | null }>(
      'SELECT attempts, delivered_at, failed_at, suppressed_at, last_error FROM delivery_outbox WHERE message_id = $1 AND channel = $2',
      [messageId, channel],
    );
    if (!r) return undefined;
    return {
      attempts: Number(r.attempts),
      delivered: r.delivered_at != null,
      failed: r.failed_at != null,
      ...(r.suppressed_at != null ? { suppressed: true as const } : {}),
      ...(r.last_error ? { lastError: r.last_error } : {}),
    };
  }

  /** Rows still to send and when the oldest was written (outbox_* gauges, through the partial index). */
  async backlog(): Promise<OutboxBacklog> {
    const [r] = await this.db.query<{ pending: unknown; oldest: unknown }>(
      'SELECT count(*) AS pending, min(created_at) AS oldest FROM delivery_outbox WHERE delivered_at IS NULL AND failed_at IS NULL AND suppressed_at IS NULL',
    );
    const pending = Number(r?.pending ?? 0);
    return pending > 0 && r?.oldest != null ? { pending, oldestCreatedAt: toDate(r.oldest) } : { pending };
  }
}
