// Errors that reach a client carry a stable code; anything unexpected is masked.
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';

export const ERROR_CODES = [
  'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'CORE_UNAVAILABLE', 'CORE_TIMEOUT',
  'CORE_ERROR', 'INTERNAL_SERVER_ERROR', 'DOWNSTREAM_SERVICE_ERROR',
] as const;

export function appError(code: string, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

/** Keeps errors that carry a known code (minus stack traces); masks everything else. */
export function maskError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    const original = error instanceof GraphQLError ? error.originalError ?? error : error;
    const hasStableCode = typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR';
    // graphql-js validation / parse errors are the client's own and safe to return as they are
    if (hasStableCode) {
      const { stacktrace: _s, exception: _e, ...ext } = (formatted.extensions ?? {}) as Record<string, unknown>;
      return { ...formatted, extensions: ext };
    }
    log.error({ err: original, path: formatted.path }, 'masked error');
    return { message: 'Internal error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
