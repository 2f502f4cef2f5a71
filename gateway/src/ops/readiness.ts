// `/ready`: the gateway is ready when its supergraph is loaded and every subgraph answers its
// `/health`. Load balancers and `npm start` wait on this, on the operations port (ops/listener.ts):
// it names the subgraphs and which of them are down, nothing for the public port.
import type { FastifyPluginAsync } from 'fastify';

export interface SubgraphHealth {
  name: string;
  ok: boolean;
  detail: string;
}

/** `/health` next to the subgraph's GraphQL endpoint (http://host:4001/graphql -> http://host:4001/health). */
export function healthUrlOf(graphqlUrl: string): string {
  return new URL('/health', graphqlUrl).toString();
}

export async function checkSubgraph(name: string, graphqlUrl: string, timeoutMs: number): Promise<SubgraphHealth> {
  try {
    const res = await fetch(healthUrlOf(graphqlUrl), { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return res.ok ? { name, ok: true, detail: 'ok' } : { name, ok: false, detail: `health answered HTTP ${res.status}` };
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    return { name, ok: false, detail: timedOut ? `no answer within ${timeoutMs} ms` : 'unreachable' };
  }
}

export async function checkSubgraphs(urls: ReadonlyMap<string, string>, timeoutMs: number): Promise<SubgraphHealth[]> {
  return Promise.all([...urls].map(([name, url]) => checkSubgraph(name, url, timeoutMs)));
}

export interface ReadinessOptions {
  /** how long each subgraph's `/health` may take */
  timeoutMs: number;
  /** whether the supergraph is loaded (the public app's graph) */
  loaded: () => boolean;
  /** subgraph name -> the URL the gateway calls */
  routing: ReadonlyMap<string, string>;
}

export const readinessPlugin: FastifyPluginAsync<ReadinessOptions> = async (app, { timeoutMs, loaded, routing }) => {
  app.get('/ready', async (_req, reply) => {
    if (!loaded()) return reply.code(503).send({ status: 'not ready', reason: 'supergraph not loaded' });
    const results = await checkSubgraphs(routing, timeoutMs);
    const failing = results.filter((r) => !r.ok).map((r) => r.name);
    return reply.code(failing.length === 0 ? 200 : 503).send({
      status: failing.length === 0 ? 'ready' : 'not ready',
      ...(failing.length > 0 ? { failing } : {}),
      subgraphs: Object.fromEntries(results.map((r) => [r.name, r.detail])),
    });
  });
};
