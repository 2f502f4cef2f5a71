// The SOAP adapter against the real simulated core: batching counted at the core, business
// failures, deadline, core down, and a transfer.
import { randomUUID } from 'node:crypto';
import { startCoreSimulator, type RunningCoreSimulator } from '../../../core-simulator/src/server';
import { type CoreAccount, CoreClient, type CoreClientConfig, CoreError } from '../src';
import { createLogger } from '../../../lib/logger';
import { parseDecimal } from '../../../lib/money';
import { freePort } from '../../../scripts/lib/processes';
import { failureOf } from './support/core-errors';
import { nth } from '../../../test/support/present';

const CUSTOMER = 'C-000001';
const ctx = { requestId: 'it-1', userId: 'integration' };

let core: RunningCoreSimulator;
let base: string;
let config: CoreClientConfig;
const clients: CoreClient[] = [];

async function admin(path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.ok).toBe(true);
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

async function coreCalls(): Promise<Record<string, number>> {
  return (await admin('/admin/stats')).calls;
}

async function newClient(overrides: Partial<CoreClientConfig> = {}): Promise<CoreClient> {
  const c = await CoreClient.create({ ...config, ...overrides });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  const port = await freePort();
  const logger = createLogger('core-simulator');
  logger.level = 'warn';
  core = await startCoreSimulator({ port, host: '127.0.0.1', seed: 42, customers: 50, anchorDate: '2025-01-31', logger });
  base = core.url;
  // generous: a loaded CI box must not turn a slow first page into a retry (and a second call)
  config = { wsdlUrl: core.wsdlUrl, timeoutMs: 10000, maxConcurrency: 4, readRetries: 2, wsdlWaitMs: 10000 };
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await core?.close();
});

afterEach(async () => {
  await admin('/admin/faults/reset', {});
});

describe('SOAP adapter against the simulated core', () => {
  let accounts: CoreAccount[];

  beforeAll(async () => {
    const client = await newClient();
    accounts = await client.loaders(ctx).accountsOfCustomer.load(CUSTOMER);
  });

  it('lists the 4 accounts of C-000001', () => {
    expect(accounts).toHaveLength(4);
    for (const a of accounts) expect(a.customerId).toBe(CUSTOMER);
  });

  it('loads 4 balances and 4 transaction pages in one tick with ONE QueryAccBal and ONE QueryTransactions', async () => {
    const client = await newClient();
    const loaders = client.loaders(ctx);
    await admin('/admin/stats/reset', {});
    const [balances, pages] = await Promise.all([
      Promise.all(accounts.map((a) => loaders.balance.load(a.accountId))),
      Promise.all(accounts.map((a) => loaders.transactions.load({ accountId: a.accountId, pageSize: 10 }))),
    ]);
    expect(await coreCalls()).toEqual({ QueryAccBal: 1, QueryTransactions: 1 });
    expect(client.stats().QueryAccBal?.calls).toBe(1);
    expect(client.stats().QueryTransactions?.calls).toBe(1);

    expect(balances.map((b) => b.accountId)).toEqual(accounts.map((a) => a.accountId));
    for (const b of balances) {
      expect(b.available).toMatch(/^-?\d+(\.\d+)?$/);
      expect(b.ledger).toMatch(/^-?\d+(\.\d+)?$/);
    }
    expect(pages.map((p) => p.accountId)).toEqual(accounts.map((a) => a.accountId));
    const txns = pages.flatMap((p) => p.transactions);
    expect(txns.length).toBeGreaterThan(0);
    for (const t of txns) {
      expect(typeof t.amount).toBe('string');
      expect(t.amount).toMatch(/^\d+(\.\d+)?$/);
    }
    for (const p of pages) expect(p.transactions.length).toBeLessThanOrEqual(10);
  });

  it('turns an unknown account into ACCOUNT_NOT_FOUND for that key only', async () => {
    const client = await newClient();
    const loaders = client.loaders(ctx);
    await admin('/admin/stats/reset', {});
    const first = nth(accounts, 0).accountId;
    const [known, unknown] = await Promise.allSettled([loaders.balance.load(first), loaders.balance.load('A-DOES-NOT-EXIST')]);
    expect(known).toMatchObject({ status: 'fulfilled', value: { accountId: first } });
    expect(unknown.status).toBe('rejected');
    expect((unknown as PromiseRejectedResult).reason).toBeInstanceOf(CoreError);
    expect((unknown as PromiseRejectedResult).reason).toMatchObject({ code: 'ACCOUNT_NOT_FOUND', operation: 'QueryAccBal' });
    expect(await coreCalls()).toEqual({ QueryAccBal: 1 });
  });

  it('turns an unknown customer into CUSTOMER_NOT_FOUND, without retrying', async () => {
    const client = await newClient();
    await admin('/admin/stats/reset', {});
    expect(await failureOf(client.loaders(ctx).customer.load('C-999999'))).toMatchObject({ code: 'CUSTOMER_NOT_FOUND' });
    expect(await coreCalls()).toEqual({ QueryCustomer: 1 });
  });

  it('fails with CORE_TIMEOUT about timeoutMs after the call when the core is slower', async () => {
    const client = await newClient({ timeoutMs: 300, readRetries: 0 });
    await admin('/admin/faults', { latencyMs: 1200 });
    const start = performance.now();
    const err = await failureOf(client.loaders(ctx).customer.load(CUSTOMER));
    const ms = performance.now() - start;
    expect(err).toMatchObject({ code: 'CORE_TIMEOUT', operation: 'QueryCustomer' });
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(900);
    // the core still sits on the abandoned call; let it finish before the next test
    const deadline = Date.now() + 5000;
    while ((await admin('/admin/stats')).totals.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  });

  it("keeps within the core sessions: no SESSION_LIMIT with maxConcurrency equal to the core's sessions", async () => {
    const client = await newClient({ maxConcurrency: 2 });
    await admin('/admin/faults', { maxSessions: 2, sessionWaitMs: 0, latencyMs: 60 });
    await admin('/admin/stats/reset', {});
    const ids = Array.from({ length: 10 }, (_, i) => `C-${String(i + 1).padStart(6, '0')}`);
    const customers = await Promise.all(ids.map((id) => client.loaders(ctx).customer.load(id)));
    expect(customers.map((c) => c.customerId)).toEqual(ids);
    const stats = await admin('/admin/stats');
    expect(stats.calls).toEqual({ QueryCustomer: 10 });
    expect(stats.totals.sessionLimit).toBe(0);
    expect(stats.totals.maxInFlight).toBeLessThanOrEqual(2);
  });

  it('answers CORE_UNAVAILABLE when the core is down', async () => {
    const client = await newClient({ readRetries: 1 });
    await admin('/admin/faults', { down: true });
    expect(await failureOf(client.loaders(ctx).accountsOfCustomer.load(CUSTOMER))).toMatchObject({ code: 'CORE_UNAVAILABLE', retryable: true });
    expect(client.stats().QueryAccSumm).toMatchObject({ calls: 2, errors: 2, retries: 1 });
  });

  it('finds a card by PAN and the cards of a customer, with masked PANs only', async () => {
    const { cards } = await admin(`/admin/cards?customerId=${CUSTOMER}`);
    expect(cards.length).toBeGreaterThan(0);
    const client = await newClient();
    const loaders = client.loaders(ctx);
    const [byPan, ofCustomer, none] = await Promise.all([
      loaders.cardByPan.load(cards[0].pan),
      loaders.cardsOfCustomer.load(CUSTOMER),
      loaders.cardByPan.load('4000000000000002'),
    ]);
    expect(byPan).toMatchObject({ cardId: cards[0].cardId, customerId: CUSTOMER, maskedPan: cards[0].maskedPan });
    expect(byPan!.maskedPan).not.toBe(cards[0].pan);
    expect(ofCustomer.map((c) => c.cardId).sort()).toEqual(cards.map((c: { cardId: string }) => c.cardId).sort());
    for (const c of ofCustomer) expect(Number.isInteger(c.expiryMonth) && Number.isInteger(c.expiryYear)).toBe(true);
    expect(none).toBeNull();
  });

  it('books a transfer, and answers a repeat of the same reference with the first result', async () => {
    const client = await newClient();
    const from = accounts.find((a) => a.type === 'CURRENT' && a.status === 'ACTIVE');
    const to = accounts.find((a) => a !== from && a.status === 'ACTIVE' && a.currency === from?.currency && a.type !== 'LOAN');
    expect(from).toBeDefined();
    expect(to).toBeDefined();
    const req = {
      fromAccountId: from!.accountId,
      toAccountId: to!.accountId,
      amount: '1.25',
      currency: from!.currency,
      narrative: 'integration',
      callerReference: randomUUID(),
    };
    await admin('/admin/stats/reset', {});
    const first = await client.createTransaction(req, ctx);
    expect(first).toMatchObject({ callerReference: req.callerReference, amount: '1.25', currency: from!.currency, replayed: false });
    expect(['BOOKED', 'PENDING']).toContain(first.status);
    expect(first.txnId).toBeTruthy();
    const again = await client.createTransaction(req, ctx);
    expect(again).toMatchObject({ txnId: first.txnId, replayed: true });
    expect(await coreCalls()).toEqual({ CreateTransaction: 2 });
  });

  it('v1.1: several filtered queries about one account share ONE QueryTransactions call, each row with its own key', async () => {
    const client = await newClient();
    const l = client.loaders(ctx);
    const id = nth(accounts, 0).accountId;
    await admin('/admin/stats/reset', {});
    const [plain, debits, credits, cheap] = await Promise.all([
      l.transactions.load({ accountId: id, pageSize: 20 }),
      l.transactions.load({ accountId: id, pageSize: 20, direction: 'DEBIT', fromDate: '2025-01-01', toDate: '2025-01-31' }),
      l.transactions.load({ accountId: id, pageSize: 20, direction: 'CREDIT' }),
      l.transactions.load({ accountId: id, pageSize: 20, maxAmount: '5.00', mccs: ['5411', '5814'] }),
    ]);
    expect(await coreCalls()).toEqual({ QueryTransactions: 1 });
    expect(plain.transactions).toHaveLength(20);
    expect(debits.transactions.every((t) => t.direction === 'DEBIT' && t.bookedAt >= '2025-01-01' && t.bookedAt < '2025-02-01')).toBe(true);
    expect(credits.transactions.length).toBeGreaterThan(0);
    expect(credits.transactions.every((t) => t.direction === 'CREDIT')).toBe(true);
    expect(cheap.transactions.every((t) => ['5411', '5814'].includes(t.merchant?.mcc ?? '') && parseDecimal(t.amount, t.currency).minor <= 500n)).toBe(true);
    // a row's own key continues right after it
    const third = nth(plain.transactions, 2);
    expect(third.key).toBeTruthy();
    const next = await client.loaders(ctx).transactions.load({ accountId: id, pageSize: 3, afterKey: third.key });
    expect(next.transactions.map((t) => t.txnId)).toEqual(plain.transactions.slice(3, 6).map((t) => t.txnId));
  });

  it('v1.1: sends a payment message with an outbound transfer; the core keeps it and says OUTBOUND', async () => {
    const client = await newClient();
    const from = accounts.find((a) => a.type === 'CURRENT' && a.currency === 'EUR')!;
    const req = {
      fromAccountId: from.accountId,
      toIban: 'NL91ABNA0417164300',
      toName: 'Jan de Vries',
      amount: '2.00',
      currency: 'EUR',
      callerReference: randomUUID(),
      paymentMessage: '<Document>pain & more</Document>',
    };
    const res = await client.createTransaction(req, ctx);
    expect(res.route).toBe('OUTBOUND');
    const kept = await admin(`/admin/payments?txnId=${res.txnId}`);
    expect(kept.payments).toEqual([
      expect.objectContaining({ txnId: res.txnId, toIban: 'NL91ABNA0417164300', amount: '2.00', message: '<Document>pain & more</Document>' }),
    ]);
  });
});
