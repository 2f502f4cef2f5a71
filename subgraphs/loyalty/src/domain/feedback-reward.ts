// Points for an answered feedback request (issue 17, docs/loyalty.md "Points for feedback"). The fact
// is engagement's: it writes FeedbackGiven once per request when the customer answers, and loyalty
// awards from that event only, never from the customer's own word. Pure: what the journal is.
import { createHash } from 'node:crypto';
import type { DomainEvent } from '../../../../lib/events';
import { businessDateOf } from './business-day';
import type { JournalInput } from './ledger/journal';
import { feedbackRewardJournal } from './ledger/loyalty-journals';

/**
 * Points per answered request when the rules file says nothing (rules `feedback.pointsPerAnswer`).
 * The same for every answer: a reward that depended on the score would buy good scores, and one
 * that depended on the kind or the moment would make some requests worth answering and others not.
 */
export const DEFAULT_FEEDBACK_POINTS = 50;

const KEY_PREFIX = 'feedback:';
/** The ledger's key is 1..200 characters (journal.ts). */
const MAX_KEY = 200;

/**
 * The journal's key: one per feedback request, so the ledger itself refuses a second award for the
 * same request whatever event carries it (a redelivery, a replay, a copy under another event id).
 * Engagement's ids (`fbr_` + 32 hex) fit as they are; a longer one is hashed to fit the key.
 */
export function feedbackRewardKey(requestId: string): string {
  const key = KEY_PREFIX + requestId;
  return key.length <= MAX_KEY ? key : `${KEY_PREFIX}sha256:${createHash('sha256').update(requestId).digest('hex')}`;
}

/**
 * The reward journal of one answered request; undefined when the event names no customer or the
 * programme gives no points for feedback. Everything the ledger fingerprints comes from the event
 * (the business date is the answer's day, not the day it is read), so a replay on a later day is
 * recognised as the same journal.
 */
export function feedbackRewardOf(event: DomainEvent<'FeedbackGiven'>, points: bigint): JournalInput | undefined {
  if (!event.customerId || points <= 0n) return undefined;
  return feedbackRewardJournal({
    customerId: event.customerId,
    points,
    businessDate: businessDateOf(new Date(event.payload.answeredAt)),
    idempotencyKey: feedbackRewardKey(event.payload.requestId),
    description: 'Thank you for your feedback',
  });
}
