// Free inputs are bounded before any work: an offer id that is over-long or has characters no
// offer id has is refused with BAD_USER_INPUT naming `offerId`, and the core is asked nothing
// (counted by the simulator). Before, the subgraph read the customer's signals from the core to
// rank offers and only then answered OFFER_NOT_FOUND.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Caller, InternalTokenSigner, INTERNAL_TOKEN_HEADER } from '../../../../lib/internal-auth';
import { startCoreSimulator, type RunningCoreSimulator } from '../../../../core-simulator/src/server';
import { startOffers, type RunningOffers } from '../../src/server';
import { staticDirectory } from '../../src/adapters/partner-directory';
import { freePort, tempDir } from '../../../../scripts/lib/processes';
import { coreStats, gql, resetCoreStats } from '../../../../test/support/stack';

jest.setTimeout(60000);

let dir: string;
let signer: InternalTokenSigner;
let core: RunningCoreSimulator;
let offers: RunningOffers;

const CUSTOMER = 'C-000003';
const caller: Caller = { subject: CUSTOMER, customerId: CUSTOMER, channel: 'web', scopes: ['customer:write'] };
const RESPOND = 'mutation($id: ID!) { respondToOffer(offerId: $id, response: DISMISS) { offerId hiddenUntil } }';

beforeAll(async () => {
  process.env.LOG_LEVEL ??= 'warn';
  dir = tempDir('corebridge-offers-bounds-');
  signer = await InternalTokenSigner.fromKeysDir(join(dir, 'keys'));
  core = await startCoreSimulator({ port: await freePort(), seed: 42, customers: 10, anchorDate: '2025-03-15' });
  offers = await startOffers({
    port: 0,
    core: { wsdlUrl: core.wsdlUrl, timeoutMs: 3000, maxConcurrency: 4, readRetries: 1 },
    keysDir: join(dir, 'keys'),
    clock: () => new Date('2025-03-15T10:00:00Z'),
    dataDir: join(dir, 'data'),
    partners: staticDirectory([]),
    dispatchIntervalMs: 0,
  });
}, 120000);

afterAll(async () => {
  await offers?.close();
  await core?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function respondCounting(offerId: string) {
  await resetCoreStats(core.url);
  const { body } = await gql(offers.url, RESPOND, { variables: { id: offerId }, headers: { [INTERNAL_TOKEN_HEADER]: await signer.sign(caller) } });
  const calls = Object.values(await coreStats(core.url)).reduce((a, b) => a + b, 0);
  return { body, calls };
}

describe('offers: free inputs are bounded before any core call', () => {
  it.each([
    ['of 60,000 characters', `savings-account-v1:${'C'.repeat(60_000)}`],
    ['with characters no offer id has', 'savings-account-v1:C-000003\u0000<x>'],
  ])('refuses an offer id %s with BAD_USER_INPUT naming it, without calling the core', async (_what, offerId) => {
    const { body, calls } = await respondCounting(offerId);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'offerId' });
    expect(body.data?.respondToOffer ?? null).toBeNull();
    expect(calls).toBe(0);
  });

  it('still answers an id inside the bound (unknown here: OFFER_NOT_FOUND)', async () => {
    const { body } = await respondCounting(`no-such-offer:${CUSTOMER}`);
    expect(body.errors?.[0]?.extensions?.code).toBe('OFFER_NOT_FOUND');
  });
});
