// `accountActivity` over graphql-sse on the started accounts subgraph (simulated core), the way the
// gateway opens it: a transfer the core books, then its signed camt.054 posted to /core/notifications,
// arrives as an event with the transaction and the account's balance after that booking (a second
// booking on the same open subscription shows the newer balance, not the first event's); another
// customer's subscription gets nothing; another customer's account is ACCOUNT_NOT_FOUND; no token
// is 401; a client that goes away ends its subscription.
import { NOTIFICATION_SIGNATURE_HEADER, signNotification, writeCamt054 } from '../../../legacy-adapters/iso20022/src';
import { ensureSecret } from '../../../lib/keys';
import { formatMinor } from '../../../lib/money';
import { openStream } from '../../../lib/test/support/sse';
import { CORE_NOTIFICATIONS_PATH } from '../src/adapters/core-notifications';
import type { RunningAccounts } from '../src/server';
import { customerCaller, useAccountsSuite, type Harness } from './support/harness';

jest.setTimeout(60000);

const ACTIVITY = `subscription($accountId: ID) {
  accountActivity(accountId: $accountId) {
    account { id balance { available { amount currency } } }
    transaction { id amount { amount currency } direction status counterpartyName }
  }
}`;
const TRANSFER = 'mutation($input: TransferInput!) { transfer(input: $input) { status } }';

let h: Harness;
let accounts: RunningAccounts;
useAccountsSuite((suite) => ({ h, accounts } = suite));

const account = (id: string) => h.core.data.dataset.accountById.get(id)!;
/** the available balance as the core has it now */
const available = (id: string) => formatMinor(h.core.data.balance(account(id)).availableMinor, account(id).currency);
const token = (customerId: string) => h.signer.sign({ ...customerCaller(customerId), scopes: ['customer:read'] });
let seq = 0;

/** The core books a transfer out of `from`, and accounts gets its camt.054 (as the core's notifier sends it). */
async function bookAndNotify(customerId: string, from: string, to: string, amount: string) {
  const n = ++seq;
  const moved = await h.ask(accounts, customerId, TRANSFER, {
    input: { fromAccountId: from, to: { accountId: to }, amount: { amount, currency: account(from).currency }, idempotencyKey: `sub-test-${Date.now()}-${n}` },
  });
  expect(moved.body.errors).toBeUndefined();
  const minor = BigInt(amount.replace('.', ''));
  const body = writeCamt054(
    {
      version: 8,
      messageId: `NTF-SUB-${Date.now()}-${n}`,
      createdAt: '2025-01-31T12:00:00Z',
      notificationId: `SUB-${n}`,
      iban: account(from).iban,
      currency: account(from).currency,
      ownerId: customerId,
    },
    [
      {
        reference: `SUB-ENTRY-${Date.now()}-${n}`,
        amountMinor: minor,
        creditDebit: 'DBIT',
        status: 'BOOK',
        bookingDateTime: '2025-01-31T12:00:00Z',
        valueDate: '2025-01-31',
        description: 'Own transfer',
        bankTransactionCode: { domain: 'PMNT', family: 'ICDT', subFamily: 'BOOK' },
        details: [
          { amountMinor: minor, creditDebit: 'DBIT', accountServicerReference: `SUB-TX-${n}`, counterpartyName: 'Own savings', description: 'Own transfer' },
        ],
      },
    ],
  );
  const res = await fetch(new URL(CORE_NOTIFICATIONS_PATH, accounts.url), {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/xml; charset=utf-8', [NOTIFICATION_SIGNATURE_HEADER]: signNotification(body, ensureSecret(h.keys, 'core-notify')) },
  });
  expect(res.status).toBe(200);
  return `SUB-TX-${n}`;
}

const waitFor = async (predicate: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('accounts subscriptions', () => {
  it("sends each booking of the customer's account with the balance after it, and nothing to another customer", async () => {
    const [current, savings] = h.accountIds('C-000001') as [string, string];
    const mine = await openStream(accounts.url, await token('C-000001'), ACTIVITY, { accountId: current });
    const theirs = await openStream(accounts.url, await token('C-000002'), ACTIVITY);
    expect([mine.status, theirs.status]).toEqual([200, 200]);
    try {
      const first = await bookAndNotify('C-000001', current, savings, '10.50');
      await mine.until((e) => e.filter((x) => x.event === 'next').length === 1);
      const afterFirst = available(current);
      expect(mine.results()[0]).toEqual({
        data: {
          accountActivity: {
            account: { id: current, balance: { available: { amount: afterFirst, currency: account(current).currency } } },
            transaction: {
              id: first,
              amount: { amount: '10.50', currency: account(current).currency },
              direction: 'DEBIT',
              status: 'BOOKED',
              counterpartyName: 'Own savings',
            },
          },
        },
      });

      // the same open subscription: the second event reads the balance again
      const second = await bookAndNotify('C-000001', current, savings, '5.00');
      await mine.until((e) => e.filter((x) => x.event === 'next').length === 2);
      const event = mine.results()[1]?.data?.accountActivity;
      expect(event.transaction.id).toBe(second);
      expect(event.account.balance.available.amount).toBe(available(current));
      expect(event.account.balance.available.amount).not.toBe(afterFirst);

      // a booking of the customer's other account is not this subscription's
      await bookAndNotify('C-000001', savings, current, '1.00');
      await new Promise((r) => setTimeout(r, 300));
      expect(mine.results()).toHaveLength(2);
      expect(theirs.results()).toEqual([]);
    } finally {
      mine.close();
      theirs.close();
      await waitFor(() => accounts.live.activeSubscriptions() === 0);
    }
  });

  it("refuses another customer's account with ACCOUNT_NOT_FOUND", async () => {
    const [othersAccount] = h.accountIds('C-000002') as [string];
    const s = await openStream(accounts.url, await token('C-000001'), ACTIVITY, { accountId: othersAccount });
    await s.until((e) => e.some((x) => x.event === 'complete'));
    expect(s.results()).toEqual([{ errors: [expect.objectContaining({ extensions: { code: 'ACCOUNT_NOT_FOUND', argumentName: 'accountId' } })] }]);
    expect(accounts.live.activeSubscriptions()).toBe(0);
  });

  it('refuses a stream without an internal token with 401', async () => {
    const s = await openStream(accounts.url, undefined, ACTIVITY);
    expect(s.status).toBe(401);
  });

  it('ends the server-side subscription when the client goes away', async () => {
    const s = await openStream(accounts.url, await token('C-000003'), ACTIVITY);
    expect(accounts.live.activeSubscriptions()).toBe(1);
    s.close();
    await waitFor(() => accounts.live.activeSubscriptions() === 0);
  });
});
