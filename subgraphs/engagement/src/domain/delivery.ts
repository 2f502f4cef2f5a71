// What the delivery outbox needs of a channel: a provider that sends one message and says whether
// it arrived, may arrive on a later try, or never will; and where a customer is reached on it.
// Email (SMTP), SMS and push (HTTP webhook) implement ChannelProvider in src/adapters; a real SMS
// or push vendor is another implementation, nothing else changes.
import type { Message } from './engine';
import type { Channel } from './topics';

/** The outbox's channels: the inbox is written in the decision's own transaction instead. */
export type OutboxChannel = Exclude<Channel, 'IN_APP'>;
export const OUTBOX_CHANNELS: readonly OutboxChannel[] = Object.freeze(['PUSH', 'EMAIL', 'SMS']);

/**
 * DELIVERED: the provider took it. RETRY: a transient failure (timeout, 429, 5xx, 4xx SMTP reply),
 * tried again after a backoff. REJECTED: it never will be (4xx HTTP, 5xx SMTP, no address), not
 * retried. `error` is a short code (`http-503`, `smtp-550`, `ECONNREFUSED`): never the message's
 * text or the customer's address, since it is stored and logged.
 */
export type SendOutcome = { result: 'DELIVERED' } | { result: 'RETRY'; error: string } | { result: 'REJECTED'; error: string };

export interface ChannelProvider {
  readonly channel: OutboxChannel;
  /** One attempt. Sent again after RETRY or a lost answer: receivers dedupe by `message.id` (and channel). */
  send(message: Message): Promise<SendOutcome>;
  close?(): Promise<void>;
}

/**
 * Where a customer is reached on a channel: an email address, a phone number (E.164), a push
 * token. undefined: not known (email: the message is REJECTED; SMS and push webhooks get the
 * customer id and resolve it themselves).
 */
export interface ContactDirectory {
  addressOf(customerId: string, channel: OutboxChannel): Promise<string | undefined>;
}

/** Sends per minute allowed on each channel, all replicas together (a token bucket per channel). */
export type RateLimits = Readonly<Record<OutboxChannel, number>>;
export const DEFAULT_RATE_LIMITS: RateLimits = Object.freeze({ PUSH: 1200, EMAIL: 600, SMS: 60 });
