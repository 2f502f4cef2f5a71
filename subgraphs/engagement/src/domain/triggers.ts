// What can start a notification. The event consumer (lib/events) turns a booked transaction, a card
// purchase, a points change or an activated offer into one of these and calls
// NotificationEngine.handle; nothing else about events is known here. `id` is the event's own id:
// the engine decides once per id, so an event delivered twice notifies once. The id has the shape of
// a notification id (lib/input-bounds.ts), since it becomes one.
import { isCustomerId } from '../../../../lib/customer-id';
import type { Money } from '../../../../lib/money';
import type { Topic } from './topics';
import type { CampaignMessage } from './campaign';
import type { FeedbackKind, FeedbackMomentType } from './feedback';

interface TriggerBase {
  /** stable per event (the outbox message or stream entry id): the engine's idempotency key */
  id: string;
  customerId: string;
  occurredAt: Date;
}

export type Trigger = TriggerBase &
  (
    | { kind: 'CASHBACK_EARNED'; amount: Money; merchantName: string }
    | { kind: 'MONEY_RECEIVED'; amount: Money; fromName?: string; salary: boolean }
    | { kind: 'LOW_BALANCE'; balance: Money; threshold: Money }
    // cardLast4 absent: the event named the card by its core id only (CardPurchaseRecorded carries no PAN digits)
    | { kind: 'SECURITY_CARD_USE'; amount: Money; cardLast4?: string; reason: 'LARGE' | 'FOREIGN'; country?: string }
    | { kind: 'POINTS_EXPIRING'; points: bigint; expiresOn: string }
    | { kind: 'PARTNER_REWARD_IN_REACH'; partnerName: string; rewardTitle: string; pointsShort: bigint }
    | { kind: 'RETENTION' }
    // a staff campaign (domain/campaign.ts): the words are the campaign's own, one text per locale
    | { kind: 'CAMPAIGN'; campaignId: string; message: CampaignMessage }
    // a feedback request (domain/feedback.ts): the id is the request's, so one moment asks once
    | { kind: 'FEEDBACK_REQUEST'; feedbackKind: FeedbackKind; moment: FeedbackMomentType }
  );

export type TriggerKind = Trigger['kind'];

export const TRIGGER_KINDS: readonly TriggerKind[] = Object.freeze([
  'CASHBACK_EARNED',
  'MONEY_RECEIVED',
  'LOW_BALANCE',
  'SECURITY_CARD_USE',
  'POINTS_EXPIRING',
  'PARTNER_REWARD_IN_REACH',
  'RETENTION',
  'CAMPAIGN',
  'FEEDBACK_REQUEST',
]);

/** The topic each trigger is filed under; its class follows from the topic (topics.ts). */
export const TRIGGER_TOPIC: Readonly<Record<TriggerKind, Topic>> = Object.freeze({
  CASHBACK_EARNED: 'REWARDS',
  MONEY_RECEIVED: 'TRANSACTIONS',
  LOW_BALANCE: 'SERVICE',
  SECURITY_CARD_USE: 'SECURITY',
  POINTS_EXPIRING: 'REWARDS',
  PARTNER_REWARD_IN_REACH: 'MARKETING',
  // a "we miss you" message sells the bank's products: marketing, consent and cap included
  RETENTION: 'MARKETING',
  // a campaign sells: marketing consent and caps apply, and the campaign cap on top (rules.ts)
  CAMPAIGN: 'MARKETING',
  // asking how a contact, a transfer or a redemption went sells nothing: a service message (no
  // consent or marketing caps), which the customer can still turn off per channel like any service topic
  FEEDBACK_REQUEST: 'SERVICE',
});

const TRIGGER_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
const CARD_LAST4 = /^[0-9]{4}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Why a trigger cannot be handled (a broken producer), or undefined when it can. */
export function invalidTrigger(t: Trigger): string | undefined {
  if (!TRIGGER_ID.test(t.id)) return 'id';
  if (!isCustomerId(t.customerId)) return 'customerId';
  if (Number.isNaN(t.occurredAt.getTime())) return 'occurredAt';
  switch (t.kind) {
    case 'SECURITY_CARD_USE':
      return t.cardLast4 === undefined || CARD_LAST4.test(t.cardLast4) ? undefined : 'cardLast4';
    case 'POINTS_EXPIRING':
      return DAY.test(t.expiresOn) && t.points > 0n ? undefined : 'points or expiresOn';
    case 'PARTNER_REWARD_IN_REACH':
      return t.pointsShort > 0n ? undefined : 'pointsShort';
    case 'LOW_BALANCE':
      return t.balance.currency === t.threshold.currency && t.balance.minor < t.threshold.minor ? undefined : 'balance not below threshold';
    case 'CAMPAIGN':
      return campaignMessageComplete(t.message) ? undefined : 'message';
    default:
      return undefined;
  }
}

/** Every locale's title and body present: a campaign is never sent half-written. */
function campaignMessageComplete(m: CampaignMessage): boolean {
  return [m.en, m.fa].every((w) => typeof w?.title === 'string' && w.title.trim() !== '' && typeof w.body === 'string' && w.body.trim() !== '');
}
