// mercurius's errorFormatter, with the house rules: errors with a stable code pass (minus any
// stack), anything else is logged and masked (lib/errors maskError). mercurius reports a
// request's own parse / validation / variable errors wrapped in one error carrying `.errors`;
// those are the client's and are returned with the codes Apollo subgraphs use for them.
import type { ExecutionResult, GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { maskError } from '../../../../lib/errors';
import type { Logger } from '../../../../lib/logger';

// @fastify/error codes of mercurius's request-level errors
const REQUEST_ERROR_CODES = new Set([
  'MER_ERR_GQL_VALIDATION',
  'MER_ERR_METHOD_NOT_ALLOWED',
  'MER_ERR_GQL_PERSISTED_QUERY_NOT_FOUND',
  'MER_ERR_GQL_CSRF_PREVENTION',
]);

function codeOfRequestError(message: string): string {
  if (message.startsWith('Syntax Error')) return 'GRAPHQL_PARSE_FAILED';
  if (/^Variable "\$[^"]+" (got invalid value|of required type .* was not provided)/.test(message)) return 'BAD_USER_INPUT';
  return 'GRAPHQL_VALIDATION_FAILED';
}

function requestError(inner: unknown): GraphQLFormattedError {
  const message = inner instanceof Error ? inner.message : String(inner);
  const locations = inner instanceof GraphQLError ? inner.locations : undefined;
  return { message, ...(locations ? { locations } : {}), extensions: { code: codeOfRequestError(message) } };
}

/** mercurius's request-level errors: @fastify/error instances carrying the GraphQL errors they wrap */
interface WrappedRequestError extends Error {
  code?: string;
  statusCode?: number;
  errors?: unknown[];
}

export type ExecutionWithErrors = ExecutionResult & Required<Pick<ExecutionResult, 'errors'>> & { statusCode?: number };

export function partnersErrorFormatter(log: Logger) {
  const mask = maskError(log);
  return (execution: ExecutionWithErrors): { statusCode: number; response: { data: ExecutionResult['data'] | null; errors: GraphQLFormattedError[] } } => {
    const errors: GraphQLFormattedError[] = [];
    let statusCode = 200;
    for (const error of execution.errors) {
      const original: WrappedRequestError | undefined = error.originalError;
      const status = typeof original?.statusCode === 'number' ? original.statusCode : undefined;
      if (original && typeof original.code === 'string' && REQUEST_ERROR_CODES.has(original.code)) {
        const inner = Array.isArray(original.errors) && original.errors.length > 0 ? original.errors : [original];
        errors.push(...inner.map(requestError));
        statusCode = status ?? 400;
      } else if (original && !(original instanceof GraphQLError) && status !== undefined && status >= 400 && status < 500) {
        // Fastify's own refusals (unparsable JSON body, wrong content type, body too large)
        errors.push({ message: original.message, extensions: { code: 'BAD_REQUEST' } });
        statusCode = status;
      } else {
        errors.push(mask(error.toJSON(), error));
        if (status !== undefined && status >= 500) statusCode = 500;
      }
    }
    // a response that carries data is a GraphQL answer, whatever went wrong inside it
    if (execution.data) statusCode = 200;
    return { statusCode, response: { data: execution.data ?? null, errors } };
  };
}
