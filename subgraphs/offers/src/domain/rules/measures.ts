// How strongly the signals speak, shared by several rules. Thresholds and weights are documented
// in docs/offers.md.
import type { Category } from '../../../../../lib/mcc-categories';
import { exponentOf } from '../../../../../lib/money';
import type { OfferSignals } from '../signals';

/** Falling activity: at least this many card purchases before, and at most half of them now. */
export const FALLING_MIN_PREVIOUS = 8;
/** A category counts as a signal from this much recent spend (whole units of the signals' currency). */
export const CATEGORY_MIN_SPEND_UNITS = 50n;
/** Spend abroad counts as a travel event from this much (whole units of the signals' currency). */
export const ABROAD_MIN_SPEND_UNITS = 100n;

/** `units` whole units of `currency` in its minor unit (ISO 4217 exponent: JPY 0, EUR 2, BHD 3). */
function minorOf(units: bigint, currency: string): bigint {
  return units * 10n ** BigInt(exponentOf(currency));
}

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

/** Whole units of `currency` (ISO 4217 exponent), rounded down: for scores only, never for money. */
export function major(minor: bigint, currency: string): number {
  return Number(minor / 10n ** BigInt(exponentOf(currency)));
}

/** How strongly recent spend in a category speaks for an offer there: 0 below the threshold. */
export function categoryRelevance(s: OfferSignals, category: Category): number {
  const weight = CATEGORY_WEIGHT[category];
  const t = s.spend.get(category);
  if (!weight || !t || t.recentMinor < minorOf(CATEGORY_MIN_SPEND_UNITS, s.currency)) return 0;
  const growth = t.recentMinor > t.previousMinor ? t.recentMinor - t.previousMinor : 0n;
  return Math.floor((weight * (major(t.recentMinor, s.currency) + major(growth, s.currency))) / 100);
}

export function isActivityFalling(s: Pick<OfferSignals, 'cardPurchases'>): boolean {
  const { recent, previous } = s.cardPurchases;
  return previous >= FALLING_MIN_PREVIOUS && recent * 2 <= previous;
}

/** Enough card spend abroad in the recent window to count as a trip. */
export function spentAbroad(s: OfferSignals): boolean {
  return s.abroad.recentMinor >= minorOf(ABROAD_MIN_SPEND_UNITS, s.currency);
}
