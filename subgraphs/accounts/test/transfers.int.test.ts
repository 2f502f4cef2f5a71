// Transfers through the accounts subgraph against the simulated core: own accounts, P2P, another
// bank (pain.001 schema-checked), idempotency (replay, reuse, concurrency) and every refusal code
// with "nothing moved" proven by balances and the core's transaction count.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import type { RunningAccounts } from '../src/server';
import { useAccountsSuite, type Harness } from './support/harness';
import { nth } from '../../../test/support/present';

const TRANSFER = `mutation($input: TransferInput!) {
  transfer(input: $input) { transactionId status route amount { amount currency } bookedAt replayed fromAccount { id balance { available { amount currency } } } }
}`;
const PAIN001_XSD = readFileSync(join(__dirname, '..', '..', '..', 'legacy-adapters', 'iso20022', 'xsd', 'pain.001.001.03.xsd'), 'utf8');
const EXTERNAL_IBAN = 'GB82WEST12345698765432';

// a loaded machine (shared CI box) must not turn a slow first answer into a failure
jest.setTimeout(60000);

let h: Harness;
let accounts: RunningAccounts;
let seq = 0;
const key = () => `it-key-${Date.now()}-${++seq}`;

/** A customer's first two account ids in the core's order: every customer these tests pick has two or more. */
function accountIds(customerId: string): [string, string] {
  const [first, second] = h.accountIds(customerId);
  if (first === undefined || second === undefined) throw new Error(`${customerId} has fewer than two accounts in the simulated core`);
  return [first, second];
}
function ibanOf(accountId: string): string {
  return h.core.data.dataset.accountById.get(accountId)!.iban;
}
/** available balance in minor units, read from the core itself */
function available(accountId: string): bigint {
  return h.core.data.balance(h.core.data.dataset.accountById.get(accountId)!).availableMinor;
}
function snapshot<const T extends readonly string[]>(ids: T) {
  // map keeps the length: one balance per id, so a tuple of ids gives a tuple of balances
  return { balances: ids.map(available) as { -readonly [K in keyof T]: bigint }, created: h.core.data.createdTransactions };
}

async function send(customerId: string, input: Record<string, unknown>) {
  const { body } = await h.ask(accounts, customerId, TRANSFER, { input });
  return body;
}

async function refused(customerId: string, input: Record<string, unknown>, watch: string[]) {
  const before = snapshot(watch);
  const body = await send(customerId, input);
  expect(body.data?.transfer ?? null).toBeNull();
  expect(snapshot(watch)).toEqual(before);
  return body.errors?.[0];
}

useAccountsSuite((suite) => ({ h, accounts } = suite));

describe('transfers', () => {
  it('moves money between own accounts, once per idempotency key, and replays the first result', async () => {
    const [current, savings] = accountIds('C-000001');
    const before = snapshot([current, savings]);
    const input = {
      fromAccountId: current,
      to: { accountId: savings },
      amount: { amount: '10.50', currency: 'EUR' },
      reference: 'To savings',
      idempotencyKey: key(),
    };
    const first = await send('C-000001', input);
    expect(first.errors).toBeUndefined();
    expect(first.data.transfer).toMatchObject({ route: 'OWN_ACCOUNTS', status: 'BOOKED', replayed: false, amount: { amount: '10.50', currency: 'EUR' } });
    expect(snapshot([current, savings])).toEqual({ balances: [before.balances[0] - 1050n, before.balances[1] + 1050n], created: before.created + 2 });
    // the same request again: the first result, no second debit
    const again = await send('C-000001', { ...input, amount: { amount: '10.5', currency: 'EUR' } });
    expect(again.data.transfer.transactionId).toBe(first.data.transfer.transactionId);
    expect(again.data.transfer.replayed).toBe(true);
    expect(snapshot([current, savings])).toEqual({ balances: [before.balances[0] - 1050n, before.balances[1] + 1050n], created: before.created + 2 });
    // the response's balance is fresh, not a cached or pre-transfer one
    expect(again.data.transfer.fromAccount.balance.available.amount).toBe((Number(before.balances[0] - 1050n) / 100).toFixed(2));
  });

  it('refuses the same key with a different input: IDEMPOTENCY_KEY_REUSED, nothing moved', async () => {
    const [current, savings] = accountIds('C-000001');
    const k = key();
    const ok = await send('C-000001', { fromAccountId: current, to: { accountId: savings }, amount: { amount: '1.00', currency: 'EUR' }, idempotencyKey: k });
    expect(ok.errors).toBeUndefined();
    const err = await refused(
      'C-000001',
      { fromAccountId: current, to: { accountId: savings }, amount: { amount: '2.00', currency: 'EUR' }, idempotencyKey: k },
      [current, savings],
    );
    expect(err?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('keys are per customer: the same key from another customer is a new transfer', async () => {
    const k = key();
    const [a1, a2] = accountIds('C-000001');
    const [b1, b2] = accountIds('C-000002');
    const x = await send('C-000001', { fromAccountId: a1, to: { accountId: a2 }, amount: { amount: '1.00', currency: 'EUR' }, idempotencyKey: k });
    const y = await send('C-000002', { fromAccountId: b1, to: { accountId: b2 }, amount: { amount: '1.00', currency: 'EUR' }, idempotencyKey: k });
    expect(x.errors).toBeUndefined();
    expect(y.errors).toBeUndefined();
    expect(y.data.transfer.transactionId).not.toBe(x.data.transfer.transactionId);
  });

  it('two concurrent identical requests debit once', async () => {
    const [current, savings] = accountIds('C-000001');
    const before = snapshot([current, savings]);
    const input = { fromAccountId: current, to: { accountId: savings }, amount: { amount: '3.33', currency: 'EUR' }, idempotencyKey: key() };
    const [x, y] = await Promise.all([send('C-000001', input), send('C-000001', input)]);
    expect(x.errors).toBeUndefined();
    expect(y.errors).toBeUndefined();
    expect(x.data.transfer.transactionId).toBe(y.data.transfer.transactionId);
    expect([x.data.transfer.replayed, y.data.transfer.replayed].sort()).toEqual([false, true]);
    expect(snapshot([current, savings]).balances).toEqual([before.balances[0] - 333n, before.balances[1] + 333n]);
  });

  it('pays another customer of the bank by IBAN (P2P, both legs booked here)', async () => {
    const [from] = accountIds('C-000001');
    const [to] = accountIds('C-000002');
    const before = snapshot([from, to]);
    const body = await send('C-000001', {
      fromAccountId: from,
      to: {
        iban: ibanOf(to)
          .replace(/(.{4})/g, '$1 ')
          .trim(),
        name: 'Jonas Becker',
      },
      amount: { amount: '20.00', currency: 'EUR' },
      reference: 'Dinner',
      idempotencyKey: key(),
    });
    expect(body.errors).toBeUndefined();
    expect(body.data.transfer.route).toBe('INTERNAL');
    expect(snapshot([from, to]).balances).toEqual([before.balances[0] - 2000n, before.balances[1] + 2000n]);
    // the core keeps no outbound message for a payment that stayed inside the bank
    const res = (await (await fetch(`${h.core.url}/admin/payments?txnId=${body.data.transfer.transactionId}`)).json()) as { payments: unknown[] };
    expect(res.payments).toEqual([]);
  });

  it('pays another bank with a pain.001 the core keeps, valid against the ISO 20022 schema', async () => {
    const [from] = accountIds('C-000001');
    const before = available(from);
    const body = await send('C-000001', {
      fromAccountId: from,
      to: { iban: EXTERNAL_IBAN, name: 'Jane Smith & Söhne' },
      amount: { amount: '123.45', currency: 'EUR' },
      reference: 'Invoice 2025/7',
      idempotencyKey: key(),
    });
    expect(body.errors).toBeUndefined();
    expect(body.data.transfer.route).toBe('OUTBOUND');
    expect(available(from)).toBe(before - 12345n);
    const res = (await (await fetch(`${h.core.url}/admin/payments?txnId=${body.data.transfer.transactionId}`)).json()) as {
      payments: Array<{ message: string; amount: string; toIban: string }>;
    };
    expect(res.payments).toHaveLength(1);
    const payment = nth(res.payments, 0);
    expect(payment).toMatchObject({ amount: '123.45', toIban: EXTERNAL_IBAN });
    const check = await validateXML({
      xml: [{ fileName: 'payment.xml', contents: payment.message }],
      schema: [{ fileName: 'pain.001.001.03.xsd', contents: PAIN001_XSD }],
    });
    expect(check.errors).toEqual([]);
    expect(check.valid).toBe(true);
    expect(payment.message).toContain(`<IBAN>${EXTERNAL_IBAN}</IBAN>`);
    expect(payment.message).toContain(`<IBAN>${ibanOf(from)}</IBAN>`);
    expect(payment.message).toContain('<InstdAmt Ccy="EUR">123.45</InstdAmt>');
    expect(payment.message).toContain('<Nm>Jane Smith + Sohne</Nm>');
  });

  it('INSUFFICIENT_FUNDS: nothing moved', async () => {
    const [eur] = accountIds('C-000005');
    const err = await refused(
      'C-000005',
      { fromAccountId: eur, to: { iban: EXTERNAL_IBAN, name: 'Jane Smith' }, amount: { amount: '100.00', currency: 'EUR' }, idempotencyKey: key() },
      [eur],
    );
    expect(err?.extensions?.code).toBe('INSUFFICIENT_FUNDS');
  });

  it('ACCOUNT_CLOSED: nothing moved', async () => {
    const [current, closedSavings] = accountIds('C-000004');
    expect(h.core.data.dataset.accountById.get(closedSavings)!.status).toBe('CLOSED');
    const err = await refused(
      'C-000004',
      { fromAccountId: closedSavings, to: { accountId: current }, amount: { amount: '1.00', currency: 'EUR' }, idempotencyKey: key() },
      [current, closedSavings],
    );
    expect(err?.extensions?.code).toBe('ACCOUNT_CLOSED');
    const err2 = await refused(
      'C-000004',
      { fromAccountId: current, to: { accountId: closedSavings }, amount: { amount: '1.00', currency: 'EUR' }, idempotencyKey: key() },
      [current, closedSavings],
    );
    expect(err2?.extensions?.code).toBe('ACCOUNT_CLOSED');
  });

  it('CURRENCY_MISMATCH (amount currency, or an account in another currency): nothing moved', async () => {
    const [eur, usd] = accountIds('C-000005');
    const e1 = await refused('C-000005', { fromAccountId: eur, to: { accountId: usd }, amount: { amount: '1.00', currency: 'EUR' }, idempotencyKey: key() }, [
      eur,
      usd,
    ]);
    expect(e1?.extensions?.code).toBe('CURRENCY_MISMATCH');
    const e2 = await refused(
      'C-000005',
      { fromAccountId: usd, to: { iban: EXTERNAL_IBAN, name: 'Jane Smith' }, amount: { amount: '1.00', currency: 'EUR' }, idempotencyKey: key() },
      [eur, usd],
    );
    expect(e2?.extensions?.code).toBe('CURRENCY_MISMATCH');
    const e3 = await refused(
      'C-000005',
      { fromAccountId: eur, to: { iban: EXTERNAL_IBAN, name: 'Jane Smith' }, amount: { amount: '1.00', currency: 'XYZ' }, idempotencyKey: key() },
      [eur, usd],
    );
    expect(e3?.extensions?.code).toBe('CURRENCY_MISMATCH');
  });

  it.each([['0'], ['0.00'], ['-5.00'], ['1.001'], ['abc'], ['1e3']])('INVALID_AMOUNT for %s: nothing moved', async (amount) => {
    const [current, savings] = accountIds('C-000001');
    const err = await refused('C-000001', { fromAccountId: current, to: { accountId: savings }, amount: { amount, currency: 'EUR' }, idempotencyKey: key() }, [
      current,
      savings,
    ]);
    expect(err?.extensions?.code).toBe('INVALID_AMOUNT');
  });

  it("ACCOUNT_NOT_FOUND for an unknown account and, identically, for another customer's: nothing moved", async () => {
    const [own] = accountIds('C-000001');
    const [othersCurrent] = accountIds('C-000002');
    const watch = [own, othersCurrent];
    const unknownFrom = await refused(
      'C-000001',
      { fromAccountId: 'A-9999999', to: { accountId: own }, amount: { amount: '1.00', currency: 'EUR' }, idempotencyKey: key() },
      watch,
    );
    const othersFrom = await refused(
      'C-000001',
      { fromAccountId: othersCurrent, to: { accountId: own }, amount: { amount: '1.00', currency: 'EUR' }, idempotencyKey: key() },
      watch,
    );
    const unknownTo = await refused(
      'C-000001',
      { fromAccountId: own, to: { accountId: 'A-9999999' }, amount: { amount: '1.00', currency: 'EUR' }, idempotencyKey: key() },
      watch,
    );
    const othersTo = await refused(
      'C-000001',
      { fromAccountId: own, to: { accountId: othersCurrent }, amount: { amount: '1.00', currency: 'EUR' }, idempotencyKey: key() },
      watch,
    );
    for (const e of [unknownFrom, othersFrom, unknownTo, othersTo]) expect(e?.extensions?.code).toBe('ACCOUNT_NOT_FOUND');
    expect(othersFrom).toEqual(unknownFrom);
    expect(othersTo).toEqual(unknownTo);
  });

  it('INVALID_IBAN: nothing moved', async () => {
    const [own] = accountIds('C-000001');
    for (const iban of ['DE89370400440532013001', 'XX00', 'GB82WEST1234569876543']) {
      const err = await refused(
        'C-000001',
        { fromAccountId: own, to: { iban, name: 'Jane Smith' }, amount: { amount: '1.00', currency: 'EUR' }, idempotencyKey: key() },
        [own],
      );
      expect(err?.extensions?.code).toBe('INVALID_IBAN');
    }
  });

  it('BAD_USER_INPUT for an ambiguous destination, a missing name or a bad key: nothing moved', async () => {
    const [own, savings] = accountIds('C-000001');
    const cases = [
      { fromAccountId: own, to: { accountId: savings, iban: EXTERNAL_IBAN, name: 'X' }, amount: { amount: '1.00', currency: 'EUR' }, idempotencyKey: key() },
      { fromAccountId: own, to: {}, amount: { amount: '1.00', currency: 'EUR' }, idempotencyKey: key() },
      { fromAccountId: own, to: { iban: EXTERNAL_IBAN }, amount: { amount: '1.00', currency: 'EUR' }, idempotencyKey: key() },
      { fromAccountId: own, to: { accountId: own }, amount: { amount: '1.00', currency: 'EUR' }, idempotencyKey: key() },
      { fromAccountId: own, to: { accountId: savings }, amount: { amount: '1.00', currency: 'EUR' }, idempotencyKey: 'short' },
    ];
    for (const input of cases) expect((await refused('C-000001', input, [own, savings]))?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a transfer drops the cached account and card lists of the customer', async () => {
    const [current, savings] = accountIds('C-000002');
    const read = () => h.ask(accounts, 'C-000002', '{ me { accounts { id } cards { id } } }');
    await read();
    await h.resetCoreStats();
    await read();
    expect((await h.coreCalls()).QueryAccSumm ?? 0).toBe(0);
    const body = await send('C-000002', {
      fromAccountId: current,
      to: { accountId: savings },
      amount: { amount: '1.00', currency: 'EUR' },
      idempotencyKey: key(),
    });
    expect(body.errors).toBeUndefined();
    await h.resetCoreStats();
    await read();
    const calls = await h.coreCalls();
    expect(calls.QueryAccSumm).toBe(1);
    expect(calls.QueryCard).toBe(1);
  });
});
