// What the engine needs from the core, in as few calls as the core allows: QueryCustomer (consent,
// tenure, residence) and QueryAccSumm in the same tick (or, in the service, the same from accounts'
// relationship route: signal-source.ts), then one QueryTransactions holding a page query per
// account for both signal windows. A further page is asked only when an account had
// more than PAGE_SIZE transactions in 60 days (rare; each costs one more call for all such accounts).
import { fromCore } from '../../../../legacy-adapters/soap/src';
import type { CoreAccount, CoreCustomer, CoreLoaders, CoreTransaction, TransactionPageQuery } from '../../../../legacy-adapters/soap/src';
import type { RelationshipAccount, RelationshipCustomer } from '../../../../lib/customer-relationship';
import { type SignalTransaction, windowsFor } from '../domain/signals';

/** The core's largest page. */
export const PAGE_SIZE = 500;
/** Guard against a core that keeps saying "more": the signals use what was read by then. */
const MAX_PAGES = 4;

export interface CoreSignalData {
  customer: RelationshipCustomer;
  accounts: RelationshipAccount[];
  transactions: SignalTransaction[];
}

export async function customerAndAccounts(core: CoreLoaders, customerId: string): Promise<{ customer: CoreCustomer; accounts: CoreAccount[] }> {
  const [customer, accounts] = await Promise.all([fromCore(core.customer.load(customerId)), fromCore(core.accountsOfCustomer.load(customerId))]);
  return { customer, accounts };
}

/** Every transaction of these accounts booked from the start of the previous window on. */
export async function transactionsForWindows(
  core: CoreLoaders,
  accounts: readonly Pick<CoreAccount, 'accountId'>[],
  today: string,
): Promise<CoreTransaction[]> {
  const fromDate = windowsFor(today).previous.from;
  const out: CoreTransaction[] = [];
  let pending: TransactionPageQuery[] = accounts.map((a) => ({ accountId: a.accountId, pageSize: PAGE_SIZE, fromDate }));
  for (let round = 0; round < MAX_PAGES && pending.length > 0; round++) {
    const pages = await Promise.all(pending.map(async (query) => ({ query, page: await fromCore(core.transactions.load(query)) })));
    const next: TransactionPageQuery[] = [];
    for (const { query, page } of pages) {
      out.push(...page.transactions);
      if (page.hasMore && page.nextKey) next.push({ ...query, afterKey: page.nextKey });
    }
    pending = next;
  }
  return out;
}

export async function loadCoreSignalData(core: CoreLoaders, customerId: string, today: string): Promise<CoreSignalData> {
  const { customer, accounts } = await customerAndAccounts(core, customerId);
  const transactions = await transactionsForWindows(core, accounts, today);
  return { customer, accounts, transactions };
}
