// What a client may see of an error. The gateway is the last stop before the outside world, so it
// masks again whatever a subgraph let through: only a stable code and a message meant for clients
// leave; stack traces, subgraph names, downstream responses and SOAP details never do.
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { Logger } from '../../lib/logger';
import type { GatewayContext } from './context';
import { LIMIT_CODES, TOO_MANY_TOKENS_MESSAGE } from './edge/limits';

export const INTERNAL_ERROR_MESSAGE = 'Internal error';
export const DOWNSTREAM_ERROR_MESSAGE = 'A service behind this field is unavailable; try again shortly.';

/** A stable, client-facing code looks like this; anything else is not one of ours. */
const STABLE_CODE = /^[A-Z][A-Z0-9_]{1,63}$/;

/**
 * Codes that describe the *client's* request when the gateway raises them. The same codes coming
 * back from a subgraph mean the gateway sent something wrong, which is our fault, not the client's.
 */
const REQUEST_LEVEL_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** Extension keys that may reach a client next to `code`. */
const CLIENT_EXTENSION_KEYS = ['code', 'field'] as const;

const SUGGESTION = /\s*Did you mean .*\?\s*$/s;

export type ErrorDisposition = 'keep' | 'downstream' | 'mask';

/** Apollo Server's own request errors that come without a code of their own. */
const APOLLO_MESSAGE_CODES: ReadonlyArray<[RegExp, string]> = [
  [/^provided sha does not match query$/, 'PERSISTED_QUERY_HASH_MISMATCH'],
  [/^Unsupported persisted query version$/, 'PERSISTED_QUERY_VERSION_NOT_SUPPORTED'],
];

/**
 * Gives gateway-raised errors their specific stable code: a limit's `refusal` code (Apollo stamps
 * GRAPHQL_VALIDATION_FAILED on every validation error), graphql-js's token limit, and Apollo's
 * code-less persisted-query errors. Errors from subgraphs are left alone.
 */
export function withGatewayCode(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const ext = (formatted.extensions ?? {}) as Record<string, unknown>;
  if (typeof ext.serviceName === 'string') return formatted;
  const recode = (code: string) => ({ ...formatted, extensions: { ...ext, code } });
  if (typeof ext.refusal === 'string' && STABLE_CODE.test(ext.refusal)) return recode(ext.refusal);
  if (ext.code === 'GRAPHQL_PARSE_FAILED' && TOO_MANY_TOKENS_MESSAGE.test(formatted.message)) return recode(LIMIT_CODES.tokens);
  if (ext.code === undefined || ext.code === 'INTERNAL_SERVER_ERROR') {
    for (const [pattern, code] of APOLLO_MESSAGE_CODES) if (pattern.test(formatted.message)) return recode(code);
  }
  return formatted;
}

/** Decides what to do with a formatted error (exported for the logging plugin and tests). */
export function dispositionOf(formatted: GraphQLFormattedError): ErrorDisposition {
  const ext = (formatted.extensions ?? {}) as Record<string, unknown>;
  const code = ext.code;
  if (typeof code !== 'string' || !STABLE_CODE.test(code) || code === 'INTERNAL_SERVER_ERROR') return 'mask';
  const fromSubgraph = typeof ext.serviceName === 'string';
  if (fromSubgraph && REQUEST_LEVEL_CODES.has(code)) return 'mask';
  if (code === 'DOWNSTREAM_SERVICE_ERROR') return 'downstream';
  return 'keep';
}

export interface MaskOptions {
  /** in production, schema hints ("Did you mean ...?") are dropped from messages */
  production: boolean;
}

export function formatClientError(opts: MaskOptions) {
  return (original: GraphQLFormattedError): GraphQLFormattedError => {
    const formatted = withGatewayCode(original);
    const where = { ...(formatted.path ? { path: formatted.path } : {}), ...(formatted.locations ? { locations: formatted.locations } : {}) };
    const disposition = dispositionOf(formatted);
    if (disposition === 'mask') return { message: INTERNAL_ERROR_MESSAGE, ...where, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    if (disposition === 'downstream') return { message: DOWNSTREAM_ERROR_MESSAGE, ...where, extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } };
    const ext = (formatted.extensions ?? {}) as Record<string, unknown>;
    const extensions: Record<string, unknown> = {};
    for (const key of CLIENT_EXTENSION_KEYS) {
      if (typeof ext[key] === 'string') extensions[key] = ext[key];
    }
    const message = opts.production ? formatted.message.replace(SUGGESTION, '') : formatted.message;
    return { message, ...where, extensions };
  };
}

/** Logs every error a client will see masked, with the request id, so the real cause is findable. */
export function errorLogPlugin(log: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors, operationName }) {
          for (const err of errors) {
            const formatted = withGatewayCode({ message: err.message, extensions: err.extensions });
            const reqId = contextValue.requestId;
            if (dispositionOf(formatted) === 'mask') {
              log.error({ reqId, operationName, path: err.path, err: originalOf(err) }, 'masked error');
            } else {
              log.debug({ reqId, operationName, path: err.path, code: formatted.extensions?.code }, 'client error');
            }
          }
        },
      };
    },
  };
}

function originalOf(err: GraphQLError): unknown {
  return err.originalError ?? err;
}
