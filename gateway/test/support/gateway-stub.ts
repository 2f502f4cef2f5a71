// For the gateway's tests: stub Apollo subgraphs behind the real internal-token guard, composed
// into a supergraph, and client tokens as `npm run token` issues them.
import { composeServices } from '@apollo/composition';
import type { IncomingHttpHeaders } from 'node:http';
import type { DocumentNode } from 'graphql';
import pino from 'pino';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '../../src/edge/identity';
import { DEFAULT_SCOPES } from '../../src/edge/scopes';
import { type Caller, type Channel, InternalTokenVerifier } from '../../../lib/internal-auth';
import { type RunningSubgraph, startApolloSubgraph, type SubgraphContext } from '../../../lib/subgraph-server';
import { signDevToken } from '../../../scripts/token';

export interface StubSubgraph {
  subgraph: RunningSubgraph;
  supergraphSdl: string;
}

export interface StubServiceOptions {
  /** the subgraph's name: `accounts` unless told */
  name?: string;
  /** sees each verified caller */
  onCall?: (caller: Caller) => void;
  /** sees the raw headers of each /graphql request: what actually crossed the wire */
  onRequest?: (headers: IncomingHttpHeaders) => void;
}

/** Starts `typeDefs` as a subgraph behind the internal-token guard with the keys in `keysDir`. */
export async function startStubService(
  keysDir: string,
  typeDefs: DocumentNode,
  resolvers: Record<string, unknown>,
  opts: StubServiceOptions = {},
): Promise<RunningSubgraph> {
  const subgraph = await startApolloSubgraph<SubgraphContext>({
    name: opts.name ?? 'accounts',
    typeDefs,
    port: 0,
    verifier: await InternalTokenVerifier.fromKeysDir(keysDir),
    log: pino({ level: 'silent' }),
    context: (base) => {
      opts.onCall?.(base.caller);
      return base;
    },
    resolvers: resolvers as never,
  });
  const { onRequest } = opts;
  // observing the raw request next to Fastify's own handler
  if (onRequest) {
    subgraph.app.server.on('request', (req: { url?: string; headers: IncomingHttpHeaders }) => {
      if (req.url?.startsWith('/graphql')) onRequest(req.headers);
    });
  }
  return subgraph;
}

/** The supergraph of `services`; throws with composition's errors when they do not compose. */
export function composeStubs(services: Array<{ name: string; url: string; typeDefs: DocumentNode }>): string {
  const composed = composeServices(services);
  if (!composed.supergraphSdl) throw new Error(`stub composition failed: ${composed.errors?.map((e) => e.message).join('; ')}`);
  return composed.supergraphSdl;
}

/** Starts `typeDefs` as subgraph `accounts` (keys from `keysDir`) and its one-subgraph supergraph; `onCall` sees each verified caller. */
export async function startStubSubgraph(
  keysDir: string,
  typeDefs: DocumentNode,
  resolvers: Record<string, unknown>,
  onCall?: (caller: Caller) => void,
): Promise<StubSubgraph> {
  const subgraph = await startStubService(keysDir, typeDefs, resolvers, { onCall });
  return { subgraph, supergraphSdl: composeStubs([{ name: 'accounts', url: subgraph.url, typeDefs }]) };
}

/** A client token signed with the dev key in `keysDir`, with the channel's default scopes unless told otherwise. */
export function clientToken(
  keysDir: string,
  sub: string,
  channel: Exclude<Channel, 'service'>,
  extra: { scope?: string; clientName?: string; partnerId?: string; ttlSeconds?: number } = {},
): Promise<string> {
  return signDevToken(
    { sub, channel, ttlSeconds: 600, issuer: DEFAULT_ISSUER, audience: DEFAULT_AUDIENCE, scope: DEFAULT_SCOPES[channel].join(' '), ...extra },
    keysDir,
  );
}
