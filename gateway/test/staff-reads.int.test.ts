// "No audit, no access" through the real gateway and the real engagement subgraph (in-process, its
// PGlite in memory) beside a stub accounts: a staff operation naming customers runs only after
// engagement has stored one read per customer, which each customer then lists in
// Customer.staffReads under the agent's pseudonym; with engagement down the same staff read is
// refused with AUDIT_UNAVAILABLE before any subgraph is asked, and the bank's own audit trail
// still has it. A staff operation naming no customer does not need engagement.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'graphql';
import pino from 'pino';
import { loadSdl } from '../../lib/sdl';
import type { RunningSubgraph } from '../../lib/subgraph-server';
import { freePort, tempDir } from '../../scripts/lib/processes';
import { startEngagement, type RunningEngagement } from '../../subgraphs/engagement/src/server';
import { staffPseudonym } from '../../subgraphs/engagement/src/domain/staff-pseudonym';
import { gql } from '../../test/support/stack';
import { gatewayOptions } from '../src/config';
import type { StaffAuditRecord } from '../src/edge/audit';
import { type RunningGateway, startGateway } from '../src/server';
import { clientToken, composeStubs, startStubService } from './support/gateway-stub';

const KEY = 'gateway-staff-reads-test-key-0123456789';
const ACCOUNTS = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Query {
    customer(id: ID!): Customer
    customers(ids: [ID!]!): [Customer]
    branches: [String!]!
  }
  type Customer @key(fields: "id") { id: ID! displayName: String }
`);
const LOOK = 'query Look($ids: [ID!]!) { customers(ids: $ids) { id displayName } }';
const STAFF_READS = (id: string) => `{ customer(id: "${id}") { id staffReads { edges { node { agent operationName client } } } } }`;

let dir: string;
let accounts: RunningSubgraph;
let engagement: RunningEngagement;
let engagementUp = false;
let gateway: RunningGateway;
let staff: string;
const accountsCalls: string[] = [];
const trail: StaffAuditRecord[] = [];

const readsOf = (requestId: string) =>
  engagement.db.query<{ customer_id: string; staff_subject: string }>(
    'SELECT customer_id, staff_subject FROM staff_reads WHERE request_id = $1 ORDER BY customer_id',
    [requestId],
  );

beforeAll(async () => {
  process.env.LOG_LEVEL ??= 'warn';
  dir = tempDir('gateway-staff-reads-');
  const keys = join(dir, 'keys');
  accounts = await startStubService(
    keys,
    ACCOUNTS,
    {
      Query: {
        customer: (_: unknown, a: { id: string }) => ({ id: a.id }),
        customers: (_: unknown, a: { ids: string[] }) => a.ids.map((id) => ({ id })),
        branches: () => ['Main Street'],
      },
      Customer: { displayName: (c: { id: string }) => `Name of ${c.id}` },
    },
    { onCall: (caller) => accountsCalls.push(caller.subject) },
  );
  engagement = await startEngagement({ port: await freePort(), keysDir: keys, dataDir: 'memory://', staffPseudonymKey: KEY, log: pino({ level: 'silent' }) });
  engagementUp = true;
  const supergraphSdl = composeStubs([
    { name: 'accounts', url: accounts.url, typeDefs: ACCOUNTS },
    { name: 'engagement', url: engagement.url, typeDefs: loadSdl('engagement') },
  ]);
  gateway = await startGateway(
    gatewayOptions({
      port: 0,
      supergraphSdl,
      keysDir: keys,
      auth: { keysDir: keys },
      rateLimits: false,
      engagementServiceUrl: new URL(engagement.url).origin,
      audit: { write: (r) => trail.push(r) },
      log: pino({ level: 'silent' }),
    }),
  );
  staff = await clientToken(keys, 'S-0042', 'staff', { clientName: 'call-centre' });
}, 90000);

afterAll(async () => {
  await gateway?.close();
  if (engagementUp) await engagement?.close();
  await accounts?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('staff reads through the gateway', () => {
  it('stores exactly one read per named customer before the data is returned, and the customer lists it', async () => {
    const { status, body } = await gql(gateway.url, LOOK, {
      token: staff,
      variables: { ids: ['C-000101', 'C-000102'] },
      headers: { 'x-request-id': 'staff-read-0001' },
    });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.customers).toEqual([
      { id: 'C-000101', displayName: 'Name of C-000101' },
      { id: 'C-000102', displayName: 'Name of C-000102' },
    ]);
    expect(await readsOf('staff-read-0001')).toEqual([
      { customer_id: 'C-000101', staff_subject: 'S-0042' },
      { customer_id: 'C-000102', staff_subject: 'S-0042' },
    ]);

    const customer = await clientToken(join(dir, 'keys'), 'C-000101', 'web');
    const seen = await gql(gateway.url, STAFF_READS('C-000101'), { token: customer });
    expect(seen.body.errors).toBeUndefined();
    expect(seen.body.data.customer.staffReads.edges).toEqual([
      { node: { agent: staffPseudonym(KEY)('S-0042'), operationName: 'Look', client: 'call-centre' } },
    ]);
    expect(JSON.stringify(seen.body)).not.toContain('S-0042');
    // the customer's own read is no staff read: nothing more is stored
    expect(Number((await engagement.db.query<{ n: unknown }>('SELECT count(*) AS n FROM staff_reads'))[0]?.n)).toBe(2);
    // staff may read the list too: that read is itself a staff read, recorded before it runs
    const byStaff = await gql(gateway.url, STAFF_READS('C-000101'), { token: staff });
    expect(byStaff.body.data.customer.staffReads.edges.map((e: { node: { operationName: string | null } }) => e.node.operationName)).toEqual([null, 'Look']);
    // and another customer cannot read that list (the stub accounts answers anyone; engagement does not)
    const other = await clientToken(join(dir, 'keys'), 'C-000102', 'web');
    const refused = await gql(gateway.url, STAFF_READS('C-000101'), { token: other });
    expect(refused.body.data?.customer?.staffReads ?? null).toBeNull();
  });

  it('refuses the staff read with AUDIT_UNAVAILABLE and reads nothing while engagement is down; the bank trail keeps it', async () => {
    await engagement.close();
    engagementUp = false;
    accountsCalls.length = 0;
    trail.length = 0;
    const { status, body } = await gql(gateway.url, LOOK, {
      token: staff,
      variables: { ids: ['C-000101'] },
      headers: { 'x-request-id': 'staff-read-0002' },
    });
    expect(status).toBe(503);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['AUDIT_UNAVAILABLE']);
    expect(JSON.stringify(body)).not.toContain('Name of');
    expect(accountsCalls).toEqual([]);
    expect(trail).toEqual([expect.objectContaining({ staff: 'S-0042', customerIds: ['C-000101'], requestId: 'staff-read-0002' })]);

    // an operation that names no customer has no customer to tell, and runs
    const branches = await gql(gateway.url, '{ branches }', { token: staff });
    expect(branches.body).toEqual({ data: { branches: ['Main Street'] } });
  });
});
