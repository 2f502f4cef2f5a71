// For the gateway's tests: a stub Apollo subgraph behind the real internal-token guard, composed
// into a one-subgraph supergraph, and client tokens as `npm run token` issues them.
import { composeServices } from '@apollo/composition';
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

/** Starts `typeDefs` as subgraph `accounts` (keys from `keysDir`); `onCall` sees each verified caller. */
export async function startStubSubgraph(
  keysDir: string,
  typeDefs: DocumentNode,
  resolvers: Record<string, unknown>,
  onCall?: (caller: Caller) => void,
): Promise<StubSubgraph> {
  const subgraph = await startApolloSubgraph<SubgraphContext>({
    name: 'accounts',
    typeDefs,
    port: 0,
    verifier: await InternalTokenVerifier.fromKeysDir(keysDir),
    log: pino({ level: 'silent' }),
    context: (base) => {
      onCall?.(base.caller);
      return base;
    },
    resolvers: resolvers as never,
  });
  const composed = composeServices([{ name: 'accounts', url: subgraph.url, typeDefs }]);
  if (!composed.supergraphSdl) throw new Error(`stub composition failed: ${composed.errors?.map((e) => e.message).join('; ')}`);
  return { subgraph, supergraphSdl: composed.supergraphSdl };
}

/** A client token signed with the dev key in `keysDir`, with the channel's default scopes unless told otherwise. */
export function clientToken(
  keysDir: string,
  sub: string,
  channel: Exclude<Channel, 'service'>,
  extra: { scope?: string; clientName?: string; partnerId?: string } = {},
): Promise<string> {
  return signDevToken(
    { sub, channel, ttlSeconds: 600, issuer: DEFAULT_ISSUER, audience: DEFAULT_AUDIENCE, scope: DEFAULT_SCOPES[channel].join(' '), ...extra },
    keysDir,
  );
}
