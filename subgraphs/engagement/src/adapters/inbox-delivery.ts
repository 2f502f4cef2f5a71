// The first channel delivery: the in-app inbox. Push, email and SMS will implement the same
// ChannelDelivery (through a delivery outbox with retries and per-channel rate limits); the engine
// does not change when they arrive, only the list of deliveries server.ts passes it.
import type { ChannelDelivery, Message } from '../domain/engine';
import type { MessageStore } from '../db/message-store';

export class InboxDelivery implements ChannelDelivery {
  readonly channel = 'IN_APP' as const;

  constructor(private readonly store: MessageStore) {}

  deliver(message: Message, deliverAt: Date): Promise<void> {
    return this.store.deliverToInbox(message, deliverAt);
  }
}
