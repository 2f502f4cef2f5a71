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

/** One thing that raises the score, counted in its own units (product types, purchases, years). */
export type TierWayKind = 'PRODUCT_TYPES' | 'CARD_PURCHASES' | 'TENURE_YEARS';

export interface TierWay {
  kind: TierWayKind;
  count: number;
  /** the window card purchases are counted in; null for the other kinds */
  withinDays: number | null;
}

export interface NextTier {
  tier: TierName;
  minScore: number;
  scoreNeeded: number;
  /** what would get there: any one of them (`allNeeded` false), or all of them together */
  ways: TierWay[];
  allNeeded: boolean;
  /** the same in plain English words, for clients that show a sentence as it is */
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
  const next = following ? nextTier(following, following.minScore - score, { tenure, products, activity }, s) : null;
  return { tier: current.tier, score, multiplierBp: current.multiplier, signals, next };
}

/** What `needed` more score points for `following` takes, within what each part can still add. */
function nextTier(
  following: { tier: TierName; minScore: number },
  needed: number,
  parts: { tenure: number; products: number; activity: number },
  s: EarningRules['score'],
): NextTier {
  const ways = [
    { kind: 'PRODUCT_TYPES' as const, per: s.perProductType, room: s.maxProducts - parts.products },
    { kind: 'CARD_PURCHASES' as const, per: s.perRecentCardPurchase, room: s.maxRecentActivity - parts.activity },
    { kind: 'TENURE_YEARS' as const, per: s.perYearOfTenure, room: s.maxTenure - parts.tenure },
  ].filter((w) => w.per > 0 && w.room > 0);
  const way = (w: (typeof ways)[number], points: number): TierWay => ({
    kind: w.kind,
    count: Math.ceil(points / w.per),
    withinDays: w.kind === 'CARD_PURCHASES' ? s.recentDays : null,
  });
  const alone = ways.filter((w) => w.room >= needed).map((w) => way(w, needed));
  let chosen = alone;
  if (!alone.length) {
    // no part can add enough alone: as much of each as it can, in order, until the gap is closed
    chosen = [];
    let left = needed;
    for (const w of ways) {
      if (left <= 0) break;
      const take = Math.min(left, w.room);
      chosen.push(way(w, take));
      left -= take;
    }
  }
  const allNeeded = !alone.length && chosen.length > 1;
  return {
    tier: following.tier,
    minScore: following.minScore,
    scoreNeeded: needed,
    ways: chosen,
    allNeeded,
    hint: englishHint(following.tier, needed, chosen, allNeeded),
  };
}

const ENGLISH_WAY: Record<TierWayKind, (w: TierWay) => string> = {
  PRODUCT_TYPES: (w) => `${w.count} more product type(s)`,
  CARD_PURCHASES: (w) => `${w.count} more card purchase(s) within ${w.withinDays ?? 0} days`,
  TENURE_YEARS: (w) => `${w.count} more year(s) with the bank`,
};

function englishHint(tier: TierName, needed: number, ways: readonly TierWay[], allNeeded: boolean): string {
  const hint = `${needed} more score point(s) for ${tier}`;
  if (!ways.length) return hint;
  return `${hint}: for example ${ways.map((w) => ENGLISH_WAY[w.kind](w)).join(allNeeded ? ' and ' : ', or ')}`;
}
