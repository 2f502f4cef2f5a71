// Free inputs are bounded before any work: a 60,000-digit minAmount, an over-long filter text,
// cursor, id, currency or transfer field is refused with a registry code naming the argument,
// and the core is asked nothing (counted by the simulator). Before, the subgraph read the
// customer's accounts from the core first and only then looked at the filter, and a huge amount
// went through big-number arithmetic to the core as its MinAmount.
import type { RunningAccounts } from '../../src/server';
import { type Harness, totalCalls, useAccountsSuite } from '../support/harness';
import { nth } from '../../../../test/support/present';

jest.setTimeout(60000);

let h: Harness;
let accounts: RunningAccounts;
useAccountsSuite((suite) => ({ h, accounts } = suite), { accounts: { cacheTtlMs: 0 } });

const CUSTOMER = 'C-000001';
const PAGE = `query Page($id: ID!, $first: Int, $after: String, $filter: TransactionFilter) {
  account(id: $id) { transactions(first: $first, after: $after, filter: $filter) { edges { node { id } } } } }`;
const DASHBOARD_FILTER = (minAmount: string) => `{ me { accounts { id transactions(filter: { minAmount: "${minAmount}" }) { edges { node { id } } } } } }`;
const TRANSFER = `mutation T($input: TransferInput!) { transfer(input: $input) { transactionId } }`;
const writer = { subject: CUSTOMER, customerId: CUSTOMER, channel: 'web' as const, scopes: ['customer:read', 'customer:write'] };

const hugeNumber = '9'.repeat(60_000);
const firstAccount = () => nth(h.accountIds(CUSTOMER), 0);
const transferInput = (over: Record<string, unknown>) => ({
  fromAccountId: firstAccount(),
  to: { accountId: nth(h.accountIds(CUSTOMER), 1) },
  amount: { amount: '1.00', currency: 'EUR' },
  idempotencyKey: 'bounds-test-0001',
  ...over,
});

/** The answer to `query`, with how many calls the core got for it. */
async function askCounting(query: string, variables?: Record<string, unknown>, who: Parameters<Harness['ask']>[1] = CUSTOMER) {
  await h.resetCoreStats();
  const { status, body } = await h.ask(accounts, who, query, variables);
  return { status, body, coreCalls: totalCalls(await h.coreCalls()) };
}

describe('accounts: free inputs are bounded before any core call', () => {
  it('refuses a 60,000-digit minAmount (variable) with BAD_USER_INPUT naming it, without calling the core', async () => {
    const { status, body, coreCalls } = await askCounting(PAGE, { id: firstAccount(), filter: { minAmount: hugeNumber } });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'filter.minAmount' });
    // a GraphQL answer the gateway passes on like any field error: the code reaches the client
    expect(status).toBe(200);
    expect(body.errors?.[0]?.extensions).not.toHaveProperty('http');
    expect(body.data?.account ?? null).toBeNull();
    expect(coreCalls).toBe(0);
  });

  it('refuses the same amount as a literal inside the dashboard, without calling the core', async () => {
    const { body, coreCalls } = await askCounting(DASHBOARD_FILTER(hugeNumber));
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'filter.minAmount' });
    expect(coreCalls).toBe(0);
  });

  it.each([
    ['a 16-digit whole part', { filter: { maxAmount: '1234567890123456' } }, 'filter.maxAmount'],
    ['an exponent', { filter: { minAmount: '1e3' } }, 'filter.minAmount'],
    ['a negative bound', { filter: { minAmount: '-1' } }, 'filter.minAmount'],
    ['a 100,000-character text', { filter: { text: 'x'.repeat(100_000) } }, 'filter.text'],
    ['a text with a control character', { filter: { text: 'coffee\u0000' } }, 'filter.text'],
    ['a 100,000-character cursor', { after: 'x'.repeat(100_000) }, 'after'],
    ['a cursor with characters no cursor has', { after: 'abc<def>' }, 'after'],
    ['an over-long date', { filter: { from: '2025-01-01'.repeat(1000) } }, 'filter.from'],
    ['an account id of 10,000 characters', { id: 'A'.repeat(10_000) }, 'id'],
  ])('refuses %s with BAD_USER_INPUT and no core call', async (_what, args, argumentName) => {
    const { body, coreCalls } = await askCounting(PAGE, { id: firstAccount(), first: 10, ...args });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName });
    expect(coreCalls).toBe(0);
  });

  it('refuses an over-long spending currency and customer id without calling the core', async () => {
    const spending = await askCounting('query S($c: String) { me { spending(currency: $c) { total { amount } } } }', { c: 'EUR'.repeat(10_000) });
    expect(spending.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'currency' });
    expect(spending.coreCalls).toBe(0);
    const customer = await askCounting('query C($id: ID!) { customer(id: $id) { displayName } }', { id: `C-${'1'.repeat(10_000)}` });
    expect(customer.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'id' });
    expect(customer.coreCalls).toBe(0);
  });

  it.each([
    ['a 60,000-digit amount', { amount: { amount: hugeNumber, currency: 'EUR' } }, 'INVALID_AMOUNT', 'amount.amount'],
    ['an over-long reference', { reference: 'r'.repeat(141) }, 'BAD_USER_INPUT', 'reference'],
    ['a reference with a line break', { reference: 'rent\r\nmarch' }, 'BAD_USER_INPUT', 'reference'],
    ['an over-long idempotency key', { idempotencyKey: 'k'.repeat(10_000) }, 'BAD_USER_INPUT', 'idempotencyKey'],
    ['an over-long beneficiary name', { to: { iban: 'DE89370400440532013000', name: 'n'.repeat(71) } }, 'BAD_USER_INPUT', 'to.name'],
    ['an over-long IBAN', { to: { iban: 'DE89'.repeat(1000), name: 'Jane' } }, 'BAD_USER_INPUT', 'to.iban'],
    ['an over-long currency', { amount: { amount: '1.00', currency: 'EUR'.repeat(1000) } }, 'BAD_USER_INPUT', 'amount.currency'],
  ])('refuses a transfer with %s, moving nothing and calling no core', async (_what, over, code, argumentName) => {
    const { body, coreCalls } = await askCounting(TRANSFER, { input: transferInput(over) }, writer);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code, argumentName });
    expect(body.data?.transfer ?? null).toBeNull();
    expect(coreCalls).toBe(0);
  });

  it('still serves inputs inside their bounds', async () => {
    const { body } = await h.ask(accounts, CUSTOMER, PAGE, {
      id: firstAccount(),
      first: 5,
      filter: { minAmount: '0.01', maxAmount: '999999999999999.99', text: 'ab', from: '2024-01-01' },
    });
    expect(body.errors).toBeUndefined();
    expect(Array.isArray(body.data.account.transactions.edges)).toBe(true);
  });
});
