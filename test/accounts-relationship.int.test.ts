// Accounts' service-only relationship route (GET /internal/customers/:id/relationship) over the
// simulated core, and the client offers and loyalty read it with: what it answers (only the fields
// they need, nothing personal), that it comes from the cache the dashboard's `me` filled, who may
// call it, and how a missing customer, a core outage and an unreachable accounts are told apart.
import { INTERNAL_TOKEN_HEADER } from '../lib/internal-auth';
import { ServiceClient } from '../lib/service-client';
import {
  accountsRelationshipSource,
  type CustomerRelationship,
  RelationshipNotFoundError,
  relationshipPath,
  RelationshipUnavailableError,
} from '../lib/customer-relationship';
import type { RunningAccounts } from '../subgraphs/accounts/src/server';
import { startOffers, type RunningOffers } from '../subgraphs/offers/src/server';
import { staticDirectory } from '../subgraphs/offers/src/adapters/partner-directory';
import { gql } from './support/stack';
import { freePort } from '../scripts/lib/processes';
import { customerCaller, type Harness, useAccountsSuite } from '../subgraphs/accounts/test/support/harness';

jest.setTimeout(60000);

let h: Harness;
let accounts: RunningAccounts;
let base: string;

const ds = () => h.core.data.dataset;
const accountAt = (i: number) => {
  const account = ds().accounts[i];
  if (!account) throw new Error(`the dataset has no account ${i}`);
  return account;
};
const baseOf = (a: RunningAccounts) => a.url.replace(/\/graphql$/, '');
const client = (baseUrl: string) => new ServiceClient({ service: 'offers', baseUrl, signer: h.signer, retries: 0, timeoutMs: 3000 });

async function get(baseUrl: string, customerId: string, token?: string) {
  const res = await fetch(`${baseUrl}${relationshipPath(customerId)}`, { headers: token ? { [INTERNAL_TOKEN_HEADER]: token } : {} });
  return { status: res.status, body: await res.json() };
}
const serviceToken = () => h.signer.sign({ subject: 'svc:offers', channel: 'service', scopes: [], clientName: 'offers' });

useAccountsSuite(
  (suite) => {
    ({ h, accounts } = suite);
    base = baseOf(accounts);
  },
  { accounts: { cacheTtlMs: 60_000 } },
);

describe('GET /internal/customers/:id/relationship', () => {
  it("answers the core's customer record and account list, only the fields offers and loyalty read", async () => {
    const { status, body } = await get(base, 'C-000004', await serviceToken());
    expect(status).toBe(200);
    const c = ds().customerById.get('C-000004')!;
    const expected: CustomerRelationship = {
      customer: { customerId: 'C-000004', customerSince: c.customerSince, country: c.country, marketingConsent: c.marketingConsent },
      accounts: c.accounts.map((i) => accountAt(i)).map((a) => ({ accountId: a.accountId, type: a.type, status: a.status, openedOn: a.openedOn })),
    };
    expect(body).toEqual(expected);
    // a closed account is part of the relationship (tenure), and this customer has one
    expect(body.accounts.some((a: { status: string }) => a.status === 'CLOSED')).toBe(true);
    const text = JSON.stringify(body);
    for (const personal of [c.fullName, c.email, c.phone, c.birthDate, ...c.accounts.map((i) => accountAt(i).iban)]) expect(text).not.toContain(personal);
  });

  it("costs no core call once the customer's `me` has been read (the same per-customer cache)", async () => {
    accounts.cache.clear();
    await h.resetCoreStats();
    const me = await h.ask(accounts, 'C-000005', '{ me { displayName accounts { id } } }');
    expect(me.body.errors).toBeUndefined();
    expect(await h.coreCalls()).toEqual({ QueryCustomer: 1, QueryAccSumm: 1 });
    const r = await accountsRelationshipSource(client(base)).relationship('C-000005', 'req-rel-1');
    expect(r.customer.customerId).toBe('C-000005');
    expect(r.accounts.map((a) => a.accountId)).toEqual(me.body.data.me.accounts.map((a: { id: string }) => a.id));
    expect(await h.coreCalls()).toEqual({ QueryCustomer: 1, QueryAccSumm: 1 });
  });

  it('reads the core for a customer it does not hold, once for concurrent callers, then serves them from the cache', async () => {
    accounts.cache.clear();
    await h.resetCoreStats();
    const source = accountsRelationshipSource(client(base));
    const [a, b] = await Promise.all([source.relationship('C-000006'), source.relationship('C-000006')]);
    expect(b).toEqual(a);
    await source.relationship('C-000006');
    expect(await h.coreCalls()).toEqual({ QueryCustomer: 1, QueryAccSumm: 1 });
    // and another customer is another customer
    const other = await source.relationship('C-000007');
    expect(other.customer.customerId).toBe('C-000007');
    expect(other.accounts.map((x) => x.accountId)).toEqual(h.accountIds('C-000007'));
    expect(await h.coreCalls()).toEqual({ QueryCustomer: 2, QueryAccSumm: 2 });
  });

  it('is for services only: a customer token gets 403 (even for their own id), no token 401; the core is not asked', async () => {
    await h.resetCoreStats();
    const customer = await get(base, 'C-000001', await h.signer.sign(customerCaller('C-000001')));
    expect(customer).toEqual({ status: 403, body: { code: 'FORBIDDEN', message: 'service callers only' } });
    const none = await get(base, 'C-000001');
    expect(none.status).toBe(401);
    const forged = await get(base, 'C-000001', 'not-a-token');
    expect(forged.status).toBe(401);
    expect(await h.coreCalls()).toEqual({});
  });

  it('answers an unknown customer with 404 CUSTOMER_NOT_FOUND, which the client reports as such (not as an outage)', async () => {
    const { status, body } = await get(base, 'C-999999', await serviceToken());
    expect(status).toBe(404);
    expect(body.code).toBe('CUSTOMER_NOT_FOUND');
    await expect(accountsRelationshipSource(client(base)).relationship('C-999999')).rejects.toBeInstanceOf(RelationshipNotFoundError);
    expect((await get(base, 'not a valid id!', await serviceToken())).status).toBe(400);
  });

  it('answers a core outage with 500 and the core code (not a retryable 503), the client sees it as unavailable', async () => {
    const fresh = await h.start({ cacheTtlMs: 60_000 });
    expect(h.core.faults.update({ down: true }).ok).toBe(true);
    try {
      const { status, body } = await get(baseOf(fresh), 'C-000008', await serviceToken());
      expect(status).toBe(500);
      expect(body.code).toBe('CORE_UNAVAILABLE');
      await expect(accountsRelationshipSource(client(baseOf(fresh))).relationship('C-000008')).rejects.toBeInstanceOf(RelationshipUnavailableError);
    } finally {
      h.core.faults.update({ down: false });
    }
  });

  it('reports an accounts that does not answer as unavailable', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    await expect(accountsRelationshipSource(client(nobody)).relationship('C-000001')).rejects.toBeInstanceOf(RelationshipUnavailableError);
  });

  it('refuses an answer about another customer than the one asked for', async () => {
    // a misrouted or buggy accounts: the answer must never become this customer's data
    const wrong = {
      request: async () => ({
        status: 200,
        body: { customer: { customerId: 'C-000002', customerSince: '2020-01-01', country: 'DE', marketingConsent: true }, accounts: [] },
      }),
    };
    await expect(accountsRelationshipSource(wrong as unknown as ServiceClient).relationship('C-000001')).rejects.toBeInstanceOf(RelationshipUnavailableError);
  });
});

describe('offers over the route (in-process offers, real accounts and core)', () => {
  const OFFERS_OF = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Customer { id offers(first: 3) { id kind } } } }`;
  const started: RunningOffers[] = [];
  const start = async (opts: { accountsUrl?: string; signalsTtlMs?: number; batching?: boolean }) => {
    const o = await startOffers({
      port: await freePort(),
      core: { ...h.coreConfig, batching: opts.batching },
      keysDir: h.keys,
      clock: () => new Date('2025-01-31T12:00:00Z'),
      dataDir: 'memory://',
      partners: staticDirectory([]),
      dispatchIntervalMs: 0,
      accountsUrl: opts.accountsUrl,
      signalsTtlMs: opts.signalsTtlMs,
    });
    started.push(o);
    return o;
  };
  const offersFor = async (o: RunningOffers, id: string) => {
    const { body } = await gql(o.url, OFFERS_OF, {
      variables: { reps: [{ __typename: 'Customer', id }] },
      headers: { [INTERNAL_TOKEN_HEADER]: await h.signer.sign(customerCaller(id)) },
    });
    expect(body.errors).toBeUndefined();
    return body.data._entities[0].offers as Array<{ id: string }>;
  };

  afterAll(async () => {
    for (const o of started) await o.close();
  });

  it("after the customer's `me`, costs the core only offers' transactions read; within the TTL, nothing", async () => {
    const offers = await start({ accountsUrl: base, signalsTtlMs: 300_000 });
    accounts.cache.clear();
    await h.ask(accounts, 'C-000009', '{ me { displayName accounts { id } } }');
    await h.resetCoreStats();
    const first = await offersFor(offers, 'C-000009');
    expect(await h.coreCalls()).toEqual({ QueryTransactions: 1 });
    expect(offers.relationships.viaAccounts).toBe(1);
    const again = await offersFor(offers, 'C-000009');
    expect(again).toEqual(first);
    expect(await h.coreCalls()).toEqual({ QueryTransactions: 1 });
  });

  it('reads the core itself when accounts is unreachable, and counts the fallback', async () => {
    const offers = await start({ accountsUrl: `http://127.0.0.1:${await freePort()}` });
    await h.resetCoreStats();
    const got = await offersFor(offers, 'C-000010');
    for (const o of got) expect(o.id.endsWith(':C-000010')).toBe(true);
    expect(await h.coreCalls()).toEqual({ QueryCustomer: 1, QueryAccSumm: 1, QueryTransactions: 1 });
    expect(offers.relationships.fallbacks).toBe(1);
  });

  it('with CORE_BATCHING=off, never asks accounts and caches nothing, whatever it was given', async () => {
    const offers = await start({ accountsUrl: base, signalsTtlMs: 300_000, batching: false });
    expect(offers.relationships.usesAccounts).toBe(false);
    expect(offers.signals.cacheEnabled).toBe(false);
    await h.resetCoreStats();
    await offersFor(offers, 'C-000011');
    await offersFor(offers, 'C-000011');
    const calls = await h.coreCalls();
    expect(calls.QueryCustomer).toBe(2);
    expect(calls.QueryAccSumm).toBe(2);
  });
});
