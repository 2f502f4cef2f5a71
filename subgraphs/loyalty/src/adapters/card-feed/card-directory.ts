// PAN -> card -> customer through the core's QueryCard, cached. The cache is keyed by a hash of
// the PAN, so no full PAN stays in memory after the lookup.
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { CoreClient } from '../../../../../legacy-adapters/soap/src';

export interface CardOwner {
  cardId: string;
  customerId: string;
}

export interface CardDirectory {
  /** null: the core knows no such card. Throws when the core cannot answer (try again later). */
  lookup(pan: string): Promise<CardOwner | null>;
}

export interface CoreCardDirectoryOptions {
  /** how long a known card is remembered (default 10 min) */
  ttlMs?: number;
  /** how long an unknown PAN is remembered (default 30 s: a new card shows up soon) */
  negativeTtlMs?: number;
  maxEntries?: number;
  /** milliseconds clock (tests) */
  now?: () => number;
}

const panHash = (pan: string) => createHash('sha256').update(pan).digest('base64');

/** lru-cache holds no null, and an unknown card is worth remembering too. */
type Entry = { owner: CardOwner | null };

export class CoreCardDirectory implements CardDirectory {
  private readonly cache: LRUCache<string, Entry>;
  private readonly ttlMs: number;
  private readonly negativeTtlMs: number;
  private coreCalls = 0;
  private lookups = 0;

  constructor(
    private readonly core: Pick<CoreClient, 'loaders'>,
    opts: CoreCardDirectoryOptions = {},
  ) {
    const max = opts.maxEntries ?? 50_000;
    // with a ttl, lru-cache takes max 0 as "no bound": refuse it rather than grow without end
    if (!Number.isInteger(max) || max < 1) throw new RangeError('maxEntries must be a positive integer');
    this.ttlMs = opts.ttlMs ?? 600_000;
    this.negativeTtlMs = opts.negativeTtlMs ?? 30_000;
    const now = opts.now;
    this.cache = new LRUCache<string, Entry>({
      max,
      ttl: this.ttlMs,
      // read the clock at every lookup: by default lru-cache reuses a reading until a 1 ms timer fires
      ttlResolution: 0,
      // lru-cache takes an entry stored at time 0 for one that never expires; only differences
      // count, so a test clock starting at 0 is shifted by 1 ms
      ...(now ? { perf: { now: () => now() + 1 } } : {}),
    });
  }

  async lookup(pan: string): Promise<CardOwner | null> {
    this.lookups++;
    const key = panHash(pan);
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached.owner;
    this.coreCalls++;
    const card = await this.core.loaders({ requestId: `card-feed-${this.coreCalls}`, userId: 'CARDFEED' }).cardByPan.load(pan);
    const owner = card ? { cardId: card.cardId, customerId: card.customerId } : null;
    const ttl = owner ? this.ttlMs : this.negativeTtlMs;
    // lru-cache takes ttl 0 as "forever"; a zero time to live meant "do not remember"
    if (ttl > 0) this.cache.set(key, { owner }, { ttl });
    return owner;
  }

  /** lookups that went to the core (the rest came from the cache) */
  get calls(): number {
    return this.coreCalls;
  }

  /** cache_hits_total / cache_misses_total */
  get hits(): number {
    return this.lookups - this.coreCalls;
  }

  get misses(): number {
    return this.coreCalls;
  }
}
