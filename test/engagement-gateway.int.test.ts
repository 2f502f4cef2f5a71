// Notifications through the whole stack (real processes, test/support/stack.ts): a web customer's
// default token carries the notifications scopes, reads an empty inbox with the rest of `me`, sets
// a preference and quiet hours and reads them back; a kiosk token, without the scopes, is refused
// before any subgraph runs.
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
});
