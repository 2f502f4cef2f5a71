// The loyalty subgraph in-process on a free port, on its embedded store, called the way the
// gateway calls it: `_entities` with a signed internal token.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Caller, InternalTokenSigner, INTERNAL_TOKEN_HEADER } from '../../lib/internal-auth';
import { STAFF_READ_SCOPE } from '../../lib/access';
import { startLoyalty, RunningLoyalty } from '../../subgraphs/loyalty/src/server';
import { freePort, tempDir } from '../support/processes';
import { gql } from '../support/stack';
import { assertPgliteUsableUnderJest } from '../support/pglite-under-jest';

const NOW = new Date('2025-03-15T10:00:00.000Z');

const LOYALTY_OF = `
  query($reps: [_Any!]!) {
    _entities(representations: $reps) {
      ... on Customer { id loyalty { tier points cashBack {
        pendingToday { amount currency } lifetime { amount currency } paidThisMonth { amount currency } } } }
    }
  }`;

const customer = (id: string) => ({ __typename: 'Customer', id });

let dir: string;
let keysDir: string;
let signer: InternalTokenSigner;
let loyalty: RunningLoyalty;

async function start(clock: () => Date): Promise<RunningLoyalty> {
  return startLoyalty({ port: await freePort(), dataDir: join(dir, 'data'), keysDir, clock });
}

async function asCaller(caller: Caller, query: string, variables: Record<string, unknown>) {
  const token = await signer.sign(caller);
  return gql(loyalty.url, query, { variables, headers: { [INTERNAL_TOKEN_HEADER]: token } });
}

const customerCaller = (id: string): Caller => ({ subject: id, customerId: id, channel: 'web', scopes: [] });

beforeAll(async () => {
  assertPgliteUsableUnderJest();
  process.env.LOG_LEVEL ??= 'warn';
  dir = tempDir('corebridge-loyalty-subgraph-');
  keysDir = join(dir, 'keys');
  signer = await InternalTokenSigner.fromKeysDir(keysDir);
  loyalty = await start(() => NOW);
}, 60000);

afterAll(async () => {
  await loyalty?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('loyalty subgraph', () => {
  it("answers a customer's own loyalty through _entities, from the seeded ledger", async () => {
    const { status, body } = await asCaller(customerCaller('C-000001'), LOYALTY_OF, { reps: [customer('C-000001')] });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data._entities).toEqual([
      {
        id: 'C-000001',
        loyalty: {
          tier: 'BRONZE',
          points: 600,
          cashBack: {
            pendingToday: { amount: '1.37', currency: 'EUR' },
            lifetime: { amount: '13.87', currency: 'EUR' },
            paidThisMonth: { amount: '12.50', currency: 'EUR' },
          },
        },
      },
    ]);
  });

  it("gives null, not data, for another customer's id", async () => {
    const { body } = await asCaller(customerCaller('C-000001'), LOYALTY_OF, { reps: [customer('C-000002'), customer('C-000001')] });
    expect(body.errors).toBeUndefined();
    expect(body.data._entities[0]).toBeNull();
    expect(body.data._entities[1].loyalty.points).toBe(600);
    expect(JSON.stringify(body)).not.toContain('700'); // C-000002's points
  });

  it('lets staff with the read scope read any customer, and staff without it none', async () => {
    const staff: Caller = { subject: 'staff-7', channel: 'staff', scopes: [STAFF_READ_SCOPE] };
    const allowed = await asCaller(staff, LOYALTY_OF, { reps: [customer('C-000005')] });
    expect(allowed.body.data._entities[0].loyalty).toMatchObject({ tier: 'SILVER', points: 1000 });
    const refused = await asCaller({ ...staff, scopes: [] }, LOYALTY_OF, { reps: [customer('C-000005')] });
    expect(refused.body.data._entities).toEqual([null]);
  });

  it('refuses a request without an internal token (401) and one signed with another key', async () => {
    const none = await fetch(loyalty.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: LOYALTY_OF, variables: { reps: [customer('C-000001')] } }),
    });
    expect(none.status).toBe(401);
    const otherKeys = await InternalTokenSigner.fromKeysDir(join(dir, 'other-keys'));
    const forged = await gql(loyalty.url, LOYALTY_OF, {
      variables: { reps: [customer('C-000001')] },
      headers: { [INTERNAL_TOKEN_HEADER]: await otherKeys.sign(customerCaller('C-000001')) },
    });
    expect(forged.status).toBe(401);
    expect(forged.body.data).toBeUndefined();
  });

  it('reports health and readiness', async () => {
    const base = loyalty.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/ready`)).status).toBe(200);
  });

  it('keeps its figures across a restart the next day: the seed is not posted twice', async () => {
    const journals = await loyalty.ledger.journalCount();
    await loyalty.close();
    loyalty = await start(() => new Date('2025-03-16T09:00:00.000Z'));
    expect(await loyalty.ledger.journalCount()).toBe(journals);
    const { body } = await asCaller(customerCaller('C-000001'), LOYALTY_OF, { reps: [customer('C-000001')] });
    expect(body.data._entities[0].loyalty).toEqual({
      tier: 'BRONZE',
      points: 600,
      cashBack: {
        pendingToday: { amount: '0.00', currency: 'EUR' }, // yesterday's cash back is not today's
        lifetime: { amount: '13.87', currency: 'EUR' },
        paidThisMonth: { amount: '12.50', currency: 'EUR' },
      },
    });
  });
});
