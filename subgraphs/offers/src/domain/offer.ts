// What an offer is, whichever rule made it: the words the rules, the engine, the store and the
// schema share.
import type { Category } from '../../../../lib/mcc-categories';

export const OFFER_KINDS = ['CROSS_SELL', 'CASH_BACK', 'PARTNER', 'RETENTION', 'EXPERIENCE', 'SERVICE'] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];

/**
 * Service offers help with a relationship the customer already has (a fee waiver on the account
 * they hold, how their card works abroad): they sell nothing new and name no third party, so they
 * need no marketing consent. Every other kind is marketing and needs it.
 */
export const SERVICE_KINDS: ReadonlySet<OfferKind> = new Set<OfferKind>(['RETENTION', 'SERVICE']);
export const isMarketing = (kind: OfferKind): boolean => !SERVICE_KINDS.has(kind);

export const OFFER_CHANNELS = ['WEB', 'MOBILE', 'KIOSK', 'PARTNER', 'STAFF'] as const;
export type OfferChannel = (typeof OFFER_CHANNELS)[number];

/** What an offer is about: a spend category, or one of the bank's own product areas. */
export type OfferTopic = Category | 'SAVINGS' | 'CREDIT' | 'ACCOUNT' | 'RELATIONSHIP';

/** What accepting a cash-back offer activates in loyalty. */
export interface CashBackTerms {
  partnerId: string;
  merchantIds: string[];
  rateBasisPoints: number;
  validDays: number;
}

/** An offer's words in one language. */
export interface OfferText {
  title: string;
  reason: string;
}

export interface Offer {
  id: string;
  kind: OfferKind;
  title: string;
  reason: string;
  /** title and reason in Persian; English above */
  fa: OfferText;
  /** ISO 8601, UTC */
  expiresAt: string;
  marketing: boolean;
  topic: OfferTopic;
  partnerId?: string;
  cashBack?: CashBackTerms;
}

/**
 * `<offerKey>:<customerId>`, or `<offerKey>.<partnerId>:<customerId>` for an offer naming a
 * partner. Answers and impressions are stored under it, so the same offer keeps the same id
 * across requests and releases.
 */
export function offerId(offerKey: string, customerId: string, partnerId?: string): string {
  return `${partnerId ? `${offerKey}.${partnerId}` : offerKey}:${customerId}`;
}
