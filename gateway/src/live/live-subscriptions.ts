// What every subscription transport shares (SSE in sse.ts, WebSocket in ws.ts): a verified
// caller's request prepared as Apollo Server would prepare a query (subscription-operation.ts),
// planned (federated-subscription.ts), counted against the per-customer cap, and, once the
// transport has taken it, opened as a stream of results (subscription-stream.ts).
import { type DocumentNode, type ExecutionResult, GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { Caller, InternalTokenSource } from '../../../lib/internal-auth';
import type { Logger } from '../../../lib/logger';
import { DOWNSTREAM_ERROR_MESSAGE } from '../errors';
import type { GatewayMetrics } from '../ops/metrics';
import type { FederatedSubscriptions, PlannedSubscription } from './federated-subscription';
import type { SubscriberCounts } from './subscriber-counts';
import { type OperationRules, prepareSubscription, type SubscriptionRequest } from './subscription-operation';
import { openSubscriptionStream } from './subscription-stream';

export const SUBSCRIPTION_LIMIT_CODE = 'SUBSCRIPTION_LIMIT_REACHED';

/** What a transport carries from accepting a subscription to opening its stream. */
export interface StreamContext {
  [key: PropertyKey]: unknown;
  planned: PlannedSubscription;
  caller: Caller;
  requestId: string;
  /** gives the caller's place under the cap back (once) */
  release: () => void;
}

/** An accepted subscription as graphql-sse and graphql-ws execute it: their ExecutionArgs. */
export interface AcceptedSubscription {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string;
  variableValues: Record<string, unknown>;
  contextValue: StreamContext;
}

export interface LiveSubscriptionsOptions {
  federated: FederatedSubscriptions;
  counts: SubscriberCounts;
  rules: OperationRules;
  tokens: InternalTokenSource;
  format: (e: GraphQLFormattedError) => GraphQLFormattedError;
  perCustomer: number;
  eventBudgetMs: number;
  queue: number;
  metrics?: GatewayMetrics;
  log: Logger;
}

export class LiveSubscriptions {
  constructor(private readonly opts: LiveSubscriptionsOptions) {}

  /** the API schema subscriptions are validated against */
  get schema(): GraphQLSchema {
    return this.opts.federated.schema;
  }

  get format() {
    return this.opts.format;
  }

  /** Prepares, plans and takes a place under the cap; throws a GraphQLError the client may see. */
  accept(caller: Caller, request: SubscriptionRequest, requestId: string): AcceptedSubscription {
    const prepared = prepareSubscription(request, caller, this.opts.rules);
    const planned = this.opts.federated.plan(prepared.document, prepared.operationName, prepared.variables);
    const release = this.opts.counts.acquire(caller);
    if (!release) {
      throw new GraphQLError(`At most ${this.opts.perCustomer} subscriptions may be open at once; close one first.`, {
        extensions: { code: SUBSCRIPTION_LIMIT_CODE, http: { status: 429 } },
      });
    }
    return {
      schema: this.schema,
      document: prepared.document,
      ...(prepared.operationName ? { operationName: prepared.operationName } : {}),
      variableValues: prepared.variables,
      contextValue: { planned, caller, requestId, release },
    };
  }

  /** Opens an accepted subscription's stream; the place under the cap is given back when it ends. */
  async open(ctx: StreamContext): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
    const url = this.opts.federated.urls.get(ctx.planned.subgraph);
    if (!url) {
      ctx.release();
      const error = new GraphQLError(DOWNSTREAM_ERROR_MESSAGE, { extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } });
      return { errors: [this.opts.format(error.toJSON())] } as unknown as ExecutionResult;
    }
    try {
      return await openSubscriptionStream(ctx.planned, {
        caller: ctx.caller,
        requestId: ctx.requestId,
        tokens: this.opts.tokens,
        url,
        eventBudgetMs: this.opts.eventBudgetMs,
        capacity: this.opts.queue,
        format: this.opts.format,
        log: this.opts.log,
        onEnd: ctx.release,
        onEvent: (ms) => this.opts.metrics?.subscriptionEvent(ctx.planned.subgraph, ms / 1000),
      });
    } catch (err) {
      ctx.release();
      throw err;
    }
  }
}

/** The request a graphql-sse or graphql-ws client sent, in the shape prepareSubscription reads. */
export function subscriptionRequest(payload: { query?: unknown; variables?: unknown; operationName?: unknown; extensions?: unknown }): SubscriptionRequest {
  const hash = (payload.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
  return {
    ...(typeof payload.query === 'string' && payload.query !== '' ? { query: payload.query } : {}),
    ...(typeof hash === 'string' ? { hash } : {}),
    variables: payload.variables,
    operationName: payload.operationName,
  };
}
