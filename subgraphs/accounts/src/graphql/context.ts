import type { SubgraphContext } from '../../../../lib/subgraph-server';
import type { CoreClient, CoreLoaders } from '../../../../legacy-adapters/soap/src';
import { CoreReads } from '../adapters/core-reads';
import type { CustomerCache } from '../adapters/customer-cache';
import type { LiveFeed } from '../../../../lib/live-feed';

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
  /** what Subscription.accountActivity reads (graphql/account-activity.ts) */
  live: LiveFeed;
}

/** Per request: fresh DataLoaders (one set per request), over the process-wide client and cache. */
export function accountsContext(deps: { core: CoreClient; cache: CustomerCache; now: () => Date; live: LiveFeed }) {
  return (base: SubgraphContext): AccountsContext => {
    const loaders = deps.core.loaders({ requestId: base.caller.requestId, userId: base.caller.channel, deadline: base.deadline });
    return { ...base, core: loaders, reads: new CoreReads(loaders, deps.cache), cache: deps.cache, coreClient: deps.core, now: deps.now, live: deps.live };
  };
}
