import { startApolloSubgraph, RunningSubgraph } from '../../../lib/subgraph-server';
import { InternalTokenVerifier } from '../../../lib/internal-auth';
import { keysDir } from '../../../lib/keys';
import { loadSdl } from '../../../lib/sdl';
import { createLogger } from '../../../lib/logger';
import { CoreClient, CoreClientConfig } from '../../../legacy-adapters/soap/src';
import type { AccountsContext } from './context';
import { resolvers } from './resolvers';

export interface AccountsOptions {
  port: number;
  host?: string;
  core: CoreClientConfig;
  keysDir?: string;
}

export interface RunningAccounts extends RunningSubgraph {
  core: CoreClient;
}

export async function startAccounts(opts: AccountsOptions): Promise<RunningAccounts> {
  const log = createLogger('accounts');
  const core = await CoreClient.create(opts.core, { log });
  const verifier = await InternalTokenVerifier.fromKeysDir(opts.keysDir ?? keysDir());
  const running = await startApolloSubgraph<AccountsContext>({
    name: 'accounts',
    typeDefs: loadSdl('accounts'),
    resolvers,
    port: opts.port,
    host: opts.host,
    verifier,
    log,
    context: (base) => ({ ...base, core: core.loaders({ requestId: base.caller.requestId, userId: base.caller.channel }) }),
  });
  return {
    ...running,
    core,
    close: async () => {
      await running.close();
      await core.close();
    },
  };
}
