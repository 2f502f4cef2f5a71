// Frequency caps under concurrency (issue 13): many reads of one customer's offers at the same
// instant must not each see "not capped yet" and all record an impression. 50 concurrent
// `Customer.offers` reads through the resolver, on PGlite and (with DATABASE_URL) PostgreSQL:
// no offer is shown, or recorded as shown, more often than the cap allows.
import DataLoader from 'dataloader';
import { graphql } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { loadSdl } from '../../../../lib/sdl';
import { createLogger } from '../../../../lib/logger';
import type { Caller } from '../../../../lib/internal-auth';
import { openPglite } from '../../../../lib/db/pglite-database';
import { migrate } from '../../../../lib/db/migrate';
import type { Database } from '../../../../lib/db/database';
import type { CoreAccount, CoreCustomer, CoreLoaders, CoreTransactionPage, TransactionPageQuery } from '../../../../legacy-adapters/soap/src';
import { resolvers } from '../../src/graphql/resolvers';
import type { OffersContext } from '../../src/graphql/context';
import { MIGRATIONS } from '../../src/db/migrations';
import { OffersStore } from '../../src/db/offers-store';
import { staticDirectory } from '../../src/adapters/partner-directory';
import { DEFAULT_SUPPRESSION_RULES } from '../../src/domain/responses';
import { openTempPostgres } from '../../../../test/support/temp-stores';

const schema = buildSubgraphSchema({ typeDefs: loadSdl('offers'), resolvers: resolvers as GraphQLResolverMap<unknown> });
const log = createLogger('offers-caps-test');
const NOW = new Date('2025-03-15T10:00:00Z');
const CUSTOMER = 'C-000001';
const READS = 50;
const CAP = DEFAULT_SUPPRESSION_RULES.capPerDay;

/** A customer with a current account and a loan and marketing consent: two cross-sell offers. */
function fakeCore(): CoreLoaders {
  const customer = new DataLoader<string, CoreCustomer>(async (ids) =>
    ids.map((id) => ({ customerId: id, marketingConsent: true, customerSince: '2024-01-01', country: 'DE' }) as CoreCustomer),
  );
  const accountsOfCustomer = new DataLoader<string, CoreAccount[]>(async (ids) =>
    ids.map((id) =>
      (['CURRENT', 'LOAN'] as const).map((type, i) => ({ accountId: `${id}-${i}`, customerId: id, type, status: 'ACTIVE', currency: 'EUR' }) as CoreAccount),
    ),
  );
  const transactions = new DataLoader<TransactionPageQuery, CoreTransactionPage, string>(
    async (qs) => qs.map((q) => ({ accountId: q.accountId, transactions: [], hasMore: false })),
    { cacheKeyFn: (q) => JSON.stringify(q) },
  );
  return { customer, accountsOfCustomer, transactions } as unknown as CoreLoaders;
}

const me: Caller = { subject: CUSTOMER, customerId: CUSTOMER, channel: 'web', scopes: [] };
const QUERY = `{ _entities(representations: [{ __typename: "Customer", id: "${CUSTOMER}" }]) { ... on Customer { offers(channel: WEB, first: 3) { id } } } }`;

type Opened = { db: Database; dispose: () => Promise<void> };
const STORES: Array<[string, () => Promise<Opened>]> = [
  [
    'PGlite',
    async () => {
      const memory = await openPglite('memory://', 'offers');
      return { db: memory, dispose: () => memory.close() };
    },
  ],
];
const DATABASE_URL = process.env.DATABASE_URL;
if (DATABASE_URL) STORES.push(['PostgreSQL', () => openTempPostgres(DATABASE_URL, 'offers_caps_test')]);

describe.each(STORES)('frequency caps under concurrent reads on %s', (_name, open) => {
  let opened: Opened | undefined;
  let store: OffersStore;

  beforeAll(async () => {
    opened = await open();
    await migrate(opened.db, MIGRATIONS);
    store = new OffersStore(opened.db, () => NOW);
  });

  afterAll(async () => {
    await opened?.dispose();
  });

  it(`shows each offer at most ${CAP} times to ${READS} reads of the same customer at the same instant`, async () => {
    const read = async () => {
      const contextValue: OffersContext = { caller: me, log, core: fakeCore(), now: NOW, store, partners: staticDirectory([]) };
      const r = await graphql({ schema, source: QUERY, contextValue });
      expect(r.errors).toBeUndefined();
      return ((r.data?._entities as Array<{ offers: Array<{ id: string }> }>)[0]?.offers ?? []).map((o) => o.id);
    };
    const answers = await Promise.all(Array.from({ length: READS }, read));

    const shown = new Map<string, number>();
    for (const id of answers.flat()) shown.set(id, (shown.get(id) ?? 0) + 1);
    expect(Object.fromEntries(shown)).toEqual({ 'credit-card-v1:C-000001': CAP, 'savings-account-v1:C-000001': CAP });

    const recorded = await opened!.db.query<{ offer_id: string; n: number }>(
      'SELECT offer_id, count(*)::int AS n FROM impressions WHERE customer_id = $1 GROUP BY offer_id ORDER BY offer_id',
      [CUSTOMER],
    );
    expect(recorded).toEqual([
      { offer_id: 'credit-card-v1:C-000001', n: CAP },
      { offer_id: 'savings-account-v1:C-000001', n: CAP },
    ]);
    // the cap is reached: a further read shows nothing
    expect(await read()).toEqual([]);
  });
});
