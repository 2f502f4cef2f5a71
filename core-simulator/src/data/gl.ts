// The bank's own general-ledger accounts: what the bank pays from (loyalty cash back and cash
// redemptions). A real core has them too, under ids of its own; here they exist so that a caller
// configured with a funding account (LOYALTY_FUNDING_ACCOUNTS) has something to debit. They belong
// to no customer, have no IBAN and no seeded history, and start at a balance of 0.
import type { Account } from './types';

/** Every currency the dataset opens accounts in (dataset.ts): one GL account each. */
export const GL_CURRENCIES = ['EUR', 'GBP', 'USD', 'CHF', 'PLN'] as const;

export const GL_HOLDER_NAME = 'Corebridge Bank';

export function glAccountId(currency: string): string {
  return `GL-LOYALTY-${currency}`;
}

/**
 * GL accounts as Account records, indexed after the dataset's accounts so that the ledger's
 * per-index overlay and balance deltas work for them unchanged. `customer` -1 marks them.
 */
export function buildGlAccounts(firstIndex: number, openedDay: number, openedOn: string): Account[] {
  return GL_CURRENCIES.map((currency, i) => ({
    index: firstIndex + i,
    accountId: glAccountId(currency),
    customer: -1,
    accountNumber: glAccountId(currency),
    iban: '',
    type: 'CURRENT' as const,
    productCode: 'GL-LOYALTY',
    productName: 'Loyalty funding (general ledger)',
    currency,
    status: 'ACTIVE' as const,
    openedOn,
    openedDay,
    baseMinor: 0n,
    profile: { dailyThreshold: 0, tripThreshold: 0, recurring: [], trips: [], homeCity: 0, nonCardPercent: 0 },
    txnCount: 0,
  }));
}

export function isGlAccount(a: Account): boolean {
  return a.customer < 0;
}
