// Core failures become GraphQL client errors with stable codes; nothing about the core leaks.
// Every subgraph that reads the core maps failures here, so a code means the same everywhere.
import { GraphQLError } from 'graphql';
import { appError } from '../../../lib/errors';
import { CoreError } from './errors';

const SYSTEM_MESSAGES: Record<string, [string, string]> = {
  CORE_UNAVAILABLE: ['CORE_UNAVAILABLE', 'The core banking system is not available right now; try again shortly.'],
  CORE_BUSY: ['CORE_UNAVAILABLE', 'The core banking system is busy; try again shortly.'],
  CORE_TIMEOUT: ['CORE_TIMEOUT', 'The core banking system did not answer in time.'],
  CORE_ERROR: ['CORE_ERROR', 'The core banking system reported an error.'],
};

const NOT_FOUND = new Set(['CUSTOMER_NOT_FOUND', 'ACCOUNT_NOT_FOUND', 'CARD_NOT_FOUND']);

// the core's own wording never reaches a customer: a fixed message per business code
const BUSINESS_MESSAGES: Record<string, string> = {
  INSUFFICIENT_FUNDS: 'Insufficient funds.',
  ACCOUNT_CLOSED: 'The account is closed.',
  CURRENCY_MISMATCH: 'The currency does not match the account.',
  INVALID_AMOUNT: 'The amount is not valid.',
  REFERENCE_REUSED: 'This idempotency key was already used for a different request.',
  INVALID_REQUEST: 'The request is not valid.',
};

export function toGraphQLError(err: unknown): GraphQLError | unknown {
  if (!(err instanceof CoreError)) return err;
  const system = SYSTEM_MESSAGES[err.code];
  if (system) return appError(system[0], system[1]);
  if (NOT_FOUND.has(err.code)) return appError('NOT_FOUND', 'Not found.');
  return appError(err.code, BUSINESS_MESSAGES[err.code] ?? 'The request was refused.');
}

/** Awaits a core read, rethrowing core failures as client errors with stable codes. */
export async function fromCore<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    throw toGraphQLError(err);
  }
}
