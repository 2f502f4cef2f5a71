// What Apollo Server does for a query before planning, done for a subscription (Apollo Server does
// not take them): the registered text for a persisted id, parse under the token cap, validation
// with the edge's limits, the variables coerced, the cost limit, then @authenticated and
// @requiresScopes. Every refusal is a GraphQLError with the same code a query would get.
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  getOperationAST,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  parse,
  specifiedRules,
  validate,
  type ValidationRule,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import type { Caller } from '../../../lib/internal-auth';
import { type AuthorizationPolicy, forbidden, forbiddenFields } from '../edge/authorization';
import { costTooHigh, operationCost } from '../edge/cost';

export interface SubscriptionRequest {
  query?: string;
  /** the persisted id (extensions.persistedQuery.sha256Hash) */
  hash?: string;
  variables?: unknown;
  operationName?: unknown;
}

export interface OperationRules {
  schema: GraphQLSchema;
  validationRules: readonly ValidationRule[];
  maxTokens: number;
  maxCost: number;
  policy: AuthorizationPolicy;
  /** a registered operation's text by its id */
  registered(hash: string): string | undefined;
}

export interface PreparedOperation {
  document: DocumentNode;
  operationName?: string;
  variables: Record<string, unknown>;
  /** the operation's text, for the safelist check of a text-only request */
  text: string;
}

const refusal = (message: string, code: string, status = 400) => new GraphQLError(message, { extensions: { code, http: { status } } });

export function prepareSubscription(request: SubscriptionRequest, caller: Caller, rules: OperationRules): PreparedOperation {
  const text = request.query ?? (request.hash ? rules.registered(request.hash) : undefined);
  if (text === undefined) {
    throw request.hash ? refusal('PersistedQueryNotFound', 'PERSISTED_QUERY_NOT_FOUND') : refusal('Send a query or a registered id.', 'BAD_REQUEST');
  }
  if (request.operationName !== undefined && request.operationName !== null && typeof request.operationName !== 'string') {
    throw refusal('operationName must be a string.', 'BAD_REQUEST');
  }
  if (request.variables !== undefined && request.variables !== null && (typeof request.variables !== 'object' || Array.isArray(request.variables))) {
    throw refusal('variables must be an object.', 'BAD_REQUEST');
  }
  const operationName = request.operationName ?? undefined;
  let document: DocumentNode;
  try {
    document = parse(text, { maxTokens: rules.maxTokens });
  } catch (err) {
    throw new GraphQLError((err as Error).message, { extensions: { code: 'GRAPHQL_PARSE_FAILED', http: { status: 400 } } });
  }
  const invalid = validate(rules.schema, document, [...specifiedRules, ...rules.validationRules]);
  if (invalid.length > 0) {
    const first = invalid[0] as GraphQLError;
    const code = typeof first.extensions.refusal === 'string' ? first.extensions.refusal : 'GRAPHQL_VALIDATION_FAILED';
    throw new GraphQLError(first.message, { extensions: { code, http: { status: 400 } } });
  }
  const operation = getOperationAST(document, operationName);
  if (!operation) throw refusal('Name the operation to run.', 'OPERATION_RESOLUTION_FAILURE');
  if (operation.operation !== 'subscription') {
    throw refusal('Only subscriptions are streamed; send queries and mutations as plain requests.', 'SUBSCRIPTION_REQUIRED');
  }
  const coerced = getVariableValues(rules.schema, operation.variableDefinitions ?? [], (request.variables as Record<string, unknown>) ?? {}, { maxErrors: 1 });
  if (coerced.errors)
    throw new GraphQLError(coerced.errors[0]?.message ?? 'Invalid variables.', { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
  const variables = (request.variables as Record<string, unknown>) ?? {};
  const fragments = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  const cost = operationCost(rules.schema, fragments, operation, variables);
  if (cost > rules.maxCost) throw costTooHigh(cost, rules.maxCost);
  const denied = forbiddenFields(rules.schema, document, rules.policy, caller);
  if (denied.length > 0) throw forbidden(denied);
  return { document, ...(operationName ? { operationName } : {}), variables, text };
}
