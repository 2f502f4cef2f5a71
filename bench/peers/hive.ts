// Peer: Hive Gateway's runtime (createGatewayRuntime) over the supergraph file, on node:http.
// BENCH_HIVE_ROUTER_RUNTIME=1 swaps in the Rust query planner and executor from
// @graphql-hive/router-runtime (its documented `unifiedGraphHandler`). Plus the caller-identity
// hook every peer gets: a client without a valid JWT is refused with 401 before anything runs.
import { createServer } from 'node:http';
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway';
import { runMain } from '../../lib/config';
import { callerIdentity, peerEnv } from './caller-identity';

runMain('hive-gateway', async () => {
  const { port, supergraphPath, keysDir } = peerEnv();
  const identity = await callerIdentity(keysDir);
  const headersOf = new WeakMap<Request, Promise<Record<string, string>>>();

  const authPlugin: GatewayPlugin = {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== '/graphql') return;
      const headers = identity.subgraphHeaders(request.headers.get('authorization'));
      headersOf.set(request, headers);
      // refuse early, as the Corebridge gateway does, instead of failing every subgraph fetch
      return headers.then(
        () => undefined,
        () =>
          endResponse(
            new fetchAPI.Response(JSON.stringify({ errors: [{ message: 'Invalid or missing token', extensions: { code: 'UNAUTHENTICATED' } }] }), {
              status: 401,
              headers: { 'content-type': 'application/json' },
            }),
          ),
      );
    },
  };

  const routerRuntime = process.env.BENCH_HIVE_ROUTER_RUNTIME === '1';
  const gateway = createGatewayRuntime({
    supergraph: supergraphPath,
    // BENCH_HIVE_LOG=debug shows every subgraph fetch and its answer (how a peer's failure is found)
    logging: (process.env.BENCH_HIVE_LOG as 'debug' | 'info' | 'warn' | 'error' | undefined) ?? 'error',
    landingPage: false,
    plugins: () => [authPlugin],
    // subscriptions go to the subgraph as graphql-sse (its HTTP executor's event stream), by
    // default as a GET; our subgraphs take the stream as a POST only (lib/subgraph-server.ts), and
    // a GET reaches Apollo Server's CSRF check instead. Queries are POSTs anyway.
    transportEntries: { '*.http': { options: { method: 'POST' } } },
    propagateHeaders: {
      fromClientToSubgraphs: async ({ request }) => (await headersOf.get(request)) ?? {},
    },
    ...(routerRuntime ? { unifiedGraphHandler: (await import('@graphql-hive/router-runtime')).unifiedGraphHandler } : {}),
  });
  // the runtime answers (and logs) its own failures: nothing to wait for here
  const server = createServer((req, res) => void gateway(req, res));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const stop = () => {
    server.close();
    void Promise.resolve(gateway.dispose()).finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
});
