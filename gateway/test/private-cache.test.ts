// The gateway's private per-caller cache of subgraph reads (gateway/src/transport/private-cache.ts)
// through the pooled fetcher, against loopback HTTP servers standing in for subgraphs, with real
// signed internal tokens and an injected clock. Not timed: correctness only.
import { type Caller, INTERNAL_TOKEN_HEADER, InternalTokenSigner } from '../../lib/internal-auth';
import { tempDir } from '../../scripts/lib/processes';
import { createSubgraphFetcher, type SubgraphFetcher } from '../src/transport/subgraph-fetcher';
import { WriteGenerations } from '../src/transport/write-generations';
import { PrivateCache } from '../src/transport/private-cache';
import type { RawResponse } from '../src/transport/subgraph-fetcher';
import { subgraphTransportFromEnv } from '../src/config';
import { GatewayMetrics } from '../src/ops/metrics';
import { type FakeAnswer, type FakeRequest, type FakeSubgraph, startFakeSubgraph } from './support/fake-subgraph';

/**
 * The fake subgraph's answers: each caller gets their customer id, a per-customer balance and the
 * serial number of the request, so that an answer shows whom it was made for and whether it is
 * fresh. The query text picks the Cache-Control, the status and errors; a mutation moves the balance.
 */
function answerByQueryText() {
  const balances = new Map<string, number>();
  return ({ body, claims, customer: who, n }: FakeRequest): FakeAnswer => {
    if (body.includes('mutation')) balances.set(who, (balances.get(who) ?? 100) - 10);
    const control = /maxAge(\d+)/.exec(body)?.[1];
    const headers: Record<string, string> = {};
    if (body.includes('noStore')) headers['cache-control'] = 'no-store';
    else if (body.includes('noCache')) headers['cache-control'] = 'max-age=60, no-cache';
    else if (control) headers['cache-control'] = `max-age=${control}, ${body.includes('publicHint') ? 'public' : 'private'}`;
    const pad = /pad(\d+)/.exec(body)?.[1];
    const payload: Record<string, unknown> = {
      data: { me: { id: who, channel: claims.ch, sub: claims.sub, balance: balances.get(who) ?? 100, n, pad: pad ? 'x'.repeat(Number(pad)) : undefined } },
    };
    if (body.includes('withErrors')) payload.errors = [{ message: 'partly failed' }];
    return { status: body.includes('status503') ? 503 : 200, headers, body: payload };
  };
}

const customer = (id: string, extra: Partial<Caller> = {}): Caller => ({
  subject: id,
  customerId: id,
  channel: 'web',
  scopes: ['customer:read', 'customer:write'],
  ...extra,
});
const read = (hint = 'maxAge15') => JSON.stringify({ query: `query Dash__accounts__0 { me { id balance } } # ${hint}`, variables: {} });
const WRITE = JSON.stringify({ query: 'mutation Transfer__accounts__0 { transfer { id } } # maxAge60', variables: {} });

interface Answer {
  data: { me: { id: string; channel?: string; sub?: string; balance: number; n: number } };
}

describe('gateway transport: private per-caller cache', () => {
  let signer: InternalTokenSigner;
  let clock: number;
  let fetchers: SubgraphFetcher[] = [];
  let fakes: FakeSubgraph[] = [];

  beforeAll(async () => {
    signer = await InternalTokenSigner.fromKeysDir(tempDir('private-cache-keys-'));
  });
  beforeEach(() => {
    clock = 1_000_000;
  });
  afterEach(async () => {
    for (const f of fetchers) f.close();
    await Promise.all(fakes.map((f) => f.close()));
    fetchers = [];
    fakes = [];
  });

  const newCache = (opts: { maxTtlMs?: number; maxBytes?: number } = {}) =>
    new PrivateCache({ maxTtlMs: opts.maxTtlMs ?? 30_000, maxBytes: opts.maxBytes ?? 1 << 20, now: () => clock });
  /** a subgraph and its fetcher; pass the same cache and generations to model one gateway's subgraphs */
  const subgraph = async (cache: PrivateCache | undefined, generations = new WriteGenerations(), dedup = true, sharePublic = false) => {
    const fake = await startFakeSubgraph(answerByQueryText());
    fakes.push(fake);
    // the first read whose text says "hold" is answered only once held.release() is called
    const held = fake.holdNext((req) => req.body.includes('hold'));
    const fetcher = createSubgraphFetcher({ timeoutMs: 5000, dedup, cache, generations, sharePublic });
    fetchers.push(fetcher);
    const post = async (caller: Caller, body = read()) => {
      const token = await signer.sign({ ...caller, requestId: `r-${Math.random()}` });
      const res = await fetcher.fetch(fake.url, { method: 'POST', headers: { 'content-type': 'application/json', [INTERNAL_TOKEN_HEADER]: token }, body });
      return { status: res.status, json: (await res.json()) as Answer };
    };
    return { fake: { served: fake.served, held }, post };
  };

  it('answers the same caller again from the cache, each hit with its own copy', async () => {
    const cache = newCache();
    const sg = await subgraph(cache);
    const first = await sg.post(customer('C-000001'));
    const second = await sg.post(customer('C-000001'));
    expect(sg.fake.served()).toBe(1);
    expect(second.json).toEqual(first.json);
    second.json.data.me.balance = -1; // a caller changing its answer changes nobody else's
    expect((await sg.post(customer('C-000001'))).json.data.me.balance).toBe(100);
    expect(cache.stats).toMatchObject({ hits: 2, misses: 1, stores: 1 });
  });

  it('shares a public answer between callers only for a subgraph configured to share, never a private one', async () => {
    const cache = newCache();
    const generations = new WriteGenerations();
    const catalogue = await subgraph(cache, generations, true, true);
    const first = await catalogue.post(customer('C-000001'), read('maxAge60 publicHint'));
    const other = await catalogue.post(customer('C-000002'), read('maxAge60 publicHint'));
    expect(catalogue.fake.served()).toBe(1);
    expect(other.json).toEqual(first.json);
    // a private answer of the same sharing subgraph stays with its caller
    const mine = await catalogue.post(customer('C-000001'), read('maxAge60'));
    const theirs = await catalogue.post(customer('C-000002'), read('maxAge60'));
    expect(catalogue.fake.served()).toBe(3);
    expect([mine.json.data.me.id, theirs.json.data.me.id]).toEqual(['C-000001', 'C-000002']);
    // public entries follow max-age, not a caller's writes
    generations.bump('C-000001');
    await catalogue.post(customer('C-000001'), read('maxAge60 publicHint'));
    expect(catalogue.fake.served()).toBe(3);
    clock += 61_000;
    await catalogue.post(customer('C-000001'), read('maxAge60 publicHint'));
    expect(catalogue.fake.served()).toBe(4);

    // a subgraph not configured to share keeps even a public answer per caller
    const accounts = await subgraph(cache, generations, true, false);
    await accounts.post(customer('C-000001'), read('maxAge60 publicHint'));
    const b = await accounts.post(customer('C-000002'), read('maxAge60 publicHint'));
    expect(accounts.fake.served()).toBe(2);
    expect(b.json.data.me.id).toBe('C-000002');
  });

  it('never answers one caller from another caller’s entry: customers, channels, scopes, clients, staff', async () => {
    const cache = newCache();
    const sg = await subgraph(cache);
    const callers: Caller[] = [
      customer('C-000001'),
      customer('C-000002'),
      customer('C-000001', { channel: 'mobile' }),
      customer('C-000001', { scopes: ['customer:read'] }),
      customer('C-000001', { clientName: 'other-app' }),
      { subject: 'staff-7', customerId: 'C-000001', channel: 'staff', scopes: ['staff:customers:read'] },
    ];
    for (const c of callers) await sg.post(c);
    expect(sg.fake.served()).toBe(callers.length);
    expect(cache.stats.hits).toBe(0);
    // and each, asking again, gets back exactly its own answer
    for (const c of callers) {
      const again = await sg.post(c);
      expect(again.json.data.me.id).toBe(c.customerId);
      expect(again.json.data.me.channel).toBe(c.channel);
      expect(again.json.data.me.sub).toBe(c.subject);
    }
    expect(sg.fake.served()).toBe(callers.length);
    expect(cache.stats.hits).toBe(callers.length);
  });

  it('keeps an answer for its max-age, capped by the configured TTL, counted from when it was sent', async () => {
    const cache = newCache({ maxTtlMs: 20_000 });
    const sg = await subgraph(cache);
    const me = customer('C-000001');
    await sg.post(me, read('maxAge15'));
    clock += 14_999;
    expect((await sg.post(me, read('maxAge15'))).json.data.me.n).toBe(1);
    clock += 1;
    expect((await sg.post(me, read('maxAge15'))).json.data.me.n).toBe(2);

    await sg.post(me, read('maxAge300')); // the subgraph allows 300 s; the gateway keeps 20 s
    clock += 19_999;
    expect((await sg.post(me, read('maxAge300'))).json.data.me.n).toBe(3);
    clock += 1;
    expect((await sg.post(me, read('maxAge300'))).json.data.me.n).toBe(4);
  });

  it('keeps nothing without a max-age, with no-store / no-cache, on an HTTP error or with GraphQL errors', async () => {
    const cache = newCache();
    const sg = await subgraph(cache);
    const me = customer('C-000001');
    for (const hint of ['noHint', 'maxAge0', 'noStore', 'noCache', 'maxAge15 status503', 'maxAge15 withErrors']) {
      await sg.post(me, read(hint));
      await sg.post(me, read(hint));
    }
    expect(sg.fake.served()).toBe(12);
    expect(cache.stats.stores).toBe(0);
    expect(cache.size).toBe(0);
  });

  it('never keeps or answers a mutation', async () => {
    const cache = newCache();
    const sg = await subgraph(cache);
    const me = customer('C-000001');
    await sg.post(me, WRITE);
    await sg.post(me, WRITE);
    expect(sg.fake.served()).toBe(2);
    expect(cache.stats.stores).toBe(0);
  });

  it('a caller’s write to one subgraph outdates their cached reads of every subgraph, through every channel', async () => {
    const cache = newCache();
    const generations = new WriteGenerations();
    const accounts = await subgraph(cache, generations);
    const loyalty = await subgraph(cache, generations);
    const web = customer('C-000001');
    const mobile = customer('C-000001', { channel: 'mobile' });
    const other = customer('C-000002');
    await accounts.post(web);
    await accounts.post(mobile);
    await accounts.post(other);
    expect(accounts.fake.served()).toBe(3);

    await loyalty.post(web, WRITE); // e.g. redeemPoints CASH: money moves on an accounts balance

    expect((await accounts.post(web)).json.data.me.n).toBe(4);
    expect((await accounts.post(mobile)).json.data.me.n).toBe(5);
    // another customer's entries stay
    expect((await accounts.post(other)).json.data.me.n).toBe(3);
    expect(accounts.fake.served()).toBe(5);
  });

  it('a read sent before a write and answered after it is not found after the write', async () => {
    const cache = newCache();
    const generations = new WriteGenerations();
    const accounts = await subgraph(cache, generations);
    const me = customer('C-000001');
    // the read's key is taken when it is sent; the write then moves the generation
    const inflight = accounts.post(me, read('maxAge15 hold'));
    await accounts.fake.held.arrived;
    generations.bump('customer:C-000001');
    accounts.fake.held.release();
    expect((await inflight).json.data.me.n).toBe(1);
    expect(cache.stats.stores).toBe(1); // kept, under the generation it was sent in ...
    expect((await accounts.post(me, read('maxAge15 hold'))).json.data.me.n).toBe(2); // ... where nobody looks now
  });

  it('bumpFromPeer outdates like a local write but does not notify the onBump listeners; bump does', async () => {
    const cache = newCache();
    const generations = new WriteGenerations();
    const heard: string[] = [];
    generations.onBump((s) => heard.push(s));
    const accounts = await subgraph(cache, generations);
    const me = customer('C-000001');
    await accounts.post(me);
    generations.bumpFromPeer('customer:C-000001');
    expect((await accounts.post(me)).json.data.me.n).toBe(2);
    expect(heard).toEqual([]);
    await accounts.post(me, WRITE);
    // before and after the write: a read that overlapped it is outdated as well
    expect(heard).toEqual(['customer:C-000001', 'customer:C-000001']);
  });

  it('generations never go back, also when the table forgets subjects', () => {
    const generations = new WriteGenerations(2);
    generations.bump('customer:A');
    const a = generations.of('customer:A');
    generations.bump('customer:B');
    generations.bump('customer:C'); // full: forgets A and B
    expect(generations.of('customer:A')).toBeGreaterThanOrEqual(a);
    expect(generations.of('customer:A')).not.toBe(0);
    const before = generations.of('customer:A');
    generations.bump('customer:A');
    expect(generations.of('customer:A')).toBeGreaterThan(before);
  });

  it('stays within its byte bound, dropping the least recently used first', async () => {
    const cache = newCache({ maxBytes: 3 * 3000 });
    const sg = await subgraph(cache);
    const body = (i: number) => read(`maxAge15 pad2000 q${i}`);
    const me = customer('C-000001');
    await sg.post(me, body(1));
    await sg.post(me, body(2));
    await sg.post(me, body(1)); // 1 is now the most recently used
    await sg.post(me, body(3));
    await sg.post(me, body(4)); // over the bound: 2 goes first
    expect(cache.bytes).toBeLessThanOrEqual(3 * 3000);
    expect(cache.stats.evictions).toBeGreaterThanOrEqual(1);
    const served = sg.fake.served();
    await sg.post(me, body(2));
    expect(sg.fake.served()).toBe(served + 1);
    expect(cache.stats.stores).toBeGreaterThanOrEqual(4);
    // a single answer larger than the whole bound is not kept at all
    const tiny = newCache({ maxBytes: 1000 });
    const sg2 = await subgraph(tiny);
    await sg2.post(me, read('maxAge15 pad5000'));
    expect(tiny.size).toBe(0);
  });

  it('without a cache every read goes to the subgraph', async () => {
    const sg = await subgraph(undefined);
    await sg.post(customer('C-000001'));
    await sg.post(customer('C-000001'));
    expect(sg.fake.served()).toBe(2);
  });

  it('is switched by GATEWAY_PRIVATE_CACHE, needs the pool, and reads its bounds from the environment', () => {
    expect(subgraphTransportFromEnv({})).toMatchObject({ privateCache: true, privateCacheMaxTtlMs: 30_000, privateCacheMaxBytes: 64 * 2 ** 20 });
    expect(subgraphTransportFromEnv({ GATEWAY_PRIVATE_CACHE: 'off' }).privateCache).toBe(false);
    expect(subgraphTransportFromEnv({ GATEWAY_SUBGRAPH_POOL: 'off' }).privateCache).toBe(false);
    expect(subgraphTransportFromEnv({ GATEWAY_PRIVATE_CACHE_MAX_TTL_MS: '5000', GATEWAY_PRIVATE_CACHE_MAX_BYTES: '1024' })).toMatchObject({
      privateCacheMaxTtlMs: 5000,
      privateCacheMaxBytes: 1024,
    });
    expect(() => subgraphTransportFromEnv({ GATEWAY_PRIVATE_CACHE: 'maybe' })).toThrow(/GATEWAY_PRIVATE_CACHE/);
  });

  it('exposes its counters in the gateway metrics', async () => {
    const cache = newCache();
    const sg = await subgraph(cache);
    await sg.post(customer('C-000001'));
    await sg.post(customer('C-000001'));
    const metrics = new GatewayMetrics({ defaultMetrics: false });
    metrics.privateCache(() => ({ ...cache.stats, entries: cache.size, bytes: cache.bytes }));
    const text = await metrics.text();
    expect(text).toMatch(/^gateway_private_cache_hits_total 1$/m);
    expect(text).toMatch(/^gateway_private_cache_misses_total 1$/m);
    expect(text).toMatch(/^gateway_private_cache_stores_total 1$/m);
    expect(text).toMatch(/^gateway_private_cache_evictions_total 0$/m);
    expect(text).toMatch(/^gateway_private_cache_entries 1$/m);
  });
});

describe('PrivateCache bookkeeping (on lru-cache)', () => {
  let clock = 1_000_000;
  const cache = (maxBytes: number) => new PrivateCache({ maxTtlMs: 30_000, maxBytes, now: () => clock });
  const answer = (maxAge: number, pad = 100): RawResponse => ({
    status: 200,
    headers: new Headers({ 'content-type': 'application/json', 'cache-control': `max-age=${maxAge}` }),
    body: Buffer.from(JSON.stringify({ data: { pad: 'x'.repeat(pad) } })),
  });

  it('counts only evictions for room, not replacements or deletions of expired entries', () => {
    const c = cache(3 * 700);
    for (const k of ['a', 'b', 'c']) expect(c.offer(k, answer(10, 300), clock)).toBe(true);
    expect(c.stats.evictions).toBe(0);
    c.offer('a', answer(10, 300), clock); // a replacement makes no room and evicts nothing
    expect(c.stats.evictions).toBe(0);
    c.offer('d', answer(10, 300), clock); // b is now the least recently used
    expect(c.stats.evictions).toBe(1);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBeDefined();
    expect(c.bytes).toBeLessThanOrEqual(3 * 700);
  });

  it('drops expired entries from the cold end on the next store, before the byte bound would', () => {
    const c = cache(1 << 20);
    c.offer('short-1', answer(1), clock);
    c.offer('short-2', answer(1), clock);
    c.offer('long', answer(20), clock);
    const before = c.bytes;
    clock += 2_000;
    c.offer('new', answer(20), clock);
    expect(c.size).toBe(2);
    expect(c.bytes).toBeLessThan(before + 1);
    expect(c.stats.evictions).toBe(0);
    expect(c.get('long')).toBeDefined();
  });

  it('answers an expired entry never, and forgets it when asked', () => {
    const c = cache(1 << 20);
    c.offer('k', answer(5), clock);
    clock += 5_000;
    expect(c.get('k')).toBeUndefined();
    expect(c.size).toBe(0);
  });
});
