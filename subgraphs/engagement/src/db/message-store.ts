// Messages, the decisions taken on them, the in-app inbox and every delivery attempt. decideOnce
// runs the rules with the customer's preferences row locked, so concurrent triggers for one
// customer queue there: a frequency cap counted inside the lock cannot be passed by two at once,
// and a trigger id decided already is answered from the record (events arrive at least once).
import type { Database, Queryable } from '../../../../lib/db/database';
import { placeholders, toDate } from '../../../../lib/db/database';
import type { CustomerState, Decided, DecisionStore, InboxItem, InboxKey, Message, Planned } from '../domain/engine';
import { decideAtRelease, type Decision, type DecisionRule, type Outcome } from '../domain/rules';
import { TRIGGER_TOPIC, type Trigger, type TriggerKind } from '../domain/triggers';
import { CHANNELS, type Channel, type NotificationClass, TOPIC_CLASS, type Topic } from '../domain/topics';
import type { Locale, Preferences } from '../domain/preferences';
import type { Direction } from '../domain/templates';
import { lockCustomer, preferencesFrom } from './preferences-store';
import { type SentKey, type SentNotification, sentNotifications } from './sent-notifications';

const DAY_MS = 24 * 3_600_000;
const NO_MARKETING: CustomerState['recentMarketing'] = Object.freeze({ lastDay: 0, lastWeek: 0, campaignsLast30Days: 0 });

export interface MessageRow extends Record<string, unknown> {
  id: string;
  customer_id: string;
  kind: string;
  topic: string;
  class: string;
  title: string;
  body: string;
  locale: string;
  direction: string;
  occurred_at: unknown;
  decided_at: unknown;
}

interface InboxRow extends MessageRow {
  seq: unknown;
  visible_at: unknown;
  read_at: unknown;
}

export type { InboxItem, InboxKey } from '../domain/engine';

export const MESSAGE_COLUMNS = 'm.id, m.customer_id, m.kind, m.topic, m.class, m.title, m.body, m.locale, m.direction, m.occurred_at, m.decided_at';

export function toMessage(r: MessageRow): Message {
  return {
    id: r.id,
    customerId: r.customer_id,
    kind: r.kind as TriggerKind,
    topic: r.topic as Topic,
    class: r.class as NotificationClass,
    title: r.title,
    body: r.body,
    locale: r.locale as Locale,
    direction: r.direction as Direction,
    occurredAt: toDate(r.occurred_at),
    decidedAt: toDate(r.decided_at),
  };
}

function toItem(r: InboxRow): InboxItem {
  const visibleAt = toDate(r.visible_at);
  return {
    ...toMessage(r),
    visibleAt,
    ...(r.read_at ? { readAt: toDate(r.read_at) } : {}),
    key: { visibleAtMs: visibleAt.getTime(), seq: BigInt(String(r.seq)) },
  };
}

async function recentMarketing(tx: Queryable, customerId: string, now: Date): Promise<CustomerState['recentMarketing']> {
  // a marketing message counts once, whatever number of channels it went on; campaign messages
  // (kind CAMPAIGN) also count against the campaign cap over 30 days
  const [row] = await tx.query<{ day: unknown; week: unknown; campaigns: unknown }>(
    `SELECT count(*) FILTER (WHERE m.decided_at > $2) AS day, count(*) FILTER (WHERE m.decided_at > $3) AS week,
            count(*) FILTER (WHERE m.kind = 'CAMPAIGN') AS campaigns
       FROM messages m
      WHERE m.customer_id = $1 AND m.class = 'MARKETING' AND m.decided_at > $5 AND m.decided_at <= $4
        AND EXISTS (SELECT 1 FROM decisions d WHERE d.message_id = m.id AND d.outcome <> 'SUPPRESSED')`,
    [customerId, new Date(now.getTime() - DAY_MS), new Date(now.getTime() - 7 * DAY_MS), now, new Date(now.getTime() - 30 * DAY_MS)],
  );
  return { lastDay: Number(row?.day ?? 0), lastWeek: Number(row?.week ?? 0), campaignsLast30Days: Number(row?.campaigns ?? 0) };
}

async function recorded(tx: Queryable, id: string): Promise<Planned | undefined> {
  const [m] = await tx.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.id = $1`, [id]);
  if (!m) return undefined;
  const rows = await tx.query<{ channel: string; outcome: string; rule: string | null; deliver_at: unknown }>(
    'SELECT channel, outcome, rule, deliver_at FROM decisions WHERE message_id = $1',
    [id],
  );
  // in the engine's channel order, as first decided
  rows.sort((a, b) => CHANNELS.indexOf(a.channel as Channel) - CHANNELS.indexOf(b.channel as Channel));
  const decisions = rows.map((d): Decision => ({
    channel: d.channel as Channel,
    outcome: d.outcome as Outcome,
    ...(d.rule ? { rule: d.rule as DecisionRule } : {}),
    ...(d.deliver_at ? { deliverAt: toDate(d.deliver_at) } : {}),
  }));
  return { message: toMessage(m), decisions };
}

/** The customer's settings in force, with their row locked for this transaction (as decideOnce reads them). */
export async function lockedPreferences(tx: Queryable, customerId: string): Promise<Preferences> {
  return preferencesFrom(tx, await lockCustomer(tx, customerId), customerId);
}

/**
 * A message going out on `channel` now (the end of its quiet hours, or a retry): decided again by
 * the rules against `preferences` (lockedPreferences, in the transaction that releases it), and the
 * decision recorded when it changed: suppressed with the rule, or deferred to the new end of quiet
 * hours. SENT leaves the decision as taken: it goes as decided.
 */
export async function decideAgain(tx: Queryable, preferences: Preferences, messageId: string, topic: Topic, channel: Channel, now: Date): Promise<Decision> {
  const d = decideAtRelease(topic, channel, preferences, now);
  if (d.outcome !== 'SENT') {
    await tx.query('UPDATE decisions SET outcome = $3, rule = $4, deliver_at = $5 WHERE message_id = $1 AND channel = $2', [
      messageId,
      channel,
      d.outcome,
      d.rule ?? null,
      d.deliverAt ?? null,
    ]);
  }
  return d;
}

async function insertAttempt(q: Queryable, messageId: string, channel: Channel, at: Date, error?: string): Promise<void> {
  await q.query('INSERT INTO delivery_attempts (message_id, channel, attempted_at, outcome, error) VALUES ($1, $2, $3, $4, $5)', [
    messageId,
    channel,
    at,
    error ? 'FAILED' : 'DELIVERED',
    error ?? null,
  ]);
}

/** The message in the inbox from `visibleAt`; the item when that is now (released), else undefined (a repeat, or held). */
async function insertInbox(q: Queryable, message: Message, visibleAt: Date): Promise<InboxItem | undefined> {
  const released = visibleAt.getTime() <= message.decidedAt.getTime();
  const [row] = await q.query<{ seq: unknown }>(
    'INSERT INTO inbox (message_id, customer_id, visible_at, released) VALUES ($1, $2, $3, $4) ON CONFLICT (message_id) DO NOTHING RETURNING seq',
    [message.id, message.customerId, visibleAt, released],
  );
  if (!row || !released) return undefined;
  return { ...message, visibleAt, key: { visibleAtMs: visibleAt.getTime(), seq: BigInt(String(row.seq)) } };
}

export class MessageStore implements DecisionStore {
  constructor(private readonly db: Database) {}

  async decideOnce(
    trigger: Trigger,
    now: Date,
    plan: (state: CustomerState) => Planned,
    queued: ReadonlySet<Channel> = new Set(),
    inbox = false,
  ): Promise<Decided> {
    return this.db.transaction(async (tx) => {
      const row = await lockCustomer(tx, trigger.customerId);
      // checked under the lock: the same trigger handled twice at once is decided once
      const before = await recorded(tx, trigger.id);
      if (before) return { planned: before, replayed: true };
      const planned = plan({
        preferences: await preferencesFrom(tx, row, trigger.customerId),
        // only a marketing message is capped (rules.ts): the count is not read for the others
        recentMarketing: TOPIC_CLASS[TRIGGER_TOPIC[trigger.kind]] === 'MARKETING' ? await recentMarketing(tx, trigger.customerId, now) : NO_MARKETING,
      });
      const m = planned.message;
      await tx.query(
        `INSERT INTO messages (id, customer_id, kind, topic, class, title, body, locale, direction, occurred_at, decided_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [m.id, m.customerId, m.kind, m.topic, m.class, m.title, m.body, m.locale, m.direction, m.occurredAt, m.decidedAt],
      );
      // one statement each for the decisions and the queued deliveries, whatever the number of channels
      const decided: unknown[] = [];
      const decisionRows = planned.decisions.map((d) => `(${placeholders(decided, [m.id, d.channel, d.outcome, d.rule ?? null, d.deliverAt ?? null])})`);
      if (decisionRows.length > 0) {
        await tx.query(`INSERT INTO decisions (message_id, channel, outcome, rule, deliver_at) VALUES ${decisionRows.join(', ')}`, decided);
      }
      // with the decision or not at all: a crash after the commit still sends it, one before sends nothing
      const queuedParams: unknown[] = [];
      const queuedRows = planned.decisions
        .filter((d) => d.deliverAt && queued.has(d.channel))
        .map((d) => `(${placeholders(queuedParams, [m.id, d.channel, now, d.deliverAt])})`);
      if (queuedRows.length > 0) {
        await tx.query(`INSERT INTO delivery_outbox (message_id, channel, created_at, next_attempt_at) VALUES ${queuedRows.join(', ')}`, queuedParams);
      }
      const inApp = inbox ? planned.decisions.find((d) => d.channel === 'IN_APP' && d.outcome !== 'SUPPRESSED' && d.deliverAt) : undefined;
      if (!inApp?.deliverAt) return { planned, replayed: false };
      // a failed write rolls the decision back with it: the event is handled again, not left undelivered
      const inboxItem = await insertInbox(tx, m, inApp.deliverAt);
      await insertAttempt(tx, m.id, 'IN_APP', now);
      return { planned, replayed: false, ...(inboxItem ? { inboxItem } : {}) };
    });
  }

  recordAttempt(messageId: string, channel: Channel, at: Date, error?: string): Promise<void> {
    return insertAttempt(this.db, messageId, channel, at, error);
  }

  async deliveredChannels(messageId: string): Promise<ReadonlySet<Channel>> {
    const rows = await this.db.query<{ channel: string }>("SELECT DISTINCT channel FROM delivery_attempts WHERE message_id = $1 AND outcome = 'DELIVERED'", [
      messageId,
    ]);
    return new Set(rows.map((r) => r.channel as Channel));
  }

  /**
   * Puts a message in its customer's inbox, visible from `visibleAt`; a second delivery changes
   * nothing. One held for later (quiet hours) waits unreleased until `release` checks it again.
   * Returns the inbox item when this call stored it visible now (committed: one statement), else
   * undefined (a repeat, or held).
   */
  deliverToInbox(message: Message, visibleAt: Date): Promise<InboxItem | undefined> {
    return insertInbox(this.db, message, visibleAt);
  }

  /**
   * Releases the customer's held inbox messages due by `now`, each decided again against the
   * settings in force (decideAgain) under the customer's lock: shown, taken out as suppressed, or
   * held to the new end of quiet hours. Every read of the inbox runs it first, so none is seen unchecked.
   */
  async release(customerId: string, now: Date): Promise<void> {
    const due =
      'SELECT i.seq, i.message_id, i.visible_at, m.topic FROM inbox i JOIN messages m ON m.id = i.message_id WHERE i.customer_id = $1 AND NOT i.released AND i.visible_at <= $2';
    if ((await this.db.query(`${due} LIMIT 1`, [customerId, now])).length === 0) return;
    await this.db.transaction(async (tx) => {
      const preferences = await lockedPreferences(tx, customerId);
      // read again under the lock: a concurrent release may have settled them
      const rows = await tx.query<{ seq: unknown; message_id: string; visible_at: unknown; topic: string }>(due, [customerId, now]);
      for (const r of rows) {
        // judged when it was due to show, not when it is read: quiet hours moved over that moment
        // hold it to their new end, which may itself have passed by now
        let at = toDate(r.visible_at);
        let d = await decideAgain(tx, preferences, r.message_id, r.topic as Topic, 'IN_APP', at);
        for (let i = 0; i < 3 && d.outcome === 'DEFERRED' && d.deliverAt && d.deliverAt <= now; i++) {
          at = d.deliverAt;
          d = await decideAgain(tx, preferences, r.message_id, r.topic as Topic, 'IN_APP', at);
        }
        if (d.outcome === 'SUPPRESSED') await tx.query('DELETE FROM inbox WHERE seq = $1', [String(r.seq)]);
        else if (d.outcome === 'DEFERRED') await tx.query('UPDATE inbox SET visible_at = $2 WHERE seq = $1', [String(r.seq), d.deliverAt]);
        else await tx.query('UPDATE inbox SET released = true, visible_at = $2 WHERE seq = $1', [String(r.seq), at]);
      }
    });
  }

  /** Up to `limit` inbox items visible at `now`, newest first, after `after` when given. */
  async inbox(customerId: string, now: Date, limit: number, after?: InboxKey): Promise<InboxItem[]> {
    await this.release(customerId, now);
    const params: unknown[] = [customerId, now, limit];
    let below = '';
    if (after) {
      params.push(new Date(after.visibleAtMs), after.seq.toString());
      below = 'AND (i.visible_at, i.seq) < ($4, $5::bigint)';
    }
    const rows = await this.db.query<InboxRow>(
      `SELECT ${MESSAGE_COLUMNS}, i.seq, i.visible_at, i.read_at
         FROM inbox i JOIN messages m ON m.id = i.message_id
        WHERE i.customer_id = $1 AND i.released AND i.visible_at <= $2 ${below}
        ORDER BY i.visible_at DESC, i.seq DESC
        LIMIT $3`,
      params,
    );
    return rows.map(toItem);
  }

  async unreadCount(customerId: string, now: Date): Promise<number> {
    await this.release(customerId, now);
    const [row] = await this.db.query<{ n: unknown }>(
      'SELECT count(*) AS n FROM inbox WHERE customer_id = $1 AND released AND read_at IS NULL AND visible_at <= $2',
      [customerId, now],
    );
    return Number(row?.n ?? 0);
  }

  /**
   * Marks the customer's visible unread messages read: the ones named, or every one up to and
   * including `upTo` going back in time (it and everything older). Ids of other customers' messages change nothing. Returns how
   * many were marked, or undefined when `upTo` is not one of the customer's visible messages.
   */
  async markRead(customerId: string, now: Date, which: { ids: readonly string[] } | { upTo: string }): Promise<number | undefined> {
    await this.release(customerId, now);
    if ('ids' in which) {
      const rows = await this.db.query(
        'UPDATE inbox SET read_at = $3 WHERE customer_id = $1 AND message_id = ANY($2::text[]) AND released AND read_at IS NULL AND visible_at <= $3 RETURNING seq',
        [customerId, [...which.ids], now],
      );
      return rows.length;
    }
    const [at] = await this.db.query<{ seq: unknown; visible_at: unknown }>(
      'SELECT seq, visible_at FROM inbox WHERE customer_id = $1 AND message_id = $2 AND released AND visible_at <= $3',
      [customerId, which.upTo, now],
    );
    if (!at) return undefined;
    const rows = await this.db.query(
      `UPDATE inbox SET read_at = $2 WHERE customer_id = $1 AND released AND read_at IS NULL AND visible_at <= $2
          AND (visible_at, seq) <= ($3, $4::bigint) RETURNING seq`,
      [customerId, now, toDate(at.visible_at), String(at.seq)],
    );
    return rows.length;
  }

  /** The customer's notifications and what became of each on every channel, for staff (db/sent-notifications.ts). */
  sent(customerId: string, now: Date, limit: number, after?: SentKey): Promise<SentNotification[]> {
    return sentNotifications(this.db, customerId, now, limit, after);
  }

  /** Every delivery attempt of a message, oldest first. */
  async attempts(messageId: string): Promise<Array<{ channel: Channel; outcome: 'DELIVERED' | 'FAILED'; error?: string }>> {
    const rows = await this.db.query<{ channel: string; outcome: string; error: string | null }>(
      'SELECT channel, outcome, error FROM delivery_attempts WHERE message_id = $1 ORDER BY id',
      [messageId],
    );
    return rows.map((r) => ({ channel: r.channel as Channel, outcome: r.outcome as 'DELIVERED' | 'FAILED', ...(r.error ? { error: r.error } : {}) }));
  }
}
