// Subscriptions at /graphql over Server-Sent Events (the graphql-sse protocol, distinct connections
// mode): a POST or GET with `Accept: text/event-stream`. Such a request passes the same admission as
// a query (edge/admission.ts: caller, rate limits, safelist, partner apps), then what Apollo Server
// would do before planning (subscription-operation.ts), the per-customer cap, and is planned and run
// by federated-subscription.ts. Any other request goes on to Apollo Server untouched.
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type ExecutionResult, GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { OperationArgs, Response as SseResponse } from 'graphql-sse';
import { createHandler } from 'graphql-sse/lib/use/fastify';
import type { Caller } from '../../../lib/internal-auth';
import type { Logger } from '../../../lib/logger';
import type { GatewayOptions } from '../config';
import type { AuthorizationPolicy } from '../edge/authorization';
import { formatClientError } from '../errors';
import { FederatedSubscriptions, type PlannedSubscription } from './federated-subscription';
import { SubscriberCounts } from './subscriber-counts';
import { type OperationRules, prepareSubscription, type SubscriptionRequest } from './subscription-operation';
import { openSubscriptionStream } from './subscription-stream';

export const SUBSCRIPTION_LIMIT_CODE = 'SUBSCRIPTION_LIMIT_REACHED';
/** how long a client's connection may stay unwritable before it counts as gone */
const DRAIN_TIMEOUT_MS = 10_000;

export type LivePluginOptions = Pick<GatewayOptions, 'nodeEnv' | 'limits' | 'requestBudgetMs' | 'subscriptions' | 'log'> & {
  supergraphSdl: string;
  policy: AuthorizationPolicy;
};

interface StreamContext {
  [key: PropertyKey]: unknown;
  planned: PlannedSubscription;
  caller: Caller;
  requestId: string;
  release: () => void;
}

type Refusal = SseResponse;

function refusalOf(err: GraphQLError, format: (e: GraphQLFormattedError) => GraphQLFormattedError, req: FastifyRequest): Refusal {
  const status = err.extensions.http?.status ?? 400;
  const formatted = format(err.toJSON());
  req.gatewayState?.errorCodes.push(String(formatted.extensions?.code));
  return [JSON.stringify({ errors: [formatted] }), { status, statusText: 'Refused', headers: { 'content-type': 'application/json; charset=utf-8' } }];
}

const EVENT_STREAM = 'text/event-stream';
const wantsEventStream = (req: FastifyRequest) => typeof req.headers.accept === 'string' && req.headers.accept.toLowerCase().includes(EVENT_STREAM);

interface HandlerDeps {
  app: FastifyInstance;
  opts: LivePluginOptions;
  federated: FederatedSubscriptions;
  counts: SubscriberCounts;
  rules: OperationRules;
  format: (e: GraphQLFormattedError) => GraphQLFormattedError;
  log: Logger;
}

/** graphql-sse's handler with the gateway's preparation, cap and federated execution. */
function streamHandler({ app, opts, federated, counts, rules, format, log }: HandlerDeps) {
  const { edge, subgraphs } = app;
  return createHandler<StreamContext>({
    // distinct connections only: a reserved single-connection stream would live in one replica
    authenticate: () => null,
    onSubscribe: async (sseReq, params) => {
      const req = sseReq.raw;
      const state = req.gatewayState;
      try {
        const caller = state?.caller ?? (await edge.authenticator.authenticate(req.headers.authorization, req.id));
        const hash = (params.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
        const request: SubscriptionRequest = {
          ...(typeof params.query === 'string' && params.query !== '' ? { query: params.query } : {}),
          ...(typeof hash === 'string' ? { hash } : {}),
          variables: params.variables,
          operationName: params.operationName,
        };
        const prepared = prepareSubscription(request, caller, rules);
        if (state) state.operation = prepared.operationName ?? 'subscription';
        const planned = federated.plan(prepared.document, prepared.operationName, prepared.variables);
        const release = counts.acquire(caller);
        if (!release) {
          throw new GraphQLError(`At most ${opts.subscriptions.perCustomer} subscriptions may be open at once; close one first.`, {
            extensions: { code: SUBSCRIPTION_LIMIT_CODE, http: { status: 429 } },
          });
        }
        const contextValue: StreamContext = { planned, caller, requestId: req.id, release };
        return {
          schema: federated.schema,
          document: prepared.document,
          variableValues: prepared.variables,
          operationName: prepared.operationName,
          contextValue,
        } satisfies OperationArgs<StreamContext>;
      } catch (err) {
        if (err instanceof GraphQLError) return refusalOf(err, format, req);
        throw err;
      }
    },
    // prepareSubscription validated with the edge's rules already
    validate: () => [],
    subscribe: async (args) => {
      const ctx = args.contextValue;
      const url = federated.urls.get(ctx.planned.subgraph);
      if (!url) {
        ctx.release();
        return {
          errors: [format(new GraphQLError('no route', { extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } }).toJSON())],
        } as unknown as ExecutionResult;
      }
      try {
        return await openSubscriptionStream(ctx.planned, {
          caller: ctx.caller,
          requestId: ctx.requestId,
          tokens: subgraphs.internalTokens,
          url,
          eventBudgetMs: opts.requestBudgetMs,
          capacity: opts.subscriptions.queue,
          format,
          log,
          onEnd: ctx.release,
        });
      } catch (err) {
        ctx.release();
        throw err;
      }
    },
    // hold the next event while the client's socket is full: the events wait in the bounded
    // queue instead, which drops a client that stays behind
    onNext: async (_ctx, sseReq) => {
      const res = sseReq.context.reply.raw;
      if (!res.writableNeedDrain) return;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('client connection stayed full')), DRAIN_TIMEOUT_MS);
        res.once('drain', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  });
}

export const livePlugin = fp<LivePluginOptions>(
  async (app, opts) => {
    const { edge, subgraphs } = app;
    const log: Logger = opts.log.child({ component: 'subscriptions' });
    const format = formatClientError({ production: opts.nodeEnv !== 'development' });
    const federated = new FederatedSubscriptions(opts.supergraphSdl, subgraphs.buildService, () => subgraphs.routing, log);
    const counts = new SubscriberCounts(opts.subscriptions.perCustomer);
    const rules: OperationRules = {
      schema: federated.schema,
      validationRules: edge.apollo.validationRules,
      maxTokens: edge.apollo.parseOptions.maxTokens,
      maxCost: opts.limits.maxCost,
      policy: opts.policy,
      registered: (hash: string) => edge.clients.allOperations.byHash(hash)?.body,
    };

    const handler = streamHandler({ app, opts, federated, counts, rules, format, log });

    app.addHook('preHandler', async (req, reply) => {
      if (req.routeOptions.url !== '/graphql' || reply.sent || !wantsEventStream(req)) return;
      // admission answered already when it refused; from here the stream is ours, not Apollo's.
      // graphql-sse compares Accept as a whole: a client adding `, */*` still asked for the stream
      req.headers.accept = EVENT_STREAM;
      reply.hijack();
      try {
        await handler(req, reply);
      } catch (err) {
        log.warn({ reqId: req.id, reason: err instanceof Error ? err.message : String(err) }, 'subscription stream failed');
        if (!reply.raw.headersSent) reply.raw.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        reply.raw.end(
          reply.raw.headersSent ? undefined : JSON.stringify({ errors: [{ message: 'Internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }),
        );
      }
    });
    app.decorate('live', { counts });
  },
  { name: 'gateway-live', dependencies: ['gateway-edge', 'gateway-transport'] },
);

declare module 'fastify' {
  interface FastifyInstance {
    /** subscriptions (live/plugin.ts) */
    live: { counts: SubscriberCounts };
  }
}
