// `/ready`: this gateway can serve: its supergraph is loaded (and, answering at all, its listeners
// are up). It asks no subgraph: one subgraph down makes answers partial, not impossible, and a
// readiness that followed it would take every gateway out of the load balancer at once. Load
// balancers, `npm start` and the tests wait on this, on the operations port (ops/listener.ts).
// `/ready?verbose` adds what each subgraph's own `/ready` says, for people; its status is still
// the gateway's own.
import type { FastifyPluginAsync } from 'fastify';

export interface SubgraphHealth {
  name: string;
  ok: boolean;
  detail: string;
}

/** `/ready` next to the subgraph's GraphQL endpoint (http://host:4001/graphql -> http://host:4001/ready). */
export function readyUrlOf(graphqlUrl: string): string {
  return new URL('/ready', graphqlUrl).toString();
}

export async function checkSubgraph(name: string, graphqlUrl: string, timeoutMs: number): Promise<SubgraphHealth> {
  try {
    const res = await fetch(readyUrlOf(graphqlUrl), { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return res.ok ? { name, ok: true, detail: 'ok' } : { name, ok: false, detail: `ready answered HTTP ${res.status}` };
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    return { name, ok: false, detail: timedOut ? `no answer within ${timeoutMs} ms` : 'unreachable' };
  }
}

export async function checkSubgraphs(urls: ReadonlyMap<string, string>, timeoutMs: number): Promise<SubgraphHealth[]> {
  return Promise.all([...urls].map(([name, url]) => checkSubgraph(name, url, timeoutMs)));
}

export interface ReadinessOptions {
  /** how long each subgraph's `/ready` may take (the verbose view only) */
  timeoutMs: number;
  /** whether the supergraph is loaded (the public app's graph) */
  loaded: () => boolean;
  /** subgraph name -> the URL the gateway calls */
  routing: ReadonlyMap<string, string>;
}

export const readinessPlugin: FastifyPluginAsync<ReadinessOptions> = async (app, { timeoutMs, loaded, routing }) => {
  app.get<{ Querystring: Record<string, string | undefined> }>('/ready', async (req, reply) => {
    const ready = loaded();
    const verbose = req.query.verbose !== undefined;
    const subgraphs = verbose ? Object.fromEntries((await checkSubgraphs(routing, timeoutMs)).map((r) => [r.name, r.detail])) : undefined;
    return reply.code(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'not ready',
      ...(ready ? {} : { reason: 'supergraph not loaded' }),
      ...(subgraphs ? { subgraphs } : {}),
    });
  });
};
