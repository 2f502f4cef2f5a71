// One way to run an Apollo subgraph: Fastify + @apollo/server, `/graphql` behind the internal
// token, `/health` open. Mercurius (partners) uses `internalAuthHook` from here as well. The same
// hook reads the request's deadline (lib/deadline.ts) for /graphql and /internal alike. A POST to
// `/graphql` asking for `text/event-stream` is a subscription over graphql-sse instead (serveSubscriptions).
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import {
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  getOperationAST,
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  parse,
  validate,
} from 'graphql';
import { createHandler as createSseHandler } from 'graphql-sse/lib/use/fastify';
import { type Deadline, DEADLINE_HEADER, deadlineFromHeader } from './deadline';
import { type Caller, InternalAuthError, type InternalTokenVerifier, INTERNAL_TOKEN_HEADER, REQUEST_ID_HEADER } from './internal-auth';
import { createLogger, type Logger } from './logger';
import { appError, maskError } from './errors';
import { checkInputBounds, inputBoundsPlugin } from './input-bounds';
import type { ErrorCode } from './error-codes';
import { reachableHost } from './listen-address';
import { drainWithin } from './shutdown';
import { startOpsServer } from './ops-server';
import type { ServiceMetrics } from './service-metrics';

export interface SubgraphContext {
  caller: Caller;
  log: Logger;
  /** when the client's request runs out of time (DEADLINE_HEADER); absent: no budget was sent */
  deadline?: Deadline;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
    /** the request's deadline from DEADLINE_HEADER, bounded (lib/deadline.ts) */
    deadline?: Deadline;
  }
}

/**
 * Fastify onRequest hook (runs before the body is parsed): refuses with 401 unless a valid internal
 * token is present. The caller's request id comes from x-request-id when the token has none (the
 * gateway reuses one token for a caller's requests), so the core's logs still join the gateway's.
 * The deadline header is read here too, on arrival, so the time the body takes counts against it.
 */
export function internalAuthHook(verifier: InternalTokenVerifier) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    req.deadline = deadlineFromHeader(req.headers[DEADLINE_HEADER]);
    try {
      const header = req.headers[INTERNAL_TOKEN_HEADER];
      req.caller = await verifier.verify(Array.isArray(header) ? header[0] : header, req.headers[REQUEST_ID_HEADER]);
    } catch (err) {
      const message = err instanceof InternalAuthError ? err.message : 'invalid internal token';
      await reply.code(401).send({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
    }
  };
}

/**
 * Service-to-service endpoints live under `/internal/...`: a valid internal token whose channel is
 * `service` is required (a gateway-forwarded customer token is refused with 403), so no public
 * caller can reach them even if the gateway were misrouted. Used by Apollo and mercurius subgraphs.
 */
export async function registerServiceRoutes(
  app: FastifyInstance,
  verifier: InternalTokenVerifier,
  register: (scope: FastifyInstance) => void | Promise<void>,
): Promise<void> {
  await app.register(
    async (scope) => {
      scope.addHook('onRequest', internalAuthHook(verifier));
      scope.addHook('onRequest', async (req, reply) => {
        if (reply.sent) return;
        if (req.caller?.channel !== 'service') {
          await reply.code(403).send({ code: 'FORBIDDEN', message: 'service callers only' });
        }
      });
      await register(scope);
    },
    { prefix: '/internal' },
  );
}

interface SubgraphOptions<TContext extends SubgraphContext> {
  name: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<TContext>;
  port: number;
  host?: string;
  verifier: InternalTokenVerifier;
  /** builds the per-request context (DataLoaders belong here: one set per request) */
  context: (base: SubgraphContext) => TContext | Promise<TContext>;
  /** `/ready`: this process can serve (its store answers); `/health` only says it runs. Never another service or the core. */
  ready?: () => Promise<boolean>;
  log?: Logger;
  /** service-to-service routes, mounted under /internal (see registerServiceRoutes) */
  serviceRoutes?: (scope: FastifyInstance) => void | Promise<void>;
  /** routes that authenticate their caller themselves, outside /graphql and /internal (accounts' signed core notifications) */
  ownAuthRoutes?: (app: FastifyInstance) => void | Promise<void>;
  /** `/metrics` on its own listener (lib/ops-server.ts); absent: none (a subgraph started in-process by a test) */
  ops?: { port: number; host?: string; metrics: ServiceMetrics };
}

export interface RunningSubgraph {
  app: FastifyInstance;
  url: string;
  /** the operations listener (`/metrics`), when opts.ops asked for one */
  opsUrl?: string;
  /** stops accepting; in-flight requests get up to drainMs (absent: as long as they take) */
  close(drainMs?: number): Promise<void>;
}

export async function startApolloSubgraph<TContext extends SubgraphContext>(opts: SubgraphOptions<TContext>): Promise<RunningSubgraph> {
  const log = opts.log ?? createLogger(opts.name);
  const app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024 });
  const schema = buildSubgraphSchema({ typeDefs: opts.typeDefs, resolvers: opts.resolvers as GraphQLResolverMap<unknown> });
  const apollo = new ApolloServer<TContext>({
    schema,
    // no federated tracing (ftv1): nothing reads it, and it would hand field timings to any caller that asks
    // free inputs bounded before any resolver runs (input-bounds.ts)
    plugins: [fastifyApolloDrainPlugin(app), ApolloServerPluginInlineTraceDisabled(), inputBoundsPlugin<TContext>()],
    formatError: maskError(log),
    includeStacktraceInErrorResponses: false,
    introspection: true, // subgraphs sit behind the gateway and the internal token; the gateway decides
  });
  await apollo.start();

  app.get('/health', async () => ({ status: 'ok', service: opts.name }));
  app.get('/ready', async (_req, reply) => {
    const ok = opts.ready ? await opts.ready().catch(() => false) : true;
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready', service: opts.name });
  });
  await app.register(async (scope) => {
    scope.addHook('onRequest', internalAuthHook(opts.verifier));
    serveSubscriptions(scope, schema, opts.context, log);
    await scope.register(fastifyApollo(apollo), {
      path: '/graphql',
      context: async (req) => opts.context({ caller: req.caller as Caller, log, ...(req.deadline ? { deadline: req.deadline } : {}) }),
    });
  });

  if (opts.serviceRoutes) await registerServiceRoutes(app, opts.verifier, opts.serviceRoutes);
  if (opts.ownAuthRoutes) await opts.ownAuthRoutes(app);

  const host = opts.host ?? '127.0.0.1';
  await app.listen({ port: opts.port, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const url = `http://${reachableHost(host)}:${port}/graphql`;
  const ops = opts.ops
    ? await startOpsServer({ port: opts.ops.port, host: opts.ops.host ?? host, metrics: opts.ops.metrics }).catch(closeAfter(app))
    : undefined;
  log.info({ url, host, ...(ops ? { ops: ops.url } : {}) }, `${opts.name} subgraph listening`);
  return {
    app,
    url,
    ...(ops ? { opsUrl: ops.url } : {}),
    // metrics stay scrapeable while the requests in flight finish
    close: async (drainMs) => {
      await drainWithin(app.server, app.close(), drainMs);
      await ops?.close(drainMs);
    },
  };
}

const EVENT_STREAM = 'text/event-stream';

/** graphql-sse's "distinct connections mode": a POST whose Accept asks for an event stream. */
function wantsEventStream(req: FastifyRequest): boolean {
  const accept = req.headers.accept;
  return req.method === 'POST' && typeof accept === 'string' && accept.toLowerCase().includes(EVENT_STREAM);
}

/** A request-level refusal before any stream opens: 400 with a registry code, as Apollo answers a plain POST. */
function refusal(code: ErrorCode, message?: string): [string, { status: number; statusText: string; headers: Record<string, string> }] {
  const error = appError(code, message);
  return [
    JSON.stringify({ errors: [{ message: error.message, extensions: error.extensions }] }),
    { status: 400, statusText: 'Bad Request', headers: { 'content-type': 'application/json; charset=utf-8' } },
  ];
}

/**
 * Subscriptions at `/graphql` over graphql-sse (distinct connections mode), on the schema Apollo
 * serves, behind the same internal token (the scope's onRequest hook has run) and with the same
 * context builder: a POST with `Accept: text/event-stream` answers an event stream of `next`
 * events (ExecutionResults) and a final `complete`. Only subscription operations: a query or
 * mutation, an unparsable or invalid document is refused with 400 before a stream opens. Errors
 * are masked as for queries (maskError); an error from the event source (a consumer too slow, a
 * broken feed) arrives as a last `next` with the error, then `complete`. A client that disconnects
 * returns the subscription's iterator, which ends the resolver's source.
 */
function serveSubscriptions<TContext extends SubgraphContext>(
  scope: FastifyInstance,
  schema: GraphQLSchema,
  context: (base: SubgraphContext) => TContext | Promise<TContext>,
  log: Logger,
): void {
  const mask = maskError(log);
  const format = (err: GraphQLError): GraphQLFormattedError => mask(err.toJSON(), err);
  const handler = createSseHandler<Record<PropertyKey, unknown>>({
    schema,
    onSubscribe: async (req, params) => {
      let document: DocumentNode;
      try {
        document = parse(params.query);
      } catch (err) {
        return refusal('GRAPHQL_PARSE_FAILED', err instanceof GraphQLError ? err.message : undefined);
      }
      const operation = getOperationAST(document, params.operationName);
      if (!operation) return refusal('OPERATION_RESOLUTION_FAILURE');
      if (operation.operation !== 'subscription') return refusal('SUBSCRIPTION_REQUIRED');
      const invalid = validate(schema, document);
      if (invalid.length > 0) return refusal('GRAPHQL_VALIDATION_FAILED', invalid.map((e) => e.message).join(' '));
      const variables = params.variables ?? undefined;
      try {
        checkInputBounds(schema, document, variables);
      } catch (err) {
        if (err instanceof GraphQLError) return { errors: [err] };
        throw err;
      }
      const raw = req.raw;
      // no deadline: a subscription lives past any request budget; each event's reads are its own
      const contextValue = await context({ caller: raw.caller as Caller, log });
      const args: ExecutionArgs = {
        schema,
        document,
        ...(params.operationName ? { operationName: params.operationName } : {}),
        ...(variables ? { variableValues: variables } : {}),
        contextValue,
      };
      return args as ExecutionArgs & { contextValue: Record<PropertyKey, unknown> };
    },
    onOperation: (_ctx, _req, _args, result) => (isAsyncGenerator(result) ? endingWithError(result) : undefined),
    onNext: (_ctx, _req, result) => {
      const errors = (result as ExecutionResult).errors;
      if (!errors?.length) return undefined;
      // variables graphql-js could not coerce are the client's own input, as Apollo says too
      const coded = errors.map((e) =>
        e.extensions?.code || e.originalError || e.path ? e : new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'BAD_USER_INPUT' } }),
      );
      return { ...result, errors: coded.map(format) } as unknown as ExecutionResult;
    },
  });
  scope.addHook('preHandler', async (req, reply) => {
    if (reply.sent || !wantsEventStream(req)) return;
    // graphql-sse compares Accept as a whole; a client adding `, */*` still asked for the stream
    req.headers.accept = EVENT_STREAM;
    reply.hijack();
    try {
      await handler(req, reply);
    } catch (err) {
      log.error({ err }, 'subscription stream failed');
      if (!reply.raw.headersSent) reply.raw.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      reply.raw.end();
    }
  });
}

function isAsyncGenerator(value: unknown): value is AsyncGenerator<ExecutionResult> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value && typeof (value as AsyncGenerator).return === 'function';
}

/**
 * The subscription's results, where an error thrown by its source becomes one last result carrying
 * it (graphql-js would reject, and graphql-sse drop the connection without a word). `return()` goes
 * straight to the source, also while a `next()` waits: a disconnect never waits for an event.
 */
function endingWithError(source: AsyncGenerator<ExecutionResult>): AsyncGenerator<ExecutionResult> {
  let finished = false;
  const done = (): IteratorResult<ExecutionResult> => ({ done: true, value: undefined });
  const it: AsyncGenerator<ExecutionResult> = {
    async next() {
      if (finished) return done();
      try {
        const r = await source.next();
        if (r.done) finished = true;
        return r;
      } catch (err) {
        if (finished) return done();
        finished = true;
        const error = err instanceof GraphQLError ? err : new GraphQLError('subscription source failed', { originalError: err as Error });
        return { done: false, value: { errors: [error] } };
      }
    },
    async return() {
      finished = true;
      await source.return(undefined);
      return done();
    },
    async throw(err: unknown) {
      finished = true;
      await source.return(undefined);
      throw err;
    },
    [Symbol.asyncIterator]() {
      return it;
    },
    async [Symbol.asyncDispose]() {
      await it.return(undefined);
    },
  };
  return it;
}

/** An ops listener that cannot start leaves no public listener behind: the start fails whole. */
function closeAfter(app: FastifyInstance) {
  return async (err: unknown): Promise<never> => {
    await app.close().catch(() => undefined);
    throw err;
  };
}
