// In domain/ although it reads accounts and purchases: both come through what it is handed
// (AccountListPort, recentPurchases), so it does no I/O of its own.
import type { Deadline } from '../../../../lib/deadline';
import type { Logger } from '../../../../lib/logger';
import { baseMultiplier, type EarningRules, type TierName } from './rules';
import { type TierAccount, type TierStanding, signalsFromAccounts, standingFor } from './tier-standing';

export interface AccountListPort {
  /** `deadline`: the client request's, when one waits for the answer */
  accountsOf(customerId: string, requestId?: string, deadline?: Deadline): Promise<readonly TierAccount[]>;
}

const MS_PER_DAY = 86_400_000;

export interface TierServiceOptions {
  rules: EarningRules;
  /** the customer's accounts: accounts' relationship route with the core behind it, or the core (adapters/relationship.ts) */
  core?: AccountListPort;
  /** card purchases of the customer since the given instant (db/card-purchases.ts) */
  recentPurchases: (customerId: string, since: Date) => Promise<number>;
  clock: () => Date;
  log: Logger;
  /** how long a standing is reused (default 10 minutes) */
  ttlMs?: number;
}

/**
 * Standings cached per customer. `standing` asks the core (and fails when it cannot answer);
 * `multiplierFor` (used by the card feed) never fails: it falls back to the last known standing,
 * then to the base multiplier, so a core outage delays tier effects but never blocks earning.
 */
export class TierService {
  private readonly cache = new Map<string, { at: number; standing: TierStanding }>();
  private readonly ttlMs: number;
  /** standings reused, and standings worked out (core and store read): cache_hits_total / cache_misses_total */
  hits = 0;
  misses = 0;

  constructor(private readonly opts: TierServiceOptions) {
    this.ttlMs = opts.ttlMs ?? 10 * 60_000;
  }

  async standing(customerId: string, requestId?: string, deadline?: Deadline): Promise<TierStanding> {
    const now = this.opts.clock();
    const hit = this.cache.get(customerId);
    if (hit && now.getTime() - hit.at < this.ttlMs) {
      this.hits++;
      return hit.standing;
    }
    this.misses++;
    const since = new Date(now.getTime() - this.opts.rules.score.recentDays * MS_PER_DAY);
    // both at once: the store's count runs while accounts answers, not after it (a cold dashboard waits for this)
    const [accounts, recentCardPurchases] = await Promise.all([
      this.opts.core ? this.opts.core.accountsOf(customerId, requestId, deadline) : [],
      this.opts.recentPurchases(customerId, since),
    ]);
    const standing = standingFor({ ...signalsFromAccounts(accounts, now), recentCardPurchases }, this.opts.rules);
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(customerId, { at: now.getTime(), standing });
    return standing;
  }

  /**
   * The tier of the standing multiplierFor last used for the customer, without asking anything: the
   * card feed stamps it on CardPurchaseRecorded. Undefined when no standing is known (the base
   * multiplier was used).
   */
  knownTier(customerId: string): TierName | undefined {
    return this.cache.get(customerId)?.standing.tier;
  }

  async multiplierFor(customerId: string): Promise<bigint> {
    try {
      return (await this.standing(customerId)).multiplierBp;
    } catch (err) {
      const known = this.cache.get(customerId)?.standing.multiplierBp;
      this.opts.log.warn({ customerId, err: (err as Error).message, fallback: known ? 'last known tier' : 'base multiplier' }, 'tier unavailable');
      return known ?? baseMultiplier(this.opts.rules);
    }
  }
}
