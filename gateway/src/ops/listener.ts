// The operations listener: `/metrics`, `/ready` and `/health` on their own port (GATEWAY_OPS_PORT),
// so that what they reveal (subgraph names and outages, operation and client names, volumes)
// never reaches the public ingress. The public port keeps `/health` only, for load balancers.
// In multi-process mode every worker listens here too and node:cluster shares the port, as it
// shares the public one; `/metrics` still answers for all workers (ops/cluster.ts).
import Fastify, { type FastifyInstance } from 'fastify';
import { reachableHost } from '../../../lib/listen-address';
import type { GatewayWorker } from '../config';
import { healthPlugin } from './health';
import { type GatewayMetrics, metricsPlugin } from './metrics';
import { readinessPlugin } from './readiness';

export interface OpsListenerOptions {
  port: number;
  host: string;
  nodeEnv: string;
  readyTimeoutMs: number;
  metrics: GatewayMetrics;
  worker?: GatewayWorker;
  /** whether the supergraph is loaded */
  loaded: () => boolean;
  routing: ReadonlyMap<string, string>;
}

export interface OpsListener {
  app: FastifyInstance;
  /** e.g. http://127.0.0.1:5000 */
  url: string;
  port: number;
}

export async function startOpsListener(opts: OpsListenerOptions): Promise<OpsListener> {
  const app = Fastify({ logger: false });
  await app.register(healthPlugin, { nodeEnv: opts.nodeEnv, worker: opts.worker });
  await app.register(readinessPlugin, { timeoutMs: opts.readyTimeoutMs, loaded: opts.loaded, routing: opts.routing });
  await app.register(metricsPlugin, { metrics: opts.metrics, worker: opts.worker });
  await app.listen({ port: opts.port, host: opts.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return { app, url: `http://${reachableHost(opts.host)}:${port}`, port };
}
