import type { SubgraphContext } from '../../../lib/subgraph-server';
import type { CoreLoaders } from '../../../legacy-adapters/soap/src';

export interface AccountsContext extends SubgraphContext {
  /** per-request DataLoaders over the core: one round trip per operation type per tick */
  core: CoreLoaders;
}
