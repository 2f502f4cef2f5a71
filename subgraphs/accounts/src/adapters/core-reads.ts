// The accounts subgraph's one way to read the core within a request: the per-request DataLoaders
// (batching, one round trip per operation type per tick) behind the per-customer cache for
// slow-changing data. Core failures become client errors with stable codes (fromCore).
import {
  fromCore,
  type CoreAccount,
  type CoreBalance,
  type CoreCard,
  type CoreCustomer,
  type CoreLoaders,
  type CoreTransactionPage,
  type TransactionPageQuery,
} from '../../../../legacy-adapters/soap/src';
import type { CustomerCache } from './customer-cache';

export class CoreReads {
  constructor(
    private readonly loaders: CoreLoaders,
    private readonly cache: CustomerCache,
  ) {}

  customer(customerId: string): Promise<CoreCustomer> {
    return fromCore(this.cache.get(customerId, 'profile', () => this.loaders.customer.load(customerId)));
  }

  accounts(customerId: string): Promise<CoreAccount[]> {
    return fromCore(this.cache.get(customerId, 'accounts', () => this.loaders.accountsOfCustomer.load(customerId)));
  }

  cards(customerId: string): Promise<CoreCard[]> {
    return fromCore(this.cache.get(customerId, 'cards', () => this.loaders.cardsOfCustomer.load(customerId)));
  }

  /** never cached: the answer carries the core's asOf */
  balance(accountId: string): Promise<CoreBalance> {
    return fromCore(this.loaders.balance.load(accountId));
  }

  transactions(query: TransactionPageQuery): Promise<CoreTransactionPage> {
    return fromCore(this.loaders.transactions.load(query));
  }

  /** Forget this request's copies too (after a transfer, the same request reads fresh). */
  forget(customerId: string, accountIds: readonly string[]): void {
    this.loaders.customer.clear(customerId);
    this.loaders.accountsOfCustomer.clear(customerId);
    this.loaders.cardsOfCustomer.clear(customerId);
    for (const id of accountIds) this.loaders.balance.clear(id);
    this.loaders.transactions.clearAll();
  }
}
