// Errors that reach a client carry a code of the registry (lib/error-codes); anything unexpected is
// masked.
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { clientMessage, type ErrorCode } from './error-codes';

/** A client error; without a message of its own it says what the registry says for the code. */
export function appError(code: ErrorCode, message: string = clientMessage(code), extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

/** Keeps errors that carry a known code (minus stack traces); masks everything else. */
export function maskError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    const hasStableCode = typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR';
    // graphql-js validation / parse errors are the client's own and safe to return as they are
    if (hasStableCode) {
      const { stacktrace: _s, exception: _e, ...ext } = (formatted.extensions ?? {}) as Record<string, unknown>;
      return { ...formatted, extensions: ext };
    }
    log.error({ err: original, path: formatted.path }, 'masked error');
    return {
      message: clientMessage('INTERNAL_SERVER_ERROR'),
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
