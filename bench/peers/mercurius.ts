// Peer: @mercuriusjs/gateway on Fastify. It is a Federation 1 gateway: it builds its own schema from
// each service's `_service { sdl }`, so it takes the subgraph list (from the supergraph's routing
// URLs) rather than the supergraph. Plus the caller-identity hook every peer gets, for the SDL
// fetch at start too (our subgraphs refuse anything without an internal token).
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import Fastify from 'fastify';
import type { MercuriusContext } from 'mercurius';
import mercuriusGateway from '@mercuriusjs/gateway';
import { runMain } from '../../lib/config';
import { subgraphsOf } from '../lib/supergraph';
import { callerIdentity, peerEnv } from './caller-identity';
import { signDevToken } from '../../scripts/token';
import { tokenRequest } from '../lib/customers';

runMain('mercurius-gateway', async () => {
  const { port, supergraphPath, keysDir } = peerEnv();
  const identity = await callerIdentity(keysDir);
  // the schema fetch at start runs as a staff caller: there is no client request yet
  const startupToken = await signDevToken(tokenRequest(['--sub', 'bench-mercurius', '--channel', 'staff', '--ttl', '600']), keysDir);
  const startupHeaders = await identity.subgraphHeaders(`Bearer ${startupToken}`);

  const app = Fastify({ logger: { level: 'warn' } });
  app.decorateRequest('subgraphHeaders', null);
  app.addHook('preHandler', async (req, reply) => {
    if (req.url.split('?')[0] !== '/graphql') return;
    try {
      (req as unknown as { subgraphHeaders: Record<string, string> }).subgraphHeaders = await identity.subgraphHeaders(req.headers.authorization);
    } catch {
      return reply.code(401).send({ errors: [{ message: 'Invalid or missing token', extensions: { code: 'UNAUTHENTICATED' } }] });
    }
  });
  await app.register(mercuriusGateway, {
    gateway: {
      services: subgraphsOf(readFileSync(supergraphPath, 'utf8')).map(({ name, url }) => ({
        name,
        url,
        mandatory: true,
        initHeaders: startupHeaders,
        // called without a context for the schema fetch at start (initHeaders covers that one)
        rewriteHeaders: (_headers: IncomingHttpHeaders, context: MercuriusContext | undefined) =>
          (context?.reply?.request as unknown as { subgraphHeaders?: Record<string, string> } | undefined)?.subgraphHeaders ?? {},
      })),
    },
  });
  app.get('/health', async () => ({ status: 'ok' }));
  await app.listen({ port, host: '127.0.0.1' });
  const stop = () => void app.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
});
