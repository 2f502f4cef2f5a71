// Customer.notificationsSent's store side (db/sent-notifications.ts) over the real store (PGlite,
// and PostgreSQL when DATABASE_URL is set): what became of each notification on every channel,
// read from the decisions, the outbox, the inbox and the attempts; the pure status rules; and the
// field: staff with staff:customers:read only.
import { STAFF_READ_SCOPE } from '../../../lib/access';
import type { Caller } from '../../../lib/internal-auth';
import { DeliveryDispatcher } from '../src/adapters/delivery-dispatcher';
import { deliveryOf } from '../src/db/sent-notifications';
import type { Trigger } from '../src/domain/triggers';
import { decodeSentCursor, notificationsSentResolvers } from '../src/graphql/notifications-sent';
import { DELIVERY_STORES, DeliveryHarness, FakeProvider } from './support/delivery-harness';

describe.each(DELIVERY_STORES)('notifications sent on %s', (_name, open) => {
  const h = new DeliveryHarness(open);

  it('gives each channel its outcome and attempts: in-app delivered, push failed, email delivered, SMS pending', async () => {
    const push = new FakeProvider('PUSH', () => ({ result: 'REJECTED', error: 'invalid-token' }));
    const email = new FakeProvider('EMAIL');
    const sms = new FakeProvider('SMS', () => ({ result: 'RETRY', error: 'http-503' }));
    const dispatcher = new DeliveryDispatcher(h.outbox, [push, email, sms], { baseBackoffMs: 60_000, maxAttempts: 5 });
    const t = h.alert('sent-1');
    await h.engineFor(dispatcher).handle(t);
    await dispatcher.runOnce();

    const [n, ...rest] = await h.messages.sent('sent-1', h.clock(), 10);
    expect(rest).toEqual([]);
    expect(n).toMatchObject({ id: t.id, kind: 'SECURITY_CARD_USE', topic: 'SECURITY', class: 'SECURITY', title: expect.any(String) });
    // staff see the title only: the body (amounts, card digits) is not even read
    expect(n).not.toHaveProperty('body');
    expect(n!.deliveries).toEqual([
      { channel: 'IN_APP', status: 'DELIVERED', attempts: 1, deliveredAt: h.clock() },
      { channel: 'PUSH', status: 'FAILED', attempts: 1 },
      { channel: 'EMAIL', status: 'DELIVERED', attempts: 1, deliveredAt: h.clock() },
      { channel: 'SMS', status: 'PENDING', attempts: 1 },
    ]);
  });

  it('names the rule that suppressed a channel; newest first, one page after another', async () => {
    const dispatcher = new DeliveryDispatcher(h.outbox, [new FakeProvider('PUSH')]);
    const engine = h.engineFor(dispatcher);
    // marketing without consent: suppressed everywhere by MARKETING_CONSENT
    const first: Trigger = { id: h.nextId('rt'), customerId: 'sent-2', occurredAt: h.clock(), kind: 'RETENTION' };
    await engine.handle(first);
    h.now += 1000;
    const second = h.alert('sent-2');
    await engine.handle(second);

    const all = await h.messages.sent('sent-2', h.clock(), 10);
    expect(all.map((n) => n.id)).toEqual([second.id, first.id]);
    const suppressed = all[1]!.deliveries;
    expect(suppressed.length).toBeGreaterThan(0);
    for (const d of suppressed) expect(d).toMatchObject({ status: 'SUPPRESSED', rule: 'MARKETING_CONSENT', attempts: 0 });

    const [page1] = await h.messages.sent('sent-2', h.clock(), 1);
    const page2 = await h.messages.sent('sent-2', h.clock(), 1, page1!.key);
    expect([page1!.id, ...page2.map((n) => n.id)]).toEqual([second.id, first.id]);
    expect(await h.messages.sent('sent-2', h.clock(), 1, page2[0]!.key)).toEqual([]);
    // another customer's notifications are not in the list
    expect(await h.messages.sent('sent-nobody', h.clock(), 10)).toEqual([]);
  });
});

describe('the status of one channel', () => {
  const now = new Date('2025-03-15T10:00:00Z');
  const later = new Date('2025-03-15T12:00:00Z');

  it('an in-app message held by quiet hours is pending, with QUIET_HOURS; shown once released and due', () => {
    const held = { channel: 'IN_APP' as const, outcome: 'DEFERRED' as const, rule: 'QUIET_HOURS' as const, attempts: 1, deliveredAttemptAt: now };
    expect(deliveryOf({ ...held, inbox: { visibleAt: later, released: false } }, now)).toEqual({
      channel: 'IN_APP',
      status: 'PENDING',
      rule: 'QUIET_HOURS',
      attempts: 1,
    });
    expect(deliveryOf({ ...held, inbox: { visibleAt: later, released: true } }, later)).toMatchObject({ status: 'DELIVERED', deliveredAt: later });
    // taken out of the inbox when quiet hours ended and the settings no longer allowed it
    expect(deliveryOf(held, later)).toEqual({ channel: 'IN_APP', status: 'SUPPRESSED', attempts: 1 });
  });

  it('an outbox row closed when it came due is suppressed, without a decision rule', () => {
    expect(deliveryOf({ channel: 'PUSH', outcome: 'DEFERRED', rule: 'QUIET_HOURS', attempts: 0, outbox: { failed: false, suppressed: true } }, now)).toEqual({
      channel: 'PUSH',
      status: 'SUPPRESSED',
      attempts: 0,
    });
  });
});

describe('Customer.notificationsSent', () => {
  type Resolve = (c: { id: string }, args: { first?: number | null; after?: string | null }, ctx: unknown) => Promise<unknown>;
  const resolve = (notificationsSentResolvers.Customer as unknown as { notificationsSent: Resolve }).notificationsSent;
  const asked: unknown[] = [];
  const at = new Date('2025-03-15T10:00:00Z');
  const item = (id: string, ms: number) => ({ id, key: { decidedAtMs: ms, id } });
  const ctx = (caller: Partial<Caller>) => ({
    now: at,
    caller: { subject: 'x', channel: 'web', scopes: [], ...caller },
    messages: {
      sent: async (...args: unknown[]) => {
        asked.push(args);
        return [item('m:2', 2000), item('m:1', 1000)];
      },
    },
  });
  const staff = { channel: 'staff' as const, scopes: [STAFF_READ_SCOPE] };

  it('pages for staff with staff:customers:read, and a cursor gives the key back', async () => {
    const page = (await resolve({ id: 'C-1' }, { first: 1 }, ctx(staff))) as { edges: Array<{ cursor: string }>; pageInfo: unknown };
    expect(asked).toEqual([['C-1', at, 2, undefined]]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: page.edges[0]!.cursor });
    expect(decodeSentCursor(page.edges[0]!.cursor)).toEqual({ decidedAtMs: 2000, id: 'm:2' });
    await resolve({ id: 'C-1' }, { first: 1, after: page.edges[0]!.cursor }, ctx(staff));
    expect(asked.at(-1)).toEqual(['C-1', at, 2, { decidedAtMs: 2000, id: 'm:2' }]);
  });

  it('is null for the customer themself, partners and other staff, without asking the store; bad arguments are refused', async () => {
    const before = asked.length;
    for (const caller of [
      { channel: 'web' as const, customerId: 'C-1', scopes: ['customer:read', 'notifications:read'] },
      { channel: 'web' as const, customerId: 'C-1', scopes: [STAFF_READ_SCOPE] },
      { channel: 'partner' as const, partnerId: 'P-1', scopes: ['partner:customers:read'] },
      { channel: 'staff' as const, scopes: ['staff:contacts:read'] },
    ]) {
      expect(await resolve({ id: 'C-1' }, {}, ctx(caller))).toBeNull();
    }
    expect(asked).toHaveLength(before);
    await expect(resolve({ id: 'C-1' }, { first: 0 }, ctx(staff))).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    await expect(resolve({ id: 'C-1' }, { after: 'bm90LWEtY3Vyc29y' }, ctx(staff))).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });
});
