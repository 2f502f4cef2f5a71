// Real ISO 8583 bytes over TCP to the loyalty service's card feed (in-process, embedded store),
// cards resolved through the core simulator's QueryCard; then the loyalty subgraph's GraphQL
// answer shows exactly the expected cash back and points, and the ledger invariants hold.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { encode, formatOriginalData, frame, type IsoMessage } from '../../../legacy-adapters/iso8583/src';
import { InternalTokenSigner } from '../../../lib/internal-auth';
import { startCoreSimulator, type RunningCoreSimulator } from '../../../core-simulator/src/server';
import { SwitchClient } from '../../../core-simulator/src/card-switch/switch-client';
import {
  asciiName,
  asRepeat,
  cardsOfDataset,
  planTraffic,
  type SwitchCard,
  transmissionOf,
  type Purchase,
} from '../../../core-simulator/src/card-switch/traffic';
import { CardSwitchDriver } from '../../../core-simulator/src/card-switch/driver';
import { expectedTotals } from '../../../core-simulator/src/card-switch/expected';
import { startLoyalty, type RunningLoyalty } from '../src/server';
import type { PartnersPort } from '../src/adapters/partners';
import { assertLedgerInvariants } from '../src/db/ledger/invariants';
import { freePort, tempDir } from '../../../scripts/lib/processes';
import { loyaltyStanding, type Standing } from './support/card-feed';
import { assertPgliteUsableUnderJest } from '../../../test/support/pglite-under-jest';
import { nth } from '../../../test/support/present';

const PARTNER_MERCHANT = 'M-00010';
const partners: PartnersPort = {
  merchants: async () => [{ partnerId: 'P-FEED-TEST', merchantIds: [PARTNER_MERCHANT], earnBoost: '3' }],
  issueReward: async () => ({ ok: false, code: 'REWARD_NOT_FOUND' }),
  releaseReward: async () => false,
};

let dir: string;
let sim: RunningCoreSimulator;
let loyalty: RunningLoyalty;
let signer: InternalTokenSigner;

const standing = (customerId: string) => loyaltyStanding(loyalty.url, signer, customerId);

beforeAll(async () => {
  assertPgliteUsableUnderJest();
  process.env.LOG_LEVEL ??= 'warn';
  dir = tempDir('corebridge-card-feed-');
  sim = await startCoreSimulator({ port: 0, customers: 300, seed: 42 });
  signer = await InternalTokenSigner.fromKeysDir(join(dir, 'keys'));
  loyalty = await startLoyalty({
    port: await freePort(),
    dataDir: join(dir, 'data'),
    keysDir: join(dir, 'keys'),
    partners,
    coreConfig: { wsdlUrl: sim.wsdlUrl, timeoutMs: 5000, maxConcurrency: 8, readRetries: 1 },
    feedPort: 0,
  });
}, 90000);

afterAll(async () => {
  await loyalty?.close();
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let stan = 500_000;
let rrn = 0;
function advice(mti: string, card: SwitchCard, amountMinor: number, merchantId: string, mcc: string, extra: Record<number, string> = {}): IsoMessage {
  const fields = new Map<number, string>([
    [2, card.pan],
    [3, '000000'],
    [4, String(amountMinor).padStart(12, '0')],
    [7, transmissionOf(new Date())],
    [11, String(++stan)],
    [18, mcc],
    [32, '400777'],
    [37, `FEEDT${String(++rrn).padStart(7, '0')}`],
    [42, merchantId.padEnd(15)],
    [43, asciiName(`Shop ${merchantId}`)],
    [49, '978'],
  ]);
  for (const [k, v] of Object.entries(extra)) fields.set(Number(k), v);
  return { mti, fields };
}

describe('card feed -> ledger -> GraphQL', () => {
  it('purchases at both rates, a repeat, a reversal before its original, an authorisation, echo and malformed frames', async () => {
    const ds = sim.data.dataset;
    const card = nth(cardsOfDataset(ds, ['C-000003']), 0);
    const before = await standing('C-000003');
    expect(before.scoreNeeded).toBeGreaterThan(6); // the tier cannot move during this scenario
    const client = await SwitchClient.connect('127.0.0.1', (loyalty.feed as { port: number }).port);
    const code = async (m: IsoMessage) => {
      const r = await client.request(m);
      return `${r.mti}:${r.fields.get(39)}`;
    };

    expect(
      await code({
        mti: '0800',
        fields: new Map([
          [7, transmissionOf(new Date())],
          [11, '000001'],
          [70, '301'],
        ]),
      }),
    ).toBe('0810:00');
    // 2 %: 123.45 at a supermarket -> 2.46 cash back, 123 points
    expect(await code(advice('0220', card, 12345, 'M-00001', '5411'))).toBe('0230:00');
    // 1 %: 99.99 elsewhere -> 0.99, 99 points; then its repeat and a plain re-send earn nothing more
    const other = advice('0220', card, 9999, 'M-00002', '5999');
    expect(await code(other)).toBe('0230:00');
    expect(await code(asRepeat(other))).toBe('0230:00');
    expect(await code(other)).toBe('0230:00');
    // a reversal that overtakes its original (50.00 at a restaurant): held, then both cancel out
    const original = advice('0220', card, 5000, 'M-00003', '5812');
    const reversal = advice('0420', card, 5000, 'M-00003', '5812', {
      37: original.fields.get(37) as string,
      90: formatOriginalData({ mti: '0220', stan: original.fields.get(11) as string, transmission: original.fields.get(7) as string, acquirer: '400777' }),
    });
    expect(await code(reversal)).toBe('0430:00');
    expect(await code(original)).toBe('0230:00');
    expect(await code(asRepeat(reversal))).toBe('0430:00');
    // a partner merchant: 20.00 -> 0.20 cash back, 20 x 3 points
    expect(await code(advice('0220', card, 2000, PARTNER_MERCHANT, '5999'))).toBe('0230:00');
    // an authorisation, then the purchase it announced (same RRN): the hold ends, 10.00 -> 0.10, 10 points
    const auth = advice('0120', card, 1000, 'M-00004', '5999');
    expect(await code(auth)).toBe('0130:00');
    expect(await code(advice('0220', card, 1000, 'M-00004', '5999', { 37: auth.fields.get(37) as string }))).toBe('0230:00');

    // malformed: letters in the MCC (answered 30), an unknown card (14), garbage without MTI (dropped)
    const bad = advice('0220', card, 777, 'M-00001', '5411');
    const bytes = Buffer.from(encode(bad));
    bytes[bytes.toString('latin1').indexOf('5411064007')] = 'X'.charCodeAt(0);
    expect((await client.sendRaw(frame(bytes), bad.fields.get(11) as string)).fields.get(39)).toBe('30');
    expect(await code(advice('0220', { ...card, pan: '4165980000000000' }, 777, 'M-00001', '5411'))).toBe('0230:14');
    client.write(frame(Buffer.from('garbage')));
    expect(
      await code({
        mti: '0800',
        fields: new Map([
          [7, transmissionOf(new Date())],
          [11, '000002'],
          [70, '301'],
        ]),
      }),
    ).toBe('0810:00');
    // framing lost on a second connection: it is closed, the first one goes on
    const broken = await SwitchClient.connect('127.0.0.1', (loyalty.feed as { port: number }).port);
    broken.write(encode(bad));
    await broken.closed;
    client.destroy();

    const after = await standing('C-000003');
    expect(after.multiplierBp).toBe(before.multiplierBp);
    const tier = (p: bigint) => (p * before.multiplierBp) / 10000n;
    expect(after.lifetimeMinor - before.lifetimeMinor).toBe(246n + 99n + 20n + 10n);
    expect(after.points - before.points).toBe(tier(123n) + tier(99n) + tier(60n) + tier(10n));
    await assertLedgerInvariants(loyalty.ledger);
  }, 90000);

  it("the simulated switch: a seeded traffic mix over 3 connections ends with the oracle's totals exactly", async () => {
    const customers = ['C-000002', 'C-000004', 'C-000010', 'C-000011'];
    const cards = cardsOfDataset(sim.data.dataset, customers);
    const before = new Map<string, Standing>();
    for (const c of customers) before.set(c, await standing(c));
    const plan = planTraffic({
      cards,
      count: 40,
      seed: 4242,
      authShare: 0.3,
      reversalShare: 0.2,
      earlyReversalShare: 0.5,
      repeatShare: 0.15,
      partnerMerchantIds: [PARTNER_MERCHANT],
      partnerShare: 0.2,
    });
    const perCustomer = new Map<string, number>();
    for (const p of plan.purchases) perCustomer.set(p.card.customerId, (perCustomer.get(p.card.customerId) ?? 0) + 1);
    for (const [c, n] of perCustomer) expect((before.get(c) as Standing).scoreNeeded).toBeGreaterThan(n);

    const driver = new CardSwitchDriver({ host: '127.0.0.1', port: (loyalty.feed as { port: number }).port, ratePerSecond: 200, connections: 3 });
    const report = await driver.run(plan.messages);
    await driver.close();
    expect(report).toMatchObject({ acknowledged: plan.messages.length, unanswered: 0 });

    const expected = expectedTotals(plan.purchases, (c) => (before.get(c) as Standing).multiplierBp);
    for (const [c, t] of expected) {
      const after = await standing(c);
      expect({
        c,
        cashBack: after.lifetimeMinor - (before.get(c) as Standing).lifetimeMinor,
        points: after.points - (before.get(c) as Standing).points,
      }).toEqual({ c, cashBack: t.cashBackMinor, points: t.points });
    }
    expect(plan.purchases.some((p: Purchase) => p.reversed)).toBe(true);
    await assertLedgerInvariants(loyalty.ledger);
  }, 90000);
});
