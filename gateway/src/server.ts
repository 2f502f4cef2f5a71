// The gateway: one GraphQL endpoint over the federated subgraphs, served from the committed
// supergraph (no polling, no registry). Every operation needs a verified caller; subgraphs get that
// caller as an internal token, never the client's own credentials.
//
// The request path, in order: Fastify's body cap -> the edge hook (batches, caller, rate limits,
// safelist: edge.ts) -> Apollo Server (APQ, parse with a token cap, validation with the limits
// in limits.ts) -> authorization and staff audit (plugins/authorization.ts) -> query plan ->
// subgraph fetches (subgraph-data-source.ts). Each step lives in its own module; this file wires.
import { existsSync, readFileSync } from 'node:fs';
import Fastify, { FastifyInstance } from 'fastify';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import { ApolloGateway } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import Redis from 'ioredis';
import { ConfigError, DEFAULT_PORTS } from '../../lib/config';
import { InternalTokenSigner, REQUEST_ID_HEADER, ReusedInternalTokens } from '../../lib/internal-auth';
import { keysDir } from '../../lib/keys';
import { createLogger, Logger } from '../../lib/logger';
import { AuditSink, fileAuditSink, logAuditSink } from './audit';
import { AuthOptions, createAuthenticator } from './auth';
import { prepareSupergraph } from './authorization';
import { DEFAULT_SUPERGRAPH_PATH } from './config';
import { GatewayContext, gatewayContext } from './context';
import { edgeErrorHandler, edgeHook, newRequestState } from './edge';
import { dispositionOf, formatClientError, withGatewayCode } from './errors';
import { DEFAULT_LIMITS, Limits, protection } from './limits';
import { GatewayMetrics } from './metrics';
import { apqCache, DEFAULT_APQ_TTL_SECONDS } from './persisted/apq-cache';
import { ClientRegistry, DEFAULT_PERSISTED_DIR } from './persisted/clients';
import { HttpPartnerAppDirectory, PartnerAppDirectory } from './persisted/partner-apps';
import { authorizationPlugin } from './plugins/authorization';
import { requestInfoPlugin } from './plugins/request-info';
import { DEFAULT_RATE_LIMITS, MemoryBucketStore, RateLimiter, RateLimits, RedisBucketStore } from './rate-limit';
import { checkSubgraphs } from './readiness';
import { requestIdFrom } from './request-id';
import { SubgraphDataSource } from './subgraph-data-source';
import { SubgraphPerfOptions, subgraphPerfFromEnv } from './perf/config';
import { WriteGenerations } from './perf/inflight-dedup';
import { PrivateCache } from './perf/private-cache';

export interface GatewayOptions {
  /** default 4000 (GATEWAY_PORT); 0 picks a free port */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** the supergraph file (default schema/supergraph.graphql) */
  supergraphPath?: string;
  /** the supergraph SDL itself, instead of a file (tests) */
  supergraphSdl?: string;
  /** subgraph name -> GraphQL URL, replacing the routing URL in the supergraph */
  subgraphUrls?: Record<string, string>;
  /** how client tokens are verified (default: the dev-user key pair under keysDir) */
  auth?: AuthOptions;
  /** where the internal (and dev-user) key pairs live (default KEYS_DIR or ./data/keys) */
  keysDir?: string;
  /** only 'development' turns on introspection, the landing page and schema hints in errors */
  nodeEnv?: string;
  /** how long `/ready` waits for each subgraph's `/health` (default 2000 ms) */
  readyTimeoutMs?: number;
  /** operation limits (defaults: DEFAULT_LIMITS) */
  limits?: Partial<Limits>;
  /** token buckets per client and per customer; false turns rate limiting off */
  rateLimits?: RateLimits | false;
  /** Redis for the APQ cache and the rate limits, shared by every replica (REDIS_URL) */
  redisUrl?: string;
  /** key prefix in Redis (default corebridge:) so several deployments or tests can share one */
  redisKeyPrefix?: string;
  /** how long a registered APQ lives (default a day) */
  apqTtlSeconds?: number;
  /** folder with clients.json and the manifests (default schema/persisted) */
  persistedDir?: string;
  /** where staff reads are written (default: AUDIT_LOG_FILE if given, else the gateway log) */
  audit?: AuditSink;
  auditLogFile?: string;
  /** per subgraph fetch (default 10 s) */
  subgraphTimeoutMs?: number;
  /** subgraph performance switches (default from GATEWAY_SUBGRAPH_POOL / _DEDUP / GATEWAY_PRIVATE_CACHE*: on) */
  subgraphPerf?: Partial<SubgraphPerfOptions>;
  /** the write generations the subgraph fetchers share (default: a new one); multi-process mode wires its onBump / bumpFromPeer */
  writeGenerations?: WriteGenerations;
  /** where partner apps are registered (PARTNERS_SERVICE_URL); unset: partner tokens get the whole partner manifest */
  partnersServiceUrl?: string;
  /** a partner app registry (tests); overrides partnersServiceUrl */
  partnerApps?: PartnerAppDirectory;
  /** set when this gateway is one worker of GATEWAY_WORKERS (cluster.ts) */
  worker?: GatewayWorker;
  log?: Logger;
}

export interface GatewayWorker {
  /** the cluster worker id; shown with the pid on /health outside production (tests tell workers apart) */
  id: number;
  /** every worker's metrics, aggregated through the primary (instead of this worker's alone) */
  metricsText?: () => Promise<string>;
}

export interface RunningGateway {
  app: FastifyInstance;
  /** the GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql */
  url: string;
  port: number;
  /** subgraph name -> the URL the gateway actually calls */
  subgraphUrls: ReadonlyMap<string, string>;
  metrics: GatewayMetrics;
  /** the write generations of this gateway's subgraph fetchers (see GatewayOptions.writeGenerations) */
  writeGenerations: WriteGenerations;
  close(): Promise<void>;
}

function readSupergraph(path: string): string {
  if (!existsSync(path)) throw new ConfigError(`invalid configuration:\n  SUPERGRAPH_PATH: ${path} does not exist (run \`npm run compose\`)`);
  return readFileSync(path, 'utf8');
}

export async function startGateway(opts: GatewayOptions = {}): Promise<RunningGateway> {
  const log = opts.log ?? createLogger('gateway');
  const nodeEnv = opts.nodeEnv ?? process.env.NODE_ENV ?? 'development';
  const development = nodeEnv === 'development';
  const supergraph = prepareSupergraph(opts.supergraphSdl ?? readSupergraph(opts.supergraphPath ?? DEFAULT_SUPERGRAPH_PATH));
  const dir = opts.keysDir ?? keysDir();
  // verified bearer tokens are remembered unless GATEWAY_TOKEN_CACHE=off (auth.ts)
  const authenticator = await createAuthenticator({ keysDir: dir, tokenCache: true, ...opts.auth }, log);
  const signer = await InternalTokenSigner.fromKeysDir(dir);
  // one internal token per caller, reused until shortly before it expires (lib/internal-auth.ts)
  const internalTokens = new ReusedInternalTokens(signer);
  const limits: Limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const clients = ClientRegistry.fromDir(opts.persistedDir ?? DEFAULT_PERSISTED_DIR);
  const metrics = new GatewayMetrics();
  const redis = opts.redisUrl ? new Redis(opts.redisUrl, { maxRetriesPerRequest: 1, enableAutoPipelining: true }) : undefined;
  redis?.on('error', (err: Error) => log.warn({ reason: err.message }, 'redis unavailable'));
  const redisPrefix = opts.redisKeyPrefix ?? 'corebridge:';
  const rateLimits = opts.rateLimits === false ? undefined : (opts.rateLimits ?? DEFAULT_RATE_LIMITS);
  const rateLimiter = rateLimits ? new RateLimiter(redis ? new RedisBucketStore(redis, redisPrefix) : new MemoryBucketStore(), rateLimits) : undefined;
  const audit = opts.audit ?? (opts.auditLogFile ? fileAuditSink(opts.auditLogFile) : logAuditSink(log));

  // keep-alive pool + same-caller in-flight de-duplication to subgraphs (perf/; GATEWAY_SUBGRAPH_*)
  // + the private per-caller cache (GATEWAY_PRIVATE_CACHE*); one cache and one set of write
  // generations for all subgraphs: a caller's write to any subgraph outdates their reads of all
  const { privateCache: cacheOn, privateCacheMaxBytes, privateCacheMaxTtlMs, sharedCacheSubgraphs, ...subgraphPerf } = { ...subgraphPerfFromEnv(), ...opts.subgraphPerf };
  const writeGenerations = opts.writeGenerations ?? new WriteGenerations();
  const privateCache = cacheOn && subgraphPerf.pool ? new PrivateCache({ maxBytes: privateCacheMaxBytes, maxTtlMs: privateCacheMaxTtlMs }) : undefined;
  if (privateCache) metrics.privateCache(() => ({ ...privateCache.stats, entries: privateCache.size, bytes: privateCache.bytes }));
  const overrides = opts.subgraphUrls ?? {};
  const routing = new Map<string, string>();
  let supergraphLoaded = false;
  const gateway = new ApolloGateway({
    supergraphSdl: supergraph.sdl,
    logger: log.child({ component: 'apollo-gateway' }),
    buildService: ({ name, url }) => {
      const target = overrides[name] ?? url;
      if (!target) throw new Error(`subgraph ${name} has no routing URL in the supergraph and no override`);
      routing.set(name, target);
      return new SubgraphDataSource(name, target, log, { timeoutMs: opts.subgraphTimeoutMs, metrics, ...subgraphPerf, cache: privateCache, generations: writeGenerations, sharePublic: sharedCacheSubgraphs.includes(name) });
    },
  });
  gateway.onSchemaLoadOrUpdate(() => {
    supergraphLoaded = true;
  });

  const app = Fastify({ logger: false, bodyLimit: limits.maxBodyBytes, genReqId: (req) => requestIdFrom(req.headers[REQUEST_ID_HEADER]) });
  const guard = protection(limits, { introspection: development });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    nodeEnv,
    formatError: formatClientError({ production: !development }),
    includeStacktraceInErrorResponses: false,
    // our own rule refuses introspection outside development, with its own code (limits.ts)
    introspection: true,
    hideSchemaDetailsFromClientErrors: !development,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    persistedQueries: { cache: apqCache(clients.allOperations, redis, redisPrefix), ttl: opts.apqTtlSeconds ?? DEFAULT_APQ_TTL_SECONDS },
    validationRules: guard.validationRules,
    parseOptions: guard.parseOptions,
    stopOnTerminationSignals: false,
    logger: log.child({ component: 'apollo-server' }),
    plugins: [
      fastifyApolloDrainPlugin(app),
      requestInfoPlugin(),
      authorizationPlugin(supergraph.policy, audit),
      errorLogPlugin(log),
      ...(development ? [] : [ApolloServerPluginLandingPageDisabled()]),
    ],
  });
  await apollo.start();
  for (const name of Object.keys(overrides)) {
    if (!routing.has(name)) log.warn({ subgraph: name }, 'routing URL override for a subgraph the supergraph does not have');
  }

  app.setErrorHandler(edgeErrorHandler(log));
  app.addHook('onRequest', async (req, reply) => {
    void reply.header(REQUEST_ID_HEADER, req.id);
    if (req.routeOptions.url === '/graphql') req.gatewayState = newRequestState();
  });
  const partnerApps = opts.partnerApps ?? (opts.partnersServiceUrl ? new HttpPartnerAppDirectory(opts.partnersServiceUrl, signer) : undefined);
  const edge = edgeHook({ authenticator, rateLimiter, clients, metrics, log, partnerApps });
  app.addHook('preHandler', async (req, reply) => {
    if (req.routeOptions.url === '/graphql') await edge(req, reply);
  });
  app.addHook('onResponse', async (req, reply) => {
    const path = req.url.split('?')[0]; // query strings may carry a whole GraphQL GET request
    const quiet = path === '/health' || path === '/ready' || path === '/metrics';
    const state = req.gatewayState;
    if (state && req.routeOptions.url === '/graphql') {
      metrics.request({ operation: state.operation, client: state.client, status: reply.statusCode, seconds: reply.elapsedTime / 1000, errorCodes: state.errorCodes });
    }
    log[quiet ? 'debug' : 'info'](
      {
        reqId: req.id,
        method: req.method,
        path,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        ...(state ? { client: state.client, operation: state.operation, ...(state.errorCodes.length ? { codes: [...new Set(state.errorCodes)] } : {}) } : {}),
      },
      'request',
    );
  });

  const workerInfo = opts.worker && nodeEnv !== 'production' ? { worker: { id: opts.worker.id, pid: process.pid } } : {};
  app.get('/health', async () => ({ status: 'ok', service: 'gateway', ...workerInfo }));
  const metricsText = opts.worker?.metricsText ?? (() => metrics.text());
  app.get('/metrics', async (_req, reply) => reply.header('content-type', metrics.registry.contentType).send(await metricsText()));
  const readyTimeoutMs = opts.readyTimeoutMs ?? 2000;
  app.get('/ready', async (_req, reply) => {
    if (!supergraphLoaded) return reply.code(503).send({ status: 'not ready', reason: 'supergraph not loaded' });
    const results = await checkSubgraphs(routing, readyTimeoutMs);
    const failing = results.filter((r) => !r.ok).map((r) => r.name);
    return reply.code(failing.length === 0 ? 200 : 503).send({
      status: failing.length === 0 ? 'ready' : 'not ready',
      ...(failing.length > 0 ? { failing } : {}),
      subgraphs: Object.fromEntries(results.map((r) => [r.name, r.detail])),
    });
  });

  await app.register(fastifyApollo(apollo), {
    path: '/graphql',
    // the edge hook verified the caller already; requests it let through without one (no
    // operation in them) are verified here, so nothing runs without a caller
    context: async (req) => {
      const caller = req.gatewayState?.caller ?? (await authenticator.authenticate(req.headers.authorization, req.id));
      return gatewayContext(caller, req.id, internalTokens, req.gatewayState);
    },
  });

  const host = opts.host ?? '127.0.0.1';
  try {
    await app.listen({ port: opts.port ?? DEFAULT_PORTS.gateway, host });
  } catch (err) {
    await apollo.stop();
    redis?.disconnect();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? DEFAULT_PORTS.gateway);
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${shownHost}:${port}/graphql`;
  log.info({ url, subgraphs: Object.fromEntries(routing), nodeEnv, redis: Boolean(redis), clients: clients.names }, 'gateway listening');
  return {
    app,
    url,
    port,
    subgraphUrls: routing,
    metrics,
    writeGenerations,
    // Apollo's drain plugin closes Fastify (letting in-flight requests finish) before the gateway stops
    close: async () => {
      await apollo.stop();
      await audit.close?.();
      if (redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** Logs every error a client will see masked, with the request id, so the real cause is findable. */
function errorLogPlugin(log: Logger): ApolloServerPlugin<GatewayContext> {
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
