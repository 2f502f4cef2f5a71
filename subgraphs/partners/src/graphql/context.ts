import type { Caller } from '../../../../lib/internal-auth';
import type { Logger } from '../../../../lib/logger';
import type { CatalogueStore } from '../catalogue/catalogue-store';
import { CatalogueLoaders, createLoaders } from '../catalogue/loaders';

export interface PartnersContext {
  /** the caller the gateway verified (set by the internal-token preHandler) */
  caller: Caller;
  log: Logger;
  store: CatalogueStore;
  loaders: CatalogueLoaders;
}

export function createContext(caller: Caller, store: CatalogueStore, log: Logger): PartnersContext {
  return { caller, log, store, loaders: createLoaders(store) };
}
