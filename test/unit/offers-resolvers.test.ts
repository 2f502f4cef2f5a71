// The offers field over a fake core: who may ask, what is checked before the core is called, and
// that a customer without consent costs no accounts call.
import DataLoader from 'dataloader';
import { graphql } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { loadSdl } from '../../lib/sdl';
import { createLogger } from '../../lib/logger';
import type { Caller } from '../../lib/internal-auth';
import { STAFF_READ_SCOPE } from '../../lib/access';
import { CoreError } from '../../legacy-adapters/soap/src/errors';
import type { CoreAccount, CoreCustomer } from '../../legacy-adapters/soap/src/types';
import type { CoreLoaders } from '../../legacy-adapters/soap/src';
import { resolvers } from '../../subgraphs/offers/src/resolvers';
import type { OffersContext } from '../../subgraphs/offers/src/context';

const schema = buildSubgraphSchema({ typeDefs: loadSdl('offers'), resolvers: resolvers as GraphQLResolverMap<unknown> });
const log = createLogger('offers-test');

const CUSTOMERS: Record<string, { consent: boolean; types: CoreAccount['type'][] }> = {
  'C-000001': { consent: true, types: ['CURRENT', 'LOAN'] },
  'C-000002': { consent: false, types: ['CURRENT'] },
  'C-000003': { consent: true, types: ['CURRENT', 'SAVINGS', 'CARD'] },
};

function fakeCore(opts: { down?: boolean } = {}) {
  const calls = { customer: 0, accounts: 0 };
  const customer = new DataLoader<string, CoreCustomer>(async (ids) => {
    calls.customer++;
    if (opts.down) throw new CoreError('CORE_UNAVAILABLE', 'QueryCustomer', 'connect ECONNREFUSED 127.0.0.1:8081');
    return ids.map((id) => ({ customerId: id, marketingConsent: CUSTOMERS[id].consent }) as CoreCustomer);
  });
  const accountsOfCustomer = new DataLoader<string, CoreAccount[]>(async (ids) => {
    calls.accounts++;
    return ids.map((id) => CUSTOMERS[id].types.map((type, i) => ({ accountId: `${id}-${i}`, customerId: id, type, status: 'ACTIVE' }) as CoreAccount));
  });
  return { calls, loaders: { customer, accountsOfCustomer } as unknown as CoreLoaders };
}

async function run(caller: Caller, query: string, core = fakeCore()) {
  const contextValue: OffersContext = { caller, log, core: core.loaders, now: new Date('2025-03-15T10:00:00Z') };
  const result = await graphql({ schema, source: query, contextValue });
  return { ...result, calls: core.calls };
}

const me = (id: string): Caller => ({ subject: id, customerId: id, channel: 'web', scopes: [] });
const entities = (id: string, args = '') =>
  `{ _entities(representations: [{ __typename: "Customer", id: "${id}" }]) { ... on Customer { id offers${args} { id kind title reason expiresAt } } } }`;

describe('Customer.offers', () => {
  it("ranks the customer's own offers from consent and products held", async () => {
    const r = await run(me('C-000001'), entities('C-000001'));
    expect(r.errors).toBeUndefined();
    const offers = (r.data?._entities as Array<{ offers: Array<{ id: string; reason: string }> }>)[0].offers;
    expect(offers.map((o) => o.id)).toEqual(['savings-account-v1:C-000001', 'credit-card-v1:C-000001']);
    expect(offers[0].reason).toBe('because you have a current account but no savings account');
  });

  it('returns an empty list without consent, and does not even ask the core for accounts', async () => {
    const r = await run(me('C-000002'), entities('C-000002'));
    expect(r.errors).toBeUndefined();
    expect(r.data?._entities).toEqual([{ id: 'C-000002', offers: [] }]);
    expect(r.calls).toEqual({ customer: 1, accounts: 0 });
  });

  it('offers nothing the customer already holds', async () => {
    const r = await run(me('C-000003'), entities('C-000003'));
    expect(r.data?._entities).toEqual([{ id: 'C-000003', offers: [] }]);
  });

  it("gives null for another customer's id and calls no core", async () => {
    const r = await run(me('C-000001'), entities('C-000003'));
    expect(r.errors).toBeUndefined();
    expect(r.data?._entities).toEqual([null]);
    expect(r.calls).toEqual({ customer: 0, accounts: 0 });
  });

  it('lets staff with the read scope see offers on the STAFF channel', async () => {
    const staff: Caller = { subject: 'staff-1', channel: 'staff', scopes: [STAFF_READ_SCOPE] };
    const r = await run(staff, entities('C-000001', '(channel: STAFF, first: 1)'));
    expect((r.data?._entities as Array<{ offers: unknown[] }>)[0].offers).toHaveLength(1);
  });

  it.each([0, 11])('refuses first = %s with BAD_USER_INPUT before calling the core', async (first) => {
    const r = await run(me('C-000001'), entities('C-000001', `(first: ${first})`));
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.calls).toEqual({ customer: 0, accounts: 0 });
  });

  it('keeps partner apps on the PARTNER channel, which has no bank cross-sell, at no core cost', async () => {
    const partnerApp: Caller = { subject: 'app-1', customerId: 'C-000001', channel: 'partner', scopes: [] };
    const r = await run(partnerApp, entities('C-000001', '(channel: WEB)'));
    expect(r.data?._entities).toEqual([{ id: 'C-000001', offers: [] }]);
    expect(r.calls).toEqual({ customer: 0, accounts: 0 });
  });

  it('turns a core outage into CORE_UNAVAILABLE with offers null and nothing about the core', async () => {
    const r = await run(me('C-000001'), entities('C-000001'), fakeCore({ down: true }));
    expect(r.data?._entities).toEqual([{ id: 'C-000001', offers: null }]);
    expect(r.errors?.[0]?.extensions?.code).toBe('CORE_UNAVAILABLE');
    expect(JSON.stringify(r.errors)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|8081/);
  });
});
