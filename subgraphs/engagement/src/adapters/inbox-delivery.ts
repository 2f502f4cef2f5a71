// The in-app inbox's delivery, written right after the decision. Push, email and SMS are `queued`
// deliveries instead (adapters/delivery-dispatcher.ts): the store writes their outbox row with the
// decision and the dispatcher sends it.
import type { ChannelDelivery, Message } from '../domain/engine';
import type { MessageStore } from '../db/message-store';

export class InboxDelivery implements ChannelDelivery {
  readonly channel = 'IN_APP' as const;

  constructor(private readonly store: MessageStore) {}

  deliver(message: Message, deliverAt: Date): Promise<void> {
    return this.store.deliverToInbox(message, deliverAt);
  }
}
