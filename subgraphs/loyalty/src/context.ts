import type { SubgraphContext } from '../../../lib/subgraph-server';
import type { Ledger } from './ledger/ledger';

export interface LoyaltyContext extends SubgraphContext {
  ledger: Ledger;
  /** programme currency for cash back */
  currency: string;
  /** one clock reading per request, so every figure in an answer is as of the same instant */
  now: Date;
}
