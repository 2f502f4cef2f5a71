// Peer: stock @apollo/gateway in @apollo/server's standalone HTTP server, default settings. The
// only addition is the caller-identity hook (see caller-identity.ts) every peer gets.
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { runMain } from '../../lib/config';
import { callerIdentity, peerEnv } from './caller-identity';

interface PeerContext {
  subgraphHeaders: Record<string, string>;
}

runMain('apollo-stock', async () => {
  const { port, supergraphPath, keysDir } = peerEnv();
  const identity = await callerIdentity(keysDir);
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource<PeerContext>({
        url,
        willSendRequest({ request, context }) {
          for (const [name, value] of Object.entries(context.subgraphHeaders ?? {})) request.http?.headers.set(name, String(value));
        },
      }),
  });
  const server = new ApolloServer<PeerContext>({ gateway });
  await startStandaloneServer(server, {
    listen: { port, host: '127.0.0.1' },
    context: async ({ req }) => ({ subgraphHeaders: await identity.subgraphHeaders(req.headers.authorization) }),
  });
  const stop = () => void server.stop().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
});
