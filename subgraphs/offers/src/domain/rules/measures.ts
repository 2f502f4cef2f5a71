// How strongly the signals speak, shared by several rules. Thresholds and weights are documented
// in docs/offers.md.
import type { Category } from '../../../../../lib/mcc-categories';
import type { OfferSignals } from '../signals';

/** Falling activity: at least this many card purchases before, and at most half of them now. */
export const FALLING_MIN_PREVIOUS = 8;
/** A category counts as a signal from this much recent spend (minor units of the signals' currency). */
export const CATEGORY_MIN_SPEND_MINOR = 5000n;
/** Spend abroad counts as a travel event from this much (minor units). */
export const ABROAD_MIN_SPEND_MINOR = 10000n;

/**
 * How much a unit of recent spend in a category weighs when ranking (percent). Travel is the
 * category where a bank's card and partners add most (fees abroad, insurance, high tickets);
 * groceries are frequent but low-margin. Categories not listed make no category offer.
 */
export const CATEGORY_WEIGHT: Readonly<Partial<Record<Category, number>>> = Object.freeze({
  TRAVEL: 300,
  EATING_OUT: 150,
  ENTERTAINMENT: 150,
  TRANSPORT: 100,
  SHOPPING: 100,
  GROCERIES: 50,
});

/** Whole units of the currency (for scores only, never for money). */
export function major(minor: bigint): number {
  return Number(minor / 100n);
}

/** How strongly recent spend in a category speaks for an offer there: 0 below the threshold. */
export function categoryRelevance(s: OfferSignals, category: Category): number {
  const weight = CATEGORY_WEIGHT[category];
  const t = s.spend.get(category);
  if (!weight || !t || t.recentMinor < CATEGORY_MIN_SPEND_MINOR) return 0;
  const growth = t.recentMinor > t.previousMinor ? t.recentMinor - t.previousMinor : 0n;
  return Math.floor((weight * (major(t.recentMinor) + major(growth))) / 100);
}

export function isActivityFalling(s: Pick<OfferSignals, 'cardPurchases'>): boolean {
  const { recent, previous } = s.cardPurchases;
  return previous >= FALLING_MIN_PREVIOUS && recent * 2 <= previous;
}

/** Enough card spend abroad in the recent window to count as a trip. */
export function spentAbroad(s: OfferSignals): boolean {
  return s.abroad.recentMinor >= ABROAD_MIN_SPEND_MINOR;
}
