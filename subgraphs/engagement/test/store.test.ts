// The engine over the real store (PGlite, and PostgreSQL when DATABASE_URL is set), with a clock
// the test moves: decisions recorded once per trigger, the inbox and its unread count, quiet hours
// deferring into the inbox, the preference audit, and an evaluation over a mixed stream of triggers
// that counts messages sent against a rule (consent, preference, cap, quiet hours): it must be 0.
import { migrate } from '../../../lib/db/migrate';
import { toDate } from '../../../lib/db/database';
import { type OpenedStore, serviceStores } from '../../../test/support/temp-stores';
import { MIGRATIONS } from '../src/db/migrations';
import { MessageStore } from '../src/db/message-store';
import { PreferencesStore } from '../src/db/preferences-store';
import { InboxDelivery } from '../src/adapters/inbox-delivery';
import { NotificationEngine, InvalidTriggerError, type ChannelDelivery } from '../src/domain/engine';
import type { Trigger } from '../src/domain/triggers';
import { nth } from '../../../test/support/present';

const HOUR = 3_600_000;
const START = Date.parse('2025-03-15T10:00:00Z');
const EUR = (minor: bigint) => ({ minor, currency: 'EUR' });

type Opened = OpenedStore;
const STORES = serviceStores('engagement', 'engagement store');

describe.each(STORES)('engagement store on %s', (_name, open) => {
  let opened: Opened | undefined;
  let now = START;
  let messages: MessageStore;
  let prefs: PreferencesStore;
  let engine: NotificationEngine;
  let seq = 0;
  const clock = () => new Date(now);
  const received = (customerId: string, extra: Partial<Trigger> = {}): Trigger =>
    ({ id: `mr-${++seq}`, customerId, occurredAt: clock(), kind: 'MONEY_RECEIVED', amount: EUR(10_000n), salary: false, ...extra }) as Trigger;
  const marketing = (customerId: string): Trigger => ({ id: `rt-${++seq}`, customerId, occurredAt: clock(), kind: 'RETENTION' });

  beforeAll(async () => {
    opened = await open();
    await migrate(opened.db, MIGRATIONS);
    messages = new MessageStore(opened.db);
    prefs = new PreferencesStore(opened.db, clock);
    engine = new NotificationEngine({ store: messages, deliveries: [new InboxDelivery(messages)], clock });
  });

  afterAll(async () => {
    await opened?.dispose();
  });

  it('delivers a service message to the inbox once, however often its trigger arrives', async () => {
    const t = received('C-1');
    const first = await engine.handle(t);
    const again = await engine.handle(t);
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ ...first, replayed: true });
    expect(await messages.unreadCount('C-1', clock())).toBe(1);
    expect(await messages.attempts(t.id)).toEqual([{ channel: 'IN_APP', outcome: 'DELIVERED' }]);
    const [item] = await messages.inbox('C-1', clock(), 10);
    expect(item).toMatchObject({ id: t.id, kind: 'MONEY_RECEIVED', topic: 'TRANSACTIONS', direction: 'LTR', title: 'Money received' });
  });

  it('refuses a broken trigger before recording anything', async () => {
    await expect(engine.handle({ id: 'x 1', customerId: 'C-1', occurredAt: clock(), kind: 'RETENTION' })).rejects.toBeInstanceOf(InvalidTriggerError);
  });

  it('pages the inbox newest first and marks read by ids and up to one', async () => {
    for (let i = 0; i < 5; i++) {
      now += 60_000;
      await engine.handle(received('C-2'));
    }
    const page1 = await messages.inbox('C-2', clock(), 3);
    const page2 = await messages.inbox('C-2', clock(), 3, nth(page1, 2).key);
    expect(page1.map((m) => m.id)).toEqual([`mr-${seq}`, `mr-${seq - 1}`, `mr-${seq - 2}`]);
    expect(page2.map((m) => m.id)).toEqual([`mr-${seq - 3}`, `mr-${seq - 4}`]);
    expect(await messages.markRead('C-2', clock(), { ids: [`mr-${seq}`, 'mr-1' /* C-1's */] })).toBe(1);
    expect(await messages.markRead('C-2', clock(), { upTo: `mr-${seq - 3}` })).toBe(2);
    expect(await messages.unreadCount('C-2', clock())).toBe(2);
    expect(await messages.markRead('C-2', clock(), { upTo: 'mr-1' })).toBeUndefined();
    expect(await messages.unreadCount('C-1', clock())).toBe(1);
  });

  it('holds a message deferred by quiet hours out of the inbox until they end', async () => {
    // 10:00 UTC and later is 13:30+ in Tehran
    await prefs.change('C-3', { kind: 'QUIET_HOURS', quietHours: { start: '13:00', end: '23:00' }, timeZone: 'Asia/Tehran' }, 'web');
    const t = received('C-3');
    const handled = await engine.handle(t);
    expect(handled.decisions.find((d) => d.channel === 'IN_APP')).toMatchObject({ outcome: 'DEFERRED', rule: 'QUIET_HOURS' });
    expect(await messages.unreadCount('C-3', clock())).toBe(0);
    const security: Trigger = {
      id: `sc-${++seq}`,
      customerId: 'C-3',
      occurredAt: clock(),
      kind: 'SECURITY_CARD_USE',
      amount: EUR(1n),
      cardLast4: '1234',
      reason: 'LARGE',
    };
    await engine.handle(security);
    expect((await messages.inbox('C-3', clock(), 10)).map((m) => m.id)).toEqual([security.id]);
    const end = new Date(nth(handled.decisions, 0).deliverAt!.getTime());
    expect((await messages.inbox('C-3', end, 10)).map((m) => m.id)).toEqual([t.id, security.id]);
  });

  describe('a message deferred by quiet hours, released by the settings in force at their end', () => {
    const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    // quiet in UTC from an hour before now until two hours after: returns that end
    const quietNow = async (customerId: string, endInHours = 2) => {
      await prefs.change(
        customerId,
        { kind: 'QUIET_HOURS', quietHours: { start: hhmm(now - HOUR), end: hhmm(now + endInHours * HOUR) }, timeZone: 'UTC' },
        'web',
      );
      return now + endInHours * HOUR;
    };
    const inApp = async (id: string) => {
      const [d] = await opened!.db.query<{ outcome: string; rule: string | null; deliver_at: unknown }>(
        "SELECT outcome, rule, deliver_at FROM decisions WHERE message_id = $1 AND channel = 'IN_APP'",
        [id],
      );
      return { outcome: d?.outcome, rule: d?.rule, deliverAt: d?.deliver_at ? toDate(d.deliver_at).getTime() : null };
    };
    const ids = async (customerId: string, at: number) => (await messages.inbox(customerId, new Date(at), 10)).map((m) => m.id);

    beforeEach(() => {
      // on the hour: the quiet hours' minutes hold exactly
      now = Math.ceil((now + HOUR) / HOUR) * HOUR;
    });

    it('shows a deferred marketing message at their end when nothing changed (the cap counts it once)', async () => {
      await prefs.change('R-0', { kind: 'MARKETING_CONSENT', granted: true }, 'web');
      const end = await quietNow('R-0');
      const t = marketing('R-0');
      expect((await engine.handle(t)).decisions.find((d) => d.channel === 'IN_APP')).toMatchObject({ outcome: 'DEFERRED' });
      expect(await ids('R-0', end)).toEqual([t.id]);
      expect(await inApp(t.id)).toEqual({ outcome: 'DEFERRED', rule: 'QUIET_HOURS', deliverAt: end });
    });

    it('suppresses it with the consent rule when consent was withdrawn before their end', async () => {
      await prefs.change('R-1', { kind: 'MARKETING_CONSENT', granted: true }, 'web');
      const end = await quietNow('R-1');
      const t = marketing('R-1');
      expect((await engine.handle(t)).decisions.find((d) => d.channel === 'IN_APP')).toMatchObject({ outcome: 'DEFERRED' });
      await prefs.change('R-1', { kind: 'MARKETING_CONSENT', granted: false }, 'web');
      now = end;
      expect(await ids('R-1', end)).toEqual([]);
      expect(await messages.unreadCount('R-1', new Date(end + HOUR))).toBe(0);
      expect(await inApp(t.id)).toEqual({ outcome: 'SUPPRESSED', rule: 'MARKETING_CONSENT', deliverAt: null });
    });

    it('suppresses it by preference when the customer switched the channel off meanwhile', async () => {
      const end = await quietNow('R-2');
      const t = received('R-2');
      await engine.handle(t);
      await prefs.change('R-2', { kind: 'CHANNEL', topic: 'TRANSACTIONS', channel: 'IN_APP', enabled: false }, 'web');
      now = end;
      expect(await ids('R-2', end)).toEqual([]);
      expect(await inApp(t.id)).toEqual({ outcome: 'SUPPRESSED', rule: 'PREFERENCE', deliverAt: null });
    });

    it('defers it again to the end of quiet hours moved over the release time', async () => {
      await quietNow('R-3');
      const t = received('R-3');
      await engine.handle(t);
      const end = await quietNow('R-3', 4);
      expect(await ids('R-3', end - 2 * HOUR)).toEqual([]);
      expect(await inApp(t.id)).toEqual({ outcome: 'DEFERRED', rule: 'QUIET_HOURS', deliverAt: end });
      expect(await messages.unreadCount('R-3', new Date(end - 1))).toBe(0);
      expect(await ids('R-3', end)).toEqual([t.id]);
    });

    it('still shows a security alert at once, whatever the settings', async () => {
      await quietNow('R-4');
      const t: Trigger = { id: `sc-${++seq}`, customerId: 'R-4', occurredAt: clock(), kind: 'SECURITY_CARD_USE', amount: EUR(1n), reason: 'FOREIGN' };
      expect((await engine.handle(t)).decisions.find((d) => d.channel === 'IN_APP')).toMatchObject({ outcome: 'SENT' });
      await prefs.change('R-4', { kind: 'CHANNEL', topic: 'SECURITY', channel: 'IN_APP', enabled: false }, 'web');
      expect(await ids('R-4', now)).toEqual([t.id]);
    });
  });

  it('renders in the locale the customer chose, and audits every choice in order', async () => {
    await prefs.change('C-4', { kind: 'LOCALE', locale: 'fa' }, 'mobile');
    await prefs.change('C-4', { kind: 'MARKETING_CONSENT', granted: true }, 'web');
    await prefs.change('C-4', { kind: 'CHANNEL', topic: 'REWARDS', channel: 'PUSH', enabled: false }, 'web');
    const t = received('C-4', { amount: { minor: 1_500n, currency: 'JPY' } });
    await engine.handle(t);
    const [item] = await messages.inbox('C-4', clock(), 1);
    expect(item).toMatchObject({ locale: 'fa', direction: 'RTL' });
    expect(item?.body).toContain('۱٬۵۰۰');
    const p = await prefs.preferences('C-4');
    expect(p).toMatchObject({ locale: 'fa', marketingConsent: true, version: 3 });
    expect(p.channels.get('REWARDS/PUSH')).toBe(false);
    const history = await prefs.history('C-4');
    expect(history.map((h) => [h.version, h.change.kind, h.via])).toEqual([
      [1, 'LOCALE', 'mobile'],
      [2, 'MARKETING_CONSENT', 'web'],
      [3, 'CHANNEL', 'web'],
    ]);
  });

  it('never lets two concurrent marketing triggers both pass the daily cap', async () => {
    await prefs.change('C-5', { kind: 'MARKETING_CONSENT', granted: true }, 'web');
    const results = await Promise.all([engine.handle(marketing('C-5')), engine.handle(marketing('C-5')), engine.handle(marketing('C-5'))]);
    const went = results.filter((r) => r.decisions.some((d) => d.outcome !== 'SUPPRESSED'));
    expect(went).toHaveLength(1);
  });

  it('sends nothing against a rule over a week of mixed triggers (evaluation)', async () => {
    const customers = ['E-1', 'E-2', 'E-3', 'E-4'];
    // E-1 consents; E-2 does not; E-3 consents with quiet hours; E-4 turned transactions off in the app
    await prefs.change('E-1', { kind: 'MARKETING_CONSENT', granted: true }, 'web');
    await prefs.change('E-3', { kind: 'MARKETING_CONSENT', granted: true }, 'web');
    await prefs.change('E-3', { kind: 'QUIET_HOURS', quietHours: { start: '22:00', end: '07:00' }, timeZone: 'America/New_York' }, 'web');
    await prefs.change('E-4', { kind: 'CHANNEL', topic: 'TRANSACTIONS', channel: 'IN_APP', enabled: false }, 'web');
    const sent: Array<{ customer: string; at: number; kind: string; deliverAt?: Date; outcome: string }> = [];
    for (let step = 0; step < 7 * 12; step++) {
      now = START + step * 2 * HOUR;
      for (const c of customers) {
        const t = step % 3 === 0 ? marketing(c) : received(c);
        const h = await engine.handle(t);
        const inApp = h.decisions.find((d) => d.channel === 'IN_APP')!;
        sent.push({ customer: c, at: now, kind: t.kind, outcome: inApp.outcome, ...(inApp.deliverAt ? { deliverAt: inApp.deliverAt } : {}) });
      }
    }
    const going = sent.filter((s) => s.outcome !== 'SUPPRESSED');
    const againstConsent = going.filter((s) => s.kind === 'RETENTION' && (s.customer === 'E-2' || s.customer === 'E-4'));
    const againstPreference = going.filter((s) => s.customer === 'E-4' && s.kind === 'MONEY_RECEIVED');
    const againstCap = customers.flatMap((c) => {
      const mk = going.filter((s) => s.customer === c && s.kind === 'RETENTION').map((s) => s.at);
      return mk.filter((at) => mk.filter((o) => o <= at && o > at - 24 * HOUR).length > 1 || mk.filter((o) => o <= at && o > at - 7 * 24 * HOUR).length > 3);
    });
    const localHour = (d: Date) => Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', hour: '2-digit', hourCycle: 'h23' }).format(d));
    const duringQuiet = going.filter((s) => s.customer === 'E-3' && s.deliverAt && (localHour(s.deliverAt) >= 22 || localHour(s.deliverAt) < 7));
    expect({ againstConsent, againstPreference, againstCap, duringQuiet }).toEqual({
      againstConsent: [],
      againstPreference: [],
      againstCap: [],
      duringQuiet: [],
    });
    // and the rules did let things through: the evaluation is not vacuous
    expect(going.filter((s) => s.customer === 'E-1' && s.kind === 'RETENTION').length).toBeGreaterThanOrEqual(3);
    expect(going.filter((s) => s.customer === 'E-3' && s.outcome === 'DEFERRED').length).toBeGreaterThan(0);
  });

  it('records a failed attempt and completes it when the trigger comes again', async () => {
    let fail = true;
    const push: ChannelDelivery = {
      channel: 'PUSH',
      deliver: async () => {
        if (fail) throw new TypeError('provider down');
      },
    };
    const withPush = new NotificationEngine({ store: messages, deliveries: [new InboxDelivery(messages), push], clock });
    const t = received('C-6');
    await withPush.handle(t);
    fail = false;
    await withPush.handle(t);
    expect(await messages.attempts(t.id)).toEqual([
      { channel: 'IN_APP', outcome: 'DELIVERED' },
      { channel: 'PUSH', outcome: 'FAILED', error: 'TypeError' },
      { channel: 'PUSH', outcome: 'DELIVERED' },
    ]);
  });
});
