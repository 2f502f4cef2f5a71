// A bounded cache with a time to live per entry: an entry past its expiry is never returned, and
// when full the least recently used goes (lib/weighted-lru.ts, weight 1 per entry). Left in use by
// the gateway's verified client tokens and reused internal tokens; the services use lru-cache.
import { WeightedLru } from './weighted-lru';

export class TtlCache<K, V> {
  private readonly entries: WeightedLru<K, { value: V; expiresAt: number }>;

  constructor(
    maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('maxEntries must be a positive integer');
    this.entries = new WeightedLru(maxEntries);
  }

  /** `now` for callers that keep their own clock per request (the token cache) */
  get(key: K, now = this.now()): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: K, value: V, ttlMs: number, now = this.now()): void {
    this.entries.set(key, { value, expiresAt: now + ttlMs });
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
