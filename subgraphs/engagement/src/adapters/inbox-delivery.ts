// The in-app inbox's delivery. The inbox is a table of engagement's own store, so the store writes
// it with the decision, in the decision's transaction, with its attempt (MessageStore.decideOnce):
// one commit a notification where a decision, then the inbox row, then the attempt took three, which
// on the embedded store is most of the consumer's time (docs/performance.md). Push, email and SMS
// are `queued` deliveries instead (adapters/delivery-dispatcher.ts): the store writes their outbox
// row with the decision and the dispatcher sends it. A message stored visible now also goes to the
// customer's open `notificationAdded` subscriptions (graphql/live-notifications.ts), after the commit.
import type { ChannelDelivery, InboxItem, Message } from '../domain/engine';
import type { MessageStore } from '../db/message-store';

export class InboxDelivery implements ChannelDelivery {
  readonly channel = 'IN_APP' as const;
  readonly withDecision = true;

  constructor(
    private readonly store: MessageStore,
    /** told of each message stored visible now, once committed; never fails the delivery */
    readonly stored: (item: InboxItem) => Promise<void> = async () => undefined,
  ) {}

  /** A replayed decision from before the inbox was written with it: the row on its own. */
  async deliver(message: Message, deliverAt: Date): Promise<void> {
    const item = await this.store.deliverToInbox(message, deliverAt);
    if (item) await this.stored(item);
  }
}
