import type { SubgraphContext } from '../../../lib/subgraph-server';
import type { CoreLoaders } from '../../../legacy-adapters/soap/src';

export interface OffersContext extends SubgraphContext {
  /** per-request DataLoaders over the core */
  core: CoreLoaders;
  /** one clock reading per request */
  now: Date;
}
