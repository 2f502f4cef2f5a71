// The next-best-offer engine: a pure function from a customer's signals to ranked offers. It
// knows nothing of the core, the store or GraphQL, so every rule is testable on its own.
//
// Three steps: candidate generation (each rule looks at the signals and either proposes an offer
// with a score and a plain-language reason naming the signal, or stays silent), eligibility
// (channel; no marketing without consent), ranking (score, then id: same signals, same order).
import type { AccountType } from '../../../legacy-adapters/soap/src/types';
import { formatMinor } from '../../../lib/money';
import type { Category } from '../../../lib/mcc-categories';

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

export const PARTNER_CATEGORY_SPEND: Readonly<Record<string, Category>> = Object.freeze({
  RIDE_HAILING: 'TRANSPORT',
  COFFEE: 'EATING_OUT',
  GROCERIES: 'GROCERIES',
  TRAVEL: 'TRAVEL',
  STREAMING: 'ENTERTAINMENT',
  EVENTS: 'ENTERTAINMENT',
  DINING: 'EATING_OUT',
});

export interface PartnerInfo {
  partnerId: string;
  /** display name; the id when the directory gives none */
  name: string;
  /** partners' own category (TRAVEL, COFFEE, ...) when the directory gives it */
  category: string | null;
  merchantIds: readonly string[];
}

export interface Window {
  /** first and last day (YYYY-MM-DD, both inclusive) */
  from: string;
  to: string;
}

export interface SpendTrend {
  recentMinor: bigint;
  previousMinor: bigint;
}

export interface OfferSignals {
  customerId: string;
  marketingConsent: boolean;
  /** product types held in accounts that are not closed */
  productsHeld: ReadonlySet<AccountType>;
  channel: OfferChannel;
  /** the business day (YYYY-MM-DD, UTC) the offers are made on */
  today: string;
  /** the currency spend figures are counted in (card spend in other currencies is not summed) */
  currency: string;
  /** days since the relationship began */
  tenureDays: number;
  /** the last 30 days (today included) and the 30 days before */
  recent: Window;
  previous: Window;
  /** card spend by category, recent vs previous window */
  spend: ReadonlyMap<Category, SpendTrend>;
  /** number of card purchases (any currency) per window */
  cardPurchases: { recent: number; previous: number };
  /** the last salary credit in the recent window */
  salary: { amountMinor: bigint; currency: string; on: string } | null;
  /** card spend at merchants outside the customer's country of residence, recent window */
  abroad: { recentMinor: bigint; countries: readonly string[] };
  /** card spend at partner merchants, recent window, by partner id */
  partnerSpend: ReadonlyMap<string, { recentMinor: bigint; count: number }>;
  /** the partner directory (empty when partners could not be asked) */
  partners: readonly PartnerInfo[];
}

/** What accepting a cash-back offer activates in loyalty. */
export interface CashBackTerms {
  partnerId: string;
  merchantIds: string[];
  rateBasisPoints: number;
  validDays: number;
}

export interface Offer {
  id: string;
  kind: OfferKind;
  title: string;
  reason: string;
  /** ISO 8601, UTC */
  expiresAt: string;
  marketing: boolean;
  topic: OfferTopic;
  partnerId?: string;
  cashBack?: CashBackTerms;
}

interface Candidate extends Offer {
  score: number;
}

// ---- thresholds and weights (documented in docs/offers.md) ----

/** Falling activity: at least this many card purchases before, and at most half of them now. */
export const FALLING_MIN_PREVIOUS = 8;
/** A category counts as a signal from this much recent spend (minor units of the signals' currency). */
export const CATEGORY_MIN_SPEND_MINOR = 5000n;
/** Spend abroad counts as a travel event from this much (minor units). */
export const ABROAD_MIN_SPEND_MINOR = 10000n;
export const CASH_BACK_RATE_BP = 500;
export const CASH_BACK_VALID_DAYS = 30;
const OFFER_VALID_DAYS = 30;
const TENURE_YEARS_FOR_THANKS = 5;

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

/** Above any spend-based score: a customer drifting away hears about it first. */
const RETENTION_SCORE = 1_000_000_000;

// Cross-selling and partner offers are not for partner apps; nothing is offered there today.
const OWN_CHANNELS: readonly OfferChannel[] = ['WEB', 'MOBILE', 'KIOSK', 'STAFF'];

/** Whether any rule could make an offer on `channel` (if not, no signals are worth fetching). */
export function channelHasOffers(channel: OfferChannel): boolean {
  return OWN_CHANNELS.includes(channel);
}

// ---- helpers ----

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "24 October" from "2026-10-24" (no locale data involved: same text everywhere). */
export function dayText(iso: string): string {
  return `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]}`;
}

export function periodText(w: Window): string {
  return `between ${dayText(w.from)} and ${dayText(w.to)}`;
}

function amountText(minor: bigint, currency: string): string {
  return `${formatMinor(minor, currency)} ${currency}`;
}

function endOfDayAfter(today: string, days: number): string {
  const d = new Date(`${today}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return `${d.toISOString().slice(0, 10)}T23:59:59Z`;
}

const CATEGORY_WORDS: Readonly<Partial<Record<Category, string>>> = {
  TRAVEL: 'travel',
  EATING_OUT: 'eating out',
  ENTERTAINMENT: 'entertainment',
  TRANSPORT: 'transport',
  SHOPPING: 'shopping',
  GROCERIES: 'groceries',
};

/** Whole units of the currency (for scores only, never for money). */
function major(minor: bigint): number {
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

function spendReason(s: OfferSignals, category: Category): string {
  const t = s.spend.get(category)!;
  return `because you spent ${amountText(t.recentMinor, s.currency)} on ${CATEGORY_WORDS[category] ?? category.toLowerCase()} ${periodText(s.recent)}`;
}

// ---- candidate generation ----

function candidates(s: OfferSignals): Candidate[] {
  const out: Candidate[] = [];
  const add = (c: Omit<Candidate, 'id' | 'expiresAt' | 'marketing'> & { rule: string; validDays?: number }) => {
    const { rule, validDays, ...rest } = c;
    out.push({ ...rest, id: `${rule}:${s.customerId}`, expiresAt: endOfDayAfter(s.today, validDays ?? OFFER_VALID_DAYS), marketing: isMarketing(rest.kind) });
  };
  const travel = categoryRelevance(s, 'TRAVEL');
  const abroad = s.abroad.recentMinor >= ABROAD_MIN_SPEND_MINOR;

  // retention: activity falling (service: a benefit on the account the customer holds)
  if (isActivityFalling(s)) {
    const { recent, previous } = s.cardPurchases;
    add({
      rule: 'retention-fee-waiver-v1',
      kind: 'RETENTION',
      topic: 'ACCOUNT',
      title: s.productsHeld.has('CURRENT') ? 'Three months without account fees' : 'A review of your products, on us',
      reason: `because you made ${recent} card purchase${recent === 1 ? '' : 's'} ${periodText(s.recent)}, down from ${previous} in the 30 days before`,
      score: RETENTION_SCORE,
    });
  }

  // travel, service side: how the card the customer holds works abroad
  if (travel > 0 || abroad) {
    const reason =
      abroad
        ? `because you spent ${amountText(s.abroad.recentMinor, s.currency)} abroad (${s.abroad.countries.join(', ')}) ${periodText(s.recent)}`
        : spendReason(s, 'TRAVEL');
    add({
      rule: 'travel-card-abroad-v1',
      kind: 'SERVICE',
      topic: 'TRAVEL',
      title: 'Your card abroad: travel notice, limits and fee-free withdrawals',
      reason,
      score: Math.floor(travel * 0.8) + (abroad ? major(s.abroad.recentMinor) : 0),
    });
  }

  // travel, marketing side
  if (travel > 0) {
    add({
      rule: 'travel-lounge-v1',
      kind: 'EXPERIENCE',
      topic: 'TRAVEL',
      title: 'Airport lounge access at a member price',
      reason: spendReason(s, 'TRAVEL'),
      score: Math.floor(travel * 0.9),
    });
  }

  // cross-sell: only products not held. One id per product whatever the reason, so a dismissal
  // holds even when the signal behind the offer changes.
  if (!s.productsHeld.has('CARD')) {
    if (travel > 0 || abroad) {
      add({
        rule: 'credit-card-v1',
        kind: 'CROSS_SELL',
        topic: 'TRAVEL',
        title: 'A credit card with travel insurance and no foreign fees',
        reason: travel > 0 ? spendReason(s, 'TRAVEL') : `because you spent ${amountText(s.abroad.recentMinor, s.currency)} abroad ${periodText(s.recent)}`,
        score: travel + (abroad ? major(s.abroad.recentMinor) : 0),
      });
    } else {
      add({
        rule: 'credit-card-v1',
        kind: 'CROSS_SELL',
        topic: 'CREDIT',
        title: 'Get a credit card',
        reason: s.productsHeld.has('CURRENT') ? 'because you have a current account but no credit card' : 'because you have no credit card with us yet',
        score: 200,
      });
    }
  }
  if (!s.productsHeld.has('SAVINGS')) {
    add({
      rule: 'savings-account-v1',
      kind: 'CROSS_SELL',
      topic: 'SAVINGS',
      title: s.salary ? 'Save on payday with a savings account' : 'Open a savings account',
      reason: s.salary
        ? `because your salary of ${amountText(s.salary.amountMinor, s.salary.currency)} was credited on ${dayText(s.salary.on)} and you have no savings account`
        : s.productsHeld.has('CURRENT')
          ? 'because you have a current account but no savings account'
          : 'because you have no savings account with us yet',
      score: s.salary ? 600 : 300,
    });
  }

  // partner cash back: spend at the partner itself, or in its category; one partner per category
  const bestPerCategory = new Map<string, Candidate>();
  for (const p of s.partners) {
    const direct = s.partnerSpend.get(p.partnerId);
    const category = p.category ? PARTNER_CATEGORY_SPEND[p.category] : undefined;
    const byCategory = category ? categoryRelevance(s, category) : 0;
    const byPartner = direct && direct.recentMinor > 0n ? 100 + 3 * major(direct.recentMinor) : 0;
    if (byCategory === 0 && byPartner === 0) continue;
    if (p.merchantIds.length === 0) continue;
    const reason =
      byPartner > 0
        ? `because you spent ${amountText(direct!.recentMinor, s.currency)} at ${p.name} ${periodText(s.recent)}`
        : spendReason(s, category!);
    const rate = CASH_BACK_RATE_BP;
    const candidate: Candidate = {
      id: `cashback-v1.${p.partnerId}:${s.customerId}`,
      kind: 'CASH_BACK',
      topic: category ?? 'SHOPPING',
      title: `${rate / 100}% cash back at ${p.name} for ${CASH_BACK_VALID_DAYS} days`,
      reason,
      expiresAt: endOfDayAfter(s.today, OFFER_VALID_DAYS),
      marketing: true,
      partnerId: p.partnerId,
      cashBack: { partnerId: p.partnerId, merchantIds: [...p.merchantIds].sort(), rateBasisPoints: rate, validDays: CASH_BACK_VALID_DAYS },
      // a partner offer edges out the bank's own for the same category signal
      score: byCategory + byPartner + 1,
    };
    const key = category ?? p.partnerId;
    const held = bestPerCategory.get(key);
    if (!held || candidate.score > held.score || (candidate.score === held.score && candidate.id < held.id)) bestPerCategory.set(key, candidate);
  }
  out.push(...bestPerCategory.values());

  // tenure: a thank-you for a long relationship
  const years = Math.floor(s.tenureDays / 365);
  if (years >= TENURE_YEARS_FOR_THANKS) {
    add({
      rule: 'tenure-thanks-v1',
      kind: 'EXPERIENCE',
      topic: 'RELATIONSHIP',
      title: 'A thank-you experience for loyal customers',
      reason: `because you have banked with us for ${years} years`,
      score: 100,
    });
  }
  return out;
}

/** Every eligible offer for these signals, best first. Same signals, same answer. */
export function rankOffers(s: OfferSignals): Offer[] {
  if (!channelHasOffers(s.channel)) return [];
  return candidates(s)
    // no consent, no marketing: checked here, after every rule, so no rule can forget it
    .filter((c) => s.marketingConsent || !c.marketing)
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(({ score: _score, ...offer }) => offer);
}

/** The best `limit` offers, skipping any the caller says may not be shown (dismissed, capped). */
export function nextBestOffers(s: OfferSignals, limit: number, suppressed: ReadonlySet<string> = new Set()): Offer[] {
  return rankOffers(s)
    .filter((o) => !suppressed.has(o.id))
    .slice(0, Math.max(0, limit));
}
