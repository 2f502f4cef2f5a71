import type { SubgraphContext } from '../../../../lib/subgraph-server';
import type { CoreLoaders } from '../../../../legacy-adapters/soap/src';
import type { OffersStore } from '../db/offers-store';
import type { PartnerDirectory } from '../adapters/partner-directory';
import type { ActivationDispatcher } from '../adapters/activation-dispatcher';
import type { SignalSource } from '../adapters/signal-source';
import type DataLoader from 'dataloader';
import type { ChurnFlag } from '../domain/churn-flag';

export interface OffersContext extends SubgraphContext {
  /** per-request DataLoaders over the core */
  core: CoreLoaders;
  /** one clock reading per request */
  now: Date;
  store: OffersStore;
  partners: PartnerDirectory;
  /** customer, accounts (via accounts' relationship route) and transactions, cached per customer; absent: read from `core` directly */
  signals?: SignalSource;
  /** the request's loader of engagement's churn flags (db/churn-flags.ts), batched over the customers asked for; absent: no flags (tests) */
  churnFlags?: DataLoader<string, ChurnFlag | null>;
  /** delivers activations right after an acceptance (the poller retries the rest); absent in some tests */
  dispatcher?: ActivationDispatcher;
}
