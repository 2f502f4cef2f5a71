// Engagement points come from the system that owns the fact, never from the customer's own claim
// (issue 13): the customer's old `recordEngagement` awards nothing, accounts' report on the
// service-only route awards once per customer, and no other caller may report.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Caller, InternalTokenSigner, INTERNAL_TOKEN_HEADER } from '../../../../lib/internal-auth';
import { ServiceClient } from '../../../../lib/service-client';
import { startLoyalty, type RunningLoyalty } from '../../src/server';
import { freePort, tempDir } from '../../../../scripts/lib/processes';
import { gql } from '../../../../test/support/stack';
import { assertPgliteUsableUnderJest } from '../../../../test/support/pglite-under-jest';
import { FakeCore, FakePartners, FUNDING_ACCOUNT } from '../support/programme';

jest.setTimeout(30000);

const NOW = new Date('2025-03-15T10:00:00.000Z');
const POINTS_OF = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Customer { loyalty { points } } } }`;

let dir: string;
let signer: InternalTokenSigner;
let loyalty: RunningLoyalty;

const customerCaller = (id: string): Caller => ({ subject: id, customerId: id, channel: 'web', scopes: ['customer:read', 'customer:write'] });
const serviceCaller = (name: string): Caller => ({ subject: `svc:${name}`, channel: 'service', scopes: [], clientName: name });

async function asCaller(caller: Caller, query: string, variables: Record<string, unknown> = {}) {
  return gql(loyalty.url, query, { variables, headers: { [INTERNAL_TOKEN_HEADER]: await signer.sign(caller) } });
}

async function pointsOf(id: string): Promise<number> {
  const { body } = await asCaller(customerCaller(id), POINTS_OF, { reps: [{ __typename: 'Customer', id }] });
  return body.data._entities[0].loyalty.points as number;
}

async function report(caller: Caller | undefined, body: unknown) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (caller) headers[INTERNAL_TOKEN_HEADER] = await signer.sign(caller);
  const res = await fetch(`${loyalty.url.replace(/\/graphql$/, '')}/internal/engagements`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  assertPgliteUsableUnderJest();
  process.env.LOG_LEVEL ??= 'warn';
  dir = tempDir('corebridge-loyalty-engagement-');
  const keysDir = join(dir, 'keys');
  signer = await InternalTokenSigner.fromKeysDir(keysDir);
  loyalty = await startLoyalty({
    port: await freePort(),
    dataDir: join(dir, 'data'),
    keysDir,
    clock: () => NOW,
    core: new FakeCore(),
    partners: new FakePartners(),
    fundingAccounts: { EUR: FUNDING_ACCOUNT },
  });
}, 60000);

afterAll(async () => {
  await loyalty?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('engagement points', () => {
  it("gives a customer nothing for claiming an engagement through the customer's own mutation", async () => {
    const before = await pointsOf('C-000007');
    for (const kind of ['E_STATEMENTS', 'PROFILE_COMPLETED']) {
      const r = await asCaller(customerCaller('C-000007'), `mutation { recordEngagement(kind: ${kind}) { points } }`);
      expect(r.body.errors?.length).toBeGreaterThan(0);
    }
    expect(await pointsOf('C-000007')).toBe(before);
  });

  it('awards the points once when accounts reports the fact, however often it reports it', async () => {
    const before = await pointsOf('C-000008');
    const first = await report(serviceCaller('accounts'), { customerId: 'C-000008', kind: 'E_STATEMENTS' });
    expect(first).toEqual({ status: 200, body: { customerId: 'C-000008', kind: 'E_STATEMENTS', points: 50, alreadyRecorded: false } });
    const again = await report(serviceCaller('accounts'), { customerId: 'C-000008', kind: 'E_STATEMENTS' });
    expect(again).toEqual({ status: 200, body: { customerId: 'C-000008', kind: 'E_STATEMENTS', points: 0, alreadyRecorded: true } });
    expect(await pointsOf('C-000008')).toBe(before + 50);
  });

  it("takes the report as accounts' service client sends it", async () => {
    const accounts = new ServiceClient({ service: 'accounts', baseUrl: loyalty.url.replace(/\/graphql$/, ''), signer });
    const r = await accounts.request('POST', '/internal/engagements', { customerId: 'C-000010', kind: 'PROFILE_COMPLETED' });
    expect(r).toEqual({ status: 200, body: { customerId: 'C-000010', kind: 'PROFILE_COMPLETED', points: 20, alreadyRecorded: false } });
  });

  it('refuses a report from anyone but the accounts service, and a malformed one, awarding nothing', async () => {
    const before = await pointsOf('C-000009');
    const fact = { customerId: 'C-000009', kind: 'PROFILE_COMPLETED' };
    expect((await report(undefined, fact)).status).toBe(401);
    expect(await report(customerCaller('C-000009'), fact)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await report(serviceCaller('offers'), fact)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await report(serviceCaller('accounts'), { customerId: 'C-000009', kind: 'BIRTHDAY' })).toMatchObject({ status: 400 });
    expect(await report(serviceCaller('accounts'), { customerId: '../C-000009', kind: 'PROFILE_COMPLETED' })).toMatchObject({ status: 400 });
    expect(await pointsOf('C-000009')).toBe(before);
  });
});
