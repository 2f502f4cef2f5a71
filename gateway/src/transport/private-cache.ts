// A private, per-caller cache of subgraph reads: the same customer refreshing the same dashboard
// within seconds is answered by the gateway instead of costing the core its calls again.
//
// - Private: an entry's key is the de-duplication key (fetch-key.ts): subgraph URL,
//   the whole verified caller (subject, customer, channel, scopes, partner, client), the write
//   generation of the caller's customer, and the exact query and variables. Nobody else's request
//   can produce that key, so no answer is ever handed to another caller.
// - The owner of the data decides how long: only a 200 answer whose Cache-Control allows it
//   (max-age > 0, no no-store / no-cache) and that carries no GraphQL `errors` is kept, for
//   max-age counted from when the fetch was sent, capped by `maxTtlMs`. Subgraphs declare max-age
//   with @cacheControl hints (schema/*.graphql); whatever has no hint is not cacheable.
// - Invalidated by the caller's writes: a mutation moves the generation of the caller's customer
//   in the WriteGenerations all subgraph fetchers share, so every read cached before it (in any
//   subgraph, through any channel) can no longer be found; it ages out of the LRU.
// - Bounded in bytes, least recently used first out. Every hit is its own response object.
// - One exception to "per caller": a subgraph listed in GATEWAY_SHARED_CACHE_SUBGRAPHS (the partner
//   catalogue) that says `Cache-Control: public` has its answer kept once for everybody (publicKey),
//   since it serves the same data to every caller; such entries ignore write generations and age
//   out by max-age only. A public hint from any other subgraph is kept per caller as above.
import type { RawResponse } from './subgraph-fetcher';
import { LRUCache } from 'lru-cache';

export interface PrivateCacheOptions {
  /** keep nothing longer than this, whatever the subgraph allows */
  maxTtlMs: number;
  /** bound on what the entries hold (bodies, keys, headers) */
  maxBytes: number;
  /** the clock (tests) */
  now?: () => number;
}

export interface PrivateCacheStats {
  hits: number;
  misses: number;
  stores: number;
  evictions: number;
}

interface Entry {
  answer: RawResponse;
  expiresAt: number;
  bytes: number;
}

/** Bookkeeping per entry on top of what it holds (Map slot, objects): keeps the byte bound honest for small answers. */
const ENTRY_OVERHEAD_BYTES = 256;

/** How long (ms) an answer may be kept by what it says about itself: 0 when it may not. */
/** Whether the subgraph said its answer is the same for every caller (`Cache-Control: public`). */
export function isPublic(answer: RawResponse): boolean {
  return (answer.headers.get('cache-control') ?? '')
    .toLowerCase()
    .split(',')
    .some((part) => part.trim() === 'public');
}

/** The one key of a public answer: the subgraph and the exact body, no caller, no generation. */
export function publicKey(url: string, body: string): string {
  return `${url}\u0000public\u0000${body}`;
}

export function freshnessMs(answer: RawResponse): number {
  if (answer.status !== 200) return 0;
  const header = answer.headers.get('cache-control');
  if (!header) return 0;
  let maxAge = 0;
  for (const part of header.toLowerCase().split(',')) {
    const [name, value] = part.trim().split('=', 2) as [string, string | undefined];
    if (name === 'no-store' || name === 'no-cache') return 0;
    if (name === 'max-age' && value !== undefined && /^\d+$/.test(value.trim())) maxAge = Number(value.trim());
  }
  if (maxAge <= 0) return 0;
  if (!/json/i.test(answer.headers.get('content-type') ?? '')) return 0;
  return hasGraphQLErrors(answer.body) ? 0 : maxAge * 1000;
}

function hasGraphQLErrors(body: Buffer): boolean {
  // most answers do not even contain the word: skip parsing them
  if (!body.includes('"errors"')) return false;
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return !parsed || typeof parsed !== 'object' || 'errors' in parsed;
  } catch {
    return true;
  }
}

export class PrivateCache {
  private readonly entries: LRUCache<string, Entry>;
  readonly stats: PrivateCacheStats = { hits: 0, misses: 0, stores: 0, evictions: 0 };
  readonly now: () => number;

  constructor(private readonly opts: PrivateCacheOptions) {
    this.now = opts.now ?? Date.now;
    // expiry is ours (counted from when the fetch was sent, on the injected clock), the byte bound is lru-cache's
    this.entries = new LRUCache<string, Entry>({
      maxSize: opts.maxBytes,
      sizeCalculation: (entry) => entry.bytes,
      dispose: (_entry, _key, reason) => {
        if (reason === 'evict') this.stats.evictions++;
      },
    });
  }

  /**
   * The fresh answer to a read: the one kept for everybody under `sharedKey` (a public answer),
   * else the caller's own under `key`. Callers hand out copies, never this object.
   */
  get(key: string, sharedKey?: string): RawResponse | undefined {
    const answer = (sharedKey !== undefined ? this.fresh(sharedKey) : undefined) ?? this.fresh(key);
    if (answer) this.stats.hits++;
    else this.stats.misses++;
    return answer;
  }

  /** A read the cache could not answer without being asked (its subgraph never sent anything cacheable). */
  miss(): undefined {
    this.stats.misses++;
    return undefined;
  }

  private fresh(key: string): RawResponse | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > this.now()) return entry.answer;
    if (entry) this.entries.delete(key);
    return undefined;
  }

  /** Keeps the answer of a read sent at `sentAt` if it says it may be kept; true when stored. */
  offer(key: string, answer: RawResponse, sentAt: number): boolean {
    const ttl = Math.min(freshnessMs(answer), this.opts.maxTtlMs);
    if (ttl <= 0) return false;
    const expiresAt = sentAt + ttl;
    if (expiresAt <= this.now()) return false;
    // an own allocation: a small body may be a slice of a shared pool slab that it would keep alive
    const body = Buffer.allocUnsafeSlow(answer.body.length);
    answer.body.copy(body);
    const headers = new Headers(answer.headers);
    let headerBytes = 0;
    headers.forEach((value, name) => (headerBytes += name.length + value.length));
    const bytes = body.length + Buffer.byteLength(key) + headerBytes + ENTRY_OVERHEAD_BYTES;
    if (bytes > this.opts.maxBytes) return false;
    this.sweep();
    this.entries.set(key, { answer: { status: answer.status, headers, body }, expiresAt, bytes });
    this.stats.stores++;
    return true;
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.entries.calculatedSize;
  }

  clear(): void {
    this.entries.clear();
  }

  /** Drops a few expired entries from the cold end, so that unread ones do not wait for the byte bound. */
  private sweep(): void {
    const now = this.now();
    const expired: string[] = [];
    let looked = 0;
    for (const key of this.entries.rkeys()) {
      if (++looked > 8) break;
      if ((this.entries.peek(key)?.expiresAt ?? 0) <= now) expired.push(key);
    }
    for (const key of expired) this.entries.delete(key);
  }
}
