import type { SubgraphContext } from '../../../lib/subgraph-server';
import type { CoreClient, CoreLoaders } from '../../../legacy-adapters/soap/src';
import type { CoreReads } from './core-reads';
import type { CustomerCache } from './customer-cache';

export interface AccountsContext extends SubgraphContext {
  /** per-request DataLoaders over the core: one round trip per operation type per tick */
  core: CoreLoaders;
  /** reads through the loaders and the per-customer cache: what resolvers use */
  reads: CoreReads;
  /** the process-wide cache, for invalidation after a transfer */
  cache: CustomerCache;
  /** writes (CreateTransaction) */
  coreClient: CoreClient;
  /** the clock (tests pin it): "this month" for spending */
  now: () => Date;
}
