// Two gateway processes sharing one Redis (REDIS_URL; skipped without it): an APQ registered
// through one is found through the other, and a client's rate limit is one bucket for both.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'graphql';
import Redis from 'ioredis';
import { ensureKeyPair } from '../../lib/keys';
import { type RunningSubgraph } from '../../lib/subgraph-server';
import { clientToken, startStubSubgraph } from './support/gateway-stub';
import { sha256 } from '../src/edge/persisted/manifest';
import { RedisBucketStore } from '../src/edge/rate-limit';
import { freePort, type RunningProcess, startProcess, tempDir } from '../../scripts/lib/processes';

const REDIS_URL = process.env.REDIS_URL;
const describeWithRedis = REDIS_URL ? describe : describe.skip;

const SDL = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Query { hello: String }
`);

describeWithRedis('gateway replicas sharing Redis', () => {
  const dir = tempDir('gateway-redis-');
  const keys = join(dir, 'keys');
  const prefix = `test:gateway-redis:${process.pid}:${Date.now()}:`;
  const CLIENT_BURST = 6;
  let subgraph: RunningSubgraph;
  let hits = 0;
  const gateways: RunningProcess[] = [];
  const urls: string[] = [];
  const opsUrls: string[] = [];
  let redis: Redis;

  const token = (sub: string, clientName: string) => clientToken(keys, sub, 'web', { clientName });

  async function post(url: string, body: unknown, bearer: string) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as { data?: any; errors?: Array<{ extensions?: { code?: string } }> } };
  }

  beforeAll(async () => {
    await ensureKeyPair(keys, 'dev-user');
    await ensureKeyPair(keys, 'internal');
    redis = new Redis(REDIS_URL!);
    const stub = await startStubSubgraph(keys, SDL, { Query: { hello: () => `hello ${++hits}` } });
    subgraph = stub.subgraph;
    const supergraph = join(dir, 'supergraph.graphql');
    writeFileSync(supergraph, stub.supergraphSdl);
    for (const name of ['gateway-a', 'gateway-b']) {
      const port = await freePort();
      const opsPort = await freePort();
      const env = {
        KEYS_DIR: keys,
        GATEWAY_PORT: String(port),
        GATEWAY_OPS_PORT: String(opsPort),
        SUPERGRAPH_PATH: supergraph,
        REDIS_URL: REDIS_URL!,
        REDIS_KEY_PREFIX: prefix,
        // one client bucket: 6 requests, refilled at one per 1000 s
        RATE_LIMIT_CLIENT_PER_SECOND: '0.001',
        RATE_LIMIT_CLIENT_BURST: String(CLIENT_BURST),
        RATE_LIMIT_CUSTOMER_PER_SECOND: '0',
        NODE_ENV: 'test',
      };
      gateways.push(await startProcess(name, 'gateway/src/main.ts', env, `http://127.0.0.1:${port}/health`));
      urls.push(`http://127.0.0.1:${port}/graphql`);
      opsUrls.push(`http://127.0.0.1:${opsPort}`);
    }
  }, 120000);

  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.stop()));
    await subgraph?.close();
    if (redis) {
      const stale = await redis.keys(`${prefix}*`);
      if (stale.length) await redis.del(...stale);
      redis.disconnect();
    }
  });

  it('an APQ registered through one replica is found through the other', async () => {
    const t = await token('C-000001', 'apq-client');
    const query = `{ hello } # ${prefix}`;
    const hash = sha256(query);
    const pq = { persistedQuery: { version: 1, sha256Hash: hash } };
    expect((await post(urls.at(1)!, { extensions: pq }, t)).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await post(urls.at(0)!, { query, extensions: pq }, t)).body.data.hello).toMatch(/^hello \d+$/);
    const viaB = await post(urls.at(1)!, { extensions: pq }, t);
    expect(viaB.body.errors).toBeUndefined();
    expect(viaB.body.data.hello).toMatch(/^hello \d+$/);
    expect(await redis.exists(`${prefix}apq:${hash}`)).toBe(1);
  });

  it("a client's rate limit is one bucket across both replicas", async () => {
    const t = await token('C-000002', 'shared-client');
    const statuses: number[] = [];
    for (let i = 0; i < CLIENT_BURST; i++) statuses.push((await post(urls.at(i % 2)!, { query: '{ hello }' }, t)).status);
    expect(statuses).toEqual(Array(CLIENT_BURST).fill(200));
    for (const url of urls) {
      const refused = await post(url, { query: '{ hello }' }, t);
      expect(refused.status).toBe(429);
      expect(refused.body.errors!.at(0)!.extensions!.code).toBe('RATE_LIMITED');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(1);
    }
    // another client has its own bucket
    expect((await post(urls.at(0)!, { query: '{ hello }' }, await token('C-000002', 'other-client'))).status).toBe(200);
    const metrics = await (await fetch(`${opsUrls.at(1)!}/metrics`)).text();
    expect(metrics).toMatch(/gateway_rate_limited_total\{client="shared-client",bucket="client"\} 1/);
  });

  it('the Lua bucket refills with time and never exceeds its burst', async () => {
    const store = new RedisBucketStore(redis, prefix);
    const settings = { perSecond: 1, burst: 3 };
    const key = 'lua-test';
    const take = async () => (await store.take(key, settings)).allowed;
    const first = [];
    for (let i = 0; i < 4; i++) first.push(await take());
    expect(first).toEqual([true, true, true, false]);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await take()).toBe(true); // a token came back with time
    // Dating the empty bucket back by Redis's own clock fixes how many tokens the script must find,
    // whatever the machine's load adds between the takes (a later third token needs a second more).
    const backdate = async (ms: number) => {
      const [seconds, micros] = await redis.time();
      const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
      await redis.hset(prefix + key, 'tokens', '0', 'at', String(now - ms));
    };
    await backdate(2000);
    const later = [];
    for (let i = 0; i < 3; i++) later.push(await take());
    expect(later).toEqual([true, true, false]);
    await backdate(60_000); // a minute idle refills to the burst, never past it
    const full = [];
    for (let i = 0; i < 4; i++) full.push(await take());
    expect(full).toEqual([true, true, true, false]);
  });
});
