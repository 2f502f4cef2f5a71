// Signals for one customer, written out by hand: quiet by default (no spend, steady card use, no
// salary, a year with the bank), so a test sets only the signal it is about.
import type { AccountType } from '../../../../legacy-adapters/soap/src';
import type { Category } from '../../../../lib/mcc-categories';
import type { OfferSignals, PartnerInfo, SpendTrend } from '../../src/domain/signals';
import { windowsFor } from '../../src/domain/signals';

export const TODAY = '2025-03-15';
/** how reasons name the recent window of TODAY */
export const RECENT = 'between 14 February and 15 March';
/** the same in Persian: 14 February and 15 March 2025 in the Persian calendar, Persian digits */
export const RECENT_FA = 'بین ۲۶ بهمن و ۲۵ اسفند';

export function signals(held: AccountType[], overrides: Partial<OfferSignals> = {}): OfferSignals {
  const w = windowsFor(TODAY);
  return {
    customerId: 'C-000001',
    marketingConsent: true,
    productsHeld: new Set(held),
    channel: 'WEB',
    today: TODAY,
    currency: 'EUR',
    tenureDays: 400,
    recent: w.recent,
    previous: w.previous,
    spend: new Map(),
    cardPurchases: { recent: 20, previous: 20 },
    salary: null,
    abroad: { recentMinor: 0n, countries: [] },
    partnerSpend: new Map(),
    partners: [],
    churnFlag: null,
    ...overrides,
  };
}

/** [category, recent minor units, previous minor units] */
export const spend = (entries: Array<[Category, number, number]>): Map<Category, SpendTrend> =>
  new Map(entries.map(([c, recent, previous]) => [c, { recentMinor: BigInt(recent), previousMinor: BigInt(previous) }]));

export const partner = (partnerId: string, category: string | null, merchantIds = [`M-${partnerId}`], name = partnerId): PartnerInfo => ({
  partnerId,
  name,
  category,
  merchantIds,
});
