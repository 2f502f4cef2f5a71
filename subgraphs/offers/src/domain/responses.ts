// What a customer's answer to an offer does, and how often an offer may be shown: the rules the
// store applies (db/offers-store.ts) when it records answers and impressions.
import type { CashBackTerms } from './offer';

export const RESPONSES = ['ACCEPT', 'DISMISS', 'SNOOZE'] as const;
export type OfferResponseKind = (typeof RESPONSES)[number];

/** How long a shown offer can be answered (its expiresAt is 30 days after the day it is shown). */
export const OFFER_LIFETIME_DAYS = 30;

export interface SuppressionRules {
  /** an offer is shown at most this often per channel in 24 hours ... */
  capPerDay: number;
  /** ... and in 7 days */
  capPerWeek: number;
  /** how long each response hides the offer, in days */
  hideDays: Readonly<Record<OfferResponseKind, number>>;
}

export const DEFAULT_SUPPRESSION_RULES: SuppressionRules = Object.freeze({
  capPerDay: 2,
  capPerWeek: 5,
  hideDays: Object.freeze({ ACCEPT: 30, DISMISS: 30, SNOOZE: 7 }),
});

/** Days a response hides its offer: an accepted cash back stays hidden at least while it runs. */
export function hideDaysFor(response: OfferResponseKind, terms: CashBackTerms | null, rules: SuppressionRules): number {
  return response === 'ACCEPT' && terms ? Math.max(terms.validDays, rules.hideDays.ACCEPT) : rules.hideDays[response];
}
