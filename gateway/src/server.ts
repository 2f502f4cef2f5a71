// The gateway: one GraphQL endpoint over the federated subgraphs, served from the committed
// supergraph. Every operation needs a verified caller; subgraphs get that caller as an internal
// token, never the client's own credentials.
//
// A request's path: Fastify's body cap -> its id (transport/request-id.ts) -> admission
// (edge/admission.ts: batches, caller, rate limits, safelist, partner apps) -> Apollo Server (APQ,
// parse with a token cap, validation with edge/limits.ts) -> authorization and staff audit
// (edge/authorize-operation.ts) -> query plan -> subgraph fetches (transport/). This file only
// assembles the plugins: edge/ decides whether and how a request is admitted, transport/ carries
// the caller to the subgraphs, ops/ is what operators look at.
import Fastify, { type FastifyInstance } from 'fastify';
import { InternalTokenSigner } from '../../lib/internal-auth';
import type { GatewayOptions } from './config';
import { prepareSupergraph } from './edge/authorization';
import { edgePlugin } from './edge/plugin';
import { graphqlPlugin, readSupergraph } from './graphql';
import { healthPlugin } from './ops/health';
import { GatewayMetrics, metricsPlugin } from './ops/metrics';
import { readinessPlugin } from './ops/readiness';
import { requestLogPlugin } from './ops/request-log';
import { transportPlugin } from './transport/plugin';
import { requestIdPlugin } from './transport/request-id';
import type { WriteGenerations } from './transport/write-generations';

export type { GatewayOptions, GatewayWorker } from './config';

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

/** Starts a gateway with `opts` as config.ts builds them (gatewayOptionsFromEnv, or gatewayOptions in-process). */
export async function startGateway(opts: GatewayOptions): Promise<RunningGateway> {
  const { log } = opts;
  const metrics = new GatewayMetrics();
  const supergraph = prepareSupergraph(opts.supergraphSdl ?? readSupergraph(opts.supergraphPath));
  // signs the callers' internal tokens (transport) and the partner registry's calls (edge)
  const signer = await InternalTokenSigner.fromKeysDir(opts.keysDir);
  const app = Fastify({ logger: false, bodyLimit: opts.limits.maxBodyBytes });

  // the plugins that add hooks come first: a route plugin only gets the hooks registered before it
  await app.register(requestIdPlugin);
  await app.register(edgePlugin, { ...opts, policy: supergraph.policy, signer, metrics });
  await app.register(transportPlugin, { ...opts, signer, metrics });
  await app.register(requestLogPlugin, { log, metrics });
  await app.register(graphqlPlugin, { ...opts, supergraphSdl: supergraph.sdl });
  await app.register(healthPlugin, { nodeEnv: opts.nodeEnv, worker: opts.worker });
  await app.register(readinessPlugin, { timeoutMs: opts.readyTimeoutMs });
  await app.register(metricsPlugin, { metrics, worker: opts.worker });

  try {
    await app.listen({ port: opts.port, host: opts.host });
  } catch (err) {
    await app.graph.stop();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const shownHost = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
  const url = `http://${shownHost}:${port}/graphql`;
  const { routing, writeGenerations } = app.subgraphs;
  log.info(
    { url, subgraphs: Object.fromEntries(routing), nodeEnv: opts.nodeEnv, redis: Boolean(opts.redisUrl), clients: app.edge.clients.names },
    'gateway listening',
  );
  // stopping Apollo Server closes Fastify first (its drain plugin), and with it the edge's Redis and audit file
  return { app, url, port, subgraphUrls: routing, metrics, writeGenerations, close: () => app.graph.stop() };
}
