// A call-centre agent looking at customer X must see X's own writes at once, like X does: the
// private cache keeps staff reads per staff member, but they are outdated by the customer's
// writes, not only by the staff member's (who never writes). Real gateway, stub subgraph.
import { parse } from 'graphql';
import pino from 'pino';
import { gatewayOptions } from '../../src/config';
import { type RunningGateway, startGateway } from '../../src/server';
import type { RunningSubgraph } from '../../../lib/subgraph-server';
import { tempDir } from '../../../scripts/lib/processes';
import { clientToken, composeStubs, startStubService } from '../support/gateway-stub';

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@inaccessible"])
  enum CacheControlScope @inaccessible { PUBLIC PRIVATE }
  directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION
  type Customer @key(fields: "id") @cacheControl(maxAge: 30) { id: ID! balance: Int! }
  type Account @cacheControl(maxAge: 30) { id: ID! balance: Int! }
  type Query {
    customer(id: ID!): Customer
    account(id: ID!): Account
  }
  type Mutation { spend(amount: Int!): Int! }
`);

describe('staff views and the customer’s writes', () => {
  let dir: string;
  let subgraph: RunningSubgraph;
  let gateway: RunningGateway;
  let served = 0;
  const balances = new Map<string, number>();

  beforeAll(async () => {
    dir = tempDir('gateway-staff-views-');
    subgraph = await startStubService(dir, typeDefs, {
      Query: {
        customer: (_: unknown, { id }: { id: string }) => {
          served++;
          return { id, balance: balances.get(id) ?? 100 };
        },
        // the account of customer C-000002 (a staff view by account id names no customer)
        account: (_: unknown, { id }: { id: string }) => {
          served++;
          return { id, balance: balances.get('C-000002') ?? 100 };
        },
      },
      Mutation: {
        spend: (_: unknown, { amount }: { amount: number }, ctx: { caller: { customerId?: string } }) => {
          const who = ctx.caller.customerId ?? 'nobody';
          balances.set(who, (balances.get(who) ?? 100) - amount);
          return balances.get(who);
        },
      },
    });
    const supergraphSdl = composeStubs([{ name: 'accounts', url: subgraph.url, typeDefs }]);
    gateway = await startGateway(gatewayOptions({ port: 0, keysDir: dir, supergraphSdl, nodeEnv: 'test', rateLimits: false, log: pino({ level: 'silent' }) }));
  });

  afterAll(async () => {
    await gateway?.close();
    await subgraph?.close();
  });

  const post = async (token: string, query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: Record<string, { balance: number } | number | null>; errors?: unknown[] };
  };
  const balanceOf = (answer: Awaited<ReturnType<typeof post>>, field: string) => (answer.data?.[field] as { balance: number } | undefined)?.balance;

  it('staff reads X (cached), X writes, staff reads again: fresh', async () => {
    const staff = await clientToken(dir, 'S-0042', 'staff', { clientName: 'call-centre' });
    const customer = await clientToken(dir, 'C-000002', 'web', { clientName: 'web-app' });
    const view = 'query View($id: ID!) { customer(id: $id) { id balance } }';

    expect(balanceOf(await post(staff, view, { id: 'C-000002' }), 'customer')).toBe(100);
    const before = served;
    expect(balanceOf(await post(staff, view, { id: 'C-000002' }), 'customer')).toBe(100);
    expect(served).toBe(before); // the second view was answered by the cache

    const wrote = await post(customer, 'mutation { spend(amount: 30) }');
    expect(wrote.errors).toBeUndefined();
    expect(balanceOf(await post(staff, view, { id: 'C-000002' }), 'customer')).toBe(70);
  });

  it('a literal id, and a staff read that names no customer (an account id), are outdated too', async () => {
    const staff = await clientToken(dir, 'S-0043', 'staff', { clientName: 'call-centre' });
    const customer = await clientToken(dir, 'C-000002', 'web', { clientName: 'web-app' });
    const literal = '{ customer(id: "C-000002") { balance } }';
    const byAccount = '{ account(id: "A-000002-1") { balance } }';
    const start = balanceOf(await post(staff, literal), 'customer');
    expect(balanceOf(await post(staff, byAccount), 'account')).toBe(start);
    const before = served;
    await post(staff, literal);
    await post(staff, byAccount);
    expect(served).toBe(before);

    await post(customer, 'mutation { spend(amount: 5) }');
    expect(balanceOf(await post(staff, literal), 'customer')).toBe((start ?? 0) - 5);
    expect(balanceOf(await post(staff, byAccount), 'account')).toBe((start ?? 0) - 5);
  });

  it('another customer’s write leaves a staff view of X cached', async () => {
    const staff = await clientToken(dir, 'S-0044', 'staff', { clientName: 'call-centre' });
    const other = await clientToken(dir, 'C-000003', 'web', { clientName: 'web-app' });
    const view = 'query View($id: ID!) { customer(id: $id) { id balance } }';
    await post(staff, view, { id: 'C-000002' });
    const before = served;
    await post(other, 'mutation { spend(amount: 1) }');
    await post(staff, view, { id: 'C-000002' });
    expect(served).toBe(before);
  });
});
