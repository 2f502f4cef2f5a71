// The oracle of npm run eval:notifications: given each customer's settings as the evaluation chose
// them (not as the store holds them), the trigger kind of each message and the list of messages
// that went out, which deliveries broke a rule. Written apart from the engine on purpose: its
// topic, default and quiet-hours tables restate docs/engagement.md, so a slip in
// subgraphs/engagement/src/domain shows up here instead of being repeated.
import type { TriggerKind } from '../../subgraphs/engagement/src/domain/triggers';

const DAY_MS = 86_400_000;

export const ORACLE_CHANNELS = ['IN_APP', 'PUSH', 'EMAIL', 'SMS'] as const;
export type OracleChannel = (typeof ORACLE_CHANNELS)[number];
export type OracleTopic = 'TRANSACTIONS' | 'SECURITY' | 'REWARDS' | 'SERVICE' | 'MARKETING';

/** docs/engagement.md "Topics and classes": the topic of each trigger. */
export const TOPIC_OF: Readonly<Record<TriggerKind, OracleTopic>> = {
  CASHBACK_EARNED: 'REWARDS',
  POINTS_EXPIRING: 'REWARDS',
  MONEY_RECEIVED: 'TRANSACTIONS',
  LOW_BALANCE: 'SERVICE',
  SECURITY_CARD_USE: 'SECURITY',
  PARTNER_REWARD_IN_REACH: 'MARKETING',
  RETENTION: 'MARKETING',
  CAMPAIGN: 'MARKETING',
  FEEDBACK_REQUEST: 'SERVICE',
};

/** ... and where each topic goes for a customer who never chose. */
export const ON_UNTIL_CHOSEN: Readonly<Record<OracleTopic, readonly OracleChannel[]>> = {
  TRANSACTIONS: ['IN_APP', 'PUSH'],
  SECURITY: ['IN_APP', 'PUSH', 'EMAIL', 'SMS'],
  REWARDS: ['IN_APP', 'PUSH'],
  SERVICE: ['IN_APP', 'PUSH', 'EMAIL'],
  MARKETING: ['IN_APP'],
};

/** The caps the evaluation runs the engine with, and the oracle checks against (the documented defaults). */
export const EVAL_CAPS = Object.freeze({ marketingPerDay: 1, marketingPerWeek: 3, campaignsPer30Days: 2 });

export interface OracleCaps {
  /** marketing messages (campaigns included) per rolling 24 hours ... */
  marketingPerDay: number;
  /** ... and 7 days */
  marketingPerWeek: number;
  /** CAMPAIGN messages per rolling 30 days, on top of the two above */
  campaignsPer30Days: number;
}

/** A simulated customer's notification settings for the whole month. */
export interface SimCustomer {
  customerId: string;
  timeZone: string;
  quietHours?: { start: string; end: string };
  locale: 'en' | 'fa';
  marketingConsent: boolean;
  /** explicit choices, "TOPIC/CHANNEL" -> enabled */
  choices: ReadonlyMap<string, boolean>;
}

/** One message that went out on one channel. */
export interface SentMessage {
  messageId: string;
  customerId: string;
  channel: OracleChannel;
  /** when it reached the customer: the decision, or the end of the quiet hours it waited for */
  sentAt: Date;
}

/** A customer changing their settings during the month: from `at` on, `settings` are in force. */
export interface SettingsChange {
  customerId: string;
  at: Date;
  settings: SimCustomer;
}

/** The settings in force for a customer at `at`: the last change at or before it, else the month's first. */
function settingsAt(customers: ReadonlyMap<string, SimCustomer>, changes: ReadonlyMap<string, readonly SettingsChange[]>, customerId: string, at: Date) {
  let c = customers.get(customerId);
  for (const ch of changes.get(customerId) ?? []) if (ch.at.getTime() <= at.getTime()) c = ch.settings;
  return c;
}

export type OracleRule = 'channelOff' | 'marketingWithoutConsent' | 'quietHours' | 'frequencyCap' | 'campaignCap';
export const ORACLE_RULES: readonly OracleRule[] = ['channelOff', 'marketingWithoutConsent', 'quietHours', 'frequencyCap', 'campaignCap'];

function oracleChannelOn(c: SimCustomer, topic: OracleTopic, channel: OracleChannel): boolean {
  // a security alert in the app cannot be turned off (docs: NOTIFICATION_PREFERENCE_LOCKED)
  if (topic === 'SECURITY' && channel === 'IN_APP') return true;
  return c.choices.get(`${topic}/${channel}`) ?? ON_UNTIL_CHOSEN[topic].includes(channel);
}

const hourMinute = new Map<string, Intl.DateTimeFormat>();
function localMinute(at: Date, zone: string): number {
  let f = hourMinute.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
    hourMinute.set(zone, f);
  }
  const parts = f.formatToParts(at);
  return Number(parts.find((p) => p.type === 'hour')?.value) * 60 + Number(parts.find((p) => p.type === 'minute')?.value);
}

function inQuietHours(c: SimCustomer, at: Date): boolean {
  if (!c.quietHours) return false;
  const [sh, sm] = c.quietHours.start.split(':').map(Number);
  const [eh, em] = c.quietHours.end.split(':').map(Number);
  const start = (sh ?? 0) * 60 + (sm ?? 0);
  const end = (eh ?? 0) * 60 + (em ?? 0);
  const m = localMinute(at, c.timeZone);
  return start <= end ? m >= start && m < end : m >= start || m < end;
}

/**
 * The deliveries of `sent` that break a rule, by rule, against the settings in force when each went
 * out (`changes` in time order). A marketing message is over the cap when it
 * reached the customer while more than the cap of marketing messages (counted once each, at the
 * first channel that reached them) had reached them in the rolling 24 hours or 7 days up to it; a
 * campaign message is over the campaign cap when more than that many campaign messages (counted
 * the same way) had reached them in the rolling 30 days up to it.
 */
export function checkAgainstRules(
  customers: ReadonlyMap<string, SimCustomer>,
  kinds: ReadonlyMap<string, TriggerKind>,
  sent: readonly SentMessage[],
  changes: readonly SettingsChange[] = [],
  caps: OracleCaps = EVAL_CAPS,
): Record<OracleRule, SentMessage[]> {
  const changesOf = new Map<string, SettingsChange[]>();
  for (const ch of changes) changesOf.set(ch.customerId, [...(changesOf.get(ch.customerId) ?? []), ch]);
  const out: Record<OracleRule, SentMessage[]> = { channelOff: [], marketingWithoutConsent: [], quietHours: [], frequencyCap: [], campaignCap: [] };
  const firstReached = new Map<string, { customerId: string; at: number }>();
  for (const s of sent) {
    const c = settingsAt(customers, changesOf, s.customerId, s.sentAt);
    const kind = kinds.get(s.messageId);
    if (!c || !kind) throw new Error(`oracle: message ${s.messageId} for an unknown customer or trigger`);
    const topic = TOPIC_OF[kind];
    if (!oracleChannelOn(c, topic, s.channel)) out.channelOff.push(s);
    if (topic === 'MARKETING' && !c.marketingConsent) out.marketingWithoutConsent.push(s);
    if (topic !== 'SECURITY' && inQuietHours(c, s.sentAt)) out.quietHours.push(s);
    if (topic === 'MARKETING') {
      const seen = firstReached.get(s.messageId);
      if (!seen || s.sentAt.getTime() < seen.at) firstReached.set(s.messageId, { customerId: s.customerId, at: s.sentAt.getTime() });
    }
  }
  const byCustomer = new Map<string, Array<{ id: string; at: number; campaign: boolean }>>();
  for (const [id, m] of firstReached) {
    const list = byCustomer.get(m.customerId) ?? [];
    list.push({ id, at: m.at, campaign: kinds.get(id) === 'CAMPAIGN' });
    byCustomer.set(m.customerId, list);
  }
  const overCap = new Set<string>();
  const overCampaignCap = new Set<string>();
  for (const list of byCustomer.values()) {
    list.sort((a, b) => a.at - b.at);
    list.forEach((m, i) => {
      const within = (span: number, campaignsOnly = false) => list.slice(0, i + 1).filter((o) => o.at > m.at - span && (!campaignsOnly || o.campaign)).length;
      if (within(DAY_MS) > caps.marketingPerDay || within(7 * DAY_MS) > caps.marketingPerWeek) overCap.add(m.id);
      if (m.campaign && within(30 * DAY_MS, true) > caps.campaignsPer30Days) overCampaignCap.add(m.id);
    });
  }
  out.frequencyCap = sent.filter((s) => overCap.has(s.messageId));
  out.campaignCap = sent.filter((s) => overCampaignCap.has(s.messageId));
  return out;
}
