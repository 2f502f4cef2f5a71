// Engagement's side of "who looked at my data", in-process on a free port and called the way the
// gateway calls it: POST /internal/staff-reads takes the gateway's signed record only (no token,
// another service or a forwarded client token is refused), is idempotent by request id and
// customer, and a bad body is a 400 that stores nothing. Customer.staffReads then shows a
// customer their own reads only, each with an agent pseudonym, never the staff id.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { STAFF_READ_SCOPE } from '../../../lib/access';
import { type Caller, InternalTokenSigner, INTERNAL_TOKEN_HEADER } from '../../../lib/internal-auth';
import { freePort, tempDir } from '../../../scripts/lib/processes';
import { gql } from '../../../test/support/stack';
import { staffPseudonym } from '../src/domain/staff-pseudonym';
import { startEngagement, type RunningEngagement } from '../src/server';

const KEY = 'staff-pseudonym-test-key-0123456789';
const HASH = 'b'.repeat(64);
const gateway: Caller = { subject: 'svc:gateway', channel: 'service', scopes: [] };
const customer = (id: string): Caller => ({ subject: id, customerId: id, channel: 'web', scopes: ['customer:read'] });
const staff: Caller = { subject: 'S-0042', channel: 'staff', scopes: [STAFF_READ_SCOPE] };

const READS = `
  query($id: ID!, $first: Int, $after: String) {
    _entities(representations: [{ __typename: "Customer", id: $id }]) {
      ... on Customer { staffReads(first: $first, after: $after) { edges { cursor node { at agent operationName client } } pageInfo { hasNextPage endCursor } } }
    }
  }`;

let dir: string;
let signer: InternalTokenSigner;
let svc: RunningEngagement;

const record = (requestId: string, customerIds: unknown, extra: Record<string, unknown> = {}) => ({
  at: new Date().toISOString(),
  staff: 'S-0042',
  client: 'call-centre',
  scopes: [STAFF_READ_SCOPE],
  customerIds,
  operationName: 'LookUp',
  operationHash: HASH,
  requestId,
  ...extra,
});

async function post(body: unknown, caller: Caller | null = gateway) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (caller) headers[INTERNAL_TOKEN_HEADER] = await signer.sign(caller);
  const res = await fetch(`${new URL(svc.url).origin}/internal/staff-reads`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function reads(caller: Caller, id: string, vars: { first?: number; after?: string } = {}) {
  const { body } = await gql(svc.url, READS, { variables: { id, ...vars }, headers: { [INTERNAL_TOKEN_HEADER]: await signer.sign(caller) } });
  return body;
}

const rowCount = async () => Number((await svc.db.query<{ n: unknown }>('SELECT count(*) AS n FROM staff_reads'))[0]?.n);

beforeAll(async () => {
  process.env.LOG_LEVEL ??= 'warn';
  dir = tempDir('corebridge-engagement-staff-reads-');
  signer = await InternalTokenSigner.fromKeysDir(join(dir, 'keys'));
  svc = await startEngagement({ port: await freePort(), keysDir: join(dir, 'keys'), dataDir: 'memory://', staffPseudonymKey: KEY });
}, 60000);

afterAll(async () => {
  await svc?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('POST /internal/staff-reads', () => {
  it('refuses a request without a valid internal token, from another service, or with a client token; nothing is stored', async () => {
    expect((await post(record('r-unsigned', ['C-000001']), null)).status).toBe(401);
    expect((await post(record('r-loyalty', ['C-000001']), { ...gateway, subject: 'svc:loyalty' })).status).toBe(403);
    expect((await post(record('r-staff', ['C-000001']), staff)).status).toBe(403);
    const forged = await fetch(`${new URL(svc.url).origin}/internal/staff-reads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [INTERNAL_TOKEN_HEADER]: 'not.a.token' },
      body: JSON.stringify(record('r-forged', ['C-000001'])),
    });
    expect(forged.status).toBe(401);
    expect(await rowCount()).toBe(0);
  });

  it('refuses a bad body with 400 and stores nothing', async () => {
    for (const bad of [
      record('r-bad-1', []),
      record('r-bad-2', ['C-000001', '../etc']),
      record('r-bad-3', ['C-000001'], { operationHash: 'nope' }),
      record('r-bad-4', ['C-000001'], { at: 'yesterday' }),
      record('', ['C-000001']),
      { requestId: 'r-bad-5', customerIds: ['C-000001'] },
    ]) {
      expect((await post(bad)).status).toBe(400);
    }
    expect(await rowCount()).toBe(0);
  });

  it('stores one row per named customer, and a retry of the same record stores none', async () => {
    expect(await post(record('r-1', ['C-000001', 'C-000002']))).toEqual({ status: 200, body: { stored: 2 } });
    expect(await post(record('r-1', ['C-000001', 'C-000002']))).toEqual({ status: 200, body: { stored: 0 } });
    expect(await rowCount()).toBe(2);
  });
});

describe('Customer.staffReads', () => {
  beforeAll(async () => {
    await post(record('r-2', ['C-000001'], { staff: 'S-0043', operationName: null, client: undefined }));
    await post(record('r-3', ['C-000001'], { operationName: 'Again' }));
  });

  it('shows the customer their own reads, newest first, with a stable agent pseudonym and never the staff id', async () => {
    const body = await reads(customer('C-000001'), 'C-000001');
    expect(body.errors).toBeUndefined();
    const nodes = body.data._entities[0].staffReads.edges.map((e: { node: unknown }) => e.node);
    const pseudonym = staffPseudonym(KEY);
    expect(nodes).toEqual([
      { at: expect.any(String), agent: pseudonym('S-0042'), operationName: 'Again', client: 'call-centre' },
      { at: expect.any(String), agent: pseudonym('S-0043'), operationName: null, client: null },
      { at: expect.any(String), agent: pseudonym('S-0042'), operationName: 'LookUp', client: 'call-centre' },
    ]);
    expect(nodes[0].agent).not.toBe(nodes[1].agent);
    expect(JSON.stringify(body)).not.toMatch(/S-004[23]/);
  });

  it('pages with cursors', async () => {
    const first = await reads(customer('C-000001'), 'C-000001', { first: 2 });
    const page1 = first.data._entities[0].staffReads;
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await reads(customer('C-000001'), 'C-000001', { first: 2, after: page1.pageInfo.endCursor });
    const page2 = second.data._entities[0].staffReads;
    expect(page2.edges.map((e: { node: { operationName: string } }) => e.node.operationName)).toEqual(['LookUp']);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const bad = await reads(customer('C-000001'), 'C-000001', { after: 'bm90LWEtY3Vyc29y' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('gives another customer nothing of it, and staff with the read scope the same pseudonyms', async () => {
    const other = await reads(customer('C-000002'), 'C-000001');
    expect(other.data._entities).toEqual([null]);
    const own = await reads(customer('C-000002'), 'C-000002');
    expect(own.data._entities[0].staffReads.edges).toHaveLength(1);
    const byStaff = await reads(staff, 'C-000001');
    expect(byStaff.data._entities[0].staffReads.edges.map((e: { node: { agent: string } }) => e.node.agent)).toEqual(
      (await reads(customer('C-000001'), 'C-000001')).data._entities[0].staffReads.edges.map((e: { node: { agent: string } }) => e.node.agent),
    );
  });
});
