// The partners subgraph in-process, on the simulated core and a stand-in loyalty service: the
// /internal service routes as agreed with loyalty and the gateway, consent grant / revoke /
// history through GraphQL, and partner data minimisation through partnerCustomer.
import '../../../test/support/mercurius-under-jest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { type Caller, InternalTokenSigner, InternalTokenVerifier, INTERNAL_TOKEN_HEADER } from '../../../lib/internal-auth';
import { registerServiceRoutes } from '../../../lib/subgraph-server';
import { CATEGORIES } from '../../../lib/mcc-categories';
import { startCoreSimulator, type RunningCoreSimulator } from '../../../core-simulator/src/server';
import { startPartners, type RunningPartners } from '../src/server';
import { freePort, tempDir } from '../../../scripts/lib/processes';
import { assertPgliteUsableUnderJest } from '../../../test/support/pglite-under-jest';
import { createLogger } from '../../../lib/logger';
import { nth } from '../../../test/support/present';

interface GqlBody {
  data?: any;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

const customer = (id: string): Caller => ({ subject: id, customerId: id, channel: 'web', scopes: [] });
const partnerApp = (partnerId: string, clientName: string): Caller => ({ subject: `app:${clientName}`, channel: 'partner', partnerId, clientName, scopes: [] });
const service: Caller = { subject: 'svc:loyalty', channel: 'service', scopes: [], clientName: 'loyalty' };

const GRANT = `mutation($p: ID!, $s: [PartnerConsentScope!]!) {
  grantPartnerConsent(partnerId: $p, scopes: $s) { partner { id name } scopes active version updatedAt history { version action scopes recordedAt } }
}`;
const REVOKE = `mutation($p: ID!) { revokePartnerConsent(partnerId: $p) { partner { id } scopes active version history { version action scopes } } }`;
const CONSENTS = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Customer { id partnerConsents { partner { id } scopes active version history { version action } } } } }`;
const VIEW = `query($id: ID!) { partnerCustomer(customerId: $id) { customerId scopes consentVersion firstName displayName customerSince loyaltyTier topSpendCategories } }`;

describe('partners: service routes, consents and partner data minimisation', () => {
  const dir = tempDir('corebridge-partners-consent-');
  const keysDir = join(dir, 'keys');
  let core: RunningCoreSimulator;
  let loyalty: FastifyInstance;
  let partners: RunningPartners;
  let signer: InternalTokenSigner;
  let base: string;
  const loyaltyCalls: string[] = [];

  async function gql(caller: Caller | null, query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: GqlBody }> {
    const res = await fetch(partners.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(caller ? { [INTERNAL_TOKEN_HEADER]: await signer.sign(caller) } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: (await res.json()) as GqlBody };
  }

  async function call(caller: Caller | null, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = caller ? { [INTERNAL_TOKEN_HEADER]: await signer.sign(caller) } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  const coreCalls = (op: string) => core.stats.snapshot(0, 0).calls[op] ?? 0;

  beforeAll(async () => {
    assertPgliteUsableUnderJest();
    signer = await InternalTokenSigner.fromKeysDir(keysDir);
    core = await startCoreSimulator({ port: await freePort(), seed: 42, customers: 40, logger: createLogger('core', { write: () => undefined }) });
    // loyalty's summary route, as loyalty mounts it: service callers only
    loyalty = Fastify({ logger: false });
    await registerServiceRoutes(loyalty, await InternalTokenVerifier.fromKeysDir(keysDir), (scope) => {
      scope.get<{ Params: { id: string } }>('/customers/:id/summary', async (req, reply) => {
        loyaltyCalls.push(`${req.caller?.subject} ${req.params.id}`);
        if (req.params.id === 'C-000004') return reply.code(500).send({ code: 'BROKEN' });
        return { tier: 'GOLD', points: '1200', lifetimeCashBack: { amount: '12.50', currency: 'EUR' } };
      });
    });
    const loyaltyPort = await freePort();
    await loyalty.listen({ port: loyaltyPort, host: '127.0.0.1' });
    partners = await startPartners({
      port: await freePort(),
      dataDir: join(dir, 'data'),
      keysDir,
      core: { wsdlUrl: core.wsdlUrl, timeoutMs: 3000, maxConcurrency: 4, readRetries: 1, wsdlWaitMs: 5000 },
      loyaltyServiceUrl: `http://127.0.0.1:${loyaltyPort}`,
      log: createLogger('partners', { write: () => undefined }),
    });
    base = partners.url.replace(/\/graphql$/, '');
  }, 90000);

  afterAll(async () => {
    await partners?.close();
    await loyalty?.close();
    await core?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('service routes (/internal)', () => {
    it('refuse a request without a token (401) and a customer token of channel web (403) on every route', async () => {
      const routes: Array<['GET' | 'POST', string, unknown?]> = [
        ['GET', '/internal/partners/merchants'],
        ['GET', '/internal/rewards/catalogue'],
        ['POST', '/internal/rewards/issue', { rewardId: 'R-BEANSTREET-01', customerId: 'C-000001', idempotencyKey: 'refused-1' }],
        ['POST', '/internal/rewards/release', { idempotencyKey: 'refused-1' }],
        ['GET', '/internal/consents/C-000001/P-BEANSTREET'],
        ['GET', '/internal/partner-apps/beanstreet-app'],
      ];
      for (const [method, path, body] of routes) {
        expect((await call(null, method, path, body)).status).toBe(401);
        expect((await call(customer('C-000001'), method, path, body)).status).toBe(403);
        expect((await call(partnerApp('P-BEANSTREET', 'beanstreet-app'), method, path, body)).status).toBe(403);
      }
      const { n } = nth(await partners.db.query<{ n: string | number }>("SELECT count(*) AS n FROM reward_issues WHERE idempotency_key = 'refused-1'"), 0);
      expect(Number(n)).toBe(0);
    });

    it('GET /internal/partners/merchants lists partner ids, names, categories, merchant ids and earn boosts', async () => {
      const { status, body } = await call(service, 'GET', '/internal/partners/merchants');
      expect(status).toBe(200);
      expect(body.length).toBeGreaterThanOrEqual(12);
      const [bean] = await partners.db.query<{ name: string; category: string }>("SELECT name, category FROM partners WHERE id = 'P-BEANSTREET'");
      expect(body).toContainEqual({ partnerId: 'P-BEANSTREET', ...bean, merchantIds: ['M-COFFEE-001', 'M-COFFEE-002', 'M-COFFEE-003'], earnBoost: '3' });
      for (const p of body) expect(Object.keys(p).sort()).toEqual(['category', 'earnBoost', 'merchantIds', 'name', 'partnerId']);
    });

    it('GET /internal/rewards/catalogue lists the rewards in stock with their partner, cheapest first', async () => {
      const { status, body } = await call(service, 'GET', '/internal/rewards/catalogue');
      expect(status).toBe(200);
      expect(body.length).toBeGreaterThan(0);
      for (const r of body) expect(Object.keys(r).sort()).toEqual(['partnerId', 'partnerName', 'pointsPrice', 'rewardId', 'title']);
      const prices = body.map((r: { pointsPrice: number }) => r.pointsPrice);
      expect(prices).toEqual([...prices].sort((x, y) => x - y));
      const inStock = await partners.db.query<{ id: string }>('SELECT id FROM rewards WHERE stock > 0');
      expect(body.map((r: { rewardId: string }) => r.rewardId).sort()).toEqual(inStock.map((r) => r.id).sort());
    });

    it('POST /internal/rewards/issue issues once per idempotency key; 404 unknown, 409 sold out, 400 malformed', async () => {
      const before = nth(await partners.db.query<{ stock: number }>("SELECT stock FROM rewards WHERE id = 'R-SKYLARK-02'"), 0).stock;
      const req = { rewardId: 'R-SKYLARK-02', customerId: 'C-000001', idempotencyKey: 'loyalty-redeem-1' };
      const first = await call(service, 'POST', '/internal/rewards/issue', req);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ rewardId: 'R-SKYLARK-02', voucherCode: expect.stringMatching(/^CBV(-[A-Z2-9]{4}){5}$/), pointsPrice: 5000 });
      const retry = await call(service, 'POST', '/internal/rewards/issue', req);
      expect(retry).toEqual(first);
      const after = nth(await partners.db.query<{ stock: number }>("SELECT stock FROM rewards WHERE id = 'R-SKYLARK-02'"), 0).stock;
      expect(Number(after)).toBe(Number(before) - 1);

      expect(await call(service, 'POST', '/internal/rewards/issue', { ...req, rewardId: 'R-NOPE', idempotencyKey: 'k-404' })).toEqual({
        status: 404,
        body: { code: 'REWARD_NOT_FOUND' },
      });
      expect(await call(service, 'POST', '/internal/rewards/issue', { ...req, rewardId: 'R-CITYHOP-02', idempotencyKey: 'k-409' })).toEqual({
        status: 409,
        body: { code: 'OUT_OF_STOCK' },
      });
      expect((await call(service, 'POST', '/internal/rewards/issue', { ...req, rewardId: 'R-BEANSTREET-01' })).body).toEqual({
        code: 'IDEMPOTENCY_KEY_REUSED',
      });
      const malformed = await call(service, 'POST', '/internal/rewards/issue', { rewardId: 'R-SKYLARK-02', customerId: 'C-000001' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.code).toBe('BAD_REQUEST');
    });

    it('POST /internal/rewards/release gives the unit back once', async () => {
      const req = { rewardId: 'R-SKYLARK-02', customerId: 'C-000002', idempotencyKey: 'loyalty-redeem-2' };
      expect((await call(service, 'POST', '/internal/rewards/issue', req)).status).toBe(200);
      const stock = async () => Number(nth(await partners.db.query<{ stock: number }>("SELECT stock FROM rewards WHERE id = 'R-SKYLARK-02'"), 0).stock);
      const issued = await stock();
      expect(await call(service, 'POST', '/internal/rewards/release', { idempotencyKey: 'loyalty-redeem-2' })).toEqual({
        status: 200,
        body: { released: true },
      });
      expect(await call(service, 'POST', '/internal/rewards/release', { idempotencyKey: 'loyalty-redeem-2' })).toEqual({
        status: 200,
        body: { released: true },
      });
      expect(await stock()).toBe(issued + 1);
      expect(await call(service, 'POST', '/internal/rewards/release', { idempotencyKey: 'never-issued' })).toEqual({ status: 200, body: { released: false } });
    });

    it('GET /internal/partner-apps/:clientId answers the registered app, 404 otherwise', async () => {
      expect(await call(service, 'GET', '/internal/partner-apps/skylark-loyalty')).toEqual({
        status: 200,
        body: {
          clientId: 'skylark-loyalty',
          partnerId: 'P-SKYLARK',
          name: 'Skylark Air frequent flyer desk',
          allowedOperations: ['PartnerCustomerView', 'PartnerCatalogue'],
        },
      });
      expect(await call(service, 'GET', '/internal/partner-apps/nobody')).toEqual({ status: 404, body: { code: 'PARTNER_APP_NOT_FOUND' } });
    });
  });

  describe('consent grant / revoke / history', () => {
    it('grants, replaces and revokes with versions and history; GET /internal/consents follows at once', async () => {
      expect(await call(service, 'GET', '/internal/consents/C-000010/P-BEANSTREET')).toEqual({ status: 200, body: { scopes: [], version: 0 } });
      const g1 = await gql(customer('C-000010'), GRANT, { p: 'P-BEANSTREET', s: ['PROFILE_BASIC'] });
      expect(g1.body.errors).toBeUndefined();
      expect(g1.body.data.grantPartnerConsent).toMatchObject({
        partner: { id: 'P-BEANSTREET', name: 'Bean Street Coffee' },
        scopes: ['PROFILE_BASIC'],
        active: true,
        version: 1,
      });
      expect(g1.body.data.grantPartnerConsent.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(await call(service, 'GET', '/internal/consents/C-000010/P-BEANSTREET')).toEqual({ status: 200, body: { scopes: ['PROFILE_BASIC'], version: 1 } });

      const g2 = await gql(customer('C-000010'), GRANT, { p: 'P-BEANSTREET', s: ['SPEND_CATEGORIES', 'LOYALTY_TIER'] });
      expect(g2.body.data.grantPartnerConsent).toMatchObject({ scopes: ['LOYALTY_TIER', 'SPEND_CATEGORIES'], version: 2 });
      const r3 = await gql(customer('C-000010'), REVOKE, { p: 'P-BEANSTREET' });
      expect(r3.body.data.revokePartnerConsent).toEqual({
        partner: { id: 'P-BEANSTREET' },
        scopes: [],
        active: false,
        version: 3,
        history: [
          { version: 1, action: 'GRANTED', scopes: ['PROFILE_BASIC'] },
          { version: 2, action: 'GRANTED', scopes: ['LOYALTY_TIER', 'SPEND_CATEGORIES'] },
          { version: 3, action: 'REVOKED', scopes: [] },
        ],
      });
      expect(await call(service, 'GET', '/internal/consents/C-000010/P-BEANSTREET')).toEqual({ status: 200, body: { scopes: [], version: 3 } });
      // nothing granted any more: a second revocation records nothing
      expect((await gql(customer('C-000010'), REVOKE, { p: 'P-BEANSTREET' })).body.data.revokePartnerConsent.version).toBe(3);
      const never = await gql(customer('C-000010'), REVOKE, { p: 'P-ZIPRIDE' });
      expect(never.body.data.revokePartnerConsent).toEqual({ partner: { id: 'P-ZIPRIDE' }, scopes: [], active: false, version: 0, history: [] });
    });

    it('shows Customer.partnerConsents to that customer only (another customer and a partner app get null)', async () => {
      await gql(customer('C-000011'), GRANT, { p: 'P-TUNEPOOL', s: ['LOYALTY_TIER'] });
      const mine = await gql(customer('C-000011'), CONSENTS, { reps: [{ __typename: 'Customer', id: 'C-000011' }] });
      expect(mine.body.errors).toBeUndefined();
      expect(mine.body.data._entities[0]).toEqual({
        id: 'C-000011',
        partnerConsents: [{ partner: { id: 'P-TUNEPOOL' }, scopes: ['LOYALTY_TIER'], active: true, version: 1, history: [{ version: 1, action: 'GRANTED' }] }],
      });
      const other = await gql(customer('C-000012'), CONSENTS, { reps: [{ __typename: 'Customer', id: 'C-000011' }] });
      expect(other.body.data._entities[0]).toEqual({ id: 'C-000011', partnerConsents: null });
      const app = await gql(partnerApp('P-TUNEPOOL', 'beanstreet-app'), CONSENTS, { reps: [{ __typename: 'Customer', id: 'C-000011' }] });
      expect(app.body.data._entities[0].partnerConsents).toBeNull();
    });

    it('refuses a bad partner, no scopes, an unknown scope and a non-customer caller with stable codes, storing nothing', async () => {
      const codeOf = (r: { body: GqlBody }) => r.body.errors?.[0]?.extensions?.code;
      expect(codeOf(await gql(customer('C-000013'), GRANT, { p: 'P-NOSUCH', s: ['PROFILE_BASIC'] }))).toBe('PARTNER_NOT_FOUND');
      // an id no partner id can look like is refused as input (lib/input-bounds.ts), before the store
      expect(codeOf(await gql(customer('C-000013'), GRANT, { p: '<script>', s: ['PROFILE_BASIC'] }))).toBe('BAD_USER_INPUT');
      expect(codeOf(await gql(customer('C-000013'), GRANT, { p: 'P-BEANSTREET', s: [] }))).toBe('BAD_USER_INPUT');
      expect(codeOf(await gql(customer('C-000013'), GRANT, { p: 'P-BEANSTREET', s: ['EVERYTHING'] }))).toBe('BAD_USER_INPUT');
      expect(codeOf(await gql(customer('C-000013'), REVOKE, { p: 'P-NOSUCH' }))).toBe('PARTNER_NOT_FOUND');
      expect(codeOf(await gql(partnerApp('P-BEANSTREET', 'beanstreet-app'), GRANT, { p: 'P-BEANSTREET', s: ['PROFILE_BASIC'] }))).toBe('FORBIDDEN');
      expect(
        codeOf(await gql({ subject: 'staff-1', channel: 'staff', scopes: ['staff:customers:read'] }, GRANT, { p: 'P-BEANSTREET', s: ['PROFILE_BASIC'] })),
      ).toBe('FORBIDDEN');
      expect(await partners.db.query("SELECT 1 FROM partner_consent_events WHERE customer_id = 'C-000013'")).toHaveLength(0);
      expect(await partners.db.query("SELECT 1 FROM partner_consents WHERE customer_id = 'C-000013'")).toHaveLength(0);
    });
  });

  describe('partner data minimisation (partnerCustomer)', () => {
    const bean = partnerApp('P-BEANSTREET', 'beanstreet-app');
    const skylark = partnerApp('P-SKYLARK', 'skylark-loyalty');

    it('shows only the consented fields; the others are null and not even read', async () => {
      await gql(customer('C-000001'), GRANT, { p: 'P-BEANSTREET', s: ['PROFILE_BASIC'] });
      loyaltyCalls.length = 0;
      const transactionsBefore = coreCalls('QueryTransactions') + coreCalls('QueryAccSumm');
      const { body } = await gql(bean, VIEW, { id: 'C-000001' });
      expect(body.errors).toBeUndefined();
      const expected = core.data.dataset.customers.find((c) => c.customerId === 'C-000001');
      expect(body.data.partnerCustomer).toEqual({
        customerId: 'C-000001',
        scopes: ['PROFILE_BASIC'],
        consentVersion: 1,
        firstName: expected?.fullName.split(' ')[0],
        displayName: expected?.shortName,
        customerSince: expected?.customerSince,
        loyaltyTier: null,
        topSpendCategories: null,
      });
      expect(loyaltyCalls).toEqual([]);
      expect(coreCalls('QueryTransactions') + coreCalls('QueryAccSumm')).toBe(transactionsBefore);
    });

    it('adds the tier and the spend categories (names only) once consented; the tier is null when loyalty fails', async () => {
      await gql(customer('C-000001'), GRANT, { p: 'P-BEANSTREET', s: ['LOYALTY_TIER', 'SPEND_CATEGORIES'] });
      loyaltyCalls.length = 0;
      const { body } = await gql(bean, VIEW, { id: 'C-000001' });
      expect(body.errors).toBeUndefined();
      const view = body.data.partnerCustomer;
      expect(view).toMatchObject({
        scopes: ['LOYALTY_TIER', 'SPEND_CATEGORIES'],
        consentVersion: 2,
        firstName: null,
        displayName: null,
        customerSince: null,
        loyaltyTier: 'GOLD',
      });
      // as the partners service, for this customer only (a slow answer may be asked again: GETs are retried)
      expect([...new Set(loyaltyCalls)]).toEqual(['svc:partners C-000001']);
      expect(view.topSpendCategories.length).toBeGreaterThan(0);
      expect(view.topSpendCategories.length).toBeLessThanOrEqual(3);
      for (const c of view.topSpendCategories) expect(CATEGORIES).toContain(c);
      expect(JSON.stringify(view)).not.toMatch(/\d+\.\d\d/);

      await gql(customer('C-000004'), GRANT, { p: 'P-BEANSTREET', s: ['LOYALTY_TIER'] });
      const broken = await gql(bean, VIEW, { id: 'C-000004' });
      expect(broken.body.errors).toBeUndefined();
      expect(broken.body.data.partnerCustomer.loyaltyTier).toBeNull();
    });

    it('answers null for a customer without consent, an unknown customer and another partner’s consent alike', async () => {
      const none = await gql(bean, VIEW, { id: 'C-000002' });
      const unknown = await gql(bean, VIEW, { id: 'C-999999' });
      const otherPartner = await gql(skylark, VIEW, { id: 'C-000001' });
      for (const r of [none, unknown, otherPartner]) expect(r.body).toEqual({ data: { partnerCustomer: null } });
      // an id no customer id can look like is refused as input (lib/input-bounds.ts): its shape is public, so this tells nothing
      const junk = await gql(bean, VIEW, { id: "' OR 1=1 --" });
      expect(junk.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'customerId' });
    });

    it('takes a revocation into account on the very next call', async () => {
      await gql(customer('C-000003'), GRANT, { p: 'P-SKYLARK', s: ['PROFILE_BASIC'] });
      expect((await gql(skylark, VIEW, { id: 'C-000003' })).body.data.partnerCustomer.firstName).toEqual(expect.any(String));
      await gql(customer('C-000003'), REVOKE, { p: 'P-SKYLARK' });
      expect((await gql(skylark, VIEW, { id: 'C-000003' })).body).toEqual({ data: { partnerCustomer: null } });
    });

    it('refuses callers that are not a registered app of that partner with FORBIDDEN', async () => {
      const codeOf = (r: { body: GqlBody }) => r.body.errors?.[0]?.extensions?.code;
      expect(codeOf(await gql(customer('C-000001'), VIEW, { id: 'C-000001' }))).toBe('FORBIDDEN');
      expect(codeOf(await gql(partnerApp('P-BEANSTREET', 'skylark-loyalty'), VIEW, { id: 'C-000001' }))).toBe('FORBIDDEN');
      expect(codeOf(await gql(partnerApp('P-BEANSTREET', 'unregistered-app'), VIEW, { id: 'C-000001' }))).toBe('FORBIDDEN');
      expect(codeOf(await gql(service, VIEW, { id: 'C-000001' }))).toBe('FORBIDDEN');
      expect((await gql(null, VIEW, { id: 'C-000001' })).status).toBe(401);
    });
  });
});
