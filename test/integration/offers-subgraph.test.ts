// The offers subgraph in-process on a free port, reading a real simulated core through the SOAP
// adapter, called the way the gateway calls it: `_entities` with a signed internal token.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Caller, InternalTokenSigner, INTERNAL_TOKEN_HEADER } from '../../lib/internal-auth';
import { CoreClient, CoreClientConfig, CoreAccount, CoreCustomer } from '../../legacy-adapters/soap/src';
import { startCoreSimulator, RunningCoreSimulator } from '../../core-simulator/src/server';
import { startOffers, RunningOffers } from '../../subgraphs/offers/src/server';
import { freePort, tempDir } from '../support/processes';
import { gql } from '../support/stack';

const OFFERS_OF = (args = '') => `
  query($reps: [_Any!]!) {
    _entities(representations: $reps) { ... on Customer { id offers${args} { id kind title reason expiresAt } } }
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
  core = await startCoreSimulator({ port: await freePort(), seed: 42, customers: 50 });
  const config: CoreClientConfig = { wsdlUrl: core.wsdlUrl, timeoutMs: 3000, maxConcurrency: 4, readRetries: 1 };
  offers = await startOffers({ port: await freePort(), core: config, keysDir: join(dir, 'keys'), clock: () => new Date('2025-03-15T10:00:00Z') });
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
  it('follows consent and products held for every sampled customer', async () => {
    let withOffers = 0;
    let withoutConsent = 0;
    for (const id of SAMPLE) {
      const { customer: c, accounts } = truth.get(id)!;
      const held = new Set(accounts.filter((a) => a.status !== 'CLOSED').map((a) => a.type));
      const expected = !c.marketingConsent
        ? []
        : [
            ...(held.has('SAVINGS') ? [] : [`savings-account-v1:${id}`]),
            ...(held.has('CARD') ? [] : [`credit-card-v1:${id}`]),
          ];
      const { status, body } = await ask(me(id), id, '(first: 10)');
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      const got = body.data._entities[0].offers as Array<{ id: string; reason: string; kind: string }>;
      expect(got.map((o) => o.id)).toEqual(expected);
      for (const o of got) {
        expect(o.kind).toBe('CROSS_SELL');
        expect(o.reason).toMatch(held.has('CURRENT') ? /^because you have a current account but no (savings account|credit card)$/ : /^because you have no /);
      }
      if (!c.marketingConsent) withoutConsent++;
      if (expected.length > 0) withOffers++;
    }
    // the sample must exercise both branches, or this test proves nothing
    expect(withoutConsent).toBeGreaterThan(0);
    expect(withOffers).toBeGreaterThan(0);
  });

  it('costs one customer call and no accounts call for a customer without consent', async () => {
    const id = SAMPLE.find((s) => !truth.get(s)!.customer.marketingConsent)!;
    const before = { customer: coreCalls('QueryCustomer'), accounts: coreCalls('QueryAccSumm') };
    const { body } = await ask(me(id), id);
    expect(body.data._entities[0].offers).toEqual([]);
    expect(coreCalls('QueryCustomer') - before.customer).toBe(1);
    expect(coreCalls('QueryAccSumm') - before.accounts).toBe(0);
  });

  it("gives null for another customer's id and asks the core nothing", async () => {
    const before = coreCalls('QueryCustomer') + coreCalls('QueryAccSumm');
    const { body } = await ask(me('C-000001'), 'C-000003');
    expect(body.errors).toBeUndefined();
    expect(body.data._entities).toEqual([null]);
    expect(coreCalls('QueryCustomer') + coreCalls('QueryAccSumm')).toBe(before);
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
      const { body } = await ask(me(id), id);
      expect(body.data._entities[0].offers).toBeNull();
      expect(body.errors?.[0]?.extensions?.code).toBe('CORE_UNAVAILABLE');
      expect(JSON.stringify(body.errors)).not.toMatch(/soap|ECONNREFUSED|127\.0\.0\.1|stack/i);
    } finally {
      core.faults.update({ down: false });
    }
  });
});
