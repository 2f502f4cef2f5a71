// What a notification is about (topic), which rules it falls under (class), and where it can go
// (channel), with the defaults a customer starts from. The class decides the hard rules: security
// messages ignore quiet hours and cannot be switched off in the app's inbox, marketing needs
// consent and is frequency-capped, service messages follow preferences and quiet hours only.

export const TOPICS = ['TRANSACTIONS', 'SECURITY', 'REWARDS', 'SERVICE', 'MARKETING'] as const;
export type Topic = (typeof TOPICS)[number];

export const CHANNELS = ['IN_APP', 'PUSH', 'EMAIL', 'SMS'] as const;
export type Channel = (typeof CHANNELS)[number];

export type NotificationClass = 'SERVICE' | 'SECURITY' | 'MARKETING';

export const TOPIC_CLASS: Readonly<Record<Topic, NotificationClass>> = Object.freeze({
  TRANSACTIONS: 'SERVICE',
  SECURITY: 'SECURITY',
  REWARDS: 'SERVICE',
  SERVICE: 'SERVICE',
  MARKETING: 'MARKETING',
});

/**
 * Where each topic goes until the customer says otherwise. Marketing starts in the inbox only
 * (and only ever with consent); security starts on every channel: a card used abroad must reach
 * the customer where they look first.
 */
const DEFAULT_ON: Readonly<Record<Topic, readonly Channel[]>> = Object.freeze({
  TRANSACTIONS: ['IN_APP', 'PUSH'],
  SECURITY: ['IN_APP', 'PUSH', 'EMAIL', 'SMS'],
  REWARDS: ['IN_APP', 'PUSH'],
  SERVICE: ['IN_APP', 'PUSH', 'EMAIL'],
  MARKETING: ['IN_APP'],
});

export function defaultEnabled(topic: Topic, channel: Channel): boolean {
  return DEFAULT_ON[topic].includes(channel);
}

/** A preference the customer cannot turn off: security alerts always reach the inbox. */
export function isLocked(topic: Topic, channel: Channel): boolean {
  return TOPIC_CLASS[topic] === 'SECURITY' && channel === 'IN_APP';
}

export function isTopic(value: unknown): value is Topic {
  return typeof value === 'string' && (TOPICS as readonly string[]).includes(value);
}

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}
