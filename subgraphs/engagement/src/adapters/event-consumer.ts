// Engagement's consumer on the event backbone (docs/events.md, docs/engagement.md "Event triggers"):
// events become triggers for NotificationEngine.handle. The engine decides once per trigger id, and a
// trigger's id is its event's id (with a suffix when one event gives two triggers), so a redelivered
// event notifies once without a processOnce of its own. Without REDIS_URL it reads the producers'
// logs (accounts, loyalty, offers) at their service URLs, with its position in engagement's store.
import type { Database } from '../../../../lib/db/database';
import { money, type Money } from '../../../../lib/money';
import { type ConsumerSource, type DomainEvent, type EventType, type RunningConsumer, startStoreConsumer } from '../../../../lib/events';
import type { NotificationEngine } from '../domain/engine';
import type { Trigger } from '../domain/triggers';
import { lowBalanceTrigger, type LowBalanceAlert } from '../domain/low-balance';
import type { PreferencesStore } from '../db/preferences-store';
import { DEFAULT_IN_REACH_SHARE_BP, rewardInReachTrigger, type RewardOffer } from '../domain/reward-in-reach';
import { type RewardCatalogue, rewardsReader } from './partner-rewards';
import type { CustomerFactsStore } from '../db/customer-facts';
import type { FeedbackMoment } from '../domain/feedback';
import type { FeedbackRequester } from './feedback-requests';

/** The consumer group: every engagement replica shares its events (Redis); one process reads them (embedded). */
export const ENGAGEMENT_GROUP = 'engagement-notifications';
/** What the mapping turns into triggers and the customer facts keep; the other types are not read at all. */
export const CONSUMED_TYPES: readonly EventType[] = Object.freeze([
  'CardPurchaseRecorded',
  'TransactionBooked',
  'CardPurchaseReversed',
  'PointsChanged',
  'PointsExpiring',
]);

export interface TriggerSettings {
  /** a card purchase in another currency is foreign (ENGAGEMENT_HOME_CURRENCY) */
  homeCurrency: string;
  /** a purchase in the home currency of at least this is large (ENGAGEMENT_LARGE_CARD_USE) */
  largeCardUse: Money;
  /** a reward is within reach from this share of its cost, as basis points (ENGAGEMENT_REWARD_IN_REACH_SHARE; default 9000 = 0.9) */
  rewardInReachShareBp?: number;
}

/** Credit transfers received (ISO bank transaction family RCDT): salary when the sub-family is SALA. */
const RECEIVED_CREDIT = /^PMNT\/RCDT(\/|$)/;

/**
 * The triggers of one event, none when it concerns no customer or nothing worth telling:
 * - CardPurchaseRecorded: CASHBACK_EARNED when it earned cash back, and SECURITY_CARD_USE when it
 *   was large or in a foreign currency (id `<event id>:security`);
 * - TransactionBooked: MONEY_RECEIVED for a received credit transfer (salary or incoming transfer);
 *   LOW_BALANCE (id `<event id>:low-balance`) for a debit whose balance after it crossed the
 *   customer's threshold (`alerts`: the customer's low-balance alerts, read only for such events);
 * - PointsExpiring: POINTS_EXPIRING (loyalty's warning pass, one per customer and expiry date);
 * - PointsChanged: PARTNER_REWARD_IN_REACH (id `<event id>:reward-in-reach`) when a gain brought a
 *   partner reward within reach (`rewards`: partners' catalogue, read only for gains; empty when
 *   partners could not answer, and then nothing is told).
 */
export function triggersOf(
  event: DomainEvent,
  settings: TriggerSettings,
  alerts: readonly LowBalanceAlert[] = [],
  rewards: readonly RewardOffer[] = [],
): Trigger[] {
  const customerId = event.customerId;
  if (!customerId) return [];
  const base = { customerId, occurredAt: new Date(event.occurredAt) };
  switch (event.type) {
    case 'CardPurchaseRecorded': {
      const p = (event as DomainEvent<'CardPurchaseRecorded'>).payload;
      const out: Trigger[] = [];
      const cashBack = money(BigInt(p.cashBack.amountMinor), p.cashBack.currency);
      if (cashBack.minor > 0n) out.push({ ...base, id: event.id, kind: 'CASHBACK_EARNED', amount: cashBack, merchantName: p.merchant.name ?? p.merchant.id });
      const amount = money(BigInt(p.amount.amountMinor), p.amount.currency);
      const foreign = amount.currency !== settings.homeCurrency;
      const large = !foreign && amount.minor >= settings.largeCardUse.minor;
      if (foreign || large) out.push({ ...base, id: `${event.id}:security`, kind: 'SECURITY_CARD_USE', amount, reason: foreign ? 'FOREIGN' : 'LARGE' });
      return out;
    }
    case 'TransactionBooked': {
      const p = (event as DomainEvent<'TransactionBooked'>).payload;
      const minor = BigInt(p.amountMinor);
      if (minor < 0n) {
        if (p.balanceAfterMinor === undefined || p.coreAccountId === undefined) return [];
        const low = lowBalanceTrigger(
          {
            eventId: `${event.id}:low-balance`,
            customerId,
            occurredAt: base.occurredAt,
            accountId: p.coreAccountId,
            amount: money(minor, p.currency),
            balanceAfter: money(BigInt(p.balanceAfterMinor), p.currency),
          },
          alerts,
        );
        return low ? [low] : [];
      }
      if (minor === 0n || !p.bookingCode || !RECEIVED_CREDIT.test(p.bookingCode)) return [];
      return [{ ...base, id: event.id, kind: 'MONEY_RECEIVED', amount: money(minor, p.currency), salary: p.bookingCode.endsWith('/SALA') }];
    }
    case 'PointsExpiring': {
      const p = (event as DomainEvent<'PointsExpiring'>).payload;
      return [{ ...base, id: event.id, kind: 'POINTS_EXPIRING', points: BigInt(p.points), expiresOn: p.expiresOn }];
    }
    case 'PointsChanged': {
      const p = (event as DomainEvent<'PointsChanged'>).payload;
      const gain = { eventId: event.id, customerId, occurredAt: base.occurredAt, delta: BigInt(p.delta), balance: BigInt(p.balance) };
      const inReach = rewardInReachTrigger(gain, rewards, settings.rewardInReachShareBp ?? DEFAULT_IN_REACH_SHARE_BP);
      return inReach ? [inReach] : [];
    }
    default:
      return [];
  }
}

/** Outgoing credit transfers (ISO bank transaction family ICDT, issued credit transfers). */
const ISSUED_CREDIT = /^PMNT\/ICDT(\/|$)/;

/**
 * The feedback moment of an event (domain/feedback.ts), if it is one: a completed outgoing credit
 * transfer (TransactionBooked, PMNT/ICDT, a debit) or a redemption (PointsChanged, reason
 * REDEMPTION, points spent). The event's id is the moment's ref: a replay asks once.
 */
/** PointsChanged.reason is the loyalty journal's kind: a redemption is POINTS_REDEEMED (test/event-reasons.test.ts holds the two together). */
export const REDEMPTION_REASON = 'POINTS_REDEEMED';

export function feedbackMomentOf(event: DomainEvent): FeedbackMoment | undefined {
  const customerId = event.customerId;
  if (!customerId) return undefined;
  const base = { customerId, ref: event.id, channel: 'APP' as const, occurredAt: new Date(event.occurredAt) };
  if (event.type === 'TransactionBooked') {
    const p = (event as DomainEvent<'TransactionBooked'>).payload;
    return p.bookingCode && ISSUED_CREDIT.test(p.bookingCode) && BigInt(p.amountMinor) < 0n ? { ...base, type: 'TRANSFER' } : undefined;
  }
  if (event.type === 'PointsChanged') {
    const p = (event as DomainEvent<'PointsChanged'>).payload;
    return p.reason === REDEMPTION_REASON && BigInt(p.delta) < 0n ? { ...base, type: 'REDEMPTION' } : undefined;
  }
  return undefined;
}

/** The customer's alerts, read only for a debit that carries the balance after it (the one event that can use them). */
export async function alertsFor(event: DomainEvent, preferences: Pick<PreferencesStore, 'lowBalanceAlerts'>): Promise<LowBalanceAlert[]> {
  if (event.type !== 'TransactionBooked' || !event.customerId) return [];
  const p = (event as DomainEvent<'TransactionBooked'>).payload;
  if (p.balanceAfterMinor === undefined || !p.amountMinor.startsWith('-')) return [];
  return preferences.lowBalanceAlerts(event.customerId);
}

/** What handling one event needs: the consumer below, and the month's evaluation (scripts/eval-notifications.ts) with its own clock. */
export interface EventHandlerOptions {
  engine: Pick<NotificationEngine, 'handle'>;
  /** the customers' low-balance alerts */
  preferences: PreferencesStore;
  /** engagement's view of the customers (db/customer-facts.ts): every consumed event is applied first, once per event id */
  facts?: Pick<CustomerFactsStore, 'apply'>;
  /** feedback requests after transfers and redemptions (adapters/feedback-requests.ts); absent: none asked */
  feedback?: Pick<FeedbackRequester, 'ask'>;
  settings: TriggerSettings;
  /** partners' reward catalogue (adapters/partner-rewards.ts); absent: no PARTNER_REWARD_IN_REACH */
  rewards?: RewardCatalogue;
  metrics?: ConsumerSource['metrics'];
  log?: ConsumerSource['log'];
  /** when the facts say an event was applied (default: now); the evaluation passes its simulated clock */
  clock?: () => Date;
}

/** One event: the customer facts first (segments and RETENTION read them), then its triggers, then its feedback moment. */
export function eventHandler(opts: EventHandlerOptions): (event: DomainEvent) => Promise<void> {
  const rewardsOf = rewardsReader(opts.rewards, opts.metrics, opts.log);
  return async (event) => {
    await opts.facts?.apply(event, opts.clock?.());
    for (const trigger of triggersOf(event, opts.settings, await alertsFor(event, opts.preferences), await rewardsOf(event))) await opts.engine.handle(trigger);
    const moment = feedbackMomentOf(event);
    if (moment) await opts.feedback?.ask(moment);
  };
}

export interface EventConsumerOptions extends ConsumerSource, EventHandlerOptions {
  db: Database;
}

export type RunningEventConsumer = RunningConsumer;

/** Subscribes engagement's group; a handler failure is retried, then parked in engagement's store (event_parked). */
export function startEventConsumer(opts: EventConsumerOptions): RunningEventConsumer {
  return startStoreConsumer(
    { ...opts, keyPrefix: opts.redisKeyPrefix, service: 'engagement', group: ENGAGEMENT_GROUP, types: CONSUMED_TYPES },
    eventHandler(opts),
  );
}
