// Short-lived cache of a customer's slow-changing core data (profile, account list, card list,
// and the recent activity offers' signals read), shared across requests of this process. Every
// entry is keyed by the customer it belongs to and only ever filled from a core answer about that
// customer, so no read can return another customer's data; callers check ownership before they
// ask. Balances and transaction pages are never cached; the recent activity
// (graphql/recent-activity.ts) is, for longer (activityTtlMs): it only ranks offers, where minutes
// of staleness change nothing. A transfer drops everything held for the customers it touched.
import { LRUCache } from 'lru-cache';

export type CachedKind = 'profile' | 'accounts' | 'cards' | 'activity';
const KINDS: readonly CachedKind[] = ['profile', 'accounts', 'cards', 'activity'];

export interface CustomerCacheOptions {
  /** 0 disables the cache */
  ttlMs: number;
  /** lifetime of 'activity' entries (default ttlMs); 0 = never cached */
  activityTtlMs?: number;
  /** bound: this many customers' entries (least recently used dropped first) */
  maxCustomers?: number;
  now?: () => number;
}

const keyOf = (customerId: string, kind: CachedKind) => `${kind}\u0000${customerId}`;

export class CustomerCache {
  // the pending load is what is kept, so concurrent misses share one core call
  private readonly entries: LRUCache<string, Promise<unknown>> | undefined;
  hits = 0;
  misses = 0;

  constructor(private readonly opts: CustomerCacheOptions) {
    if (!this.enabled) return;
    const now = opts.now ?? Date.now;
    const origin = now();
    this.entries = new LRUCache<string, Promise<unknown>>({
      max: (opts.maxCustomers ?? 10_000) * KINDS.length,
      ttl: opts.ttlMs,
      // read the clock on every look-up rather than once a millisecond, so an injected clock is
      // obeyed at once; shifted to start at 1 because lru-cache takes a start time of 0 as "no TTL"
      ttlResolution: 0,
      perf: { now: () => now() - origin + 1 },
    });
  }

  get enabled(): boolean {
    return this.opts.ttlMs > 0;
  }

  /**
   * The cached value of `kind` for `customerId`, or `load()`'s (kept for ttlMs when it succeeds;
   * a failure is never cached). Concurrent misses share one load.
   */
  get<T>(customerId: string, kind: CachedKind, load: () => Promise<T>): Promise<T> {
    const entries = this.entries;
    const ttl = kind === 'activity' ? (this.opts.activityTtlMs ?? this.opts.ttlMs) : this.opts.ttlMs;
    if (!entries || ttl <= 0) return load();
    const key = keyOf(customerId, kind);
    const hit = entries.get(key);
    if (hit) {
      this.hits++;
      return hit as Promise<T>;
    }
    this.misses++;
    const value = load();
    entries.set(key, value, { ttl });
    value.catch(() => {
      if (entries.peek(key) === value) entries.delete(key);
    });
    return value;
  }

  invalidate(customerId: string): void {
    for (const kind of KINDS) this.entries?.delete(keyOf(customerId, kind));
  }

  clear(): void {
    this.entries?.clear();
  }
}
