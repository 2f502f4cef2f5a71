// Notifications through the whole stack (real processes, test/support/stack.ts): a web customer's
// default token carries the notifications scopes, reads an empty inbox with the rest of `me`, sets
// a preference and quiet hours and reads them back; a kiosk token, without the scopes, is refused
// before any subgraph runs. Subscriptions end to end: an ISO 8583 purchase advice reaches an open
// `notificationAdded` stream with its cash back, and a booking's camt.054 an `accountActivity`
// stream with the account's new balance, both through the gateway over Server-Sent Events.
// Staff campaigns: a staff token with the campaigns scope schedules one; the call centre's and a customer's are refused.
// CX metrics: a staff token with staff:cx:read reads them; the call centre's and a customer's are refused.
import { purchaseThroughFeed } from './support/card-feed';
import { openSubscription } from './support/sse-client';
import { startStack, gql, webToken, type Stack } from './support/stack';

const CUSTOMER = 'C-000777';
let stack: Stack;
let token: string;

beforeAll(async () => {
  stack = await startStack();
  // not one of loyalty's ten demo customers: their seeded cash-back payouts reach the core, whose
  // camt.054 credits become money-received notifications while the stack starts
  token = await webToken(stack.keysDir, CUSTOMER);
}, 180000);

afterAll(async () => {
  await stack?.stop();
});

describe('engagement through the gateway', () => {
  it('reads an empty inbox beside the customer accounts owns', async () => {
    const { status, body } = await gql(
      stack.gatewayUrl,
      `{ me { id displayName unreadNotificationCount notifications(first: 5) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }`,
      { token },
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.me).toMatchObject({
      id: CUSTOMER,
      displayName: expect.any(String),
      unreadNotificationCount: 0,
      notifications: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } },
    });
  });

  it('sets a preference and quiet hours, and reads them back with their history', async () => {
    const set = await gql(
      stack.gatewayUrl,
      `mutation {
        setNotificationPreference(topic: REWARDS, channel: PUSH, enabled: false) { version }
        setQuietHours(start: "22:00", end: "07:00", timeZone: "Europe/Berlin") { version }
      }`,
      { token },
    );
    expect(set.body.errors).toBeUndefined();
    expect(set.body.data).toEqual({ setNotificationPreference: { version: 1 }, setQuietHours: { version: 2 } });
    const { body } = await gql(
      stack.gatewayUrl,
      `{ me { notificationPreferences { quietHours { start end } timeZone marketingConsent channels { topic channel enabled } history { version kind via } } } }`,
      { token },
    );
    expect(body.errors).toBeUndefined();
    const prefs = body.data.me.notificationPreferences;
    expect(prefs).toMatchObject({ quietHours: { start: '22:00', end: '07:00' }, timeZone: 'Europe/Berlin', marketingConsent: false });
    expect(prefs.channels).toContainEqual({ topic: 'REWARDS', channel: 'PUSH', enabled: false });
    expect(prefs.history).toEqual([
      { version: 1, kind: 'CHANNEL', via: 'web' },
      { version: 2, kind: 'QUIET_HOURS', via: 'web' },
    ]);
  });

  it('refuses a caller without the notifications scopes at the gateway', async () => {
    const staff = await stack.token(['--sub', 'S-0042', '--channel', 'staff']);
    const { body } = await gql(stack.gatewayUrl, `mutation { setMarketingConsent(granted: true) { marketingConsent } }`, { token: staff });
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lets marketing staff with the campaigns scope schedule a campaign, and refuses the call centre and a customer', async () => {
    const staff = await stack.token(['--sub', 'S-0042', '--channel', 'staff', '--scope', 'staff:campaigns:write']);
    const callCentre = await stack.token(['--sub', 'S-0043', '--channel', 'staff']);
    const sendAt = new Date(Date.now() + 3_600_000).toISOString();
    const create = `mutation($sendAt: String!) {
      createCampaign(input: { name: "Gateway check", segment: { tiers: [GOLD] }, sendAt: $sendAt,
        message: { en: { title: "Hello", body: "A new offer." }, fa: { title: "سلام", body: "پیشنهاد تازه." } } }) { id status createdBy }
    }`;
    const created = await gql(stack.gatewayUrl, create, { token: staff, variables: { sendAt } });
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data.createCampaign).toMatchObject({ status: 'SCHEDULED', createdBy: 'S-0042' });
    const preview = await gql(stack.gatewayUrl, `{ campaignAudiencePreview(segment: {}) }`, { token: staff });
    expect(preview.body.errors).toBeUndefined();
    expect(preview.body.data.campaignAudiencePreview).toEqual(expect.any(Number));
    const refused = await gql(stack.gatewayUrl, create, { token, variables: { sendAt } });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const agent = await gql(stack.gatewayUrl, create, { token: callCentre, variables: { sendAt } });
    expect(agent.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const cancelled = await gql(stack.gatewayUrl, `mutation($id: ID!) { cancelCampaign(id: $id) { status } }`, {
      token: staff,
      variables: { id: created.body.data.createCampaign.id },
    });
    expect(cancelled.body.data).toEqual({ cancelCampaign: { status: 'CANCELLED' } });
  });

  it('gives CX leads with staff:cx:read the CX metrics, and refuses the call centre and a customer', async () => {
    const lead = await stack.token(['--sub', 'S-0100', '--channel', 'staff', '--scope', 'staff:cx:read']);
    const agent = await stack.token(['--sub', 'S-0043', '--channel', 'staff', '--scope', 'staff:customers:read staff:contacts:read']);
    const query = `{ cxMetrics(period: { from: "2020-01-01T00:00:00Z", to: "2020-01-08T00:00:00Z" }, channel: APP) {
      previousPeriod { from to } current { csat { value answered } responseRate { value requested } selfService { share contacts } } change { nps }
    } }`;
    const metrics = await gql(stack.gatewayUrl, query, { token: lead });
    expect(metrics.body.errors).toBeUndefined();
    // a week before anything was stored: counts 0, no value to divide out
    expect(metrics.body.data.cxMetrics).toEqual({
      previousPeriod: { from: '2019-12-25T00:00:00.000Z', to: '2020-01-01T00:00:00.000Z' },
      current: { csat: { value: null, answered: 0 }, responseRate: { value: null, requested: 0 }, selfService: { share: null, contacts: 0 } },
      change: { nps: null },
    });
    for (const other of [agent, token]) {
      const refused = await gql(stack.gatewayUrl, query, { token: other });
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('an ISO 8583 purchase reaches an open notificationAdded subscription with its cash back; the dashboard read right after shows it', async () => {
    const customerId = 'C-000005';
    const buyer = await webToken(stack.keysDir, customerId);
    const PENDING = `{ me { loyalty { cashBack { pendingToday { amount currency } } } } }`;
    const pending = async () => {
      const { body } = await gql(stack.gatewayUrl, PENDING, { token: buyer });
      expect(body.errors).toBeUndefined();
      return body.data.me.loyalty.cashBack.pendingToday as { amount: string; currency: string };
    };
    const before = await pending();
    const sub = await openSubscription(
      stack.gatewayUrl,
      { query: 'subscription { notificationAdded { kind topic title body } }' },
      { authorization: `Bearer ${buyer}` },
    );
    expect(sub.status).toBe(200);
    const { answer } = await purchaseThroughFeed(stack, customerId, 620_000 + (process.pid % 100_000));
    expect(answer.fields.get(39)).toBe('00');
    const ackedAt = Date.now();
    // a demo customer's seeded payouts may arrive too (money received): the purchase's is the cash back
    let event = await sub.next(10_000);
    while (event.data?.notificationAdded?.kind !== 'CASHBACK_EARNED') event = await sub.next(10_000);
    process.stderr.write(`[engagement-gateway] notificationAdded ${Date.now() - ackedAt} ms after the advice was acknowledged\n`);
    sub.close();
    const after = await pending();
    const earned = (BigInt(after.amount.replace('.', '')) - BigInt(before.amount.replace('.', ''))).toString().padStart(3, '0');
    const earnedText = `${earned.slice(0, -2)}.${earned.slice(-2)}`;
    expect(BigInt(earned)).toBeGreaterThan(0n);
    expect(event.data.notificationAdded).toMatchObject({ topic: 'REWARDS', title: 'Cash back earned' });
    expect(event.data.notificationAdded.body).toContain(earnedText);
    expect(event.data.notificationAdded.body).toContain('Test Grocer');
  });

  it("a transfer's camt.054 credit reaches an open accountActivity subscription with the account's new balance", async () => {
    // a customer outside the demo ten (no seeded payouts) with two accounts in one currency
    let owner: { id: string; token: string; from: string; to: string } | undefined;
    for (let n = 11; n < 60 && !owner; n++) {
      const id = `C-${String(n).padStart(6, '0')}`;
      const t = await webToken(stack.keysDir, id);
      const { body } = await gql(stack.gatewayUrl, `{ me { accounts { id currency status balance { available { amount } } } } }`, { token: t });
      const open = (
        (body.data?.me?.accounts ?? []) as Array<{ id: string; currency: string; status: string; balance: { available: { amount: string } } }>
      ).filter((a) => a.status === 'ACTIVE');
      const from = open.find(
        (a) => a.currency === 'EUR' && Number(a.balance.available.amount) >= 5 && open.some((b) => b.id !== a.id && b.currency === a.currency),
      );
      const to = from && open.find((b) => b.id !== from.id && b.currency === from.currency);
      if (from && to) owner = { id, token: t, from: from.id, to: to.id };
    }
    if (!owner) throw new Error('no customer with two active accounts in one currency among C-000011..C-000059');
    const ACTIVITY = `subscription($a: ID) { accountActivity(accountId: $a) {
      account { id balance { available { amount currency } ledger { amount currency } } }
      transaction { amount { amount currency } direction description }
    } }`;
    const sub = await openSubscription(stack.gatewayUrl, { query: ACTIVITY, variables: { a: owner.to } }, { authorization: `Bearer ${owner.token}` });
    expect(sub.status).toBe(200);
    const moved = await gql(stack.gatewayUrl, `mutation($i: TransferInput!) { transfer(input: $i) { transactionId status } }`, {
      token: owner.token,
      variables: {
        i: { fromAccountId: owner.from, to: { accountId: owner.to }, amount: { amount: '1.00', currency: 'EUR' }, idempotencyKey: `sub-e2e-${process.pid}` },
      },
    });
    expect(moved.body.errors).toBeUndefined();
    const event = await sub.next(10_000);
    sub.close();
    expect(event.errors).toBeUndefined();
    const activity = event.data.accountActivity;
    expect(activity.account.id).toBe(owner.to);
    expect(activity.transaction).toMatchObject({ amount: { amount: '1.00' }, direction: 'CREDIT' });
    // the balance the event carries is the one a read right after shows
    const { body } = await gql(stack.gatewayUrl, `{ me { accounts { id balance { available { amount currency } ledger { amount currency } } } } }`, {
      token: owner.token,
    });
    const read = (body.data.me.accounts as Array<{ id: string; balance: unknown }>).find((a) => a.id === owner.to);
    expect(activity.account.balance).toEqual(read?.balance);
  });
});
