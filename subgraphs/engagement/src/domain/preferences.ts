// A customer's notification settings as the rules read them: defaults for everything the customer
// never set, their own choice for everything they did.
import { CHANNELS, defaultEnabled, isLocked, TOPIC_CLASS, TOPICS, type Channel, type NotificationClass, type Topic } from './topics';
import type { QuietHours } from './quiet-hours';

export const LOCALES = ['en', 'fa'] as const;
export type Locale = (typeof LOCALES)[number];

export interface Preferences {
  customerId: string;
  /** explicit choices only; absent pairs keep their default */
  channels: ReadonlyMap<string, boolean>;
  quietHours?: QuietHours;
  /** IANA name; UTC until the customer sets their own */
  timeZone: string;
  locale: Locale;
  marketingConsent: boolean;
  /** number of recorded changes; 0 for a customer who never changed anything */
  version: number;
  updatedAt?: Date;
}

export const pairKey = (topic: Topic, channel: Channel) => `${topic}/${channel}`;

export function defaultPreferences(customerId: string): Preferences {
  return { customerId, channels: new Map(), timeZone: 'UTC', locale: 'en', marketingConsent: false, version: 0 };
}

export function channelEnabled(p: Preferences, topic: Topic, channel: Channel): boolean {
  if (isLocked(topic, channel)) return true;
  return p.channels.get(pairKey(topic, channel)) ?? defaultEnabled(topic, channel);
}

export interface ChannelPreference {
  topic: Topic;
  channel: Channel;
  class: NotificationClass;
  enabled: boolean;
  locked: boolean;
}

/** Every topic x channel pair with what is in force, in a stable order. */
export function channelGrid(p: Preferences): ChannelPreference[] {
  return TOPICS.flatMap((topic) =>
    CHANNELS.map((channel) => ({ topic, channel, class: TOPIC_CLASS[topic], enabled: channelEnabled(p, topic, channel), locked: isLocked(topic, channel) })),
  );
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** What a preference change recorded in the audit trail says (one kind per mutation). */
export type PreferenceChange =
  | { kind: 'CHANNEL'; topic: Topic; channel: Channel; enabled: boolean }
  | { kind: 'QUIET_HOURS'; quietHours: QuietHours | null; timeZone: string }
  | { kind: 'MARKETING_CONSENT'; granted: boolean }
  | { kind: 'LOCALE'; locale: Locale }
  /** `accountId` null: the alert for all accounts; `threshold` null: the alert cleared */
  | { kind: 'LOW_BALANCE_ALERT'; accountId: string | null; threshold: { amountMinor: string; currency: string } | null };

export interface PreferenceAuditEntry {
  version: number;
  change: PreferenceChange;
  /** the channel the customer made the change through (web, mobile) */
  via: string;
  recordedAt: Date;
}
