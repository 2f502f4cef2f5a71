// What the bench's dashboard costs the core, through the gateway over the whole stack as real
// processes: offers and loyalty take the customer record and account list from accounts'
// relationship route (accounts has just read them), and offers its transactions from accounts'
// Customer.recentActivity (read in the same QueryTransactions as the dashboard's pages), so a cold
// customer costs one call per core operation; within the TTLs a second dashboard costs only the
// fresh balances and transactions. The naive build (CORE_BATCHING=off) keeps reading the core everywhere.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dashboardQuery } from '../bench/lib/dashboard-query';
import { ROOT } from '../scripts/lib/processes';
import { coreStats, gql, resetCoreStats, startStack, type Stack } from './support/stack';

jest.setTimeout(120000);

const DASHBOARD = dashboardQuery(readFileSync(join(ROOT, 'schema', 'supergraph.graphql'), 'utf8'));
// the gateway's own per-caller cache would answer a repeated dashboard without reaching the
// subgraphs at all: off here, so what is measured is what the subgraphs ask of the core
const SUBGRAPHS_ONLY = { GATEWAY_PRIVATE_CACHE: 'off' };
const total = (calls: Record<string, number>) => Object.values(calls).reduce((a, b) => a + b, 0);

/**
 * One dashboard and the core calls it cost. `tries` > 1 reads again when an answer has an error
 * (the naive build's serial core reads can pass the 3 s budget on a loaded machine): the calls of
 * every try are counted, so only lower bounds may be asserted on such a reading.
 */
async function dashboard(stack: Stack, customerId: string, tries = 1) {
  const token = await stack.token(['--sub', customerId, '--channel', 'web']);
  await resetCoreStats(stack.coreUrl);
  let { status, body } = await gql(stack.gatewayUrl, DASHBOARD, { token });
  for (let t = 1; t < tries && body.errors; t++) ({ status, body } = await gql(stack.gatewayUrl, DASHBOARD, { token }));
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  expect(body.data.me.id).toBe(customerId);
  return { me: body.data.me, calls: await coreStats(stack.coreUrl) };
}

describe('dashboard core calls (normal build)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack(SUBGRAPHS_ONLY);
  }, 180000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('asks the core for a cold customer once per operation: no read of its own from offers or loyalty', async () => {
    // the operation really reaches all three: loyalty's tier and offers are part of it
    expect(DASHBOARD).toMatch(/loyalty\s*{[^}]*tier/);
    expect(DASHBOARD).toMatch(/offers\(first: 3\)/);
    const { me, calls } = await dashboard(stack, 'C-000002');
    expect(me.loyalty).not.toBeNull();
    expect(me.offers).not.toBeNull();
    expect(calls.QueryCustomer).toBe(1);
    expect(calls.QueryAccSumm).toBe(1);
    expect(calls.QueryAccBal).toBe(1);
    expect(calls.QueryCard).toBe(1);
    // accounts' last 10 and the 60-day window offers ranks by, in one call
    expect(calls.QueryTransactions).toBe(1);
    expect(total(calls)).toBe(5);
  });

  it('costs only the balances and transactions for the same customer within the TTLs', async () => {
    const first = await dashboard(stack, 'C-000003');
    const again = await dashboard(stack, 'C-000003');
    expect(again.calls).toEqual({ QueryAccBal: 1, QueryTransactions: 1 });
    // the cached relationship gives the same tier and offers as the cold read
    expect(again.me.loyalty.tier).toEqual(first.me.loyalty.tier);
    expect(again.me.offers).toEqual(first.me.offers);
  });

  it("computes the tier from accounts' answer as it did from the core: C-000001 is GOLD at 60", async () => {
    const { me } = await dashboard(stack, 'C-000001');
    expect(me.loyalty.tier).toMatchObject({ tier: 'GOLD', score: 60 });
  });

  it("never gives one customer another's offers or tier from the caches", async () => {
    const a = await dashboard(stack, 'C-000004');
    const b = await dashboard(stack, 'C-000005');
    for (const o of a.me.offers) expect(o.id.endsWith(':C-000004')).toBe(true);
    for (const o of b.me.offers) expect(o.id.endsWith(':C-000005')).toBe(true);
    expect(b.calls.QueryCustomer).toBe(1);
  });
});

describe('dashboard core calls (naive build, CORE_BATCHING=off)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ ...SUBGRAPHS_ONLY, CORE_BATCHING: 'off' });
  }, 180000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('offers and loyalty read the core themselves, and nothing is cached between dashboards', async () => {
    const cold = await dashboard(stack, 'C-000002', 3);
    // accounts' profile and offers' own; accounts' list, offers' and loyalty's own
    expect(cold.calls.QueryCustomer).toBeGreaterThanOrEqual(2);
    expect(cold.calls.QueryAccSumm).toBeGreaterThanOrEqual(3);
    const again = await dashboard(stack, 'C-000002', 3);
    // accounts and offers read again; loyalty's standing (10 minutes) is its own business
    expect(again.calls.QueryCustomer).toBeGreaterThanOrEqual(2);
    expect(again.calls.QueryAccSumm).toBeGreaterThanOrEqual(2);
    expect(total(again.calls)).toBeGreaterThan(6);
  });
});
