// PAN -> card -> customer through the core's QueryCard, cached. The cache is keyed by a hash of
// the PAN, so no full PAN stays in memory after the lookup.
import { createHash } from 'node:crypto';
import type { CoreClient } from '../../../../legacy-adapters/soap/src';
import { TtlCache } from '../../../../lib/ttl-cache';

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

export class CoreCardDirectory implements CardDirectory {
  private readonly cache: TtlCache<string, CardOwner | null>;
  private readonly ttlMs: number;
  private readonly negativeTtlMs: number;
  private coreCalls = 0;

  constructor(private readonly core: Pick<CoreClient, 'loaders'>, opts: CoreCardDirectoryOptions = {}) {
    this.cache = new TtlCache(opts.maxEntries ?? 50_000, opts.now);
    this.ttlMs = opts.ttlMs ?? 600_000;
    this.negativeTtlMs = opts.negativeTtlMs ?? 30_000;
  }

  async lookup(pan: string): Promise<CardOwner | null> {
    const key = panHash(pan);
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    this.coreCalls++;
    const card = await this.core.loaders({ requestId: `card-feed-${this.coreCalls}`, userId: 'CARDFEED' }).cardByPan.load(pan);
    const owner = card ? { cardId: card.cardId, customerId: card.customerId } : null;
    this.cache.set(key, owner, owner ? this.ttlMs : this.negativeTtlMs);
    return owner;
  }

  /** lookups that went to the core (the rest came from the cache) */
  get calls(): number {
    return this.coreCalls;
  }
}
