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

// the agreed contract is { partnerId, merchantIds, earnBoost }; name and category are used when
// partners sends them (extra fields do not break the contract)
const Entry = z.object({
  partnerId: z.string().min(1),
  merchantIds: z.array(z.string().min(1)),
  name: z.string().min(1).optional(),
  category: z.string().min(1).optional(),
});
const Directory = z.array(z.unknown());

export function parseDirectory(body: unknown): PartnerInfo[] {
  const list = Directory.parse(body);
  const out: PartnerInfo[] = [];
  for (const item of list) {
    const e = Entry.safeParse(item);
    if (!e.success) continue; // one malformed entry does not hide the others
    out.push({ partnerId: e.data.partnerId, name: e.data.name ?? e.data.partnerId, category: e.data.category ?? null, merchantIds: e.data.merchantIds });
  }
  return out.sort((a, b) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0));
}

const CATALOGUE_QUERY = '{ partners { id name category } }';
const CatalogueAnswer = z.object({
  data: z.object({ partners: z.array(z.object({ id: z.string(), name: z.string().min(1), category: z.string().min(1) })) }),
});

/** Adds names and categories from partners' catalogue query where the directory lacks them. */
export function withCatalogue(partners: PartnerInfo[], answer: unknown): PartnerInfo[] {
  const parsed = CatalogueAnswer.safeParse(answer);
  if (!parsed.success) return partners;
  const byId = new Map(parsed.data.data.partners.map((p) => [p.id, p]));
  return partners.map((p) => {
    const c = byId.get(p.partnerId);
    return c ? { ...p, name: p.name === p.partnerId ? c.name : p.name, category: p.category ?? c.category } : p;
  });
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
      const [res, catalogue] = await Promise.all([
        this.opts.client.request('GET', '/internal/partners/merchants'),
        // names and categories come from the public catalogue (not personal data); without them
        // only spend at a partner's own merchants can make a partner offer
        this.opts.client.request('POST', '/graphql', { query: CATALOGUE_QUERY }).catch(() => null),
      ]);
      if (res.status !== 200) throw new Error(`status ${res.status}`);
      const partners = withCatalogue(parseDirectory(res.body), catalogue?.status === 200 ? catalogue.body : null);
      this.cached = { at: now, partners };
      return partners;
    } catch (err) {
      this.opts.log?.warn({ err: (err as Error).message }, 'partner directory unavailable; partner offers use the last good answer');
      if (this.cached && now - this.cached.at < this.staleMs) return this.cached.partners;
      return [];
    }
  }
}
