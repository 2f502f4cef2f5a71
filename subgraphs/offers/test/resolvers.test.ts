// The offers field and respondToOffer over a fake core and an in-memory store: who may ask, what is
// checked before the core is called, how many core calls one customer costs.
import DataLoader from 'dataloader';
import { graphql } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { loadSdl } from '../../../lib/sdl';
import { createLogger } from '../../../lib/logger';
import type { Caller } from '../../../lib/internal-auth';
import { STAFF_READ_SCOPE } from '../../../lib/access';
import { openPglite } from '../../../lib/db/pglite-database';
import { migrate } from '../../../lib/db/migrate';
import type { Database } from '../../../lib/db/database';
import { CoreError } from '../../../legacy-adapters/soap/src';
import type { CoreAccount, CoreCustomer, CoreLoaders, CoreTransaction, CoreTransactionPage, TransactionPageQuery } from '../../../legacy-adapters/soap/src';
import { resolvers } from '../src/graphql/resolvers';
import type { OffersContext } from '../src/graphql/context';
import { MIGRATIONS } from '../src/db/migrations';
import { OffersStore } from '../src/db/offers-store';
import { staticDirectory } from '../src/adapters/partner-directory';
import { churnFlagLoader } from '../src/db/churn-flags';
import { missing, nth } from '../../../test/support/present';

const schema = buildSubgraphSchema({ typeDefs: loadSdl('offers'), resolvers: resolvers as GraphQLResolverMap<unknown> });
const log = createLogger('offers-test');
const NOW = new Date('2025-03-15T10:00:00Z');

/** `n` card purchases at a grocery on `day` */
const purchases = (accountId: string, day: string, n: number): CoreTransaction[] =>
  Array.from({ length: n }, (_, i) => ({
    txnId: `T-${day}-${i}`,
    accountId,
    bookedAt: `${day}T1${i % 10}:00:00Z`,
    valueDate: day,
    amount: '12.00',
    currency: 'EUR',
    direction: 'DEBIT',
    status: 'BOOKED',
    kind: 'CARD',
    description: 'FreshMart',
    merchant: { merchantId: 'M-00001', name: 'FreshMart', mcc: '5411', city: 'Berlin', country: 'DE', latitude: '0', longitude: '0' },
  }));

const CUSTOMERS: Record<string, { consent: boolean; types: CoreAccount['type'][]; txns?: CoreTransaction[] }> = {
  'C-000001': { consent: true, types: ['CURRENT', 'LOAN'] },
  // no consent, card use fell from 20 to 4 purchases: a retention (service) offer only
  'C-000002': { consent: false, types: ['CURRENT'], txns: [...purchases('C-000002-0', '2025-03-10', 4), ...purchases('C-000002-0', '2025-02-01', 20)] },
  'C-000003': { consent: true, types: ['CURRENT', 'SAVINGS', 'CARD'] },
};
const customerOf = (id: string) => CUSTOMERS[id] ?? missing(`a canned customer ${id}`);

function fakeCore(opts: { down?: boolean } = {}) {
  const calls = { customer: 0, accounts: 0, transactions: 0 };
  const customer = new DataLoader<string, CoreCustomer>(async (ids) => {
    calls.customer++;
    if (opts.down) throw new CoreError('CORE_UNAVAILABLE', 'QueryCustomer', 'connect ECONNREFUSED 127.0.0.1:8081');
    return ids.map((id) => ({ customerId: id, marketingConsent: customerOf(id).consent, customerSince: '2024-01-01', country: 'DE' }) as CoreCustomer);
  });
  const accountsOfCustomer = new DataLoader<string, CoreAccount[]>(async (ids) => {
    calls.accounts++;
    return ids.map((id) =>
      customerOf(id).types.map((type, i) => ({ accountId: `${id}-${i}`, customerId: id, type, status: 'ACTIVE', currency: 'EUR' }) as CoreAccount),
    );
  });
  const transactions = new DataLoader<TransactionPageQuery, CoreTransactionPage, string>(
    async (qs) => {
      calls.transactions++;
      return qs.map((q) => {
        const owner = q.accountId.slice(0, 8);
        return { accountId: q.accountId, transactions: (customerOf(owner).txns ?? []).filter((t) => t.accountId === q.accountId), hasMore: false };
      });
    },
    { cacheKeyFn: (q) => JSON.stringify(q) },
  );
  return { calls, loaders: { customer, accountsOfCustomer, transactions } as unknown as CoreLoaders };
}

let db: Database;
let store: OffersStore;

beforeAll(async () => {
  db = await openPglite('memory://', 'offers');
  await migrate(db, MIGRATIONS);
  store = new OffersStore(db, () => NOW);
});

afterAll(async () => {
  await db?.close();
});

async function run(caller: Caller, query: string, core = fakeCore()) {
  const contextValue: OffersContext = { caller, log, core: core.loaders, now: NOW, store, partners: staticDirectory([]) };
  const result = await graphql({ schema, source: query, contextValue });
  return { ...result, calls: core.calls };
}

const me = (id: string): Caller => ({ subject: id, customerId: id, channel: 'web', scopes: [] });
const entities = (id: string, args = '') =>
  `{ _entities(representations: [{ __typename: "Customer", id: "${id}" }]) { ... on Customer { id offers${args} { id kind title reason expiresAt marketing topic } } } }`;
const offersOf = (r: { data?: Record<string, unknown> | null }) =>
  nth(r.data?._entities as Array<{ offers: Array<{ id: string; reason: string; kind: string; marketing: boolean }> }>, 0).offers;

describe('Customer.offers', () => {
  it("ranks the customer's own offers at three core calls: customer, accounts, one transactions call", async () => {
    const r = await run(me('C-000001'), entities('C-000001', '(channel: MOBILE)'));
    expect(r.errors).toBeUndefined();
    expect(offersOf(r).map((o) => o.id)).toEqual(['savings-account-v1:C-000001', 'credit-card-v1:C-000001']);
    expect(offersOf(r)[0]?.reason).toBe('because you have a current account but no savings account');
    expect(r.calls).toEqual({ customer: 1, accounts: 1, transactions: 1 });
  });

  it('words the offers in Persian when asked, English by default', async () => {
    const r = await run(
      me('C-000001'),
      `{ _entities(representations: [{ __typename: "Customer", id: "C-000001" }]) { ... on Customer { offers(channel: MOBILE) { id title reason fa: reason(locale: FA) faTitle: title(locale: FA) } } } }`,
    );
    expect(r.errors).toBeUndefined();
    const [first] = nth(r.data?._entities as Array<{ offers: Array<Record<string, string>> }>, 0).offers;
    expect(first).toEqual({
      id: 'savings-account-v1:C-000001',
      title: 'Open a savings account',
      reason: 'because you have a current account but no savings account',
      faTitle: 'یک حساب پس‌انداز باز کنید',
      fa: 'چون حساب جاری دارید اما حساب پس‌انداز ندارید',
    });
  });

  it('gives a customer without consent only service offers: here the retention offer for falling activity', async () => {
    const r = await run(me('C-000002'), entities('C-000002'));
    expect(r.errors).toBeUndefined();
    expect(offersOf(r)).toEqual([
      expect.objectContaining({
        id: 'retention-fee-waiver-v1:C-000002',
        kind: 'RETENTION',
        marketing: false,
        reason: 'because you made 4 card purchases between 14 February and 15 March, down from 20 in the 30 days before',
      }),
    ]);
  });

  it('offers nothing the customer already holds', async () => {
    const r = await run(me('C-000003'), entities('C-000003'));
    expect(r.data?._entities).toEqual([{ id: 'C-000003', offers: [] }]);
  });

  it("gives null for another customer's id and calls no core", async () => {
    const r = await run(me('C-000001'), entities('C-000003'));
    expect(r.errors).toBeUndefined();
    expect(r.data?._entities).toEqual([null]);
    expect(r.calls).toEqual({ customer: 0, accounts: 0, transactions: 0 });
  });

  it('lets staff with the read scope see offers on the STAFF channel', async () => {
    const staff: Caller = { subject: 'staff-1', channel: 'staff', scopes: [STAFF_READ_SCOPE] };
    const r = await run(staff, entities('C-000001', '(channel: STAFF, first: 1)'));
    expect(offersOf(r)).toHaveLength(1);
  });

  it.each([0, 11])('refuses first = %s with BAD_USER_INPUT before calling the core', async (first) => {
    const r = await run(me('C-000001'), entities('C-000001', `(first: ${first})`));
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.calls).toEqual({ customer: 0, accounts: 0, transactions: 0 });
  });

  it('keeps partner apps on the PARTNER channel, which has no offers, at no core cost', async () => {
    const partnerApp: Caller = { subject: 'app-1', customerId: 'C-000001', channel: 'partner', scopes: [] };
    const r = await run(partnerApp, entities('C-000001', '(channel: WEB)'));
    expect(r.data?._entities).toEqual([{ id: 'C-000001', offers: [] }]);
    expect(r.calls).toEqual({ customer: 0, accounts: 0, transactions: 0 });
  });

  it('turns a core outage into CORE_UNAVAILABLE with offers null and nothing about the core', async () => {
    const r = await run(me('C-000001'), entities('C-000001', '(channel: KIOSK)'), fakeCore({ down: true }));
    expect(r.data?._entities).toEqual([{ id: 'C-000001', offers: null }]);
    expect(r.errors?.[0]?.extensions?.code).toBe('CORE_UNAVAILABLE');
    expect(JSON.stringify(r.errors)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|8081/);
  });
});

describe('respondToOffer', () => {
  const respond = (offerId: string, response = 'DISMISS') =>
    `mutation { respondToOffer(offerId: "${offerId}", response: ${response}) { offerId response recordedAt hiddenUntil replayed activation { id } } }`;

  it('records a response to an offer the customer was shown and hides it for 30 days', async () => {
    await run(me('C-000001'), entities('C-000001'));
    const r = await run(me('C-000001'), respond('credit-card-v1:C-000001'));
    expect(r.errors).toBeUndefined();
    expect(r.data?.respondToOffer).toEqual({
      offerId: 'credit-card-v1:C-000001',
      response: 'DISMISS',
      recordedAt: '2025-03-15T10:00:00.000Z',
      hiddenUntil: '2025-04-14T10:00:00.000Z',
      replayed: false,
      activation: null,
    });
    expect(offersOf(await run(me('C-000001'), entities('C-000001'))).map((o) => o.id)).toEqual(['savings-account-v1:C-000001']);
  });

  it("answers another customer's offer and an unknown id alike with OFFER_NOT_FOUND, recording nothing", async () => {
    await run(me('C-000001'), entities('C-000001', '(channel: MOBILE)'));
    const before = await db.query('SELECT count(*)::int AS n FROM responses');
    for (const id of ['savings-account-v1:C-000001', 'no-such-offer:C-000002', 'x'.repeat(300)]) {
      const r = await run(me('C-000002'), respond(id));
      expect(r.errors?.[0]?.extensions?.code).toBe('OFFER_NOT_FOUND');
      expect(r.data).toBeNull();
    }
    expect(await db.query('SELECT count(*)::int AS n FROM responses')).toEqual(before);
  });

  it('lets only the customer answer: partner apps and staff get FORBIDDEN', async () => {
    for (const caller of [
      { subject: 'app-1', customerId: 'C-000001', channel: 'partner', scopes: [] },
      { subject: 'staff-1', channel: 'staff', scopes: [STAFF_READ_SCOPE] },
    ] as Caller[]) {
      const r = await run(caller, respond('savings-account-v1:C-000001', 'ACCEPT'));
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});

describe('Customer.offers with churn flags', () => {
  const flag = {
    score: 82,
    threshold: 70,
    reasons: [{ code: 'SALARY_STOPPED' as const, text: 'Salary of 2,400.00 EUR not received since 28 January' }],
    raisedAt: new Date('2025-03-10T08:00:00Z'),
  };
  /** the store's batch read, counted: every request's customers must cost one */
  const flagStore = () => {
    const batches: string[][] = [];
    return {
      batches,
      flagsOf: async (ids: readonly string[]) => (batches.push([...ids]), new Map(ids.filter((id) => id === 'C-000003').map((id) => [id, flag]))),
    };
  };
  const ask = (caller: Caller, source: string, flags: ReturnType<typeof flagStore>) =>
    graphql({
      schema,
      source,
      contextValue: {
        caller,
        log,
        core: fakeCore().loaders,
        now: NOW,
        store,
        partners: staticDirectory([]),
        churnFlags: churnFlagLoader(flags),
      } satisfies OffersContext,
    });

  it('reads the flags of every customer of a staff request in one batch', async () => {
    const flags = flagStore();
    const reps = ['C-000001', 'C-000002', 'C-000003'].map((id) => `{ __typename: "Customer", id: "${id}" }`).join(', ');
    const staff: Caller = { subject: 'staff-1', channel: 'staff', scopes: [STAFF_READ_SCOPE] };
    const r = await ask(staff, `{ _entities(representations: [${reps}]) { ... on Customer { id offers(channel: STAFF) { id } } } }`, flags);
    expect(r.errors).toBeUndefined();
    expect(flags.batches).toEqual([['C-000001', 'C-000002', 'C-000003']]);
  });

  it("makes the retention offer for a flagged customer with steady activity, first, in the flag's words", async () => {
    const r = await ask(me('C-000003'), entities('C-000003'), flagStore());
    expect(offersOf(r)).toEqual([
      expect.objectContaining({
        id: 'retention-fee-waiver-v1:C-000003',
        kind: 'RETENTION',
        reason: 'because salary of 2,400.00 EUR not received since 28 January',
      }),
    ]);
  });
});
