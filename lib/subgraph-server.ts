// One way to run an Apollo subgraph: Fastify + @apollo/server, `/graphql` behind the internal
// token, `/health` open. Mercurius (partners) uses `internalAuthHook` from here as well. The same
// hook reads the request's deadline (lib/deadline.ts) for /graphql and /internal alike.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { type DocumentNode } from 'graphql';
import { type Deadline, DEADLINE_HEADER, deadlineFromHeader } from './deadline';
import { type Caller, InternalAuthError, type InternalTokenVerifier, INTERNAL_TOKEN_HEADER, REQUEST_ID_HEADER } from './internal-auth';
import { createLogger, type Logger } from './logger';
import { maskError } from './errors';
import { inputBoundsPlugin } from './input-bounds';
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
  const apollo = new ApolloServer<TContext>({
    schema: buildSubgraphSchema({ typeDefs: opts.typeDefs, resolvers: opts.resolvers as GraphQLResolverMap<unknown> }),
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

/** An ops listener that cannot start leaves no public listener behind: the start fails whole. */
function closeAfter(app: FastifyInstance) {
  return async (err: unknown): Promise<never> => {
    await app.close().catch(() => undefined);
    throw err;
  };
}
