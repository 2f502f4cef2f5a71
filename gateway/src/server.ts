// The gateway: one GraphQL endpoint over the federated subgraphs, served from the committed
// supergraph. Every operation needs a verified caller; subgraphs get that caller as an internal
// token, never the client's own credentials.
//
// A request's path: Fastify's body cap -> its id (transport/request-id.ts) -> admission
// (edge/admission.ts: batches, caller, rate limits, safelist, partner apps) -> Apollo Server (APQ,
// parse with a token cap, validation with edge/limits.ts) -> authorization and staff audit
// (edge/authorize-operation.ts) -> query plan -> subgraph fetches (transport/). Subscriptions
// (`Accept: text/event-stream`) leave after admission for live/. This file only
// assembles the plugins: edge/ decides whether and how a request is admitted, transport/ carries
// the caller to the subgraphs, ops/ is what operators look at, on its own port (ops/listener.ts).
import Fastify, { type FastifyInstance } from 'fastify';
import { InternalTokenSigner } from '../../lib/internal-auth';
import { drainWithin } from '../../lib/shutdown';
import type { GatewayOptions } from './config';
import { prepareSupergraph } from './edge/authorization';
import { edgePlugin } from './edge/plugin';
import { graphqlPlugin, readSupergraph } from './graphql';
import { livePlugin } from './live/plugin';
import { healthPlugin } from './ops/health';
import { reachableHost } from '../../lib/listen-address';
import { startOpsListener } from './ops/listener';
import { GatewayMetrics } from './ops/metrics';
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
  /** the operations listener (`/metrics`, `/ready`, `/health`), e.g. http://127.0.0.1:5000 */
  opsUrl: string;
  opsPort: number;
  /** subgraph name -> the URL the gateway actually calls */
  subgraphUrls: ReadonlyMap<string, string>;
  metrics: GatewayMetrics;
  /** the write generations of this gateway's subgraph fetchers (see GatewayOptions.writeGenerations) */
  writeGenerations: WriteGenerations;
  /** stops accepting; in-flight requests get up to drainMs (absent: Apollo's drain, at most 10 s) */
  close(drainMs?: number): Promise<void>;
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
  await app.register(transportPlugin, { ...opts, signer, metrics, eventFreshness: opts.eventFreshness ? { signer } : undefined });
  await app.register(requestLogPlugin, { log, metrics });
  // before the GraphQL route: its preHandler takes the event-stream requests admission let through
  await app.register(livePlugin, { ...opts, supergraphSdl: supergraph.sdl, policy: supergraph.policy, metrics });
  await app.register(graphqlPlugin, { ...opts, supergraphSdl: supergraph.sdl });
  // load balancers probe the public port; /ready and /metrics are on the operations port only
  await app.register(healthPlugin, { nodeEnv: opts.nodeEnv, worker: opts.worker });

  const { routing, writeGenerations } = app.subgraphs;
  let ops: Awaited<ReturnType<typeof startOpsListener>>;
  try {
    await app.listen({ port: opts.port, host: opts.host });
    ops = await startOpsListener({
      port: opts.opsPort,
      host: opts.opsHost,
      nodeEnv: opts.nodeEnv,
      readyTimeoutMs: opts.readyTimeoutMs,
      metrics,
      worker: opts.worker,
      loaded: () => app.graph.loaded(),
      routing,
    });
  } catch (err) {
    await app.graph.stop();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const url = `http://${reachableHost(opts.host)}:${port}/graphql`;
  log.info(
    { url, ops: ops.url, subgraphs: Object.fromEntries(routing), nodeEnv: opts.nodeEnv, redis: Boolean(opts.redisUrl), clients: app.edge.clients.names },
    'gateway listening',
  );
  // the operations listener goes first: /ready stops answering while the requests in flight finish.
  // Stopping Apollo Server closes Fastify first (its drain plugin), and with it the edge's Redis and audit file
  const close = async (drainMs?: number) => {
    await drainWithin(ops.app.server, ops.app.close(), drainMs);
    await drainWithin(app.server, app.graph.stop(), drainMs);
  };
  return { app, url, port, opsUrl: ops.url, opsPort: ops.port, subgraphUrls: routing, metrics, writeGenerations, close };
}
