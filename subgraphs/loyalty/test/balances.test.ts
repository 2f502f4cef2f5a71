// The loyalty dashboard's figures from one ledger query: the summary against the single-purpose reads
// on PGlite, and the resolvers counted: one query per customer per request, none kept across requests.
import { graphql } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { loadSdl } from '../../../lib/sdl';
import { createLogger } from '../../../lib/logger';
import type { Caller } from '../../../lib/internal-auth';
import { STAFF_READ_SCOPE } from '../../../lib/access';
import type { Database, Queryable } from '../../../lib/db/database';
import { migrate } from '../src/db/migrate';
import { Ledger } from '../src/db/ledger/ledger';
import { cashBackAccruedJournal } from '../src/domain/ledger/loyalty-journals';
import { resolvers } from '../src/graphql/resolvers';
import type { LoyaltyContext } from '../src/graphql/context';
import { loadRules } from '../src/config';
import type { TierService } from '../src/domain/tier-service';
import type { Redemptions } from '../src/db/redemptions';
import { openTempLoyaltyPglite } from '../../../test/support/temp-stores';
import { balancesSuite, postVariedLedger, SUMMARY_NOW } from './support/balances-suite';

jest.setTimeout(60000);

balancesSuite('PGlite', () => openTempLoyaltyPglite('corebridge-loyalty-balances-'));

/** The store, with every statement that goes through it counted (transactions' statements too). */
function counted(db: Database): { db: Database; statements: string[] } {
  const statements: string[] = [];
  const wrap = (q: Queryable): Queryable => ({
    query: (text, params) => {
      statements.push(text);
      return q.query(text, params);
    },
    exec: (script) => q.exec(script),
    afterCommit: (fn) => q.afterCommit(fn),
    beforeCommit: (fn) => q.beforeCommit(fn),
  });
  const outer = wrap(db);
  return {
    statements,
    db: {
      kind: db.kind,
      schema: db.schema,
      query: outer.query,
      exec: outer.exec,
      afterCommit: outer.afterCommit,
      beforeCommit: outer.beforeCommit,
      transaction: (work) => db.transaction((tx) => work(wrap(tx))),
      close: () => db.close(),
    },
  };
}

describe('Customer.loyalty figures', () => {
  const schema = buildSubgraphSchema({ typeDefs: loadSdl('loyalty'), resolvers: resolvers as GraphQLResolverMap<unknown> });
  const log = createLogger('loyalty-balances-test');
  const rules = loadRules();
  let store: Awaited<ReturnType<typeof openTempLoyaltyPglite>>;
  let spy: ReturnType<typeof counted>;
  let ledger: Ledger;

  beforeAll(async () => {
    store = await openTempLoyaltyPglite('corebridge-loyalty-balances-gql-');
    await migrate(store.db);
    spy = counted(store.db);
    ledger = new Ledger(spy.db, () => SUMMARY_NOW);
    await postVariedLedger(ledger, 'C-000001');
    await postVariedLedger(ledger, 'C-000002');
  });

  afterAll(async () => {
    await store?.dispose();
  });

  async function run(caller: Caller, ids: string[]) {
    const contextValue: LoyaltyContext = {
      caller,
      log,
      ledger,
      db: spy.db,
      currency: 'EUR',
      rules,
      now: SUMMARY_NOW,
      // not asked for here: a read of either would fail the test
      tiers: {} as TierService,
      redemptions: {} as Redemptions,
    };
    const reps = ids.map((id) => `{ __typename: "Customer", id: "${id}" }`).join(', ');
    const source = `{ _entities(representations: [${reps}]) { ... on Customer { id loyalty {
      points cashBack { pendingToday { amount currency } paidThisMonth { amount currency } lifetime { amount currency } onHold { amount currency } }
    } } } }`;
    spy.statements.length = 0;
    const result = await graphql({ schema, source, contextValue });
    return { result, statements: [...spy.statements] };
  }

  const me = (id: string): Caller => ({ subject: id, customerId: id, channel: 'web', scopes: [] });
  const eur = (amount: string) => ({ amount, currency: 'EUR' });
  const expectedLoyalty = {
    points: 675,
    cashBack: { pendingToday: eur('3.80'), paidThisMonth: eur('11.00'), lifetime: eur('20.50'), onHold: eur('1.50') },
  };

  it('answers points and every cash-back figure with one ledger query', async () => {
    const { result, statements } = await run(me('C-000001'), ['C-000001']);
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([{ id: 'C-000001', loyalty: expectedLoyalty }]);
    expect(statements).toHaveLength(1);
  });

  it('reads each customer once when one request asks for several', async () => {
    const staff: Caller = { subject: 'staff-1', channel: 'staff', scopes: [STAFF_READ_SCOPE] };
    const { result, statements } = await run(staff, ['C-000001', 'C-000002', 'C-000001']);
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      { id: 'C-000001', loyalty: expectedLoyalty },
      { id: 'C-000002', loyalty: expectedLoyalty },
      { id: 'C-000001', loyalty: expectedLoyalty },
    ]);
    expect(statements).toHaveLength(2);
  });

  it('keeps nothing across requests: the next request sees a journal posted in between', async () => {
    await run(me('C-000001'), ['C-000001']);
    await ledger.post(
      cashBackAccruedJournal({
        customerId: 'C-000001',
        amount: 5n,
        currency: 'EUR',
        businessDate: '2025-03-15',
        idempotencyKey: 'between-requests',
        description: 'more cash back',
        postedAt: SUMMARY_NOW,
      }),
    );
    const { result, statements } = await run(me('C-000001'), ['C-000001']);
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      { id: 'C-000001', loyalty: { ...expectedLoyalty, cashBack: { ...expectedLoyalty.cashBack, pendingToday: eur('3.85'), lifetime: eur('20.55') } } },
    ]);
    expect(statements).toHaveLength(1);
  });

  it('reads nothing for a customer the caller may not see', async () => {
    const { result, statements } = await run(me('C-000002'), ['C-000001']);
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([null]);
    expect(statements).toHaveLength(0);
  });
});
