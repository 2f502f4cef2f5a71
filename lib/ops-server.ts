// The operations listener of a subgraph or the simulator: `/metrics` (and `/health`) on a port of
// their own (`<SERVICE>_OPS_PORT`, lib/config.ts opsPortOf), so what metrics reveal (operation
// names, volumes, the core's failures) never reaches the public listener. The gateway has its own
// (gateway/src/ops/listener.ts) with readiness of the subgraphs beside it.
import Fastify from 'fastify';
import { reachableHost } from './listen-address';
import type { ServiceMetrics } from './service-metrics';
import { drainWithin } from './shutdown';

export interface OpsServerOptions {
  /** 0: a free port */
  port: number;
  /** default 127.0.0.1; a service binds the address of its own *_HOST */
  host?: string;
  metrics: ServiceMetrics;
}

export interface RunningOpsServer {
  /** e.g. http://127.0.0.1:5001 */
  url: string;
  port: number;
  /** stops accepting; a scrape under way gets up to drainMs */
  close(drainMs?: number): Promise<void>;
}

export async function startOpsServer(opts: OpsServerOptions): Promise<RunningOpsServer> {
  const app = Fastify({ logger: false });
  const { metrics } = opts;
  app.get('/metrics', async (_req, reply) => reply.header('content-type', metrics.registry.contentType).send(await metrics.text()));
  app.get('/health', async () => ({ status: 'ok', service: metrics.service }));
  const host = opts.host ?? '127.0.0.1';
  await app.listen({ port: opts.port, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${reachableHost(host)}:${port}`,
    port,
    close: (drainMs) => (closing ??= drainWithin(app.server, app.close(), drainMs)),
  };
}
