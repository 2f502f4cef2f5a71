// The partner directory offers ranks partner cash back from: partners' GET
// /internal/partners/merchants, cached. Partners being down never fails offers: the last good
// answer is used while it lasts, else no partner offers are made.
import { z } from 'zod';
import type { ServiceClient } from '../../../../lib/service-client';
import type { Logger } from '../../../../lib/logger';
import type { PartnerInfo } from '../domain/signals';

export interface PartnerDirectory {
  partners(): Promise<readonly PartnerInfo[]>;
}

/** A fixed directory: what the tests start offers with instead of the partners service (the service itself never uses it). */
export function staticDirectory(partners: readonly PartnerInfo[]): PartnerDirectory {
  const frozen = Object.freeze([...partners]);
  return { partners: async () => frozen };
}

// the agreed contract: { partnerId, name, category, merchantIds, earnBoost }. An entry without a
// name is left out: offers names the partner itself (Offer.partner provides its name), so it must
// never stand in an id for one
const Entry = z.object({
  partnerId: z.string().min(1),
  name: z.string().min(1),
  category: z.string().min(1),
  merchantIds: z.array(z.string().min(1)),
});
const Directory = z.array(z.unknown());

export function parseDirectory(body: unknown): PartnerInfo[] {
  const list = Directory.parse(body);
  const out: PartnerInfo[] = [];
  for (const item of list) {
    const e = Entry.safeParse(item);
    if (!e.success) continue; // one malformed entry does not hide the others
    out.push({ partnerId: e.data.partnerId, name: e.data.name, category: e.data.category, merchantIds: e.data.merchantIds });
  }
  return out.sort((a, b) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0));
}

export interface CachedDirectoryOptions {
  client: ServiceClient;
  ttlMs?: number;
  /** how long a stale answer may still be used when partners does not answer */
  staleMs?: number;
  clock?: () => number;
  log?: Logger;
}

export class CachedPartnerDirectory implements PartnerDirectory {
  private cached: { at: number; partners: PartnerInfo[] } | null = null;
  private inFlight: Promise<readonly PartnerInfo[]> | null = null;
  private readonly ttlMs: number;
  private readonly staleMs: number;
  private readonly clock: () => number;
  /** reads answered from the fresh list, and reads that refreshed or joined a refresh: cache_hits_total / cache_misses_total */
  hits = 0;
  misses = 0;

  constructor(private readonly opts: CachedDirectoryOptions) {
    this.ttlMs = opts.ttlMs ?? 5 * 60_000;
    this.staleMs = opts.staleMs ?? 60 * 60_000;
    this.clock = opts.clock ?? Date.now;
  }

  async partners(): Promise<readonly PartnerInfo[]> {
    const now = this.clock();
    if (this.cached && now - this.cached.at < this.ttlMs) {
      this.hits++;
      return this.cached.partners;
    }
    this.misses++;
    // one refresh at a time, whatever the number of concurrent requests
    this.inFlight ??= this.refresh(now).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async refresh(now: number): Promise<readonly PartnerInfo[]> {
    try {
      const res = await this.opts.client.request('GET', '/internal/partners/merchants');
      if (res.status !== 200) throw new Error(`status ${res.status}`);
      const partners = parseDirectory(res.body);
      this.cached = { at: now, partners };
      return partners;
    } catch (err) {
      this.opts.log?.warn({ err: (err as Error).message }, 'partner directory unavailable; partner offers use the last good answer');
      if (this.cached && now - this.cached.at < this.staleMs) return this.cached.partners;
      return [];
    }
  }
}
