// startOffers: core client -> subgraph on Fastify. Offers keeps no store yet (responses and
// frequency caps come with a later issue).
import { startApolloSubgraph, RunningSubgraph } from '../../../lib/subgraph-server';
import { InternalTokenVerifier } from '../../../lib/internal-auth';
import { keysDir } from '../../../lib/keys';
import { loadSdl } from '../../../lib/sdl';
import { createLogger, Logger } from '../../../lib/logger';
import { CoreClient, CoreClientConfig } from '../../../legacy-adapters/soap/src';
import type { OffersContext } from './context';
import { resolvers } from './resolvers';

export interface OffersOptions {
  port: number;
  host?: string;
  core: CoreClientConfig;
  keysDir?: string;
  clock?: () => Date;
  log?: Logger;
}

export interface RunningOffers extends RunningSubgraph {
  port: number;
  core: CoreClient;
}

export async function startOffers(opts: OffersOptions): Promise<RunningOffers> {
  const log = opts.log ?? createLogger('offers');
  const clock = opts.clock ?? (() => new Date());
  const core = await CoreClient.create(opts.core, { log });
  try {
    const verifier = await InternalTokenVerifier.fromKeysDir(opts.keysDir ?? keysDir());
    const running = await startApolloSubgraph<OffersContext>({
      name: 'offers',
      typeDefs: loadSdl('offers'),
      resolvers,
      port: opts.port,
      host: opts.host,
      verifier,
      log,
      context: (base) => ({
        ...base,
        core: core.loaders({ requestId: base.caller.requestId, userId: base.caller.channel }),
        now: clock(),
      }),
    });
    return {
      ...running,
      port: Number(new URL(running.url).port),
      core,
      close: async () => {
        await running.close();
        await core.close();
      },
    };
  } catch (err) {
    await core.close().catch(() => undefined);
    throw err;
  }
}
