// Free inputs are bounded before any work: an over-long or odd partner id or customer id is
// refused with BAD_USER_INPUT naming the argument, before the store or the core is asked anything
// (store queries and core calls counted). Before, such an id went to the store as a query
// parameter (a NUL byte failing inside the database as a server error).
import '../../../../test/support/mercurius-under-jest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Caller, InternalTokenSigner, INTERNAL_TOKEN_HEADER } from '../../../../lib/internal-auth';
import { createLogger } from '../../../../lib/logger';
import { startCoreSimulator, type RunningCoreSimulator } from '../../../../core-simulator/src/server';
import { startPartners, type RunningPartners } from '../../src/server';
import { freePort, tempDir } from '../../../../scripts/lib/processes';
import { assertPgliteUsableUnderJest } from '../../../../test/support/pglite-under-jest';

jest.setTimeout(60000);

interface GqlBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

const customer: Caller = { subject: 'C-000001', customerId: 'C-000001', channel: 'web', scopes: [] };
const partnerApp: Caller = { subject: 'app:beanstreet-app', channel: 'partner', partnerId: 'P-BEANSTREET', clientName: 'beanstreet-app', scopes: [] };
const GRANT = 'mutation($p: ID!) { grantPartnerConsent(partnerId: $p, scopes: [PROFILE_BASIC]) { version } }';
const REVOKE = 'mutation($p: ID!) { revokePartnerConsent(partnerId: $p) { version } }';
const PARTNER = 'query($p: ID!) { partner(id: $p) { id name } }';
const VIEW = 'query($id: ID!) { partnerCustomer(customerId: $id) { customerId firstName } }';

const dir = tempDir('corebridge-partners-bounds-');
let core: RunningCoreSimulator;
let partners: RunningPartners;
let signer: InternalTokenSigner;
let storeQueries: jest.SpyInstance;

beforeAll(async () => {
  assertPgliteUsableUnderJest();
  const keysDir = join(dir, 'keys');
  signer = await InternalTokenSigner.fromKeysDir(keysDir);
  core = await startCoreSimulator({ port: await freePort(), seed: 42, customers: 10, logger: createLogger('core', { write: () => undefined }) });
  partners = await startPartners({
    port: await freePort(),
    dataDir: join(dir, 'data'),
    keysDir,
    core: { wsdlUrl: core.wsdlUrl, timeoutMs: 3000, maxConcurrency: 4, readRetries: 1, wsdlWaitMs: 5000 },
    log: createLogger('partners', { write: () => undefined }),
  });
  // every store query, counted (and still run)
  storeQueries = jest.spyOn(partners.db, 'query');
}, 90000);

afterAll(async () => {
  await partners?.close();
  await core?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function askCounting(caller: Caller, query: string, variables: Record<string, unknown>) {
  const queriesBefore = storeQueries.mock.calls.length;
  const coreBefore = Object.values(core.stats.snapshot(0, 0).calls).reduce((a, b) => a + b, 0);
  const res = await fetch(partners.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [INTERNAL_TOKEN_HEADER]: await signer.sign(caller) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as GqlBody;
  // a GraphQL answer the gateway reads like any other: the refusal's code reaches the client
  expect(res.status).toBe(200);
  const coreAfter = Object.values(core.stats.snapshot(0, 0).calls).reduce((a, b) => a + b, 0);
  return { body, work: storeQueries.mock.calls.length - queriesBefore + (coreAfter - coreBefore) };
}

describe('partners: free inputs are bounded before any store query or core call', () => {
  it.each([
    ['grant, a partner id of 60,000 characters', customer, GRANT, { p: 'P'.repeat(60_000) }, 'partnerId'],
    ['grant, a partner id with a NUL byte', customer, GRANT, { p: 'P-BEANSTREET\u0000' }, 'partnerId'],
    ['revoke, a partner id with markup', customer, REVOKE, { p: 'P-<x>' }, 'partnerId'],
    ['partner, an id of 10,000 characters', customer, PARTNER, { p: 'P'.repeat(10_000) }, 'id'],
    ['partnerCustomer, a customer id of 10,000 characters', partnerApp, VIEW, { id: `C-${'1'.repeat(10_000)}` }, 'customerId'],
    ['partnerCustomer, a customer id with a path in it', partnerApp, VIEW, { id: 'C-000001/../x' }, 'customerId'],
  ])('refuses %s with BAD_USER_INPUT naming it', async (_what, caller, query, variables, argumentName) => {
    const { body, work } = await askCounting(caller, query, variables);
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName });
    expect(work).toBe(0);
  });

  it('still answers ids inside the bound', async () => {
    const { body, work } = await askCounting(customer, PARTNER, { p: 'P-BEANSTREET' });
    expect(body.errors).toBeUndefined();
    // the counter sees the store's work
    expect(work).toBeGreaterThan(0);
    expect(body.data?.partner).toMatchObject({ id: 'P-BEANSTREET' });
  });
});
