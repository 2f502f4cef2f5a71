// Per-caller state kept between requests, like the reused internal tokens and the private cache:
// what the Authenticator (edge/identity.ts) verified once, trusted again (GATEWAY_TOKEN_CACHE=on).
import { createHash } from 'node:crypto';
import type { Caller } from '../../../lib/internal-auth';
import { LRUCache } from 'lru-cache';

export interface TokenCacheSettings {
  /** default 10,000 */
  maxEntries?: number;
  /** how long a verified token is trusted without verifying it again, at most (default 60 s; never past its exp) */
  maxAgeSeconds?: number;
}

export const DEFAULT_TOKEN_CACHE: Readonly<Required<TokenCacheSettings>> = Object.freeze({ maxEntries: 10_000, maxAgeSeconds: 60 });

/**
 * Verified bearer tokens, so a client sending the same token on every request costs one signature
 * check per token (and minute), not one per request. Keyed by the token's SHA-256, so the map holds
 * no usable credential. Only successes are kept: a refused token is verified (and refused) again.
 */
export class VerifiedTokenCache {
  /** callers without a request id (that is per request), each kept until min(now + maxAge, exp + skew) */
  private readonly entries: LRUCache<string, { caller: Caller; until: number }>;
  private readonly maxAgeMs: number;

  constructor(settings: TokenCacheSettings = {}) {
    const s = { ...DEFAULT_TOKEN_CACHE, ...settings };
    if (!Number.isInteger(s.maxEntries) || s.maxEntries < 1) throw new RangeError('maxEntries must be a positive integer');
    // the expiry is checked here against the request's own clock, not by lru-cache's timer
    this.entries = new LRUCache({ max: s.maxEntries });
    this.maxAgeMs = s.maxAgeSeconds * 1000;
  }

  get size(): number {
    return this.entries.size;
  }

  keyOf(token: string): string {
    return createHash('sha256').update(token).digest('base64url');
  }

  get(key: string, nowMs: number): Caller | undefined {
    // the expiry is enforced on every request: past exp + skew the entry is gone, and the fresh
    // verification that follows refuses the token exactly as it would have without the cache
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until > nowMs) return entry.caller;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, caller: Caller, expSeconds: number, clockToleranceSeconds: number, nowMs: number): void {
    const until = Math.min(nowMs + this.maxAgeMs, (expSeconds + clockToleranceSeconds) * 1000);
    if (until > nowMs) this.entries.set(key, { caller, until });
  }

  /** after a reload that removed or replaced a key (edge/key-set.ts): what the old keys verified is verified again; an unknown kid alone never clears */
  clear(): void {
    this.entries.clear();
  }
}
