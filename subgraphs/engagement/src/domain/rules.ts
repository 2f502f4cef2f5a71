// The rules engine: for one trigger and one customer's settings, what happens on every channel.
// Pure: the caller passes the settings, the customer's recent marketing and the clock, and records
// every decision it gets back, suppressed ones with the rule that suppressed them, so "sent
// against a rule" can be counted from the records (it must stay 0).
import { CHANNELS, TOPIC_CLASS, type Channel, type NotificationClass, type Topic } from './topics';
import { TRIGGER_TOPIC, type Trigger } from './triggers';
import { channelEnabled, type Preferences } from './preferences';
import { quietUntil } from './quiet-hours';

export type Outcome = 'SENT' | 'DEFERRED' | 'SUPPRESSED';

/** Why a message did not go now; DEFERRED messages go at `deliverAt`, suppressed ones never. */
export type DecisionRule = 'MARKETING_CONSENT' | 'CAMPAIGN_CAP' | 'FREQUENCY_CAP' | 'PREFERENCE' | 'CHANNEL_UNAVAILABLE' | 'QUIET_HOURS';

export interface Decision {
  channel: Channel;
  outcome: Outcome;
  /** absent exactly when SENT */
  rule?: DecisionRule;
  /** when it goes (or went): now for SENT, the end of the quiet hours for DEFERRED */
  deliverAt?: Date;
}

export interface FrequencyCaps {
  /** marketing messages (any channel counts once) per rolling 24 hours */
  marketingPerDay: number;
  /** ... and per rolling 7 days */
  marketingPerWeek: number;
  /** staff campaigns (CAMPAIGN triggers) per rolling 30 days, on top of the marketing caps (default DEFAULT_CAMPAIGN_CAP) */
  campaignsPer30Days?: number;
}

export const DEFAULT_CAMPAIGN_CAP = 2;

export const DEFAULT_FREQUENCY_CAPS: FrequencyCaps = Object.freeze({ marketingPerDay: 1, marketingPerWeek: 3, campaignsPer30Days: DEFAULT_CAMPAIGN_CAP });

export interface RuleInputs {
  trigger: Trigger;
  preferences: Preferences;
  now: Date;
  /**
   * marketing messages that went (or are deferred to go) to this customer in the last 24 h and 7
   * days, and of them the campaign messages in the last 30 days (absent: none)
   */
  recentMarketing: { lastDay: number; lastWeek: number; campaignsLast30Days?: number };
  caps: FrequencyCaps;
  /** the channels something can deliver to today (the inbox; push, email and SMS once they exist) */
  available: ReadonlySet<Channel>;
}

export interface Verdict {
  topic: Topic;
  class: NotificationClass;
  decisions: Decision[];
}

/** Marketing needs the customer's consent, on every channel, whatever the channel preferences say. */
function consentRule(p: Preferences, cls: NotificationClass): DecisionRule | undefined {
  return cls === 'MARKETING' && !p.marketingConsent ? 'MARKETING_CONSENT' : undefined;
}

/** The rule that stops a message on every channel, whatever the channel preferences say. */
function messageRule(i: RuleInputs, cls: NotificationClass): DecisionRule | undefined {
  if (cls !== 'MARKETING') return undefined;
  const consent = consentRule(i.preferences, cls);
  if (consent) return consent;
  // a campaign's own cap first: staff see which of the two stopped their campaign
  if (i.trigger.kind === 'CAMPAIGN' && (i.recentMarketing.campaignsLast30Days ?? 0) >= (i.caps.campaignsPer30Days ?? DEFAULT_CAMPAIGN_CAP))
    return 'CAMPAIGN_CAP';
  if (i.recentMarketing.lastDay >= i.caps.marketingPerDay || i.recentMarketing.lastWeek >= i.caps.marketingPerWeek) return 'FREQUENCY_CAP';
  return undefined;
}

/** One channel's decision once the message-wide rule (`blocked`) is known. */
function channelDecision(
  p: Preferences,
  topic: Topic,
  channel: Channel,
  now: Date,
  available: ReadonlySet<Channel>,
  blocked: DecisionRule | undefined,
): Decision {
  if (blocked) return { channel, outcome: 'SUPPRESSED', rule: blocked };
  if (!channelEnabled(p, topic, channel)) return { channel, outcome: 'SUPPRESSED', rule: 'PREFERENCE' };
  if (!available.has(channel)) return { channel, outcome: 'SUPPRESSED', rule: 'CHANNEL_UNAVAILABLE' };
  // security alerts go at once, whatever the hour
  const until = TOPIC_CLASS[topic] === 'SECURITY' ? undefined : quietUntil(now, p.quietHours, p.timeZone);
  if (until) return { channel, outcome: 'DEFERRED', rule: 'QUIET_HOURS', deliverAt: until };
  return { channel, outcome: 'SENT', deliverAt: now };
}

export function decide(i: RuleInputs): Verdict {
  const topic = TRIGGER_TOPIC[i.trigger.kind];
  const cls = TOPIC_CLASS[topic];
  const blocked = messageRule(i, cls);
  const decisions = CHANNELS.map((channel) => channelDecision(i.preferences, topic, channel, i.now, i.available, blocked));
  return { topic, class: cls, decisions };
}

/**
 * A message decided to go on `channel` (deferred by quiet hours, or due again after a failed
 * attempt), checked again when it goes out against the settings in force then: consent, the
 * channel preference and quiet hours, as `decide` applies them. Not the frequency cap: the message
 * counted against it when it was decided, and would otherwise count against itself.
 */
export function decideAtRelease(topic: Topic, channel: Channel, preferences: Preferences, now: Date): Decision {
  return channelDecision(preferences, topic, channel, now, new Set([channel]), consentRule(preferences, TOPIC_CLASS[topic]));
}

/** A message counts against the marketing caps when it went, or will go, on any channel. */
export function countsTowardsCaps(decisions: readonly Pick<Decision, 'outcome'>[]): boolean {
  return decisions.some((d) => d.outcome !== 'SUPPRESSED');
}
