import type { SubgraphContext } from '../../../lib/subgraph-server';
import type { Database } from '../../../lib/db/database';
import type { Ledger } from './ledger/ledger';
import type { EarningRules } from './rules';
import type { TierService } from './tiers';
import type { Redemptions } from './redemption';

export interface LoyaltyContext extends SubgraphContext {
  ledger: Ledger;
  db: Database;
  /** programme currency for cash back */
  currency: string;
  rules: EarningRules;
  tiers: TierService;
  redemptions: Redemptions;
  /** one clock reading per request, so every figure in an answer is as of the same instant */
  now: Date;
}
