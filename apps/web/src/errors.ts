// The stable code of a failed operation (docs/error-codes.md), whichever way it arrived: GraphQL
// errors in a 200 answer, or an HTTP error whose body carries them (400, 401, 429).
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { RETRYABLE_CODES } from './retryable';

export interface FailedOperation {
  code: string;
  /** the request may not have reached the bank, or the bank asks to retry: same attempt, same key */
  retryable: boolean;
}

export function failureOf(error: unknown): FailedOperation {
  let code: string | undefined;
  if (CombinedGraphQLErrors.is(error)) code = error.errors[0]?.extensions?.code as string | undefined;
  else if (ServerError.is(error)) {
    try {
      const body = JSON.parse(error.bodyText) as { errors?: Array<{ extensions?: { code?: string } }> };
      code = body.errors?.[0]?.extensions?.code;
    } catch {
      code = undefined;
    }
    code ??= error.statusCode === 429 ? 'RATE_LIMITED' : error.statusCode >= 500 ? 'NETWORK' : undefined;
  } else code = 'NETWORK';
  code ??= 'UNKNOWN';
  return { code, retryable: RETRYABLE_CODES.has(code) };
}
