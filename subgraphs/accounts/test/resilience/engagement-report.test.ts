// The e-statements fact and its report to loyalty (issue 13): the customer's switch is recorded
// in accounts' own store, and loyalty is told by accounts, not by the customer. A report missed
// while loyalty is down stays due and is retried with backoff until loyalty has it, then never
// sent again, whatever the customer toggles afterwards.
import { graphql } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { loadSdl } from '../../../../lib/sdl';
import { createLogger } from '../../../../lib/logger';
import type { Caller } from '../../../../lib/internal-auth';
import { STAFF_READ_SCOPE } from '../../../../lib/access';
import { openPglite } from '../../../../lib/db/pglite-database';
import { migrate } from '../../../../lib/db/migrate';
import type { Database } from '../../../../lib/db/database';
import { MIGRATIONS } from '../../src/db/migrations';
import { StatementPreferences } from '../../src/db/statement-preferences';
import { EngagementReporter, type EngagementFact } from '../../src/adapters/engagement-reporter';
import { createPreferenceResolvers } from '../../src/graphql/statement-preference';

const START = Date.parse('2025-03-15T10:00:00Z');
const log = createLogger('accounts-engagement-test');
const SET = (paperless: boolean) => `mutation { setStatementPreference(paperless: ${paperless}) { paperless changedAt } }`;
const me = (id: string): Caller => ({ subject: id, customerId: id, channel: 'web', scopes: ['customer:write'] });

let db: Database;
let now = START;
let preferences: StatementPreferences;
let sent: EngagementFact[];
let loyaltyUp: boolean;
let reporter: EngagementReporter;

function run(caller: Caller, source: string) {
  const schema = buildSubgraphSchema({
    typeDefs: loadSdl('accounts'),
    resolvers: createPreferenceResolvers(preferences, reporter) as GraphQLResolverMap<unknown>,
  });
  return graphql({ schema, source, contextValue: { caller, log } });
}

beforeAll(async () => {
  db = await openPglite('memory://', 'accounts');
  await migrate(db, MIGRATIONS);
  preferences = new StatementPreferences(db, () => new Date(now));
});

afterAll(async () => {
  await db?.close();
});

beforeEach(async () => {
  now = START;
  sent = [];
  loyaltyUp = false;
  await db.exec('DELETE FROM statement_preferences');
  reporter = new EngagementReporter(
    preferences,
    async (fact) => {
      sent.push(fact);
      return loyaltyUp;
    },
    log,
    { intervalMs: 0, baseBackoffMs: 1000, maxBackoffMs: 8000 },
  );
});

describe('statement preference and its engagement report', () => {
  it("records the customer's own choice and refuses staff", async () => {
    const r = await run(me('C-000001'), SET(true));
    expect(r.errors).toBeUndefined();
    expect(r.data?.setStatementPreference).toEqual({ paperless: true, changedAt: '2025-03-15T10:00:00.000Z' });
    expect(await preferences.get('C-000001')).toEqual({ paperless: true, changedAt: '2025-03-15T10:00:00.000Z' });
    const staff = await run({ subject: 'staff-1', channel: 'staff', scopes: [STAFF_READ_SCOPE] }, SET(true));
    expect(staff.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await preferences.get('staff-1')).toBeNull();
  });

  it('retries a report missed while loyalty is down, with backoff, until loyalty has it; then never again', async () => {
    await preferences.set('C-000002', true);
    expect(await reporter.runOnce()).toBe(0); // loyalty down: next try in 1 s
    expect(await reporter.runOnce()).toBe(0); // not due yet: nothing sent
    expect(sent).toHaveLength(1);
    now += 1000;
    await reporter.runOnce(); // down again: next try in 2 s
    now += 1999;
    await reporter.runOnce();
    expect(sent).toHaveLength(2);
    loyaltyUp = true;
    now += 1;
    expect(await reporter.runOnce()).toBe(1);
    expect(sent).toEqual([
      { customerId: 'C-000002', kind: 'E_STATEMENTS' },
      { customerId: 'C-000002', kind: 'E_STATEMENTS' },
      { customerId: 'C-000002', kind: 'E_STATEMENTS' },
    ]);
    // paper and back to e-statements: the fact was reported already
    await preferences.set('C-000002', false);
    await preferences.set('C-000002', true);
    now += 60_000;
    expect(await reporter.runOnce()).toBe(0);
    expect(sent).toHaveLength(3);
  });

  it('reports nothing for a customer who chose paper, and reports a mutation-made switch at once', async () => {
    loyaltyUp = true;
    await preferences.set('C-000003', false);
    expect(await reporter.runOnce()).toBe(0);
    expect(sent).toEqual([]);
    await run(me('C-000003'), SET(true));
    await reporter.runOnce(); // joins or follows the pass the mutation started
    expect(sent).toEqual([{ customerId: 'C-000003', kind: 'E_STATEMENTS' }]);
    expect(await preferences.due(10)).toEqual([]);
  });
});
