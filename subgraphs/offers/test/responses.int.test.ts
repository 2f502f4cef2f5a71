// Frequency caps and dismissal memory through the running offers subgraph (simulated core, PGlite
// files), with a clock the test moves forward: what a customer is shown changes as they answer.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Caller, InternalTokenSigner, INTERNAL_TOKEN_HEADER } from '../../../lib/internal-auth';
import { startCoreSimulator, type RunningCoreSimulator } from '../../../core-simulator/src/server';
import { startOffers, type RunningOffers } from '../src/server';
import { staticDirectory } from '../src/adapters/partner-directory';
import { freePort, tempDir } from '../../../scripts/lib/processes';
import { gql } from '../../../test/support/stack';

const DAY = 86_400_000;
let now = Date.parse('2025-03-15T10:00:00Z');
let dir: string;
let signer: InternalTokenSigner;
let core: RunningCoreSimulator;
let offers: RunningOffers;

const me = (id: string): Caller => ({ subject: id, customerId: id, channel: 'web', scopes: [] });

async function shown(id: string, channel: string, first = 10): Promise<string[]> {
  const query = `{ _entities(representations: [{ __typename: "Customer", id: "${id}" }]) { ... on Customer { offers(channel: ${channel}, first: ${first}) { id } } } }`;
  const { body } = await gql(offers.url, query, { headers: { [INTERNAL_TOKEN_HEADER]: await signer.sign(me(id)) } });
  expect(body.errors).toBeUndefined();
  return (body.data._entities[0].offers as Array<{ id: string }>).map((o) => o.id);
}

async function respond(caller: Caller, offerId: string, response: string) {
  const query = `mutation { respondToOffer(offerId: "${offerId}", response: ${response}) { offerId response hiddenUntil } }`;
  return (await gql(offers.url, query, { headers: { [INTERNAL_TOKEN_HEADER]: await signer.sign(caller) } })).body;
}

beforeAll(async () => {
  process.env.LOG_LEVEL ??= 'warn';
  dir = tempDir('corebridge-offers-responses-');
  signer = await InternalTokenSigner.fromKeysDir(join(dir, 'keys'));
  core = await startCoreSimulator({ port: await freePort(), seed: 42, customers: 20, anchorDate: '2025-03-15' });
  offers = await startOffers({
    port: 0,
    core: { wsdlUrl: core.wsdlUrl, timeoutMs: 3000, maxConcurrency: 4, readRetries: 1 },
    keysDir: join(dir, 'keys'),
    clock: () => new Date(now),
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

describe('what a customer is shown, as they answer', () => {
  it('caps each offer at 2 impressions a day per channel: the third look shows the next best, another channel still the first', async () => {
    const [best, next] = await shown('C-000003', 'WEB', 2);
    expect(best).toBe('savings-account-v1:C-000003'); // only a current account: savings first
    expect(next).toBeDefined();
    expect(await shown('C-000003', 'WEB', 1)).toEqual([best]);
    // `best` has now been shown twice on WEB today, `next` once
    expect(await shown('C-000003', 'WEB', 1)).toEqual([next]);
    expect(await shown('C-000003', 'WEB', 1)).toEqual([]);
    expect(await shown('C-000003', 'MOBILE', 1)).toEqual([best]);
    now += DAY + 1000;
    expect(await shown('C-000003', 'WEB', 1)).toEqual([best]);
  });

  it('keeps a dismissed offer away for 30 days on every channel, a snoozed one for 7', async () => {
    const start = now;
    const savings = 'savings-account-v1:C-000004';
    const card = (await shown('C-000004', 'KIOSK')).find((id) => id.startsWith('credit-card'))!;
    expect(card).toBeDefined();
    expect(await shown('C-000004', 'KIOSK')).toContain(savings);
    const dismissed = await respond(me('C-000004'), savings, 'DISMISS');
    expect(dismissed.data.respondToOffer).toEqual({ offerId: savings, response: 'DISMISS', hiddenUntil: new Date(start + 30 * DAY).toISOString() });
    const snoozed = await respond(me('C-000004'), card, 'SNOOZE');
    expect(snoozed.data.respondToOffer.hiddenUntil).toBe(new Date(start + 7 * DAY).toISOString());
    let seen = await shown('C-000004', 'STAFF');
    expect(seen).not.toContain(savings);
    expect(seen).not.toContain(card);

    now = start + 7 * DAY + 1000;
    seen = await shown('C-000004', 'MOBILE');
    expect(seen).not.toContain(savings);
    expect(seen).toContain(card);
    now = start + 30 * DAY - 1000;
    expect(await shown('C-000004', 'WEB')).not.toContain(savings);
    now = start + 30 * DAY + 1000;
    expect(await shown('C-000004', 'WEB')).toContain(savings);
  });

  it("answers another customer's offer like an unknown one, and records nothing", async () => {
    const before = await offers.db.query('SELECT count(*)::int AS n FROM responses');
    for (const id of ['savings-account-v1:C-000004', 'savings-account-v1:C-999999']) {
      const body = await respond(me('C-000003'), id, 'DISMISS');
      expect(body.errors?.[0]?.extensions?.code).toBe('OFFER_NOT_FOUND');
      expect(body.errors?.[0]?.message).toBe('No such offer.');
    }
    expect(await offers.db.query('SELECT count(*)::int AS n FROM responses')).toEqual(before);
    expect(await shown('C-000004', 'KIOSK')).toContain('savings-account-v1:C-000004');
  });
});
