// The gateway's edge against the whole system (simulator, four subgraphs, gateway as processes):
// every refusal is checked against the core simulator's call counter, and the channel matrix runs
// on the real supergraph and the committed manifests.
import { readFileSync, existsSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { generateKeyPair, SignJWT } from 'jose';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '../gateway/src/edge/identity';
import { readManifest } from '../gateway/src/edge/persisted/manifest';
import { DEFAULT_CLIENT_NAMES, DEFAULT_SCOPES } from '../gateway/src/edge/scopes';
import type { Channel } from '../lib/internal-auth';
import { ensureKeyPair, privateKeyOf } from '../lib/keys';
import { signDevToken } from '../scripts/token';
import { ROOT, tempDir } from '../scripts/lib/processes';
import { coreStats, resetCoreStats, startStack, type Stack } from './support/stack';
import { missing } from './support/present';

type PublicChannel = Exclude<Channel, 'service'>;
const auditFile = join(tempDir('gateway-stack-audit-'), 'staff-audit.log');
const manifest = (name: string) => readManifest(join(ROOT, 'schema/persisted/manifests', `${name}.json`));

let stack: Stack;
const token = (sub: string, channel: PublicChannel, extra: { scope?: string; partnerId?: string; clientName?: string } = {}) =>
  signDevToken(
    {
      sub,
      channel,
      scope: DEFAULT_SCOPES[channel].join(' '),
      clientName: DEFAULT_CLIENT_NAMES[channel],
      ttlSeconds: 600,
      issuer: DEFAULT_ISSUER,
      audience: DEFAULT_AUDIENCE,
      ...extra,
    },
    stack.keysDir,
  );

/**
 * The gateway refuses an oversized body from its content-length, before reading it, and then closes
 * the connection; a client still uploading may see a reset that swallows the answer. So the
 * headers go first and the 5 MB follow only if no answer came within 2 s.
 */
function postLarge(body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(stack.gatewayUrl, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      answered = true;
      clearTimeout(upload);
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, text });
        req.destroy();
      });
      res.on('error', reject);
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (!answered) reject(err);
    });
    req.flushHeaders();
    const upload = setTimeout(() => req.end(body), 2000);
  });
}

async function post(body: unknown, bearer?: string, headers: Record<string, string> = {}) {
  if (typeof body === 'string' && body.length > 1024 * 1024) {
    const r = await postLarge(body, { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...headers });
    return {
      status: r.status,
      headers: new Headers(),
      text: r.text,
      body: JSON.parse(r.text) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> },
    };
  }
  const res = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    body: JSON.parse(text) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> },
  };
}
const codeOf = (r: { body: { errors?: Array<{ extensions?: { code?: string } }> } }) => r.body.errors?.[0]?.extensions?.code;
const totalCoreCalls = async () => Object.values(await coreStats(stack.coreUrl)).reduce((a, b) => a + b, 0);
const byId = (id: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: id } } });

beforeAll(async () => {
  stack = await startStack({ AUDIT_LOG_FILE: auditFile, NODE_ENV: 'test' });
}, 180000);

afterAll(async () => {
  await stack?.stop();
});

describe('identity: nothing runs for a bad token', () => {
  it('no token, an expired one, one signed by another key, one for another audience: 401, zero core calls', async () => {
    const dev = await ensureKeyPair(stack.keysDir, 'dev-user');
    const now = Math.floor(Date.now() / 1000);
    const sign = (key: Parameters<SignJWT['sign']>[0], opts: { exp?: number; aud?: string } = {}) =>
      new SignJWT({ channel: 'web', scope: 'customer:read' })
        .setProtectedHeader({ alg: 'ES256', kid: dev.privateJwk.kid })
        .setSubject('C-000001')
        .setIssuer(DEFAULT_ISSUER)
        .setAudience(opts.aud ?? DEFAULT_AUDIENCE)
        .setExpirationTime(opts.exp ?? now + 600)
        .sign(key);
    const other = await generateKeyPair('ES256');
    const bad = [
      undefined,
      await sign(await privateKeyOf(dev), { exp: now - 3600 }),
      await sign(other.privateKey),
      await sign(await privateKeyOf(dev), { aud: 'another-api' }),
    ];
    await resetCoreStats(stack.coreUrl);
    for (const t of bad) {
      const r = await post({ query: '{ me { id accounts { id balance { available { amount } } } } }' }, t);
      expect(r.status).toBe(401);
      expect(codeOf(r)).toBe('UNAUTHENTICATED');
    }
    expect(await totalCoreCalls()).toBe(0);
  });
});

describe('abuse: each refused with its code before the core is touched', () => {
  it('depth 50, 1,000 aliases, 100,000 tokens, a 5 MB body, a batched array, introspection outside development', async () => {
    const t = await token('C-000001', 'web');
    const cases: Array<[unknown, number, string]> = [
      // no cycle in the graph is 50 deep: the depth refusal comes first, before field validation
      [{ query: `{ me { ${'accounts { '.repeat(49)}id${' }'.repeat(49)} } }` }, 400, 'QUERY_TOO_DEEP'],
      // 3 tokens an alias keeps it under the token cap; the alias refusal comes before field validation
      [{ query: `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: me`).join(' ')} }` }, 400, 'TOO_MANY_ALIASES'],
      [{ query: `{ me { ${'id '.repeat(100_000)}} }` }, 400, 'TOO_MANY_TOKENS'],
      [JSON.stringify({ query: `{ me { id } } # ${'x'.repeat(5 * 1024 * 1024)}` }), 413, 'REQUEST_TOO_LARGE'],
      [[{ query: '{ me { id } }' }, { query: '{ me { id } }' }], 400, 'BATCHING_NOT_SUPPORTED'],
      [{ query: '{ __schema { types { name } } }' }, 400, 'INTROSPECTION_DISABLED'],
    ];
    await resetCoreStats(stack.coreUrl);
    for (const [body, status, code] of cases) {
      const r = await post(body, t);
      expect([r.status, codeOf(r)]).toEqual([status, code]);
      expect(r.body.data).toBeUndefined();
    }
    expect(await totalCoreCalls()).toBe(0);
  });
});

describe('customer A cannot reach customer B by any path', () => {
  let a: string;
  let bIds: { accounts: string[]; cards: string[] };

  beforeAll(async () => {
    a = await token('C-000001', 'web');
    const b = await post({ query: '{ me { id accounts { id } cards { id } } }' }, await token('C-000002', 'web'));
    bIds = { accounts: b.body.data.me.accounts.map((x: { id: string }) => x.id), cards: (b.body.data.me.cards ?? []).map((x: { id: string }) => x.id) };
    expect(bIds.accounts.length).toBeGreaterThan(0);
  });

  it('root field customer(id: B) answers as if B did not exist', async () => {
    const r = await post({ query: '{ customer(id: "C-000002") { id displayName accounts { id } loyalty { points } offers { id } } }' }, a);
    expect(r.body.data?.customer ?? null).toBeNull();
  });

  it("root fields account(id) and card(id) with B's ids answer null", async () => {
    for (const id of bIds.accounts) {
      const r = await post(
        {
          query: 'query($id: ID!) { account(id: $id) { id balance { available { amount } } transactions(first: 1) { edges { node { id } } } } }',
          variables: { id },
        },
        a,
      );
      expect(r.body.data?.account ?? null).toBeNull();
    }
    for (const id of bIds.cards) {
      const r = await post({ query: 'query($id: ID!) { card(id: $id) { id maskedPan } }', variables: { id } }, a);
      expect(r.body.data?.card ?? null).toBeNull();
    }
  });

  it("_entities is not in the gateway's schema: refused before any subgraph or core call", async () => {
    await resetCoreStats(stack.coreUrl);
    const r = await post(
      { query: '{ _entities(representations: [{ __typename: "Customer", id: "C-000002" }]) { ... on Customer { displayName accounts { id } } } }' },
      a,
    );
    expect(r.status).toBe(400);
    expect(codeOf(r)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await totalCoreCalls()).toBe(0);
  });

  it('a customer token reaches no partner view of a customer (scope), and no core call is made', async () => {
    await resetCoreStats(stack.coreUrl);
    const r = await post({ query: '{ partnerCustomer(customerId: "C-000002") { customerId displayName } }' }, a);
    expect([r.status, codeOf(r)]).toEqual([403, 'FORBIDDEN']);
    expect(await totalCoreCalls()).toBe(0);
  });
});

describe('each channel runs its own operations and nothing else', () => {
  it('a read-only token cannot move money: FORBIDDEN before any call', async () => {
    await resetCoreStats(stack.coreUrl);
    const r = await post(
      {
        query: 'mutation($in: TransferInput!) { transfer(input: $in) { __typename } }',
        variables: { in: { fromAccountId: 'X', to: { accountId: 'Y' }, amount: { amount: '1.00', currency: 'EUR' }, idempotencyKey: 'k-1' } },
      },
      await token('C-000001', 'web', { scope: 'customer:read' }),
    );
    expect([r.status, codeOf(r)]).toEqual([403, 'FORBIDDEN']);
    expect(await totalCoreCalls()).toBe(0);
  });

  it('a kiosk runs its registered operations by id and by text, and nothing else by either', async () => {
    const kiosk = await token('C-000001', 'kiosk');
    const home = manifest('kiosk').find((o) => o.name === 'KioskHome')!;
    const byHash = await post(byId(home.id), kiosk);
    expect(byHash.body.errors).toBeUndefined();
    expect(byHash.body.data.me.id).toBe('C-000001');
    expect((await post({ query: home.body }, kiosk)).body.data.me.id).toBe('C-000001');
    await resetCoreStats(stack.coreUrl);
    for (const body of [{ query: '{ me { id accounts { id } } }' }, byId('0'.repeat(64))]) {
      const r = await post(body, kiosk);
      expect([r.status, codeOf(r)]).toEqual([400, 'PERSISTED_QUERY_NOT_IN_SAFELIST']);
    }
    // naming another client in the token changes nothing
    expect(codeOf(await post({ query: '{ me { id } }' }, await token('C-000001', 'kiosk', { clientName: 'web-app' })))).toBe('PERSISTED_QUERY_NOT_IN_SAFELIST');
    expect(await totalCoreCalls()).toBe(0);
  });

  it("a kiosk freezes and unfreezes its customer's card by id, the next KioskHome shows it, and it still cannot move money", async () => {
    const kiosk = await token('C-000001', 'kiosk');
    const op = (name: string) => manifest('kiosk').find((o) => o.name === name) ?? missing(`${name} in manifests/kiosk.json`);
    const cardsOnHome = async () => {
      const r = await post(byId(op('KioskHome').id), kiosk);
      expect(r.body.errors).toBeUndefined();
      return r.body.data.me.cards as Array<{ id: string; status: string }>;
    };
    const card = (await cardsOnHome()).find((c) => c.status === 'ACTIVE') ?? missing('an active card of C-000001');
    const frozen = await post({ ...byId(op('KioskFreezeCard').id), variables: { cardId: card.id } }, kiosk);
    expect(frozen.body.errors).toBeUndefined();
    expect(frozen.body.data.freezeCard).toMatchObject({ id: card.id, status: 'FROZEN' });
    // the mutation moved the customer's write generation: no cached KioskHome from before it
    expect((await cardsOnHome()).find((c) => c.id === card.id)?.status).toBe('FROZEN');
    const back = await post({ ...byId(op('KioskUnfreezeCard').id), variables: { cardId: card.id } }, kiosk);
    expect(back.body.data.unfreezeCard).toMatchObject({ id: card.id, status: 'ACTIVE' });
    expect((await cardsOnHome()).find((c) => c.id === card.id)?.status).toBe('ACTIVE');

    const transfer = {
      query: 'mutation($in: TransferInput!) { transfer(input: $in) { __typename } }',
      variables: {
        in: { fromAccountId: 'A-0000001', to: { accountId: 'A-0000002' }, amount: { amount: '1.00', currency: 'EUR' }, idempotencyKey: 'kiosk-k-1' },
      },
    };
    await resetCoreStats(stack.coreUrl);
    // the kiosk's list has no transfer, nor any text it does not register
    expect([(await post(transfer, kiosk)).status, codeOf(await post(transfer, kiosk))]).toEqual([400, 'PERSISTED_QUERY_NOT_IN_SAFELIST']);
    expect(codeOf(await post({ query: 'mutation($id: ID!) { freezeCard(cardId: $id) { id } }', variables: { id: card.id } }, kiosk))).toBe(
      'PERSISTED_QUERY_NOT_IN_SAFELIST',
    );
    // and its scopes alone would not allow one either: the same scopes on a channel without a safelist
    const kioskScopes = await token('C-000001', 'web', { scope: DEFAULT_SCOPES.kiosk.join(' ') });
    const r = await post(transfer, kioskScopes);
    expect([r.status, codeOf(r)]).toEqual([403, 'FORBIDDEN']);
    expect(await totalCoreCalls()).toBe(0);
  });

  it('a partner app runs its manifest and nothing else', async () => {
    // an app registered with the partners service (subgraphs/partners/data/partner-apps.json)
    const partner = await token('beanstreet-app', 'partner', { partnerId: 'P-BEANSTREET', clientName: 'beanstreet-app' });
    const catalogue = manifest('partner-app').find((o) => o.name === 'PartnerCatalogue')!;
    const r = await post({ ...byId(catalogue.id), variables: { partnerId: 'P-BEANSTREET' } }, partner);
    expect(r.body.errors).toBeUndefined();
    // the same operation from an app the partners service does not know
    const stranger = await token('app-x', 'partner', { partnerId: 'P-BEANSTREET', clientName: 'unknown-app' });
    expect(codeOf(await post({ ...byId(catalogue.id), variables: { partnerId: 'P-BEANSTREET' } }, stranger))).toBe('PARTNER_APP_NOT_REGISTERED');
    await resetCoreStats(stack.coreUrl);
    for (const body of [{ query: '{ me { id } }' }, { query: '{ customer(id: "C-000001") { id displayName } }' }, byId('1'.repeat(64))]) {
      expect(codeOf(await post(body, partner))).toBe('PERSISTED_QUERY_NOT_IN_SAFELIST');
    }
    expect(await totalCoreCalls()).toBe(0);
  });

  it('staff read any customer with the staff scope, and every read is in the audit file without personal data', async () => {
    const staff = await token('S-0042', 'staff');
    const r = await post({ query: 'query Support($id: ID!) { customer(id: $id) { id displayName accounts { id } } }', variables: { id: 'C-000002' } }, staff, {
      'x-request-id': 'staff-read-000001',
    });
    expect(r.body.data.customer.id).toBe('C-000002');
    const name = r.body.data.customer.displayName as string;
    let lines: string[] = [];
    for (let i = 0; i < 50 && lines.length === 0; i++) {
      if (existsSync(auditFile))
        lines = readFileSync(auditFile, 'utf8')
          .split('\n')
          .filter((l) => l.includes('staff-read-000001'));
      if (lines.length === 0) await new Promise((res) => setTimeout(res, 50));
    }
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? 'null')).toMatchObject({
      staff: 'S-0042',
      customerIds: ['C-000002'],
      operationName: 'Support',
      requestId: 'staff-read-000001',
    });
    if (name) expect(readFileSync(auditFile, 'utf8')).not.toContain(name);
    // without the staff scope: FORBIDDEN, nothing read
    const noScope = await post({ query: '{ customer(id: "C-000002") { id } }' }, await token('S-0043', 'staff', { scope: 'openid' }));
    expect(codeOf(noScope)).toBe('FORBIDDEN');
  });
});

describe('operations', () => {
  it('/metrics shows requests per operation and client, and subgraph fetches', async () => {
    const text = await (await fetch(`${stack.gatewayOpsUrl}/metrics`)).text();
    expect(text).toMatch(/gateway_requests_total\{operation="KioskHome",client="kiosk",status="200"\}/);
    expect(text).toMatch(/gateway_subgraph_fetches_total\{subgraph="accounts",outcome="ok"\}/);
  });
});
