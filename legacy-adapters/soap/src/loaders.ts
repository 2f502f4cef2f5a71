// Per-request DataLoaders over the core: everything asked in one tick becomes one round trip per
// operation type where the core can batch (balances, transaction pages), one call per distinct
// key where it cannot. New loaders per request, so nothing is cached across callers.
import DataLoader from 'dataloader';
import type { CoreOperations } from './operations';
import { MAX_BALANCE_IDS, MAX_TRANSACTION_QUERIES } from './operations';
import type {
  CoreAccount, CoreBalance, CoreCallContext, CoreCard, CoreCustomer, CoreTransactionPage, TransactionPageQuery,
} from './types';

export interface CoreLoaders {
  /** QueryCustomer, one id per call */
  customer: DataLoader<string, CoreCustomer>;
  /** QueryAccSumm */
  accountsOfCustomer: DataLoader<string, CoreAccount[]>;
  /** QueryAccBal: all ids of a tick in one call (split above 100) */
  balance: DataLoader<string, CoreBalance>;
  /** QueryTransactions: all queries of a tick in one call (split above 50) */
  transactions: DataLoader<TransactionPageQuery, CoreTransactionPage, string>;
  /** QueryCard by CustomerId; a customer without cards gives [] */
  cardsOfCustomer: DataLoader<string, CoreCard[]>;
  /** QueryCard by Pan (card feed); null when the core knows no such card */
  cardByPan: DataLoader<string, CoreCard | null>;
}

/** Same query, same key, whatever the property order; absent and undefined fields are equal. */
export function transactionQueryKey(q: TransactionPageQuery): string {
  return JSON.stringify([q.accountId, q.pageSize, q.afterKey ?? null, q.fromDate ?? null, q.toDate ?? null]);
}

/** One call per key, all started in the same tick (the concurrency cap queues the excess). */
function perKey<K, V>(load: (key: K) => Promise<V>): DataLoader.BatchLoadFn<K, V> {
  return (keys) => Promise.all(keys.map((k) => load(k).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))))));
}

export function createCoreLoaders(ops: CoreOperations, ctx: CoreCallContext): CoreLoaders {
  return {
    customer: new DataLoader(perKey((id: string) => ops.queryCustomer(id, ctx)), { name: 'core.customer' }),
    accountsOfCustomer: new DataLoader(perKey((id: string) => ops.queryAccountsOfCustomer(id, ctx)), { name: 'core.accountsOfCustomer' }),
    balance: new DataLoader<string, CoreBalance>((ids) => ops.queryBalances(ids, ctx), { maxBatchSize: MAX_BALANCE_IDS, name: 'core.balance' }),
    transactions: new DataLoader<TransactionPageQuery, CoreTransactionPage, string>((qs) => ops.queryTransactionPages(qs, ctx), {
      maxBatchSize: MAX_TRANSACTION_QUERIES,
      cacheKeyFn: transactionQueryKey,
      name: 'core.transactions',
    }),
    cardsOfCustomer: new DataLoader(perKey((id: string) => ops.queryCardsOfCustomer(id, ctx)), { name: 'core.cardsOfCustomer' }),
    cardByPan: new DataLoader(perKey((pan: string) => ops.queryCardByPan(pan, ctx)), { name: 'core.cardByPan' }),
  };
}
