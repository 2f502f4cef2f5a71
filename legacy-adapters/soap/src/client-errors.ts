// The one place the core's failures become client codes (lib/error-codes), so a code means the same
// in every subgraph. The message is always the registry's: the core's wording never reaches a
// client. An operation whose client reads some refusal differently passes overrides, kept here too.
import type { GraphQLError } from 'graphql';
import type { ErrorCode } from '../../../lib/error-codes';
import { appError } from '../../../lib/errors';
import { CoreError, type CoreErrorCode, isBusinessCode } from './errors';
import type { CoreBusinessCode } from './contract';

const CLIENT_CODES: Readonly<Record<CoreErrorCode, ErrorCode>> = {
  CORE_UNAVAILABLE: 'CORE_UNAVAILABLE',
  // to a client, a core at its session cap is a core not available right now
  CORE_BUSY: 'CORE_UNAVAILABLE',
  CORE_TIMEOUT: 'CORE_TIMEOUT',
  CORE_ERROR: 'CORE_ERROR',
  // object-level: someone else's ids answer exactly as unknown ones
  CUSTOMER_NOT_FOUND: 'NOT_FOUND',
  ACCOUNT_NOT_FOUND: 'NOT_FOUND',
  CARD_NOT_FOUND: 'NOT_FOUND',
  INSUFFICIENT_FUNDS: 'INSUFFICIENT_FUNDS',
  ACCOUNT_CLOSED: 'ACCOUNT_CLOSED',
  CURRENCY_MISMATCH: 'CURRENCY_MISMATCH',
  INVALID_AMOUNT: 'INVALID_AMOUNT',
  INVALID_REQUEST: 'BAD_USER_INPUT',
  // a freeze asked of a blocked or expired card: only the card mutations ask (CARD_STATUS_REFUSALS)
  CARD_STATUS_CONFLICT: 'CARD_NOT_FREEZABLE',
  // the CallerReference is the caller service's own unless an operation says it is the client's key
  REFERENCE_REUSED: 'CORE_REFUSED',
};

/** How one client operation reads some of the core's refusals (system failures read the same everywhere). */
type CoreRefusalOverrides = Readonly<Partial<Record<CoreBusinessCode, ErrorCode>>>;

/**
 * The transfer mutation: its CallerReference comes from the client's idempotency key, and the
 * accounts it names are the client's own, documented as ACCOUNT_NOT_FOUND in the SDL.
 */
export const TRANSFER_REFUSALS: CoreRefusalOverrides = {
  REFERENCE_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  ACCOUNT_NOT_FOUND: 'ACCOUNT_NOT_FOUND',
};

/** freezeCard / unfreezeCard: the card named is the client's own, documented as CARD_NOT_FOUND in the SDL. */
export const CARD_STATUS_REFUSALS: CoreRefusalOverrides = {
  CARD_NOT_FOUND: 'CARD_NOT_FOUND',
};

/**
 * The core answered and refused (Status FAILURE): nothing was booked, so what was done ahead of the
 * call may be undone. Anything else from a write (a timeout, a broken connection, an error that is
 * not the core's at all) leaves the outcome unknown.
 */
export function isCoreRefusal(err: unknown): err is CoreError {
  return err instanceof CoreError && isBusinessCode(err.code);
}

/** A CoreError as the client error of its code; anything else is returned as it is. */
export function toClientError(err: unknown, overrides: CoreRefusalOverrides = {}): GraphQLError | unknown {
  if (!(err instanceof CoreError)) return err;
  const code = (isBusinessCode(err.code) ? overrides[err.code] : undefined) ?? CLIENT_CODES[err.code];
  return appError(code);
}

/** Awaits a core read, rethrowing core failures as client errors. */
export async function fromCore<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    throw toClientError(err);
  }
}
