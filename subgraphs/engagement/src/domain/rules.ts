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
export type DecisionRule = 'MARKETING_CONSENT' | 'FREQUENCY_CAP' | 'PREFERENCE' | 'CHANNEL_UNAVAILABLE' | 'QUIET_HOURS';

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
}

export const DEFAULT_FREQUENCY_CAPS: FrequencyCaps = Object.freeze({ marketingPerDay: 1, marketingPerWeek: 3 });

export interface RuleInputs {
  trigger: Trigger;
  preferences: Preferences;
  now: Date;
  /** marketing messages that went (or are deferred to go) to this customer in the last 24 h and 7 days */
  recentMarketing: { lastDay: number; lastWeek: number };
  caps: FrequencyCaps;
  /** the channels something can deliver to today (the inbox; push, email and SMS once they exist) */
  available: ReadonlySet<Channel>;
}

export interface Verdict {
  topic: Topic;
  class: NotificationClass;
  decisions: Decision[];
}

/** The rule that stops a message on every channel, whatever the channel preferences say. */
function messageRule(i: RuleInputs, cls: NotificationClass): DecisionRule | undefined {
  if (cls !== 'MARKETING') return undefined;
  if (!i.preferences.marketingConsent) return 'MARKETING_CONSENT';
  if (i.recentMarketing.lastDay >= i.caps.marketingPerDay || i.recentMarketing.lastWeek >= i.caps.marketingPerWeek) return 'FREQUENCY_CAP';
  return undefined;
}

export function decide(i: RuleInputs): Verdict {
  const topic = TRIGGER_TOPIC[i.trigger.kind];
  const cls = TOPIC_CLASS[topic];
  const blocked = messageRule(i, cls);
  // security alerts go at once, whatever the hour
  const until = cls === 'SECURITY' ? undefined : quietUntil(i.now, i.preferences.quietHours, i.preferences.timeZone);
  const decisions = CHANNELS.map((channel): Decision => {
    if (blocked) return { channel, outcome: 'SUPPRESSED', rule: blocked };
    if (!channelEnabled(i.preferences, topic, channel)) return { channel, outcome: 'SUPPRESSED', rule: 'PREFERENCE' };
    if (!i.available.has(channel)) return { channel, outcome: 'SUPPRESSED', rule: 'CHANNEL_UNAVAILABLE' };
    if (until) return { channel, outcome: 'DEFERRED', rule: 'QUIET_HOURS', deliverAt: until };
    return { channel, outcome: 'SENT', deliverAt: i.now };
  });
  return { topic, class: cls, decisions };
}

/** A message counts against the marketing caps when it went, or will go, on any channel. */
export function countsTowardsCaps(decisions: readonly Pick<Decision, 'outcome'>[]): boolean {
  return decisions.some((d) => d.outcome !== 'SUPPRESSED');
}
