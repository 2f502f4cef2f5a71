// Per-request DataLoaders over the core: everything asked in one tick becomes one round trip per
// operation type where the core can batch (balances, transaction pages), one call per distinct
// key where it cannot. New loaders per request, so nothing is cached across callers.
import DataLoader from 'dataloader';
import type { CoreOperations } from './operations';
import { MAX_BALANCE_IDS, MAX_TRANSACTION_QUERIES } from './contract';
import type { CoreAccount, CoreBalance, CoreCallContext, CoreCard, CoreCustomer, CoreTransactionPage, TransactionPageQuery } from './types';

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
  return JSON.stringify([
    q.accountId,
    q.pageSize,
    q.afterKey ?? null,
    q.fromDate ?? null,
    q.toDate ?? null,
    q.direction ?? null,
    q.minAmount ?? null,
    q.maxAmount ?? null,
    q.mccs && q.mccs.length > 0 ? [...q.mccs] : null,
    q.text || null,
  ]);
}

interface LoaderOptions {
  /**
   * false: every load is its own core call, nothing deduplicated (the naive baseline a benchmark
   * compares against: CORE_BATCHING=off). Default true.
   */
  batching?: boolean;
}

/** One call per key, all started in the same tick (the concurrency cap queues the excess). */
function perKey<K, V>(load: (key: K) => Promise<V>): DataLoader.BatchLoadFn<K, V> {
  return (keys) => Promise.all(keys.map((k) => load(k).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))))));
}

export function createCoreLoaders(ops: CoreOperations, ctx: CoreCallContext, opts: LoaderOptions = {}): CoreLoaders {
  const naive = opts.batching === false ? { batch: false, cache: false } : {};
  return {
    customer: new DataLoader(
      perKey((id: string) => ops.queryCustomer(id, ctx)),
      { name: 'core.customer', ...naive },
    ),
    accountsOfCustomer: new DataLoader(
      perKey((id: string) => ops.queryAccountsOfCustomer(id, ctx)),
      { name: 'core.accountsOfCustomer', ...naive },
    ),
    balance: new DataLoader<string, CoreBalance>((ids) => ops.queryBalances(ids, ctx), { maxBatchSize: MAX_BALANCE_IDS, name: 'core.balance', ...naive }),
    transactions: new DataLoader<TransactionPageQuery, CoreTransactionPage, string>((qs) => ops.queryTransactionPages(qs, ctx), {
      maxBatchSize: MAX_TRANSACTION_QUERIES,
      cacheKeyFn: transactionQueryKey,
      name: 'core.transactions',
      ...naive,
    }),
    cardsOfCustomer: new DataLoader(
      perKey((id: string) => ops.queryCardsOfCustomer(id, ctx)),
      { name: 'core.cardsOfCustomer', ...naive },
    ),
    cardByPan: new DataLoader(
      perKey((pan: string) => ops.queryCardByPan(pan, ctx)),
      { name: 'core.cardByPan', ...naive },
    ),
  };
}
