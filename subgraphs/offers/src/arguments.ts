// The offers field's arguments, checked before anything is fetched.
import { appError } from '../../../lib/errors';
import type { Caller } from '../../../lib/internal-auth';
import type { OfferChannel } from './engine';

export const DEFAULT_FIRST = 3;
export const MAX_FIRST = 10;

export function checkFirst(first: number | null | undefined): number {
  const n = first ?? DEFAULT_FIRST;
  if (!Number.isInteger(n) || n < 1 || n > MAX_FIRST) {
    throw appError('BAD_USER_INPUT', `first must be between 1 and ${MAX_FIRST}.`, { argumentName: 'first' });
  }
  return n;
}

/** Partner apps always get the PARTNER channel: asking for WEB must not widen what they see. */
export function effectiveChannel(caller: Caller, requested: OfferChannel | null | undefined): OfferChannel {
  if (caller.channel === 'partner') return 'PARTNER';
  return requested ?? 'WEB';
}
