// What became of the notifications decided for one customer, channel by channel, for staff
// (Customer.notificationsSent, the call centre's 360° view). Read from what the rules and the
// deliveries already write: the decision on each channel (decisions), the push/email/SMS outbox row
// (delivery_outbox), the in-app inbox row (inbox) and every attempt (delivery_attempts). Two
// queries per page, whatever its size. The body is never read: staff see the title only.
import type { Queryable } from '../../../../lib/db/database';
import { toDate } from '../../../../lib/db/database';
import type { DecisionRule, Outcome } from '../domain/rules';
import type { TriggerKind } from '../domain/triggers';
import { CHANNELS, type Channel, type NotificationClass, type Topic } from '../domain/topics';

export type DeliveryStatus = 'DELIVERED' | 'PENDING' | 'FAILED' | 'SUPPRESSED';

export interface SentKey {
  decidedAtMs: number;
  id: string;
}

export interface ChannelDelivery {
  channel: Channel;
  status: DeliveryStatus;
  /** the decision's rule: what suppressed it, or QUIET_HOURS when it was held */
  rule?: DecisionRule;
  attempts: number;
  deliveredAt?: Date;
}

export interface SentNotification {
  id: string;
  kind: TriggerKind;
  topic: Topic;
  class: NotificationClass;
  title: string;
  decidedAt: Date;
  deliveries: ChannelDelivery[];
  key: SentKey;
}

/** One channel's facts, as the query below reads them. */
export interface DeliveryFacts {
  channel: Channel;
  outcome: Outcome;
  rule?: DecisionRule;
  attempts: number;
  /** the first DELIVERED attempt */
  deliveredAttemptAt?: Date;
  outbox?: { deliveredAt?: Date; failed: boolean; suppressed: boolean };
  inbox?: { visibleAt: Date; released: boolean };
}

/** The status one channel's facts add up to (pure; `now` decides whether an inbox message shows yet). */
export function deliveryOf(f: DeliveryFacts, now: Date): ChannelDelivery {
  const base = { channel: f.channel, attempts: f.attempts, ...(f.rule ? { rule: f.rule } : {}) };
  if (f.outcome === 'SUPPRESSED') return { ...base, status: 'SUPPRESSED' };
  if (f.outbox) {
    // push, email, SMS: the outbox row is settled once, by the dispatcher
    if (f.outbox.deliveredAt) return { ...base, status: 'DELIVERED', deliveredAt: f.outbox.deliveredAt };
    if (f.outbox.failed) return { ...base, status: 'FAILED' };
    // the settings in force when it came due no longer allowed it; no decision rule names that
    if (f.outbox.suppressed) return { channel: f.channel, attempts: f.attempts, status: 'SUPPRESSED' };
    return { ...base, status: 'PENDING' };
  }
  if (f.channel === 'IN_APP') {
    if (f.inbox) {
      const shown = f.inbox.released && f.inbox.visibleAt.getTime() <= now.getTime();
      return shown ? { ...base, status: 'DELIVERED', deliveredAt: f.inbox.visibleAt } : { ...base, status: 'PENDING' };
    }
    // delivered to the inbox, then taken out when quiet hours ended (MessageStore.release)
    if (f.deliveredAttemptAt) return { channel: f.channel, attempts: f.attempts, status: 'SUPPRESSED' };
    return { ...base, status: f.attempts > 0 ? 'FAILED' : 'PENDING' };
  }
  // a delivery made at once, without the outbox: the attempts say it all
  if (f.deliveredAttemptAt) return { ...base, status: 'DELIVERED', deliveredAt: f.deliveredAttemptAt };
  return { ...base, status: f.attempts > 0 ? 'FAILED' : 'PENDING' };
}

interface SentRow extends Record<string, unknown> {
  id: string;
  kind: string;
  topic: string;
  class: string;
  title: string;
  decided_at: unknown;
}

interface FactsRow extends Record<string, unknown> {
  message_id: string;
  channel: string;
  outcome: string;
  rule: string | null;
  attempts: unknown;
  delivered_attempt_at: unknown;
  queued: boolean;
  outbox_delivered_at: unknown;
  outbox_failed: boolean;
  outbox_suppressed: boolean;
  visible_at: unknown;
  released: boolean | null;
}

const channelOrder = (c: Channel) => CHANNELS.indexOf(c);

/** Up to `limit` of the customer's notifications, newest decided first, after `after` when given. */
export async function sentNotifications(db: Queryable, customerId: string, now: Date, limit: number, after?: SentKey): Promise<SentNotification[]> {
  const params: unknown[] = [customerId, limit];
  let below = '';
  if (after) {
    params.push(new Date(after.decidedAtMs), after.id);
    below = 'AND (decided_at, id) < ($3, $4)';
  }
  const messages = await db.query<SentRow>(
    `SELECT id, kind, topic, class, title, decided_at FROM messages
      WHERE customer_id = $1 ${below}
      ORDER BY decided_at DESC, id DESC
      LIMIT $2`,
    params,
  );
  if (messages.length === 0) return [];
  const facts = await db.query<FactsRow>(
    `SELECT d.message_id, d.channel, d.outcome, d.rule,
            (SELECT count(*) FROM delivery_attempts a WHERE a.message_id = d.message_id AND a.channel = d.channel) AS attempts,
            (SELECT min(a.attempted_at) FROM delivery_attempts a
              WHERE a.message_id = d.message_id AND a.channel = d.channel AND a.outcome = 'DELIVERED') AS delivered_attempt_at,
            o.id IS NOT NULL AS queued, o.delivered_at AS outbox_delivered_at,
            o.failed_at IS NOT NULL AS outbox_failed, o.suppressed_at IS NOT NULL AS outbox_suppressed,
            i.visible_at, i.released
       FROM decisions d
       LEFT JOIN delivery_outbox o ON o.message_id = d.message_id AND o.channel = d.channel
       LEFT JOIN inbox i ON i.message_id = d.message_id AND d.channel = 'IN_APP'
      WHERE d.message_id = ANY($1::text[])`,
    [messages.map((m) => m.id)],
  );
  const byMessage = new Map<string, ChannelDelivery[]>();
  for (const r of facts) {
    const f: DeliveryFacts = {
      channel: r.channel as Channel,
      outcome: r.outcome as Outcome,
      ...(r.rule ? { rule: r.rule as DecisionRule } : {}),
      attempts: Number(r.attempts),
      ...(r.delivered_attempt_at != null ? { deliveredAttemptAt: toDate(r.delivered_attempt_at) } : {}),
      ...(r.queued
        ? {
            outbox: {
              ...(r.outbox_delivered_at != null ? { deliveredAt: toDate(r.outbox_delivered_at) } : {}),
              failed: r.outbox_failed,
              suppressed: r.outbox_suppressed,
            },
          }
        : {}),
      ...(r.visible_at != null ? { inbox: { visibleAt: toDate(r.visible_at), released: r.released === true } } : {}),
    };
    const list = byMessage.get(r.message_id) ?? [];
    list.push(deliveryOf(f, now));
    byMessage.set(r.message_id, list);
  }
  return messages.map((m) => {
    const decidedAt = toDate(m.decided_at);
    return {
      id: m.id,
      kind: m.kind as TriggerKind,
      topic: m.topic as Topic,
      class: m.class as NotificationClass,
      title: m.title,
      decidedAt,
      deliveries: (byMessage.get(m.id) ?? []).sort((a, b) => channelOrder(a.channel) - channelOrder(b.channel)),
      key: { decidedAtMs: decidedAt.getTime(), id: m.id },
    };
  });
}
