import DataLoader from 'dataloader';
import type { Deadline } from '../../../../lib/deadline';
import type { Caller } from '../../../../lib/internal-auth';
import type { Database } from '../../../../lib/db/database';
import type { Logger } from '../../../../lib/logger';
import type { CatalogueStore } from '../db/catalogue-store';
import { type CatalogueLoaders, createLoaders } from './catalogue-loaders';
import type { ConsentStore } from '../db/consent-store';
import { type ConsentEvent, pairKey } from '../domain/consents';
import type { CustomerFacts, CustomerFactsFactory } from '../adapters/customer-facts';

/** What the partners subgraph is built from, once per process. */
export interface PartnersDeps {
  db: Database;
  store: CatalogueStore;
  consents: ConsentStore;
  facts: CustomerFactsFactory;
  log: Logger;
}

export interface PartnersContext {
  /** the caller the gateway verified (set by the internal-token preHandler) */
  caller: Caller;
  log: Logger;
  db: Database;
  store: CatalogueStore;
  loaders: CatalogueLoaders;
  consents: ConsentStore;
  /** consent history per customer/partner pair: every consent in one response costs one query */
  consentHistory: DataLoader<{ customerId: string; partnerId: string }, ConsentEvent[], string>;
  /** this request's reader of core and loyalty facts (only partnerCustomer asks it) */
  facts: CustomerFacts;
  /** when the client's request runs out of time (lib/deadline.ts, read by the internal-token hook) */
  deadline?: Deadline;
}

export function createContext(caller: Caller, deps: PartnersDeps, deadline?: Deadline): PartnersContext {
  return {
    caller,
    log: deps.log,
    db: deps.db,
    store: deps.store,
    loaders: createLoaders(deps.store),
    consents: deps.consents,
    consentHistory: new DataLoader(
      async (pairs) => {
        const map = await deps.consents.historyOfPairs(pairs);
        return pairs.map((p) => map.get(pairKey(p.customerId, p.partnerId)) ?? []);
      },
      { cacheKeyFn: (p) => pairKey(p.customerId, p.partnerId), maxBatchSize: 500 },
    ),
    facts: deps.facts({ requestId: caller.requestId, deadline }),
    deadline,
  };
}
