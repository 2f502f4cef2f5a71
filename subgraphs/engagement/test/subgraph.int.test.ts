// The engagement subgraph in-process on a free port, called the way the gateway calls it: `_entities`
// and mutations with a signed internal token. A customer reads only their own inbox; the mutations
// refuse anyone but the customer and bad input, and change nothing when they refuse.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Caller, InternalTokenSigner, INTERNAL_TOKEN_HEADER } from '../../../lib/internal-auth';
import { STAFF_READ_SCOPE } from '../../../lib/access';
import { startEngagement, type RunningEngagement } from '../src/server';
import { freePort, tempDir } from '../../../scripts/lib/processes';
import { gql } from '../../../test/support/stack';

const INBOX = `
  query($reps: [_Any!]!, $after: String) {
    _entities(representations: $reps) {
      ... on Customer {
        id unreadNotificationCount
        notifications(first: 2, after: $after) { edges { cursor node { id kind title body direction locale readAt } } pageInfo { hasNextPage endCursor } }
        notificationPreferences { marketingConsent timeZone version quietHours { start end } channels { topic channel enabled locked } history { version kind via } }
      }
    }
  }`;

const me = (id: string, channel: Caller['channel'] = 'web'): Caller => ({ subject: id, customerId: id, channel, scopes: [] });
const staff: Caller = { subject: 'agent-1', channel: 'staff', scopes: [STAFF_READ_SCOPE] };
const NOW = new Date('2025-03-15T10:00:00Z');

let dir: string;
let signer: InternalTokenSigner;
let svc: RunningEngagement;

async function call(caller: Caller, query: string, variables: Record<string, unknown> = {}) {
  return gql(svc.url, query, { variables, headers: { [INTERNAL_TOKEN_HEADER]: await signer.sign(caller) } });
}
const inbox = (caller: Caller, id: string, after?: string) => call(caller, INBOX, { reps: [{ __typename: 'Customer', id }], after });

beforeAll(async () => {
  process.env.LOG_LEVEL ??= 'warn';
  dir = tempDir('corebridge-engagement-subgraph-');
  signer = await InternalTokenSigner.fromKeysDir(join(dir, 'keys'));
  svc = await startEngagement({ port: await freePort(), keysDir: join(dir, 'keys'), dataDir: 'memory://', clock: () => NOW });
  for (let i = 1; i <= 3; i++) {
    await svc.engine.handle({
      id: `evt-${i}`,
      customerId: 'C-000001',
      occurredAt: NOW,
      kind: 'MONEY_RECEIVED',
      amount: { minor: BigInt(i * 1000), currency: 'EUR' },
      salary: false,
    });
  }
}, 60000);

afterAll(async () => {
  await svc?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('engagement subgraph', () => {
  it('refuses a request without an internal token', async () => {
    const { status } = await gql(svc.url, '{ __typename }');
    expect(status).toBe(401);
  });

  it("pages the customer's own inbox with its unread count and default preferences", async () => {
    const { body } = await inbox(me('C-000001'), 'C-000001');
    expect(body.errors).toBeUndefined();
    const c = body.data._entities[0];
    expect(c.unreadNotificationCount).toBe(3);
    expect(c.notifications.edges.map((e: any) => e.node.id)).toEqual(['evt-3', 'evt-2']);
    expect(c.notifications.edges[0].node).toMatchObject({
      kind: 'MONEY_RECEIVED',
      body: '€30.00 arrived in your account.',
      direction: 'LTR',
      locale: 'EN',
      readAt: null,
    });
    expect(c.notifications.pageInfo.hasNextPage).toBe(true);
    const next = await inbox(me('C-000001'), 'C-000001', c.notifications.pageInfo.endCursor);
    expect(next.body.data._entities[0].notifications.edges.map((e: any) => e.node.id)).toEqual(['evt-1']);
    expect(c.notificationPreferences).toMatchObject({ marketingConsent: false, timeZone: 'UTC', version: 0, quietHours: null, history: [] });
    expect(c.notificationPreferences.channels).toContainEqual({ topic: 'SECURITY', channel: 'IN_APP', enabled: true, locked: true });
  });

  it("answers another customer's inbox as if it did not exist; staff with the read scope see it", async () => {
    const other = await inbox(me('C-000002'), 'C-000001');
    expect(other.body.data._entities).toEqual([null]);
    const agent = await inbox(staff, 'C-000001');
    expect(agent.body.data._entities[0].unreadNotificationCount).toBe(3);
  });

  it('sets a preference, quiet hours, consent and locale, each in the history with its channel', async () => {
    const m = `mutation {
      a: setNotificationPreference(topic: REWARDS, channel: PUSH, enabled: false) { version }
      b: setQuietHours(start: "22:00", end: "07:00", timeZone: "Asia/Tehran") { version quietHours { start end } timeZone }
      c: setMarketingConsent(granted: true) { marketingConsent }
      d: setNotificationLocale(locale: FA) { locale version history { version kind topic channel enabled timeZone marketingConsent locale via } }
    }`;
    const { body } = await call(me('C-000003', 'mobile'), m);
    expect(body.errors).toBeUndefined();
    expect(body.data.b).toEqual({ version: 2, quietHours: { start: '22:00', end: '07:00' }, timeZone: 'Asia/Tehran' });
    expect(body.data.d.history).toEqual([
      { version: 1, kind: 'CHANNEL', topic: 'REWARDS', channel: 'PUSH', enabled: false, timeZone: null, marketingConsent: null, locale: null, via: 'mobile' },
      {
        version: 2,
        kind: 'QUIET_HOURS',
        topic: null,
        channel: null,
        enabled: null,
        timeZone: 'Asia/Tehran',
        marketingConsent: null,
        locale: null,
        via: 'mobile',
      },
      { version: 3, kind: 'MARKETING_CONSENT', topic: null, channel: null, enabled: null, timeZone: null, marketingConsent: true, locale: null, via: 'mobile' },
      { version: 4, kind: 'LOCALE', topic: null, channel: null, enabled: null, timeZone: null, marketingConsent: null, locale: 'FA', via: 'mobile' },
    ]);
  });

  it.each([
    ['setNotificationPreference(topic: SECURITY, channel: IN_APP, enabled: false) { version }', me('C-000004'), 'NOTIFICATION_PREFERENCE_LOCKED', undefined],
    ['setQuietHours(start: "25:00", end: "07:00", timeZone: "UTC") { version }', me('C-000004'), 'BAD_USER_INPUT', 'start'],
    ['setQuietHours(start: "22:00", timeZone: "UTC") { version }', me('C-000004'), 'BAD_USER_INPUT', 'end'],
    ['setQuietHours(start: "22:00", end: "07:00", timeZone: "Mars/Olympus") { version }', me('C-000004'), 'BAD_USER_INPUT', 'timeZone'],
    ['setMarketingConsent(granted: true) { version }', staff, 'FORBIDDEN', undefined],
    ['setMarketingConsent(granted: true) { version }', me('C-000004', 'kiosk'), 'FORBIDDEN', undefined],
    ['markNotificationsRead { marked }', me('C-000004'), 'BAD_USER_INPUT', 'ids'],
    ['markNotificationsRead(upTo: "evt-1") { marked }', me('C-000004'), 'NOTIFICATION_NOT_FOUND', 'upTo'],
  ])('refuses %s with its code and records nothing', async (field, caller, code, argumentName) => {
    const { body } = await call(caller, `mutation { ${field} }`);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code, ...(argumentName ? { argumentName } : {}) });
    expect((await svc.preferences.history('C-000004')).length).toBe(0);
  });

  it("marks read by ids (only the caller's own), and one with everything older", async () => {
    const byIds = await call(me('C-000001'), 'mutation { markNotificationsRead(ids: ["evt-3", "nope"]) { marked unreadCount } }');
    expect(byIds.body.data.markNotificationsRead).toEqual({ marked: 1, unreadCount: 2 });
    const other = await call(me('C-000002'), 'mutation { markNotificationsRead(ids: ["evt-2"]) { marked unreadCount } }');
    expect(other.body.data.markNotificationsRead).toEqual({ marked: 0, unreadCount: 0 });
    const upTo = await call(me('C-000001'), 'mutation { markNotificationsRead(upTo: "evt-2") { marked unreadCount } }');
    expect(upTo.body.data.markNotificationsRead).toEqual({ marked: 2, unreadCount: 0 });
  });
});
