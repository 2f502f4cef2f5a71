// The loyalty subgraph in-process on a free port, on its embedded store, called the way the
// gateway calls it: `_entities` with a signed internal token.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Caller, InternalTokenSigner, INTERNAL_TOKEN_HEADER } from '../../../lib/internal-auth';
import { STAFF_READ_SCOPE } from '../../../lib/access';
import { startLoyalty, type RunningLoyalty } from '../src/server';
import { freePort, tempDir } from '../../../scripts/lib/processes';
import { gql } from '../../../test/support/stack';
import { assertPgliteUsableUnderJest } from '../../../test/support/pglite-under-jest';
import { FakeCore, FakePartners, FUNDING_ACCOUNT } from './support/programme';
import { missing, nth } from '../../../test/support/present';

jest.setTimeout(30000);

const NOW = new Date('2025-03-15T10:00:00.000Z');

const LOYALTY_OF = `
  query($reps: [_Any!]!) {
    _entities(representations: $reps) {
      ... on Customer { id loyalty { tier { tier score } points cashBack {
        pendingToday { amount currency } lifetime { amount currency } paidThisMonth { amount currency } } } }
    }
  }`;

const customer = (id: string) => ({ __typename: 'Customer', id });

let dir: string;
let keysDir: string;
let signer: InternalTokenSigner;
let loyalty: RunningLoyalty;

const core = new FakeCore();
const partners = new FakePartners();

async function start(clock: () => Date): Promise<RunningLoyalty> {
  return startLoyalty({
    port: await freePort(),
    dataDir: join(dir, 'data'),
    keysDir,
    clock,
    core,
    partners,
    fundingAccounts: { EUR: FUNDING_ACCOUNT },
  });
}

async function asCaller(caller: Caller, query: string, variables: Record<string, unknown>) {
  const token = await signer.sign(caller);
  return gql(loyalty.url, query, { variables, headers: { [INTERNAL_TOKEN_HEADER]: token } });
}

const customerCaller = (id: string): Caller => ({ subject: id, customerId: id, channel: 'web', scopes: [] });

beforeAll(async () => {
  assertPgliteUsableUnderJest();
  process.env.LOG_LEVEL ??= 'warn';
  dir = tempDir('corebridge-loyalty-subgraph-');
  keysDir = join(dir, 'keys');
  signer = await InternalTokenSigner.fromKeysDir(keysDir);
  core.giveCurrentAccount('C-000005', 'EUR', '2024-06-01');
  const c5Accounts = core.accounts.get('C-000005') ?? missing('the accounts of C-000005');
  const c5Current = nth(c5Accounts, 0);
  c5Accounts.push(
    { ...c5Current, accountId: 'ACC-C5-S', type: 'SAVINGS' },
    { ...c5Current, accountId: 'ACC-C5-L', type: 'LOAN' },
    { ...c5Current, accountId: 'ACC-C5-X', type: 'CARD', status: 'CLOSED' },
  );
  loyalty = await start(() => NOW);
}, 60000);

afterAll(async () => {
  await loyalty?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('loyalty subgraph', () => {
  it("answers a customer's own loyalty through _entities, from the seeded ledger", async () => {
    const { status, body } = await asCaller(customerCaller('C-000001'), LOYALTY_OF, { reps: [customer('C-000001')] });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data._entities).toEqual([
      {
        id: 'C-000001',
        loyalty: {
          tier: { tier: 'BRONZE', score: 0 },
          points: 600,
          cashBack: {
            pendingToday: { amount: '1.37', currency: 'EUR' },
            lifetime: { amount: '13.87', currency: 'EUR' },
            paidThisMonth: { amount: '12.50', currency: 'EUR' },
          },
        },
      },
    ]);
  });

  it("gives null, not data, for another customer's id", async () => {
    const { body } = await asCaller(customerCaller('C-000001'), LOYALTY_OF, { reps: [customer('C-000002'), customer('C-000001')] });
    expect(body.errors).toBeUndefined();
    expect(body.data._entities[0]).toBeNull();
    expect(body.data._entities[1].loyalty.points).toBe(600);
    expect(JSON.stringify(body)).not.toContain('700'); // C-000002's points
  });

  it('lets staff with the read scope read any customer, and staff without it none', async () => {
    const staff: Caller = { subject: 'staff-7', channel: 'staff', scopes: [STAFF_READ_SCOPE] };
    const allowed = await asCaller(staff, LOYALTY_OF, { reps: [customer('C-000005')] });
    // C-000005 holds three product types in the (fake) core: 30 points, SILVER
    expect(allowed.body.data._entities[0].loyalty).toMatchObject({ tier: { tier: 'SILVER', score: 30 }, points: 1000 });
    const refused = await asCaller({ ...staff, scopes: [] }, LOYALTY_OF, { reps: [customer('C-000005')] });
    expect(refused.body.data._entities).toEqual([null]);
  });

  it('refuses a request without an internal token (401) and one signed with another key', async () => {
    const none = await fetch(loyalty.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: LOYALTY_OF, variables: { reps: [customer('C-000001')] } }),
    });
    expect(none.status).toBe(401);
    const otherKeys = await InternalTokenSigner.fromKeysDir(join(dir, 'other-keys'));
    const forged = await gql(loyalty.url, LOYALTY_OF, {
      variables: { reps: [customer('C-000001')] },
      headers: { [INTERNAL_TOKEN_HEADER]: await otherKeys.sign(customerCaller('C-000001')) },
    });
    expect(forged.status).toBe(401);
    expect(forged.body.data).toBeUndefined();
  });

  it('reports health and readiness', async () => {
    const base = loyalty.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/ready`)).status).toBe(200);
  });

  it('keeps its figures across a restart the next day: the seed is not posted twice', async () => {
    const journals = await loyalty.ledger.journalCount();
    await loyalty.close();
    loyalty = await start(() => new Date('2025-03-16T09:00:00.000Z'));
    expect(await loyalty.ledger.journalCount()).toBe(journals);
    const { body } = await asCaller(customerCaller('C-000001'), LOYALTY_OF, { reps: [customer('C-000001')] });
    expect(body.data._entities[0].loyalty).toEqual({
      tier: { tier: 'BRONZE', score: 0 },
      points: 600,
      cashBack: {
        pendingToday: { amount: '0.00', currency: 'EUR' }, // yesterday's cash back is not today's
        lifetime: { amount: '13.87', currency: 'EUR' },
        paidThisMonth: { amount: '12.50', currency: 'EUR' },
      },
    });
  });
});

describe('loyalty API: activity, rules, engagement, redemption, service routes', () => {
  const base = () => loyalty.url.replace(/\/graphql$/, '');
  const service: Caller = { subject: 'svc:offers', channel: 'service', scopes: [], clientName: 'offers' };

  async function internal(method: 'GET' | 'POST', path: string, body?: unknown, caller: Caller = service) {
    const res = await fetch(`${base()}/internal${path}`, {
      method,
      headers: { [INTERNAL_TOKEN_HEADER]: await signer.sign(caller), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: await res.json() };
  }

  const ACTIVITY = `query($reps: [_Any!]!, $first: Int, $after: String) { _entities(representations: $reps) { ... on Customer { loyalty {
    activity(first: $first, after: $after) { edges { cursor node { kind points cashBack { amount currency } businessDate } } pageInfo { hasNextPage endCursor } } } } } }`;

  it('pages through the ledger movements in customer terms, newest first', async () => {
    const me = customerCaller('C-000003');
    const first = await asCaller(me, ACTIVITY, { reps: [customer('C-000003')], first: 2 });
    expect(first.body.errors).toBeUndefined();
    const page1 = first.body.data._entities[0].loyalty.activity;
    expect(page1.edges.map((e: any) => e.node)).toEqual([
      { kind: 'CASHBACK_PAID', points: 0, cashBack: { amount: '-17.50', currency: 'EUR' }, businessDate: '2025-03-14' },
      { kind: 'CASHBACK_ACCRUED', points: 0, cashBack: { amount: '17.50', currency: 'EUR' }, businessDate: '2025-03-14' },
    ]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await asCaller(me, ACTIVITY, { reps: [customer('C-000003')], first: 2, after: page1.pageInfo.endCursor });
    const page2 = second.body.data._entities[0].loyalty.activity;
    expect(page2.edges.map((e: any) => e.node)).toEqual([
      { kind: 'WELCOME_BONUS', points: 800, cashBack: { amount: '2.11', currency: 'EUR' }, businessDate: '2025-03-15' },
    ]);
    expect(page2.pageInfo).toEqual({ hasNextPage: false, endCursor: page2.edges[0].cursor });
    const bad = await asCaller(me, ACTIVITY, { reps: [customer('C-000003')], first: 2, after: 'not-a-cursor' });
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('awards an engagement once when accounts reports it (the customer cannot claim it: test/security/engagement-facts)', async () => {
    const accounts: Caller = { subject: 'svc:accounts', channel: 'service', scopes: [], clientName: 'accounts' };
    const first = await internal('POST', '/engagements', { customerId: 'C-000007', kind: 'E_STATEMENTS' }, accounts);
    expect(first).toEqual({ status: 200, body: { customerId: 'C-000007', kind: 'E_STATEMENTS', points: 50, alreadyRecorded: false } });
    const again = await internal('POST', '/engagements', { customerId: 'C-000007', kind: 'E_STATEMENTS' }, accounts);
    expect(again.body).toMatchObject({ points: 0, alreadyRecorded: true });
    const POINTS = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Customer { loyalty { points } } } }`;
    const { body } = await asCaller(customerCaller('C-000007'), POINTS, { reps: [customer('C-000007')] });
    expect(body.data._entities[0].loyalty.points).toBe(1250);
  });

  it('redeems points for cash once per key and refuses an overspend or a reused key', async () => {
    core.giveCurrentAccount('C-000008');
    const me = customerCaller('C-000008'); // 1300 points from the seed
    const m = `mutation($input: RedeemPointsInput!) { redeemPoints(input: $input) { for points cash { amount currency } pointsBalance } }`;
    const input = { points: 500, for: 'CASH', idempotencyKey: 'redeem-c8-0001' };
    const first = await asCaller(me, m, { input });
    expect(first.body.data.redeemPoints).toEqual({ for: 'CASH', points: 500, cash: { amount: '5.00', currency: 'EUR' }, pointsBalance: 800 });
    expect((await asCaller(me, m, { input })).body.data.redeemPoints).toEqual(first.body.data.redeemPoints);
    const reused = await asCaller(me, m, { input: { ...input, points: 600 } });
    expect(reused.body.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const over = await asCaller(me, m, { input: { points: 5000, for: 'CASH', idempotencyKey: 'redeem-c8-0002' } });
    expect(over.body.errors?.[0]?.extensions?.code).toBe('INSUFFICIENT_POINTS');
    expect(await loyalty.ledger.pointsBalance('C-000008')).toBe(800n);
    expect(core.transfers.filter((t) => t.toAccountId === 'ACC-C-000008-EUR')).toHaveLength(1);
  });

  it('activates a cash-back boost idempotently and earns the boosted rate through the card sink', async () => {
    const boost = {
      activationId: 'act-c9-1',
      customerId: 'C-000009',
      partnerId: 'P-COFFEE',
      merchantIds: ['M-COFFEE-9'],
      rateBasisPoints: 500,
      validFrom: '2025-03-01T00:00:00Z',
      validUntil: '2025-04-01T00:00:00Z',
    };
    expect(await internal('POST', '/cashback-boosts', boost)).toEqual({ status: 200, body: { activationId: 'act-c9-1', status: 'ACTIVE' } });
    expect(await internal('POST', '/cashback-boosts', { ...boost, merchantIds: ['M-COFFEE-9', 'M-COFFEE-9'] })).toEqual({
      status: 200,
      body: { activationId: 'act-c9-1', status: 'ACTIVE' },
    });
    expect(await internal('POST', '/cashback-boosts', { ...boost, rateBasisPoints: 900 })).toMatchObject({
      status: 409,
      body: { code: 'IDEMPOTENCY_KEY_REUSED' },
    });
    expect(await internal('POST', '/cashback-boosts', { ...boost, activationId: 'act-c9-2', validUntil: '2025-02-01T00:00:00Z' })).toMatchObject({
      status: 400,
      body: { code: 'BAD_REQUEST' },
    });
    expect((await internal('POST', '/cashback-boosts', { ...boost, activationId: 'act-c9-3' }, customerCaller('C-000009'))).status).toBe(403);
    const rows = await loyalty.db.query(`SELECT activation_id FROM cashback_boosts WHERE customer_id = 'C-000009'`);
    expect(rows).toHaveLength(1);

    const before = await loyalty.ledger.cashBackLifetime('C-000009', 'EUR');
    expect(
      await loyalty.sink.apply({
        kind: 'FINANCIAL',
        key: '999999|000001|RRN000000001|0316090000',
        customerId: 'C-000009',
        cardId: 'CARD-9',
        amountMinor: 2000n,
        currency: 'EUR',
        mcc: '5999',
        merchantId: 'M-COFFEE-9',
        occurredAt: new Date('2025-03-16T08:00:00Z'),
        repeat: false,
      }),
    ).toBe('APPLIED');
    expect((await loyalty.ledger.cashBackLifetime('C-000009', 'EUR')) - before).toBe(100n); // 5% of 20.00
    const rules = await asCaller(
      customerCaller('C-000009'),
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Customer { loyalty {
      earningRules { id kind rate mcc validUntil } } } } }`,
      { reps: [customer('C-000009')] },
    );
    const list = rules.body.data._entities[0].loyalty.earningRules;
    expect(list).toContainEqual({ id: 'cashback-mcc-1', kind: 'CASH_BACK', rate: '2', mcc: ['5411', '5412'], validUntil: null });
    expect(list).toContainEqual({ id: 'boost-act-c9-1', kind: 'BOOST', rate: '5', mcc: null, validUntil: '2025-04-01T00:00:00.000Z' });
  });

  it("answers offers' summary of a customer, to service callers only", async () => {
    const summary = await internal('GET', '/customers/C-000005/summary');
    expect(summary).toEqual({ status: 200, body: { tier: 'SILVER', points: 1000, lifetimeCashBack: { amount: '25.35', currency: 'EUR' } } });
    expect((await internal('GET', '/customers/C-000005/summary', undefined, customerCaller('C-000005'))).status).toBe(403);
    expect((await fetch(`${base()}/internal/customers/C-000005/summary`)).status).toBe(401);
    expect((await internal('GET', '/customers/bad%20id/summary')).status).toBe(400);
  });
});
