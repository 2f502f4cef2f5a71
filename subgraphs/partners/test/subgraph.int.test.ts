// The partners subgraph in-process on a free loopback port: the catalogue over GraphQL, the
// federation entry points the gateway uses, and the internal-token guard.
import '../../../test/support/mercurius-under-jest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { InternalTokenSigner } from '../../../lib/internal-auth';
import { createLogger } from '../../../lib/logger';
import { loadSdlText } from '../../../lib/sdl';
import { startPartners, type RunningPartners } from '../src/server';
import { freePort, tempDir } from '../../../scripts/lib/processes';
import { assertPgliteUsableUnderJest } from '../../../test/support/pglite-under-jest';
import { REQUIRED_CATEGORIES } from './support/store-suite';

interface GqlBody {
  data?: any;
  errors?: Array<{ message: string; path?: unknown[]; extensions?: { code?: string } }>;
}

async function post(
  url: string,
  query: string,
  token: string | null,
  variables?: Record<string, unknown>,
): Promise<{ status: number; body: GqlBody; text: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { 'x-internal-token': token } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as GqlBody, text };
}

const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on Partner { id name category rewards { id } }
    ... on Reward { id title pointsPrice partner { id } }
  }
}`;

describe('partners subgraph (mercurius, in-process)', () => {
  const dir = tempDir('corebridge-partners-');
  const keysDir = join(dir, 'keys');
  let partners: RunningPartners;
  let token: string;

  beforeAll(async () => {
    assertPgliteUsableUnderJest();
    const signer = await InternalTokenSigner.fromKeysDir(keysDir);
    partners = await startPartners({ port: await freePort(), dataDir: join(dir, 'data'), keysDir });
    token = await signer.sign({ subject: 'C-000001', customerId: 'C-000001', channel: 'web', scopes: [] });
  }, 60000);

  afterAll(async () => {
    await partners?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists at least 12 partners covering every category, with merchant ids and decimal boosts', async () => {
    const { status, body } = await post(
      partners.url,
      '{ partners { id name category logoUrl earnBoostPercent merchantIds rewards { id kind pointsPrice stock } } }',
      token,
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const list = body.data.partners as Array<{
      id: string;
      name: string;
      category: string;
      logoUrl: string;
      earnBoostPercent: string | null;
      merchantIds: string[];
      rewards: Array<{ kind: string; pointsPrice: number; stock: number }>;
    }>;
    expect(list.length).toBeGreaterThanOrEqual(12);
    for (const c of REQUIRED_CATEGORIES) expect(list.map((p) => p.category)).toContain(c);
    expect(list.map((p) => p.name)).toEqual([...list.map((p) => p.name)].sort((a, b) => a.localeCompare(b)));
    for (const p of list) {
      expect(p.logoUrl).toMatch(/^https:\/\//);
      expect(p.merchantIds.length).toBeGreaterThan(0);
      for (const m of p.merchantIds) expect(m).toMatch(/^M-[A-Z]+-\d{3}$/);
      if (p.earnBoostPercent !== null) expect(p.earnBoostPercent).toMatch(/^\d+\.\d{2}$/);
    }
    expect(list.find((p) => p.id === 'P-BEANSTREET')?.merchantIds).toContain('M-COFFEE-001');
    expect(list.flatMap((p) => p.rewards)).toHaveLength(40);
  });

  it('filters by category and finds one partner by id (unknown ids are null)', async () => {
    const { body } = await post(
      partners.url,
      '{ partners(category: COFFEE) { category } partner(id: "P-ZIPRIDE") { name category } nope: partner(id: "P-NOPE") { id } bean: partner(id: "P-BEANSTREET") { earnBoost earnBoostPercent } arena: partner(id: "P-ARENAONE") { earnBoost earnBoostPercent } }',
      token,
    );
    expect(body.errors).toBeUndefined();
    // the multiplier loyalty applies, next to the display percentage; no boost is "1", never null
    expect(body.data.bean).toEqual({ earnBoost: '3', earnBoostPercent: '3.00' });
    expect(body.data.arena).toEqual({ earnBoost: '1', earnBoostPercent: null });
    expect(body.data.partners.length).toBeGreaterThan(0);
    expect(body.data.partners.every((p: { category: string }) => p.category === 'COFFEE')).toBe(true);
    expect(body.data.partner).toEqual({ name: 'ZipRide', category: 'RIDE_HAILING' });
    expect(body.data.nope).toBeNull();
    // an id no partner id can look like is refused as input, before the store (lib/input-bounds.ts)
    const junk = await post(partners.url, '{ junk: partner(id: "<script>") { id } }', token);
    expect(junk.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'id' });
  });

  it('returns its SDL file verbatim from _service { sdl }', async () => {
    const { body } = await post(partners.url, '{ _service { sdl } }', token);
    expect(body.errors).toBeUndefined();
    expect(body.data._service.sdl).toBe(loadSdlText('partners'));
    expect(body.data._service.sdl).toContain('https://specs.apollo.dev/federation/v2.');
  });

  it('resolves Partner and Reward entities in order, null for unknown ids', async () => {
    const { body } = await post(partners.url, ENTITIES, token, {
      representations: [
        { __typename: 'Partner', id: 'P-SKYLARK' },
        { __typename: 'Partner', id: 'P-DOES-NOT-EXIST' },
        { __typename: 'Reward', id: 'R-ZIPRIDE-01' },
        { __typename: 'Partner', id: 'P-ZIPRIDE' },
      ],
    });
    expect(body.errors).toBeUndefined();
    const [skylark, missing, reward, zip] = body.data._entities;
    expect(skylark).toMatchObject({ __typename: 'Partner', id: 'P-SKYLARK', name: 'Skylark Air', category: 'TRAVEL' });
    expect(skylark.rewards).toHaveLength(3);
    expect(missing).toBeNull();
    expect(reward).toEqual({ __typename: 'Reward', id: 'R-ZIPRIDE-01', title: '5.00 ride credit', pointsPrice: 500, partner: { id: 'P-ZIPRIDE' } });
    expect(zip).toMatchObject({ __typename: 'Partner', id: 'P-ZIPRIDE' });
  });

  it('refuses a representation without a string id with BAD_USER_INPUT', async () => {
    const { body } = await post(partners.url, ENTITIES, token, { representations: [{ __typename: 'Partner', id: 42 }] });
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers a query error with a stable code and no stack trace', async () => {
    const invalid = await post(partners.url, '{ partners { nosuchfield } }', token);
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const badEnum = await post(partners.url, 'query($c: PartnerCategory) { partners(category: $c) { id } }', token, { c: 'SPACE' });
    expect(badEnum.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    for (const r of [invalid, badEnum]) expect(r.text).not.toMatch(/stacktrace|\bat .*\.(ts|js):\d+/);
  });

  it('refuses a request without the internal token: 401, no data', async () => {
    const { status, body } = await post(partners.url, '{ partners { id } }', null);
    expect(status).toBe(401);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const get = await fetch(`${partners.url}?query=${encodeURIComponent('{ partners { id } }')}`);
    expect(get.status).toBe(401);
  });

  it('refuses a token signed by another key: 401, no data', async () => {
    const forgerDir = tempDir('corebridge-partners-forger-');
    const forger = await InternalTokenSigner.fromKeysDir(join(forgerDir, 'keys'));
    rmSync(forgerDir, { recursive: true, force: true });
    const forged = await forger.sign({ subject: 'C-000001', customerId: 'C-000001', channel: 'staff', scopes: ['staff:customers:read'] });
    const { status, body } = await post(partners.url, ENTITIES, forged, { representations: [{ __typename: 'Partner', id: 'P-ZIPRIDE' }] });
    expect(status).toBe(401);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('keeps /health and /ready open', async () => {
    const base = partners.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', service: 'partners' });
  });
});

describe('partners subgraph when its store fails', () => {
  const dir = tempDir('corebridge-partners-down-');
  const keysDir = join(dir, 'keys');
  const logged: string[] = [];
  let partners: RunningPartners;
  let token: string;

  beforeAll(async () => {
    assertPgliteUsableUnderJest();
    const signer = await InternalTokenSigner.fromKeysDir(keysDir);
    const log = createLogger('partners', { write: (line: string) => void logged.push(line) });
    log.level = 'error'; // whatever LOG_LEVEL the run has: the masked error must reach the log
    partners = await startPartners({ port: await freePort(), dataDir: join(dir, 'data'), keysDir, seedDemo: false, log });
    token = await signer.sign({ subject: 'C-000001', customerId: 'C-000001', channel: 'web', scopes: [] });
    await partners.db.close();
  }, 60000);

  afterAll(async () => {
    await partners?.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('masks the failure: INTERNAL_SERVER_ERROR, no driver detail, no stack; /ready says 503', async () => {
    const { status, body, text } = await post(partners.url, '{ partners { id } }', token);
    expect(status).toBe(200);
    expect(body.errors).toEqual([expect.objectContaining({ message: 'Internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } })]);
    expect(text).not.toMatch(/pglite|closed|stack|\.ts:\d+/i);
    const ready = await fetch(partners.url.replace(/\/graphql$/, '/ready'));
    expect(ready.status).toBe(503);
    // the detail goes to the log instead, for the operator
    expect(logged.some((line) => line.includes('masked error'))).toBe(true);
    expect(logged.join('')).not.toContain(token);
  });
});

describe('partners subgraph restarted on the same data dir', () => {
  it('keeps its catalogue and does not seed again (stock changed since stays changed)', async () => {
    assertPgliteUsableUnderJest();
    const dir = tempDir('corebridge-partners-restart-');
    const opts = { dataDir: join(dir, 'data'), keysDir: join(dir, 'keys') };
    const first = await startPartners({ ...opts, port: await freePort() });
    try {
      await first.db.query("UPDATE rewards SET stock = 0 WHERE id = 'R-SKYLARK-01'");
    } finally {
      await first.close();
    }
    const second = await startPartners({ ...opts, port: await freePort() });
    try {
      const rows = await second.db.query<{ stock: number; n: string | number }>(
        "SELECT stock, (SELECT count(*) FROM partners) AS n FROM rewards WHERE id = 'R-SKYLARK-01'",
      );
      const [row] = rows;
      expect(Number(row?.stock)).toBe(0);
      expect(Number(row?.n)).toBeGreaterThanOrEqual(12);
      const runs = await second.db.query<{ name: string }>('SELECT name FROM seed_runs ORDER BY name');
      expect(runs.map((r) => r.name)).toEqual(['demo-catalogue-v1', 'demo-earn-boosts-v1']);
    } finally {
      await second.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60000);
});
