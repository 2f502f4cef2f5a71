// The one hook every peer gateway gets so the comparison is fair: verify the client's JWT exactly
// as Corebridge's gateway does (gateway/src/edge/identity) and sign the same internal token (lib/internal-auth)
// once per request, for the subgraphs that refuse anything without it. A peer without this would
// either be refused by the subgraphs or skip work Corebridge does.
import { randomUUID } from 'node:crypto';
import { createAuthenticator } from '../../gateway/src/edge/identity';
import { INTERNAL_TOKEN_HEADER, InternalTokenSigner, REQUEST_ID_HEADER } from '../../lib/internal-auth';

export interface CallerIdentity {
  /** Headers for every subgraph fetch of this request; rejects when the bearer token is not valid. */
  subgraphHeaders(authorization: string | string[] | undefined | null): Promise<Record<string, string>>;
}

export async function callerIdentity(keysDir: string): Promise<CallerIdentity> {
  const authenticator = await createAuthenticator({ keysDir });
  const signer = await InternalTokenSigner.fromKeysDir(keysDir);
  return {
    async subgraphHeaders(authorization) {
      const requestId = randomUUID();
      const caller = await authenticator.authenticate(authorization ?? undefined, requestId);
      return { [INTERNAL_TOKEN_HEADER]: await signer.sign(caller), [REQUEST_ID_HEADER]: requestId };
    },
  };
}

/** What every peer entry point reads from its environment (set by bench/run.ts). */
export function peerEnv(env: NodeJS.ProcessEnv = process.env): { port: number; supergraphPath: string; keysDir: string } {
  const port = Number(env.BENCH_PORT);
  const supergraphPath = env.BENCH_SUPERGRAPH;
  const keysDir = env.KEYS_DIR;
  if (!Number.isInteger(port) || port <= 0) throw new Error('BENCH_PORT must be a port number');
  if (!supergraphPath) throw new Error('BENCH_SUPERGRAPH must name a supergraph file');
  if (!keysDir) throw new Error('KEYS_DIR must name the keys folder');
  return { port, supergraphPath, keysDir };
}
