// The offers subgraph in-process on a free port, reading a real simulated core through the SOAP
// adapter, called the way the gateway calls it: `_entities` with a signed internal token.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Caller, InternalTokenSigner, INTERNAL_TOKEN_HEADER } from '../../../lib/internal-auth';
import { CoreClient, type CoreClientConfig, type CoreAccount, type CoreCustomer } from '../../../legacy-adapters/soap/src';
import { startCoreSimulator, type RunningCoreSimulator } from '../../../core-simulator/src/server';
import { startOffers, type RunningOffers } from '../src/server';
import { staticDirectory } from '../src/adapters/partner-directory';
import { SERVICE_KINDS } from '../src/domain/offer';
import { freePort, tempDir } from '../../../scripts/lib/processes';
import { gql } from '../../../test/support/stack';
import { nth } from '../../../test/support/present';

const OFFERS_OF = (args = '') => `
  query($reps: [_Any!]!) {
    _entities(representations: $reps) { ... on Customer { id offers${args} { id kind title reason expiresAt marketing topic partner { id } } } }
  }`;

const customer = (id: string) => ({ __typename: 'Customer', id });
const me = (id: string): Caller => ({ subject: id, customerId: id, channel: 'web', scopes: [] });
const SAMPLE = Array.from({ length: 12 }, (_, i) => `C-${String(i + 1).padStart(6, '0')}`);

let dir: string;
let signer: InternalTokenSigner;
let core: RunningCoreSimulator;
let offers: RunningOffers;
/** what the core itself says about the sample, read through our own adapter client */
const truth = new Map<string, { customer: CoreCustomer; accounts: CoreAccount[] }>();

async function ask(caller: Caller, id: string, args = '') {
  return gql(offers.url, OFFERS_OF(args), { variables: { reps: [customer(id)] }, headers: { [INTERNAL_TOKEN_HEADER]: await signer.sign(caller) } });
}

function coreCalls(op: string): number {
  return offers.core.stats()[op]?.calls ?? 0;
}

beforeAll(async () => {
  process.env.LOG_LEVEL ??= 'warn';
  dir = tempDir('corebridge-offers-subgraph-');
  signer = await InternalTokenSigner.fromKeysDir(join(dir, 'keys'));
  core = await startCoreSimulator({ port: await freePort(), seed: 42, customers: 50, anchorDate: '2025-03-15' });
  const config: CoreClientConfig = { wsdlUrl: core.wsdlUrl, timeoutMs: 3000, maxConcurrency: 4, readRetries: 1 };
  offers = await startOffers({
    port: await freePort(),
    core: config,
    keysDir: join(dir, 'keys'),
    clock: () => new Date('2025-03-15T10:00:00Z'),
    dataDir: 'memory://',
    partners: staticDirectory([{ partnerId: 'P-HARBOURSTAYS', name: 'Harbour Stays', category: 'TRAVEL', merchantIds: ['M-TRAVEL-002'] }]),
    dispatchIntervalMs: 0,
  });
  const reader = await CoreClient.create(config);
  try {
    const loaders = reader.loaders({ requestId: 'offers-test', userId: 'test' });
    await Promise.all(
      SAMPLE.map(async (id) => truth.set(id, { customer: await loaders.customer.load(id), accounts: await loaders.accountsOfCustomer.load(id) })),
    );
  } finally {
    await reader.close();
  }
}, 120000);

afterAll(async () => {
  await offers?.close();
  await core?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('offers subgraph over the simulated core', () => {
  it('follows consent and products held for every sampled customer, with a reason for every offer', async () => {
    let withMarketing = 0;
    let withoutConsent = 0;
    for (const id of SAMPLE) {
      const { customer: c, accounts } = truth.get(id)!;
      const held = new Set(accounts.filter((a) => a.status !== 'CLOSED').map((a) => a.type));
      const { status, body } = await ask(me(id), id, '(first: 10)');
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      const got = body.data._entities[0].offers as Array<{ id: string; reason: string; kind: string; marketing: boolean }>;
      for (const o of got) {
        expect(o.id.endsWith(`:${id}`)).toBe(true);
        expect(o.reason).toMatch(/^because /);
        expect(o.marketing).toBe(!SERVICE_KINDS.has(o.kind as never));
        if (!c.marketingConsent) expect(o.marketing).toBe(false);
        if (o.id.startsWith('savings-account-v1:')) expect(held.has('SAVINGS')).toBe(false);
        if (o.id.startsWith('credit-card')) expect(held.has('CARD')).toBe(false);
      }
      if (!c.marketingConsent) withoutConsent++;
      if (got.some((o) => o.marketing)) withMarketing++;
    }
    // the sample must exercise both branches, or this test proves nothing
    expect(withoutConsent).toBeGreaterThan(0);
    expect(withMarketing).toBeGreaterThan(0);
  });

  it('puts travel first for C-000001 after her trip to Barcelona, naming what she spent', async () => {
    const { body } = await ask(me('C-000001'), 'C-000001', '(channel: MOBILE, first: 3)');
    const [first] = body.data._entities[0].offers;
    expect(first.topic).toBe('TRAVEL');
    expect(first.reason).toMatch(/^because you spent \d+\.\d{2} EUR (on travel|abroad \([A-Z, ]*ES[A-Z, ]*\)) between 14 February and 15 March$/);
  });

  it('costs one customer, one accounts and one transactions call per customer', async () => {
    const id = SAMPLE.find((s) => truth.get(s)!.customer.marketingConsent)!;
    const ops = ['QueryCustomer', 'QueryAccSumm', 'QueryTransactions'];
    const before = ops.map(coreCalls);
    const { body } = await ask(me(id), id, '(channel: KIOSK)');
    expect(body.errors).toBeUndefined();
    expect(ops.map(coreCalls).map((n, i) => n - nth(before, i))).toEqual([1, 1, 1]);
  });

  it("gives null for another customer's id and asks the core nothing", async () => {
    const total = () => coreCalls('QueryCustomer') + coreCalls('QueryAccSumm') + coreCalls('QueryTransactions');
    const before = total();
    const { body } = await ask(me('C-000001'), 'C-000003');
    expect(body.errors).toBeUndefined();
    expect(body.data._entities).toEqual([null]);
    expect(total()).toBe(before);
  });

  it('refuses first outside 1..10 with BAD_USER_INPUT', async () => {
    for (const first of [0, 11]) {
      const { body } = await ask(me('C-000001'), 'C-000001', `(first: ${first})`);
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.data._entities[0].offers).toBeNull();
    }
  });

  it('refuses a request without an internal token with 401', async () => {
    const res = await fetch(offers.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: OFFERS_OF(), variables: { reps: [customer('C-000001')] } }),
    });
    expect(res.status).toBe(401);
  });

  it('answers a core outage with offers null and a masked CORE_UNAVAILABLE', async () => {
    const id = SAMPLE.find((s) => truth.get(s)!.customer.marketingConsent)!;
    expect(core.faults.update({ down: true }).ok).toBe(true);
    try {
      const { body } = await ask(me(id), id, '(channel: STAFF)');
      expect(body.data._entities[0].offers).toBeNull();
      expect(body.errors?.[0]?.extensions?.code).toBe('CORE_UNAVAILABLE');
      expect(JSON.stringify(body.errors)).not.toMatch(/soap|ECONNREFUSED|127\.0\.0\.1|stack/i);
    } finally {
      core.faults.update({ down: false });
    }
  });
});
