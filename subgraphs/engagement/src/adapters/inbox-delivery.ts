// The in-app inbox's delivery, written right after the decision. Push, email and SMS are `queued`
// deliveries instead (adapters/delivery-dispatcher.ts): the store writes their outbox row with the
// decision and the dispatcher sends it. A message stored visible now also goes to the customer's
// open `notificationAdded` subscriptions (graphql/live-notifications.ts), once the insert committed.
import type { ChannelDelivery, Message } from '../domain/engine';
import type { InboxItem, MessageStore } from '../db/message-store';

export class InboxDelivery implements ChannelDelivery {
  readonly channel = 'IN_APP' as const;

  constructor(
    private readonly store: MessageStore,
    /** told of each message this delivery stored visible now; never fails the delivery */
    private readonly stored: (item: InboxItem) => Promise<void> = async () => undefined,
  ) {}

  async deliver(message: Message, deliverAt: Date): Promise<void> {
    const item = await this.store.deliverToInbox(message, deliverAt);
    if (item) await this.stored(item);
  }
}
