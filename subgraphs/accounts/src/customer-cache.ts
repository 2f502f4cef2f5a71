// Short-lived cache of a customer's slow-changing core data (profile, account list, card list),
// shared across requests of this process. Every entry is keyed by the customer it belongs to and
// only ever filled from a core answer about that customer, so no read can return another
// customer's data; callers check ownership before they ask. Balances and transactions are never
// cached. A transfer drops everything held for the customers it touched.

export type CachedKind = 'profile' | 'accounts' | 'cards';

interface Entry {
  expiresAt: number;
  value: Promise<unknown>;
}

export interface CustomerCacheOptions {
  /** 0 disables the cache */
  ttlMs: number;
  /** bound on customers held (oldest dropped first) */
  maxCustomers?: number;
  now?: () => number;
}

export class CustomerCache {
  private readonly entries = new Map<string, Map<CachedKind, Entry>>();
  private readonly now: () => number;
  private readonly max: number;
  hits = 0;
  misses = 0;

  constructor(private readonly opts: CustomerCacheOptions) {
    this.now = opts.now ?? Date.now;
    this.max = opts.maxCustomers ?? 10_000;
  }

  get enabled(): boolean {
    return this.opts.ttlMs > 0;
  }

  /**
   * The cached value of `kind` for `customerId`, or `load()`'s (kept for ttlMs when it succeeds;
   * a failure is never cached). Concurrent misses share one load.
   */
  get<T>(customerId: string, kind: CachedKind, load: () => Promise<T>): Promise<T> {
    if (!this.enabled) return load();
    const now = this.now();
    let forCustomer = this.entries.get(customerId);
    const hit = forCustomer?.get(kind);
    if (hit && hit.expiresAt > now) {
      this.hits++;
      return hit.value as Promise<T>;
    }
    this.misses++;
    if (!forCustomer) {
      if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
      forCustomer = new Map();
      this.entries.set(customerId, forCustomer);
    }
    const value = load();
    const entry: Entry = { expiresAt: now + this.opts.ttlMs, value };
    forCustomer.set(kind, entry);
    value.catch(() => {
      if (forCustomer!.get(kind) === entry) forCustomer!.delete(kind);
    });
    return value;
  }

  invalidate(customerId: string): void {
    this.entries.delete(customerId);
  }

  clear(): void {
    this.entries.clear();
  }
}
