// `Subscription.notificationAdded`: the customer's new inbox messages as they are stored, through
// the live feed (lib/live-feed.ts) on the topic of that customer. The payload is the inbox item as
// JSON; the Notification resolvers read it as they read a stored one.
import type { LiveFeed } from '../../../../lib/live-feed';
import type { Logger } from '../../../../lib/logger';
import { appError } from '../../../../lib/errors';
import type { Caller } from '../../../../lib/internal-auth';
import type { InboxItem } from '../db/message-store';
import type { Message } from '../domain/engine';

export const notificationTopic = (customerId: string) => `engagement:notifications:${customerId}`;

/** An inbox item as it travels: dates as ISO strings, the inbox position's seq as a string. */
type Published = Omit<Message, 'occurredAt' | 'decidedAt'> & { occurredAt: string; decidedAt: string; visibleAt: string; seq: string };

/** What InboxDelivery calls once an item is stored: best effort, a feed that fails never fails the delivery. */
export function publishNotifications(feed: LiveFeed, log: Logger) {
  return async (item: InboxItem): Promise<void> => {
    const { key, readAt: _readAt, ...message } = item;
    const payload: Published = {
      ...message,
      occurredAt: item.occurredAt.toISOString(),
      decidedAt: item.decidedAt.toISOString(),
      visibleAt: item.visibleAt.toISOString(),
      seq: key.seq.toString(),
    };
    await feed.publish(notificationTopic(item.customerId), payload).catch((err: unknown) => {
      log.warn({ err: err instanceof Error ? err.message : String(err) }, 'live feed: notification not published');
    });
  };
}

export function inboxItemOf(p: Published): InboxItem {
  const visibleAt = new Date(p.visibleAt);
  const { seq, ...message } = p;
  return {
    ...message,
    occurredAt: new Date(p.occurredAt),
    decidedAt: new Date(p.decidedAt),
    visibleAt,
    key: { visibleAtMs: visibleAt.getTime(), seq: BigInt(seq) },
  };
}

/** The signed-in customer's own notifications only: staff, partner apps and services have no inbox to follow. */
function subscriberOf(caller: Caller): string {
  if (!caller.customerId) throw appError('FORBIDDEN', 'Only a customer can follow their notifications.');
  return caller.customerId;
}

export const notificationAdded = {
  subscribe: async (_root: unknown, _args: unknown, ctx: { caller: Caller; live: LiveFeed }) => {
    const subscription = ctx.live.subscribe(notificationTopic(subscriberOf(ctx.caller)));
    await subscription.ready;
    return subscription;
  },
  resolve: (payload: unknown) => inboxItemOf(payload as Published),
};
