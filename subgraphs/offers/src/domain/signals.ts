// Core records -> the engine's signals. Pure, so the mapping is tested without a core.
import type { AccountType, CoreAccount, CoreCustomer, CoreMerchant, CoreTransaction } from '../../../../legacy-adapters/soap/src';
import { parseDecimal } from '../../../../lib/money';
import { categoryOfMcc, type Category } from '../../../../lib/mcc-categories';
import type { OfferChannel } from './offer';
import { activeChurnFlag, type ChurnFlag } from './churn-flag';

export interface PartnerInfo {
  partnerId: string;
  /** display name, as partners' directory gives it (Offer.partner provides it to the gateway) */
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

/** Everything a rule may look at: one customer, on one channel, on one day. */
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
  /** engagement's churn flag when raised within the last CHURN_FLAG_DAYS (domain/churn-flag.ts), else null */
  churnFlag: ChurnFlag | null;
}

/** Length of each signal window in days: the last 30 days against the 30 before. */
export const WINDOW_DAYS = 30;

/** Product types the customer holds; a closed account is not a product held. */
export function productsHeld(accounts: readonly Pick<CoreAccount, 'type' | 'status'>[]): Set<AccountType> {
  return new Set(accounts.filter((a) => a.status !== 'CLOSED').map((a) => a.type));
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / 86_400_000);
}

/** The two windows ending today: what one QueryTransactions call must cover (from previous.from). */
export function windowsFor(today: string): { recent: Window; previous: Window } {
  return {
    recent: { from: addDays(today, -(WINDOW_DAYS - 1)), to: today },
    previous: { from: addDays(today, -(2 * WINDOW_DAYS - 1)), to: addDays(today, -WINDOW_DAYS) },
  };
}

/** What the signals read of a transaction (and all offers keeps of one in its cache). */
export type SignalTransaction = Pick<CoreTransaction, 'bookedAt' | 'amount' | 'currency' | 'direction' | 'status' | 'kind'> & {
  merchant?: Pick<CoreMerchant, 'merchantId' | 'mcc' | 'country'>;
};

/** Drops what the signals never read (descriptions, counterparties, merchant names and places). */
export function signalTransaction(t: SignalTransaction): SignalTransaction {
  const { bookedAt, amount, currency, direction, status, kind, merchant } = t;
  return merchant
    ? { bookedAt, amount, currency, direction, status, kind, merchant: { merchantId: merchant.merchantId, mcc: merchant.mcc, country: merchant.country } }
    : { bookedAt, amount, currency, direction, status, kind };
}

/** A card purchase: a card debit that was not reversed (pending ones count: the money is spent). */
export function isCardPurchase(t: Pick<CoreTransaction, 'kind' | 'direction' | 'status'>): boolean {
  return t.kind === 'CARD' && t.direction === 'DEBIT' && t.status !== 'REVERSED';
}

export interface SignalInputs {
  customer: Pick<CoreCustomer, 'customerId' | 'marketingConsent'> & Partial<Pick<CoreCustomer, 'customerSince' | 'country'>>;
  accounts: readonly Pick<CoreAccount, 'type' | 'status'>[];
  /** transactions of the customer's accounts covering both windows (others are ignored) */
  transactions: readonly SignalTransaction[];
  partners: readonly PartnerInfo[];
  channel: OfferChannel;
  today: string;
  /** the currency spend is summed in (default EUR) */
  currency?: string;
  /** the customer's latest churn flag from the store (db/churn-flags.ts); kept only while recent */
  churnFlag?: ChurnFlag | null;
}

export function signalsFrom(input: SignalInputs): OfferSignals {
  const { customer, today } = input;
  const currency = input.currency ?? 'EUR';
  const { recent, previous } = windowsFor(today);
  const inWindow = (day: string, w: Window) => day >= w.from && day <= w.to;
  const spend = new Map<Category, SpendTrend>();
  const cardPurchases = { recent: 0, previous: 0 };
  let salary: OfferSignals['salary'] = null;
  let abroadMinor = 0n;
  const countries = new Set<string>();
  const partnerOf = new Map<string, string>();
  for (const p of input.partners) for (const m of p.merchantIds) partnerOf.set(m, p.partnerId);
  const partnerSpend = new Map<string, { recentMinor: bigint; count: number }>();
  const home = customer.country;

  for (const t of input.transactions) {
    const day = t.bookedAt.slice(0, 10);
    const isRecent = inWindow(day, recent);
    if (!isRecent && !inWindow(day, previous)) continue;
    if (t.kind === 'SALARY' && t.direction === 'CREDIT' && t.status !== 'REVERSED' && isRecent) {
      if (!salary || day > salary.on) salary = { amountMinor: parseDecimal(t.amount, t.currency).minor, currency: t.currency, on: day };
      continue;
    }
    if (!isCardPurchase(t)) continue;
    if (isRecent) cardPurchases.recent++;
    else cardPurchases.previous++;
    // amounts in another currency are counted, not summed: no FX guesswork in a reason
    if (t.currency !== currency || !t.merchant) continue;
    const minor = parseDecimal(t.amount, t.currency).minor;
    const category = categoryOfMcc(t.merchant.mcc);
    const trend = spend.get(category) ?? { recentMinor: 0n, previousMinor: 0n };
    if (isRecent) trend.recentMinor += minor;
    else trend.previousMinor += minor;
    spend.set(category, trend);
    if (!isRecent) continue;
    if (home && t.merchant.country && t.merchant.country !== home) {
      abroadMinor += minor;
      countries.add(t.merchant.country);
    }
    const partnerId = partnerOf.get(t.merchant.merchantId);
    if (partnerId) {
      const ps = partnerSpend.get(partnerId) ?? { recentMinor: 0n, count: 0 };
      ps.recentMinor += minor;
      ps.count++;
      partnerSpend.set(partnerId, ps);
    }
  }

  return {
    customerId: customer.customerId,
    marketingConsent: customer.marketingConsent === true,
    productsHeld: productsHeld(input.accounts),
    channel: input.channel,
    today,
    currency,
    tenureDays: customer.customerSince ? Math.max(0, daysBetween(customer.customerSince, today)) : 0,
    recent,
    previous,
    spend,
    cardPurchases,
    salary,
    abroad: { recentMinor: abroadMinor, countries: [...countries].sort() },
    partnerSpend,
    partners: input.partners,
    churnFlag: activeChurnFlag(input.churnFlag, today),
  };
}
