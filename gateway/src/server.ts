// The gateway: one GraphQL endpoint over the federated subgraphs, served from the committed
// supergraph (no polling, no registry). Every operation needs a verified caller; subgraphs get that
// caller as an internal token, never the client's own credentials.
import { existsSync, readFileSync } from 'node:fs';
import Fastify, { FastifyInstance } from 'fastify';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import { ApolloGateway } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { ConfigError, DEFAULT_PORTS } from '../../lib/config';
import { InternalTokenSigner, REQUEST_ID_HEADER } from '../../lib/internal-auth';
import { keysDir } from '../../lib/keys';
import { createLogger, Logger } from '../../lib/logger';
import { AuthOptions, createAuthenticator } from './auth';
import { DEFAULT_SUPERGRAPH_PATH } from './config';
import { GatewayContext, gatewayContext } from './context';
import { dispositionOf, formatClientError } from './errors';
import { checkSubgraphs } from './readiness';
import { requestIdFrom } from './request-id';
import { SubgraphDataSource } from './subgraph-data-source';

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
  /** 'production' turns off introspection, the landing page and schema hints in errors */
  nodeEnv?: string;
  /** how long `/ready` waits for each subgraph's `/health` (default 2000 ms) */
  readyTimeoutMs?: number;
  log?: Logger;
}

export interface RunningGateway {
  app: FastifyInstance;
  /** the GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql */
  url: string;
  port: number;
  /** subgraph name -> the URL the gateway actually calls */
  subgraphUrls: ReadonlyMap<string, string>;
  close(): Promise<void>;
}

function readSupergraph(path: string): string {
  if (!existsSync(path)) throw new ConfigError(`invalid configuration:\n  SUPERGRAPH_PATH: ${path} does not exist (run \`npm run compose\`)`);
  return readFileSync(path, 'utf8');
}

export async function startGateway(opts: GatewayOptions = {}): Promise<RunningGateway> {
  const log = opts.log ?? createLogger('gateway');
  const nodeEnv = opts.nodeEnv ?? process.env.NODE_ENV ?? 'development';
  const production = nodeEnv === 'production';
  const supergraphSdl = opts.supergraphSdl ?? readSupergraph(opts.supergraphPath ?? DEFAULT_SUPERGRAPH_PATH);
  const dir = opts.keysDir ?? keysDir();
  const authenticator = await createAuthenticator({ keysDir: dir, ...opts.auth }, log);
  const signer = await InternalTokenSigner.fromKeysDir(dir);

  const overrides = opts.subgraphUrls ?? {};
  const routing = new Map<string, string>();
  let supergraphLoaded = false;
  const gateway = new ApolloGateway({
    supergraphSdl,
    logger: log.child({ component: 'apollo-gateway' }),
    buildService: ({ name, url }) => {
      const target = overrides[name] ?? url;
      if (!target) throw new Error(`subgraph ${name} has no routing URL in the supergraph and no override`);
      routing.set(name, target);
      return new SubgraphDataSource(name, target, log);
    },
  });
  gateway.onSchemaLoadOrUpdate(() => {
    supergraphLoaded = true;
  });

  const app = Fastify({ logger: false, genReqId: (req) => requestIdFrom(req.headers[REQUEST_ID_HEADER]) });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    nodeEnv,
    formatError: formatClientError({ production }),
    includeStacktraceInErrorResponses: false,
    introspection: !production,
    hideSchemaDetailsFromClientErrors: production,
    csrfPrevention: true,
    stopOnTerminationSignals: false,
    logger: log.child({ component: 'apollo-server' }),
    plugins: [fastifyApolloDrainPlugin(app), errorLogPlugin(log), ...(production ? [ApolloServerPluginLandingPageDisabled()] : [])],
  });
  await apollo.start();
  for (const name of Object.keys(overrides)) {
    if (!routing.has(name)) log.warn({ subgraph: name }, 'routing URL override for a subgraph the supergraph does not have');
  }

  app.addHook('onRequest', async (req, reply) => {
    void reply.header(REQUEST_ID_HEADER, req.id);
  });
  app.addHook('onResponse', async (req, reply) => {
    const path = req.url.split('?')[0]; // query strings may carry a whole GraphQL GET request
    const quiet = path === '/health' || path === '/ready';
    log[quiet ? 'debug' : 'info']({ reqId: req.id, method: req.method, path, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  app.get('/health', async () => ({ status: 'ok', service: 'gateway' }));
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
    // throwing here answers 401 before the operation is even parsed: nothing runs without a caller
    context: async (req) => gatewayContext(await authenticator.authenticate(req.headers.authorization, req.id), req.id, signer),
  });

  const host = opts.host ?? '127.0.0.1';
  try {
    await app.listen({ port: opts.port ?? DEFAULT_PORTS.gateway, host });
  } catch (err) {
    await apollo.stop();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? DEFAULT_PORTS.gateway);
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${shownHost}:${port}/graphql`;
  log.info({ url, subgraphs: Object.fromEntries(routing), production }, 'gateway listening');
  return {
    app,
    url,
    port,
    subgraphUrls: routing,
    // Apollo's drain plugin closes Fastify (letting in-flight requests finish) before the gateway stops
    close: () => apollo.stop(),
  };
}

/** Logs every error a client will see masked, with the request id, so the real cause is findable. */
function errorLogPlugin(log: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors, operationName }) {
          for (const err of errors) {
            const formatted = { message: err.message, extensions: err.extensions };
            const reqId = contextValue.requestId;
            if (dispositionOf(formatted) === 'mask') {
              log.error({ reqId, operationName, path: err.path, err: originalOf(err) }, 'masked error');
            } else {
              log.debug({ reqId, operationName, path: err.path, code: err.extensions?.code }, 'client error');
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
