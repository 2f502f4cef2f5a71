// The delivery outbox's dispatcher over the real store (PGlite, and PostgreSQL when DATABASE_URL is
// set), with providers in memory: a transient failure is retried until the last allowed attempt, a
// message deferred by quiet hours goes when they end, a channel's rate limit holds (for two
// dispatchers together), and two dispatchers on one store send every message exactly once.
import { DeliveryDispatcher } from '../src/adapters/delivery-dispatcher';
import type { Trigger } from '../src/domain/triggers';
import { toDate } from '../../../lib/db/database';
import { DELIVERY_STORES, DeliveryHarness, FakeProvider } from './support/delivery-harness';

describe.each(DELIVERY_STORES)('delivery outbox on %s', (_name, open) => {
  const h = new DeliveryHarness(open);

  it('gives up after the last allowed attempt of a transient failure', async () => {
    const flaky = new FakeProvider('PUSH', () => ({ result: 'RETRY', error: 'http-503' }));
    const dispatcher = new DeliveryDispatcher(h.outbox, [flaky], { baseBackoffMs: 1000, maxAttempts: 3 });
    const t = h.alert('flaky-1');
    await h.engineFor(dispatcher).handle(t);
    for (let i = 0; i < 5; i++) {
      await dispatcher.runOnce();
      h.now += 10_000;
    }
    expect(flaky.sent).toEqual([t.id, t.id, t.id]);
    expect(await h.outbox.state(t.id, 'PUSH')).toEqual({ attempts: 3, delivered: false, failed: true, lastError: 'http-503' });
  });

  it('sends a message deferred by quiet hours when they end, not before', async () => {
    const provider = new FakeProvider('PUSH');
    const dispatcher = new DeliveryDispatcher(h.outbox, [provider]);
    const engine = h.engineFor(dispatcher);
    // quiet from one hour before now until two hours after, in UTC
    const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    await h.prefs.change(
      'quiet-1',
      { kind: 'QUIET_HOURS', quietHours: { start: hhmm(h.now - 3_600_000), end: hhmm(h.now + 7_200_000) }, timeZone: 'UTC' },
      'test',
    );
    const t: Trigger = {
      id: h.nextId('mr'),
      customerId: 'quiet-1',
      occurredAt: h.clock(),
      kind: 'MONEY_RECEIVED',
      amount: { minor: 500n, currency: 'EUR' },
      salary: false,
    };
    const handled = await engine.handle(t);
    expect(handled.decisions.find((d) => d.channel === 'PUSH')?.outcome).toBe('DEFERRED');
    await dispatcher.runOnce();
    expect(provider.sent).toEqual([]);
    h.now += 7_200_000;
    await dispatcher.runOnce();
    expect(provider.sent).toEqual([t.id]);
  });

  describe('a message deferred by quiet hours, checked again against the settings in force when due', () => {
    const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    const quietNow = async (customerId: string, endInHours = 2) => {
      await h.prefs.change(
        customerId,
        { kind: 'QUIET_HOURS', quietHours: { start: hhmm(h.now - 3_600_000), end: hhmm(h.now + endInHours * 3_600_000) }, timeZone: 'UTC' },
        'test',
      );
      return h.now + endInHours * 3_600_000;
    };
    const push = async (id: string) => {
      const [d] = await h.db.query<{ outcome: string; rule: string | null; deliver_at: unknown }>(
        "SELECT outcome, rule, deliver_at FROM decisions WHERE message_id = $1 AND channel = 'PUSH'",
        [id],
      );
      return { outcome: d?.outcome, rule: d?.rule, deliverAt: d?.deliver_at ? toDate(d.deliver_at).getTime() : null };
    };
    // a marketing message deferred on push (which it reaches only with consent and push turned on)
    const deferredOffer = async (customerId: string) => {
      const provider = new FakeProvider('PUSH');
      const dispatcher = new DeliveryDispatcher(h.outbox, [provider]);
      await h.prefs.change(customerId, { kind: 'MARKETING_CONSENT', granted: true }, 'test');
      await h.prefs.change(customerId, { kind: 'CHANNEL', topic: 'MARKETING', channel: 'PUSH', enabled: true }, 'test');
      const end = await quietNow(customerId);
      const t: Trigger = { id: h.nextId('rt'), customerId, occurredAt: h.clock(), kind: 'RETENTION' };
      expect((await h.engineFor(dispatcher).handle(t)).decisions.find((d) => d.channel === 'PUSH')?.outcome).toBe('DEFERRED');
      return { provider, dispatcher, end, t };
    };
    const payment = (customerId: string): Trigger => ({
      id: h.nextId('mr'),
      customerId,
      occurredAt: h.clock(),
      kind: 'MONEY_RECEIVED',
      amount: { minor: 500n, currency: 'EUR' },
      salary: false,
    });

    beforeEach(() => {
      h.now = Math.ceil((h.now + 3_600_000) / 3_600_000) * 3_600_000;
    });

    it('sends a deferred marketing message when they end if nothing changed (the cap counts it once)', async () => {
      const { provider, dispatcher, end, t } = await deferredOffer('rq-0');
      h.now = end;
      await dispatcher.runOnce();
      expect(provider.sent).toEqual([t.id]);
      expect(await push(t.id)).toEqual({ outcome: 'DEFERRED', rule: 'QUIET_HOURS', deliverAt: end });
    });

    it('suppresses it with the consent rule when consent was withdrawn meanwhile', async () => {
      const { provider, dispatcher, end, t } = await deferredOffer('rq-1');
      await h.prefs.change('rq-1', { kind: 'MARKETING_CONSENT', granted: false }, 'test');
      h.now = end;
      expect(await dispatcher.runOnce()).toBe(0);
      h.now += 3_600_000;
      await dispatcher.runOnce();
      expect(provider.sent).toEqual([]);
      expect(await push(t.id)).toEqual({ outcome: 'SUPPRESSED', rule: 'MARKETING_CONSENT', deliverAt: null });
      expect(await h.outbox.state(t.id, 'PUSH')).toEqual({ attempts: 0, delivered: false, failed: false, suppressed: true });
      expect((await h.messages.attempts(t.id)).filter((x) => x.channel === 'PUSH')).toEqual([]);
    });

    it('suppresses it by preference when the channel was switched off meanwhile', async () => {
      const provider = new FakeProvider('PUSH');
      const dispatcher = new DeliveryDispatcher(h.outbox, [provider]);
      const end = await quietNow('rq-2');
      const t = payment('rq-2');
      await h.engineFor(dispatcher).handle(t);
      await h.prefs.change('rq-2', { kind: 'CHANNEL', topic: 'TRANSACTIONS', channel: 'PUSH', enabled: false }, 'test');
      h.now = end;
      await dispatcher.runOnce();
      expect(provider.sent).toEqual([]);
      expect(await push(t.id)).toEqual({ outcome: 'SUPPRESSED', rule: 'PREFERENCE', deliverAt: null });
    });

    it('defers it again to the end of quiet hours moved over the release time', async () => {
      const provider = new FakeProvider('PUSH');
      const dispatcher = new DeliveryDispatcher(h.outbox, [provider]);
      await quietNow('rq-3');
      const t = payment('rq-3');
      await h.engineFor(dispatcher).handle(t);
      const end = await quietNow('rq-3', 4);
      h.now = end - 2 * 3_600_000;
      await dispatcher.runOnce();
      expect(provider.sent).toEqual([]);
      expect(await push(t.id)).toEqual({ outcome: 'DEFERRED', rule: 'QUIET_HOURS', deliverAt: end });
      h.now = end - 1000;
      await dispatcher.runOnce();
      expect(provider.sent).toEqual([]);
      h.now = end;
      await dispatcher.runOnce();
      expect(provider.sent).toEqual([t.id]);
    });

    it('still sends a security alert inside quiet hours', async () => {
      const provider = new FakeProvider('SMS');
      const dispatcher = new DeliveryDispatcher(h.outbox, [provider]);
      await quietNow('rq-4');
      const t = h.alert('rq-4');
      await h.engineFor(dispatcher).handle(t);
      await dispatcher.runOnce();
      expect(provider.sent).toEqual([t.id]);
      expect(await h.outbox.state(t.id, 'SMS')).toEqual({ attempts: 1, delivered: true, failed: false });
    });
  });

  it('holds a channel to its rate limit: no more than N sends a minute, whatever is due', async () => {
    const provider = new FakeProvider('SMS');
    const dispatcher = new DeliveryDispatcher(h.outbox, [provider], { rates: { SMS: 3 } });
    const engine = h.engineFor(dispatcher);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await engine.handle(h.alert(`rate-${i}`))).messageId);
    expect(await dispatcher.runOnce()).toBe(3);
    expect(await dispatcher.runOnce()).toBe(0);
    // the bucket refills at 3 a minute: one token every 20 s
    h.now += 20_000;
    expect(await dispatcher.runOnce()).toBe(1);
    // and never holds more than a minute's worth, however long it waited
    h.now += 10 * 60_000;
    expect(await dispatcher.runOnce()).toBe(3);
    // a second dispatcher shares the bucket (it is in the store), not a bucket of its own
    const other = new DeliveryDispatcher(h.secondOutbox(), [provider], { rates: { SMS: 3 } });
    expect(await other.runOnce()).toBe(0);
    expect(provider.sent).toEqual(ids.slice(0, 7));
    h.now += 60_000;
    expect((await dispatcher.runOnce()) + (await other.runOnce())).toBe(3);
    expect(new Set(provider.sent)).toEqual(new Set(ids));
  });

  it('sends each message once with two dispatchers on one store', async () => {
    const a = new FakeProvider('PUSH', undefined, 2);
    const b = new FakeProvider('PUSH', undefined, 2);
    const rates = { PUSH: 10_000 };
    const first = new DeliveryDispatcher(h.outbox, [a], { rates, batchSize: 5 });
    const second = new DeliveryDispatcher(h.secondOutbox(), [b], { rates, batchSize: 5 });
    const engine = h.engineFor(first);
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push((await engine.handle(h.alert(`pair-${i % 7}`))).messageId);
    const [x, y] = await Promise.all([first.runOnce(), second.runOnce()]);
    const sent = [...a.sent, ...b.sent];
    expect(x + y).toBe(40);
    // both took part: the test would not see a double send otherwise
    expect(a.sent.length).toBeGreaterThan(0);
    expect(b.sent.length).toBeGreaterThan(0);
    expect(sent.sort()).toEqual([...ids].sort());
    const [row] = await h.db.query<{ n: unknown }>(
      "SELECT count(*) AS n FROM delivery_attempts WHERE channel = 'PUSH' AND outcome = 'DELIVERED' AND message_id = ANY($1::text[])",
      [ids],
    );
    expect(Number(row?.n)).toBe(40);
  });
});
