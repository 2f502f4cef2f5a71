// The gateway's internal tokens, one per caller: an ES256 signature per request showed in the
// gateway's CPU profile, and a caller's token says the same thing on each of their requests.
import { type Caller, INTERNAL_TOKEN_TTL_SECONDS, type InternalTokenSource } from '../../../lib/internal-auth';
import { LRUCache } from 'lru-cache';
import { callerIdentityKey } from '../../../lib/caller-identity';

/** Room left on a reused token for the request that takes it: its subgraph fetches (10 s timeout each) plus the verifier's skew. */
export const REUSE_MARGIN_SECONDS = 15;

export interface ReusedInternalTokensOptions {
  /** distinct callers remembered (default 10,000) */
  maxEntries?: number;
  /** renew once fewer than this many seconds remain (default REUSE_MARGIN_SECONDS) */
  reuseMarginSeconds?: number;
  /** the token lifetime the signer gives (default INTERNAL_TOKEN_TTL_SECONDS) */
  ttlSeconds?: number;
  /** the clock, in ms (tests) */
  now?: () => number;
}

/**
 * One internal token per caller identity, reused by that caller's requests until shortly before it
 * expires, instead of an ES256 signature per request. The token carries no request id (that travels
 * in x-request-id), so it says exactly what the subgraphs authorize by and nothing per request.
 * Concurrent requests of one caller share one signing. Bounded, least recently used out first.
 */
export class ReusedInternalTokens implements InternalTokenSource {
  /** each token kept until it is due for renewal */
  private readonly entries: LRUCache<string, { token: Promise<string>; renewAt: number }>;
  private readonly now: () => number;
  private readonly reuseMs: number;

  constructor(
    private readonly signer: InternalTokenSource,
    opts: ReusedInternalTokensOptions = {},
  ) {
    const ttl = opts.ttlSeconds ?? INTERNAL_TOKEN_TTL_SECONDS;
    const margin = opts.reuseMarginSeconds ?? REUSE_MARGIN_SECONDS;
    if (margin >= ttl) throw new Error('the reuse margin must be shorter than the token lifetime');
    this.reuseMs = (ttl - margin) * 1000;
    this.now = opts.now ?? Date.now;
    // lru-cache bounds the count; the renewal time is checked here, like the other gateway caches do
    this.entries = new LRUCache({ max: opts.maxEntries ?? 10_000 });
  }

  get size(): number {
    return this.entries.size;
  }

  sign(caller: Caller, key = callerIdentityKey(caller)): Promise<string> {
    const now = this.now();
    const reused = this.entries.get(key);
    if (reused && reused.renewAt > now) return reused.token;
    const identity: Caller = { ...caller };
    delete identity.requestId;
    const token = this.signer.sign(identity);
    this.entries.set(key, { token, renewAt: now + this.reuseMs });
    // a failed signing is not remembered: the next request tries again
    token.catch(() => {
      if (this.entries.peek(key)?.token === token) this.entries.delete(key);
    });
    return token;
  }
}
