// Tiers reward the whole relationship, not one product line. The relationship score adds three
// capped parts (weights and caps in the rules file, formula in docs/loyalty.md):
//   tenure    = perYearOfTenure x whole years since the oldest account was opened  (max maxTenure)
//   products  = perProductType  x distinct active product types (CURRENT, SAVINGS, LOAN, CARD) (max maxProducts)
//   activity  = perRecentCardPurchase x card purchases in the last recentDays days (max maxRecentActivity)
// The tier is the highest whose minScore the score reaches; its multiplier scales points earned.
import type { CoreAccount } from '../../../../legacy-adapters/soap/src';
import type { EarningRules, TierName } from './rules';

/** What the tier score reads of an account. */
export type TierAccount = Pick<CoreAccount, 'type' | 'status' | 'openedOn'>;

export interface RelationshipSignals {
  tenureYears: number;
  productTypes: number;
  recentCardPurchases: number;
}

export interface NextTier {
  tier: TierName;
  minScore: number;
  scoreNeeded: number;
  /** what would get there, in plain words */
  hint: string;
}

export interface TierStanding {
  tier: TierName;
  score: number;
  multiplierBp: bigint;
  signals: RelationshipSignals;
  next: NextTier | null;
}

/** Whole years between `from` (YYYY-MM-DD) and `now`, never negative. */
export function wholeYearsSince(from: string, now: Date): number {
  const d = new Date(`${from}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return 0;
  let years = now.getUTCFullYear() - d.getUTCFullYear();
  const before = now.getUTCMonth() < d.getUTCMonth() || (now.getUTCMonth() === d.getUTCMonth() && now.getUTCDate() < d.getUTCDate());
  if (before) years--;
  return Math.max(0, years);
}

export function signalsFromAccounts(accounts: readonly TierAccount[], now: Date): Pick<RelationshipSignals, 'tenureYears' | 'productTypes'> {
  const oldest = accounts
    .map((a) => a.openedOn)
    .filter(Boolean)
    .sort()[0];
  const active = new Set(accounts.filter((a) => a.status === 'ACTIVE').map((a) => a.type));
  return { tenureYears: oldest ? wholeYearsSince(oldest, now) : 0, productTypes: active.size };
}

export function standingFor(signals: RelationshipSignals, rules: EarningRules): TierStanding {
  const s = rules.score;
  const tenure = Math.min(s.maxTenure, s.perYearOfTenure * signals.tenureYears);
  const products = Math.min(s.maxProducts, s.perProductType * signals.productTypes);
  const activity = Math.min(s.maxRecentActivity, s.perRecentCardPurchase * signals.recentCardPurchases);
  const score = tenure + products + activity;
  let index = 0;
  rules.tiers.forEach((t, i) => {
    if (score >= t.minScore) index = i;
  });
  const current = rules.tiers[index];
  if (!current) throw new Error('earning rules have no tiers');
  const following = rules.tiers[index + 1];
  let next: NextTier | null = null;
  if (following) {
    const needed = following.minScore - score;
    // what each part can still add, within its cap
    const ways = [
      { per: s.perProductType, room: s.maxProducts - products, say: (n: number) => `${n} more product type(s)` },
      { per: s.perRecentCardPurchase, room: s.maxRecentActivity - activity, say: (n: number) => `${n} more card purchase(s) within ${s.recentDays} days` },
      { per: s.perYearOfTenure, room: s.maxTenure - tenure, say: (n: number) => `${n} more year(s) with the bank` },
    ].filter((w) => w.per > 0 && w.room > 0);
    const alone = ways.filter((w) => w.room >= needed).map((w) => w.say(Math.ceil(needed / w.per)));
    let hint = `${needed} more score point(s) for ${following.tier}`;
    if (alone.length) {
      hint += `: for example ${alone.join(', or ')}`;
    } else {
      const parts: string[] = [];
      let left = needed;
      for (const w of ways) {
        if (left <= 0) break;
        const take = Math.min(left, w.room);
        parts.push(w.say(Math.ceil(take / w.per)));
        left -= take;
      }
      if (parts.length) hint += `: for example ${parts.join(' and ')}`;
    }
    next = { tier: following.tier, minScore: following.minScore, scoreNeeded: needed, hint };
  }
  return { tier: current.tier, score, multiplierBp: current.multiplier, signals, next };
}
