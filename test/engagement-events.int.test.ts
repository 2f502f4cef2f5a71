// Live banking through the whole stack (real processes, test/support/stack.ts): an ISO 8583
// purchase advice through the card feed makes loyalty write CardPurchaseRecorded, and engagement's
// consumer puts "cash back earned" in the customer's inbox; a transfer the core books (camt.054 to
// accounts, TransactionBooked) puts "money received" there, and a debit that takes an account below
// the customer's own threshold puts "low balance" there, and points that bring a partner reward within
// reach (PointsChanged, partners' catalogue) put "a reward within reach" there. Read through the gateway, polled with a
// deadline. Over the embedded bus (each producer's /internal/events log) and, when REDIS_URL is
// set, over Redis Streams.
import { onOwnConnection } from '../scripts/lib/own-connection';
import { purchaseThroughFeed } from './support/card-feed';
import { gql, startStack, webToken, type Stack } from './support/stack';

jest.setTimeout(240_000);

const INBOX = `{ me { notifications(first: 20) { edges { node { id kind topic title body } } } } }`;
/** how long a notification may take from the acknowledgement to the inbox */
const DEADLINE_MS = 8000;

const BUSES: Array<[string, Record<string, string>]> = [['the embedded bus', { REDIS_URL: '' }]];
if (process.env.REDIS_URL) BUSES.push(['Redis Streams', { REDIS_URL: process.env.REDIS_URL, REDIS_KEY_PREFIX: `test:engagement:${process.pid}:` }]);
else console.warn('engagement-events.int.test.ts: the Redis variant is left out (REDIS_URL not set)');

interface InboxItem {
  id: string;
  kind: string;
  topic: string;
  title: string;
  body: string;
}

describe.each(BUSES)('events become notifications, over %s', (_name, busEnv) => {
  let stack: Stack;

  beforeAll(async () => {
    // earliest: the consumer's first read may come after the test's first event (the processes start together)
    stack = await startStack({ ...busEnv, ENGAGEMENT_EVENTS_START: 'earliest' });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const inbox = async (token: string): Promise<InboxItem[]> => {
    const { body } = await gql(stack.gatewayUrl, INBOX, { token });
    expect(body.errors).toBeUndefined();
    return (body.data.me.notifications.edges as { node: InboxItem }[]).map((e) => e.node);
  };

  /** The inbox once it holds a notification of `kind`, or what it held at the deadline. */
  const waitFor = async (token: string, kind: string): Promise<{ items: InboxItem[]; afterMs: number }> => {
    const from = Date.now();
    for (;;) {
      const items = await inbox(token);
      if (items.some((n) => n.kind === kind) || Date.now() - from > DEADLINE_MS) return { items, afterMs: Date.now() - from };
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('a card purchase through the feed puts "cash back earned" in the inbox, once', async () => {
    const customerId = 'C-000003';
    const token = await webToken(stack.keysDir, customerId);
    expect(await inbox(token)).toEqual([]);
    const { answer } = await purchaseThroughFeed(stack, customerId, 810_000 + (process.pid % 100_000));
    expect(answer.fields.get(39)).toBe('00');
    const { items, afterMs } = await waitFor(token, 'CASHBACK_EARNED');
    process.stderr.write(`[engagement-events] ${_name}: cash back notification after ${afterMs} ms\n`);
    const cashBack = items.filter((n) => n.kind === 'CASHBACK_EARNED');
    expect(cashBack).toHaveLength(1);
    expect(cashBack[0]).toMatchObject({ topic: 'REWARDS', title: 'Cash back earned', body: expect.stringContaining('Test Grocer') });
    // 42.50 EUR is neither large nor foreign: no security alert
    expect(items.filter((n) => n.kind === 'SECURITY_CARD_USE')).toEqual([]);
  });

  it('an incoming transfer the core books puts "money received" in the inbox of the account\u2019s owner', async () => {
    const res = await onOwnConnection(`${stack.coreUrl}/admin/bookings`, { method: 'POST', body: { kind: 'incoming-transfer' } });
    expect(res.status).toBe(200);
    const booked = res.json<{ customerId: string; txns: { direction: string; amount: string; currency: string }[] }>();
    expect(booked.txns.map((t) => t.direction)).toEqual(['CREDIT']);
    const token = await webToken(stack.keysDir, booked.customerId);
    const { items, afterMs } = await waitFor(token, 'MONEY_RECEIVED');
    process.stderr.write(`[engagement-events] ${_name}: money received notification after ${afterMs} ms\n`);
    const received = items.filter((n) => n.kind === 'MONEY_RECEIVED');
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ topic: 'TRANSACTIONS', title: 'Money received' });
  });

  it('a purchase whose points bring a partner reward within reach tells a customer who consented to marketing, once', async () => {
    // C-000002's welcome journal gave 700 points (loyalty's demo seed); a 42.50 grocery purchase earns
    // 42 to 84 (tier), which crosses 90 % of Harbour Stays' 800-point "Late check-out" (720) and no other
    const customerId = 'C-000002';
    const token = await webToken(stack.keysDir, customerId);
    const consent = await gql(stack.gatewayUrl, `mutation { setMarketingConsent(granted: true) { marketingConsent } }`, { token });
    expect(consent.body.errors).toBeUndefined();
    const before = await gql(stack.gatewayUrl, `{ me { loyalty { points } } }`, { token });
    expect(before.body.data.me.loyalty.points).toBe(700);
    const { answer } = await purchaseThroughFeed(stack, customerId, 830_000 + (process.pid % 100_000) + _name.length);
    expect(answer.fields.get(39)).toBe('00');
    const { items, afterMs } = await waitFor(token, 'PARTNER_REWARD_IN_REACH');
    process.stderr.write(`[engagement-events] ${_name}: reward in reach notification after ${afterMs} ms\n`);
    const inReach = items.filter((n) => n.kind === 'PARTNER_REWARD_IN_REACH');
    expect(inReach).toHaveLength(1);
    expect(inReach[0]).toMatchObject({
      topic: 'MARKETING',
      title: 'A reward within reach',
      body: expect.stringMatching(/points away from .*Late check-out.* at .*Harbour Stays/),
    });
  });

  it("a transfer that takes an account below the customer's threshold puts a low-balance alert in the inbox, once", async () => {
    // a customer outside the demo ten with an active EUR account holding more than 2.00
    let found: { token: string; from: { id: string; available: string }; to: string } | undefined;
    for (let n = 61; n < 120 && !found; n++) {
      const token = await webToken(stack.keysDir, `C-${String(n).padStart(6, '0')}`);
      const { body } = await gql(stack.gatewayUrl, `{ me { accounts { id currency status balance { ledger { amount } } } } }`, { token });
      const accounts = (body.data?.me?.accounts ?? []) as Array<{ id: string; currency: string; status: string; balance: { ledger: { amount: string } } }>;
      const eur = accounts.filter((a) => a.status === 'ACTIVE' && a.currency === 'EUR');
      const from = eur.find((a) => Number(a.balance.ledger.amount) > 2);
      const to = from && eur.find((a) => a.id !== from.id);
      if (from && to) found = { token, from: { id: from.id, available: from.balance.ledger.amount }, to: to.id };
    }
    if (!found) throw new Error('no customer with two active EUR accounts among C-000061..C-000119');
    // the threshold 1.00 below the balance: a 2.00 transfer crosses it, a second one stays below
    const [units, cents = '00'] = found.from.available.split('.');
    const thresholdMinor = BigInt(`${units}${cents.padEnd(2, '0')}`) - 100n;
    const threshold = `${thresholdMinor / 100n}.${String(thresholdMinor % 100n).padStart(2, '0')}`;
    const set = await gql(
      stack.gatewayUrl,
      `mutation($a: ID, $t: MoneyInput!) { setLowBalanceAlert(accountId: $a, threshold: $t) { lowBalanceAlerts { accountId threshold { amount } } } }`,
      { token: found.token, variables: { a: found.from.id, t: { amount: threshold, currency: 'EUR' } } },
    );
    expect(set.body.errors).toBeUndefined();
    const transfer = (key: string) =>
      gql(stack.gatewayUrl, `mutation($i: TransferInput!) { transfer(input: $i) { transactionId } }`, {
        token: found.token,
        variables: { i: { fromAccountId: found.from.id, to: { accountId: found.to }, amount: { amount: '2.00', currency: 'EUR' }, idempotencyKey: key } },
      });
    expect((await transfer(`low-1-${process.pid}-${_name.length}`)).body.errors).toBeUndefined();
    const { items, afterMs } = await waitFor(found.token, 'LOW_BALANCE');
    process.stderr.write(`[engagement-events] ${_name}: low balance notification after ${afterMs} ms\n`);
    expect(items.filter((n) => n.kind === 'LOW_BALANCE')).toHaveLength(1);
    // still below: a second debit raises nothing more
    expect((await transfer(`low-2-${process.pid}-${_name.length}`)).body.errors).toBeUndefined();
    await new Promise((r) => setTimeout(r, 2000));
    expect((await inbox(found.token)).filter((n) => n.kind === 'LOW_BALANCE')).toHaveLength(1);
  });
});
