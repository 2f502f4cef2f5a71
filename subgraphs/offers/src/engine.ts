// The next-best-offer engine: a pure function from a customer's signals to ranked offers. It
// knows nothing of the core or GraphQL, so every rule is testable on its own.
import type { AccountType } from '../../../legacy-adapters/soap/src/types';

export const OFFER_KINDS = ['CROSS_SELL', 'CASH_BACK', 'PARTNER', 'RETENTION', 'EXPERIENCE'] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];

export const OFFER_CHANNELS = ['WEB', 'MOBILE', 'KIOSK', 'PARTNER', 'STAFF'] as const;
export type OfferChannel = (typeof OFFER_CHANNELS)[number];

export interface OfferSignals {
  customerId: string;
  marketingConsent: boolean;
  /** product types held in accounts that are not closed */
  productsHeld: ReadonlySet<AccountType>;
  channel: OfferChannel;
  /** the business day (YYYY-MM-DD, UTC) the offers are made on */
  today: string;
}

export interface Offer {
  id: string;
  kind: OfferKind;
  title: string;
  reason: string;
  /** ISO 8601, UTC */
  expiresAt: string;
}

interface Rule {
  /** part of every offer id: change it when the offer's meaning changes */
  id: string;
  kind: OfferKind;
  /** higher first */
  priority: number;
  channels: readonly OfferChannel[];
  validDays: number;
  title: string;
  /** the plain-language reason when the rule applies to these signals, else null */
  reasonFor(s: OfferSignals): string | null;
}

// Cross-selling the bank's own products names what the customer holds: not for partner apps.
const OWN_CHANNELS: readonly OfferChannel[] = ['WEB', 'MOBILE', 'KIOSK', 'STAFF'];

export const RULES: readonly Rule[] = Object.freeze([
  {
    id: 'savings-account-v1',
    kind: 'CROSS_SELL',
    priority: 20,
    channels: OWN_CHANNELS,
    validDays: 30,
    title: 'Open a savings account',
    reasonFor: (s: OfferSignals) => {
      if (s.productsHeld.has('SAVINGS')) return null;
      return s.productsHeld.has('CURRENT')
        ? 'because you have a current account but no savings account'
        : 'because you have no savings account with us yet';
    },
  },
  {
    id: 'credit-card-v1',
    kind: 'CROSS_SELL',
    priority: 10,
    channels: OWN_CHANNELS,
    validDays: 30,
    title: 'Get a credit card',
    reasonFor: (s: OfferSignals) => {
      if (s.productsHeld.has('CARD')) return null;
      return s.productsHeld.has('CURRENT')
        ? 'because you have a current account but no credit card'
        : 'because you have no credit card with us yet';
    },
  },
]);

/** Whether any rule could make an offer on `channel` (if not, no signals are worth fetching). */
export function channelHasOffers(channel: OfferChannel, rules: readonly Rule[] = RULES): boolean {
  return rules.some((r) => r.channels.includes(channel));
}

function endOfDayAfter(today: string, days: number): string {
  const d = new Date(`${today}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return `${d.toISOString().slice(0, 10)}T23:59:59Z`;
}

/** Offers for these signals, best first, at most `limit`. Same signals, same answer. */
export function nextBestOffers(s: OfferSignals, limit: number, rules: readonly Rule[] = RULES): Offer[] {
  // no consent, no marketing: checked before any rule so no rule can forget it
  if (!s.marketingConsent) return [];
  const offers: Array<Offer & { priority: number }> = [];
  for (const rule of rules) {
    if (!rule.channels.includes(s.channel)) continue;
    const reason = rule.reasonFor(s);
    if (reason === null) continue;
    offers.push({
      id: `${rule.id}:${s.customerId}`,
      kind: rule.kind,
      title: rule.title,
      reason,
      expiresAt: endOfDayAfter(s.today, rule.validDays),
      priority: rule.priority,
    });
  }
  offers.sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return offers.slice(0, Math.max(0, limit)).map(({ priority: _p, ...offer }) => offer);
}
