// Where loyalty pays money into (settled cash back, points redeemed for cash).
import type { CoreAccount } from '../../../../legacy-adapters/soap/src';

/** The customer's active current account in `currency` (the oldest, when several), if any. */
export function currentAccountIn(accounts: readonly CoreAccount[], currency: string): CoreAccount | undefined {
  return accounts
    .filter((a) => a.type === 'CURRENT' && a.status === 'ACTIVE' && a.currency === currency)
    .sort((a, b) => (a.openedOn < b.openedOn ? -1 : a.openedOn > b.openedOn ? 1 : a.accountId < b.accountId ? -1 : 1))[0];
}
