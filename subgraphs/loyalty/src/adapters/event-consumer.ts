// Loyalty's consumer on the event backbone (docs/events.md, docs/loyalty.md "Points for feedback"):
// engagement's FeedbackGiven becomes a FEEDBACK_REWARD journal. Delivery is at least once, and the
// award is once per request twice over: processOnce records the event id in the transaction of the
// journal, and the journal's key is the request's, so even another event for the same request adds
// nothing. Without REDIS_URL it reads engagement's log at its service URL, with its position in
// loyalty's store.
import type { Database } from '../../../../lib/db/database';
import { type ConsumerSource, type DomainEvent, type EventType, processOnce, type RunningConsumer, startStoreConsumer } from '../../../../lib/events';
import type { Ledger } from '../db/ledger/ledger';
import { LedgerError } from '../domain/ledger/journal';
import { feedbackRewardOf } from '../domain/feedback-reward';

/** The consumer group: every loyalty replica shares its events (Redis); one process reads them (embedded). */
export const LOYALTY_GROUP = 'loyalty-feedback-rewards';
export const CONSUMED_TYPES: readonly EventType[] = ['FeedbackGiven'];

export type FeedbackAward = 'AWARDED' | 'ALREADY_AWARDED' | 'NO_POINTS';

/**
 * Applies one FeedbackGiven: the reward journal and the event's id in one transaction. An event
 * naming no customer cannot be awarded and is refused (the bus parks it after its retries).
 */
export async function awardFeedback(db: Database, ledger: Ledger, event: DomainEvent<'FeedbackGiven'>, points: bigint): Promise<FeedbackAward> {
  if (!event.customerId) throw Object.assign(new Error('FeedbackGiven names no customer'), { code: 'FEEDBACK_WITHOUT_CUSTOMER' });
  const journal = feedbackRewardOf(event, points);
  if (!journal) return 'NO_POINTS';
  let award: FeedbackAward = 'ALREADY_AWARDED';
  await processOnce(db, LOYALTY_GROUP, event, async (tx) => {
    try {
      award = (await ledger.postWithin(tx, journal)).replayed ? 'ALREADY_AWARDED' : 'AWARDED';
    } catch (err) {
      // the request was rewarded before under other content (the points per answer changed since,
      // or another event claimed it for another customer): once is once. The check is a read, the
      // transaction stays usable and the event id is still recorded.
      if (err instanceof LedgerError && err.code === 'IDEMPOTENCY_CONFLICT') return;
      throw err;
    }
  });
  return award;
}

export interface LoyaltyConsumerOptions extends ConsumerSource {
  db: Database;
  ledger: Ledger;
  /** points per answered request (rules `feedback.pointsPerAnswer`); 0: events are read, nothing is awarded */
  pointsPerAnswer: bigint;
}

/** Subscribes loyalty's group; a handler failure is retried, then parked in loyalty's store (event_parked). */
export function startLoyaltyConsumer(opts: LoyaltyConsumerOptions): RunningConsumer {
  return startStoreConsumer(
    {
      ...opts,
      service: 'loyalty',
      group: LOYALTY_GROUP,
      types: CONSUMED_TYPES,
      keyPrefix: opts.redisKeyPrefix,
      // no answer given before loyalty first read engagement's log is missed (LOYALTY_EVENTS_START)
      start: opts.start ?? 'earliest',
    },
    async (event) => {
      if (event.type !== 'FeedbackGiven') return;
      const e = event as DomainEvent<'FeedbackGiven'>;
      const award = await awardFeedback(opts.db, opts.ledger, e, opts.pointsPerAnswer);
      // ids only: the score and the comment are the customer's and stay out of the logs
      opts.log?.debug({ eventId: e.id, requestId: e.payload.requestId, award }, 'feedback reward');
    },
  );
}
