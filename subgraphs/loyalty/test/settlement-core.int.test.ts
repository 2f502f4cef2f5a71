// Daily cash-back settlement against the simulated core (a real process, SOAP over loopback):
// the day's cash back lands on each customer's current account with reference
// CASHBACK-<customerId>-<date>, paid from the simulator's GL-LOYALTY-EUR account, and a re-run pays
// nothing more: the core's own call counter and the account balances prove it.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { CoreClient } from '../../../legacy-adapters/soap/src';
import { parseDecimal } from '../../../lib/money';
import { startLoyalty, type RunningLoyalty } from '../src/server';
import { coreClientPort } from '../src/adapters/core';
import { assertLedgerInvariants } from '../src/db/ledger/invariants';
import { freePort, startProcess, tempDir, type RunningProcess } from '../../../scripts/lib/processes';
import { coreStats } from '../../../test/support/stack';
import { assertPgliteUsableUnderJest } from '../../../test/support/pglite-under-jest';
import { advice } from './support/programme';

jest.setTimeout(90000);

const DAY = '2025-03-15';
const FUNDING = 'GL-LOYALTY-EUR';
let dir: string;
let core: RunningProcess;
let coreUrl: string;
let client: CoreClient;
let loyalty: RunningLoyalty;
const clock = { now: new Date(`${DAY}T10:00:00Z`) };

async function available(accountId: string): Promise<bigint> {
  const b = await client.loaders({ requestId: 'test' }).balance.load(accountId);
  return parseDecimal(b.available, b.currency).minor;
}

async function accountOf(customerId: string, type: string, currency = 'EUR'): Promise<string> {
  const accounts = await client.loaders({ requestId: 'test' }).accountsOfCustomer.load(customerId);
  const a = accounts.find((x) => x.type === type && x.currency === currency && x.status === 'ACTIVE');
  if (!a) throw new Error(`${customerId} has no ${type} ${currency}`);
  return a.accountId;
}

beforeAll(async () => {
  assertPgliteUsableUnderJest();
  process.env.LOG_LEVEL ??= 'warn';
  dir = tempDir('corebridge-loyalty-settlement-');
  const port = await freePort();
  coreUrl = `http://127.0.0.1:${port}`;
  core = await startProcess(
    'core',
    'core-simulator/src/main.ts',
    { CORE_PORT: String(port), CORE_OPS_PORT: '0', CORE_CUSTOMERS: '200', CORE_ANCHOR_DATE: DAY },
    `${coreUrl}/health`,
    30_000,
  );
  client = await CoreClient.create({ wsdlUrl: `${coreUrl}/core?wsdl`, timeoutMs: 5000, maxConcurrency: 4, readRetries: 1 });
  loyalty = await startLoyalty({
    port: await freePort(),
    dataDir: join(dir, 'data'),
    keysDir: join(dir, 'keys'),
    seedDemo: false,
    core: coreClientPort(client),
    fundingAccounts: { EUR: FUNDING },
    clock: () => clock.now,
  });
});

afterAll(async () => {
  await loyalty?.close();
  await client?.close();
  await core?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('cash-back settlement against the core', () => {
  it('pays the day once; a re-run makes no CreateTransaction call and moves no money', async () => {
    const c1 = await accountOf('C-000001', 'CURRENT');
    const c3 = await accountOf('C-000003', 'CURRENT');
    await loyalty.sink.apply(advice({ customerId: 'C-000001', amountMinor: 12345n, mcc: '5411' })); // 2.46
    await loyalty.sink.apply(advice({ customerId: 'C-000001', amountMinor: 5000n })); // 0.50
    await loyalty.sink.apply(advice({ customerId: 'C-000003', amountMinor: 9999n })); // 0.99
    await loyalty.sink.apply(advice({ customerId: 'C-000004', amountMinor: 50n })); // earns nothing
    const before = { c1: await available(c1), c3: await available(c3), gl: await available(FUNDING), calls: (await coreStats(coreUrl)).CreateTransaction ?? 0 };

    clock.now = new Date('2025-03-16T00:30:00Z');
    const first = await loyalty.settlement.settleDay(DAY);
    expect(first.paid).toEqual([
      { customerId: 'C-000001', currency: 'EUR', amount: '2.96', reference: `CASHBACK-C-000001-${DAY}`, replayed: false },
      { customerId: 'C-000003', currency: 'EUR', amount: '0.99', reference: `CASHBACK-C-000003-${DAY}`, replayed: false },
    ]);
    expect(first.skipped).toEqual([]);
    expect((await coreStats(coreUrl)).CreateTransaction).toBe(before.calls + 2);
    expect(await available(c1)).toBe(before.c1 + 296n);
    expect(await available(c3)).toBe(before.c3 + 99n);
    expect(await available(FUNDING)).toBe(before.gl - 395n);
    expect(await loyalty.ledger.balanceOf('CUSTOMER_CASHBACK_PENDING', 'EUR', 'C-000001')).toBe(0n);

    const again = await loyalty.settlement.settleDay(DAY);
    expect(again.paid).toEqual([]);
    expect((await coreStats(coreUrl)).CreateTransaction).toBe(before.calls + 2);
    expect(await available(c1)).toBe(before.c1 + 296n);
    expect(await available(c3)).toBe(before.c3 + 99n);
    expect(await available(FUNDING)).toBe(before.gl - 395n);
    await assertLedgerInvariants(loyalty.ledger, loyalty.db);
  });

  it('counts distinct product types and tenure from QueryAccSumm for the tier', async () => {
    const standing = await loyalty.tiers.standing('C-000001');
    // C-000001: CURRENT, SAVINGS, CARD (3 types), 13 years with the bank (capped at 30)
    expect(standing.signals).toMatchObject({ productTypes: 3, tenureYears: 13 });
    expect(standing.tier).toBe('GOLD');
  });
});
