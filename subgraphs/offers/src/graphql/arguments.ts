// The offers field's arguments, checked before anything is fetched.
import { appError } from '../../../../lib/errors';
import type { Caller } from '../../../../lib/internal-auth';
import type { OfferChannel } from '../domain/offer';

export const DEFAULT_FIRST = 3;
export const MAX_FIRST = 10;

export function checkFirst(first: number | null | undefined): number {
  const n = first ?? DEFAULT_FIRST;
  if (!Number.isInteger(n) || n < 1 || n > MAX_FIRST) {
    throw appError('BAD_USER_INPUT', `first must be between 1 and ${MAX_FIRST}.`, { argumentName: 'first' });
  }
  return n;
}

export const DEFAULT_HISTORY_FIRST = 20;
export const MAX_HISTORY_FIRST = 50;

/** Customer.offerHistory's `first`: 1..50. */
export function checkHistoryFirst(first: number | null | undefined): number {
  const n = first ?? DEFAULT_HISTORY_FIRST;
  if (!Number.isInteger(n) || n < 1 || n > MAX_HISTORY_FIRST) {
    throw appError('BAD_USER_INPUT', `first must be between 1 and ${MAX_HISTORY_FIRST}.`, { argumentName: 'first' });
  }
  return n;
}

/** Partner apps always get the PARTNER channel: asking for WEB must not widen what they see. */
export function effectiveChannel(caller: Caller, requested: OfferChannel | null | undefined): OfferChannel {
  if (caller.channel === 'partner') return 'PARTNER';
  return requested ?? 'WEB';
}

/** Offer ids are ours and short; anything else cannot name an offer (same answer as unknown). */
export function checkOfferId(id: string): string {
  if (typeof id !== 'string' || id.length === 0 || id.length > 200) throw appError('OFFER_NOT_FOUND', 'No such offer.', { argumentName: 'offerId' });
  return id;
}
