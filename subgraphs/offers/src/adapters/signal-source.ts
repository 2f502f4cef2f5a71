// Where the engine's inputs come from in the service. The customer record and account list come
// from accounts' relationship route (accounts has just read them for the same dashboard, so that
// is usually free for the core), falling over to offers' own core read when accounts cannot
// answer; then the one 60-day QueryTransactions. The result is kept per customer for a few minutes
// (OFFERS_SIGNALS_TTL_MS): the signals compare 30-day windows, and minutes of staleness do not
// change a ranking. Suppressions and frequency caps are read from the store on every request, so
// an answered offer disappears at once whatever is cached here.
import { LRUCache } from 'lru-cache';
import type { CoreLoaders } from '../../../../legacy-adapters/soap/src';
import type { Deadline } from '../../../../lib/deadline';
import { relationshipOf, type RelationshipReader } from '../../../../lib/customer-relationship';
import { customerAndAccounts, type CoreSignalData, transactionsForWindows } from './core-signals';
import { signalTransaction } from '../domain/signals';

export interface SignalSourceOptions {
  reader: RelationshipReader;
  /** 0 disables the cache */
  ttlMs: number;
  /** bound on customers held (least recently used dropped first): each holds 60 days of slim transactions, ~11 KB of heap for a typical simulated customer */
  maxCustomers?: number;
  /** the clock entries age by (default: lru-cache's monotonic one); tests pass their own to step past the TTL */
  now?: () => number;
}

interface Entry {
  /** the day the windows end on: another day means other windows */
  today: string;
  value: Promise<CoreSignalData>;
}

export class SignalSource {
  private readonly entries: LRUCache<string, Entry>;
  /** loads answered from the cache, and loads read (the cache on): cache_hits_total / cache_misses_total */
  hits = 0;
  misses = 0;

  constructor(private readonly opts: SignalSourceOptions) {
    this.entries = new LRUCache<string, Entry>({
      max: opts.maxCustomers ?? 5_000,
      ttl: opts.ttlMs,
      // read the clock on every check rather than reuse a reading for a millisecond: an injected
      // clock may have moved on in between
      ttlResolution: 0,
      ...(opts.now ? { perf: { now: opts.now } } : {}),
    });
  }

  get cacheEnabled(): boolean {
    return this.opts.ttlMs > 0;
  }

  /**
   * The signal data of `customerId` for windows ending `today`. `core` is the request's own loaders
   * (the fallback and the transactions read go through them). Only ever filled from reads about
   * that customer and keyed by them alone, so no request sees another customer's data; callers
   * check who may ask before they call. Concurrent misses share one load; a failure is not kept.
   */
  load(core: CoreLoaders, customerId: string, today: string, requestId?: string, deadline?: Deadline): Promise<CoreSignalData> {
    if (!this.cacheEnabled) return this.read(core, customerId, today, requestId, deadline);
    const hit = this.entries.get(customerId);
    if (hit && hit.today === today) {
      this.hits++;
      return hit.value;
    }
    this.misses++;
    const value = this.read(core, customerId, today, requestId, deadline);
    const entry: Entry = { today, value };
    this.entries.set(customerId, entry);
    value.catch(() => {
      if (this.entries.get(customerId) === entry) this.entries.delete(customerId);
    });
    return value;
  }

  private async read(core: CoreLoaders, customerId: string, today: string, requestId?: string, deadline?: Deadline): Promise<CoreSignalData> {
    const { customer, accounts } = await this.opts.reader.read(
      customerId,
      requestId,
      (r) => r,
      // projected like accounts' answer: nothing personal is kept here either way
      async () => {
        const fromCore = await customerAndAccounts(core, customerId);
        return relationshipOf(fromCore.customer, fromCore.accounts);
      },
      deadline,
    );
    // only what the signals read is kept: under half the size, and no counterparty details
    const transactions = (await transactionsForWindows(core, accounts, today)).map(signalTransaction);
    return { customer, accounts, transactions };
  }
}
