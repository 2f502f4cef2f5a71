import type { SubgraphContext } from '../../../../lib/subgraph-server';
import type { Database } from '../../../../lib/db/database';
import type { BalancesSummary, Ledger } from '../db/ledger/ledger';
import type { EarningRules } from '../domain/rules';
import type { TierService } from '../domain/tier-service';
import type { Redemptions } from '../db/redemptions';

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
  /**
   * This request's balances summaries by customer (filled on first read): the points and cash-back
   * fields of one Loyalty share one ledger query. Lives and dies with the request, never shared.
   */
  balances?: Map<string, Promise<BalancesSummary>>;
}
