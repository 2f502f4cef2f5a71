// RETENTION from falling card activity: the pure rule (domain/retention.ts) and the daily pass
// (adapters/retention-pass.ts) over the real customer facts and the real engine (PGlite, and
// PostgreSQL when DATABASE_URL is set): who it names, once per customer per 90 days however often it
// runs, the same trigger id again after a crash between claim and decision, marketing consent applied.
import { migrate } from '../../../lib/db/migrate';
import { type OpenedStore, serviceStores } from '../../../test/support/temp-stores';
import { MIGRATIONS } from '../src/db/migrations';
import { CustomerFactsStore } from '../src/db/customer-facts';
import { MessageStore } from '../src/db/message-store';
import { PreferencesStore } from '../src/db/preferences-store';
import { InboxDelivery } from '../src/adapters/inbox-delivery';
import { NotificationEngine } from '../src/domain/engine';
import { activityFell, DEFAULT_RETENTION_RULE, retentionDue, retentionTriggerId } from '../src/domain/retention';
import { RetentionPass } from '../src/adapters/retention-pass';
import { purchase } from './support/fact-events';

describe('activityFell', () => {
  it('names fewer recent purchases than half the baseline monthly average (30 / 60 days: recent x 4 < baseline)', () => {
    expect(activityFell({ recent: 1, baseline: 8 })).toBe(true);
    expect(activityFell({ recent: 2, baseline: 8 })).toBe(false); // exactly half: not fallen
    expect(activityFell({ recent: 0, baseline: 4 })).toBe(true);
    expect(activityFell({ recent: 10, baseline: 60 })).toBe(true);
    expect(activityFell({ recent: 15, baseline: 60 })).toBe(false);
  });

  it('needs the minimum earlier activity: a customer who hardly used the card has nothing to fall from', () => {
    expect(activityFell({ recent: 0, baseline: 3 })).toBe(false);
    expect(activityFell({ recent: 0, baseline: 3 }, { ...DEFAULT_RETENTION_RULE, minBaselinePurchases: 2 })).toBe(true);
  });

  it('scales with other windows', () => {
    // 14 recent days against 28 before: monthly average of 28 days = baseline / 2, half of it = baseline / 4
    const rule = { recentDays: 14, baselineDays: 28, minBaselinePurchases: 1 };
    expect(activityFell({ recent: 1, baseline: 5 }, rule)).toBe(true);
    expect(activityFell({ recent: 2, baseline: 8 }, rule)).toBe(false);
  });

  it('runs the pass once a day from the configured UTC hour', () => {
    expect(retentionDue(new Date('2026-12-04T08:59:00Z'), 9, undefined)).toBe(false);
    expect(retentionDue(new Date('2026-12-04T09:00:00Z'), 9, undefined)).toBe(true);
    expect(retentionDue(new Date('2026-12-04T23:00:00Z'), 9, '2026-12-04')).toBe(false);
    expect(retentionDue(new Date('2026-12-05T09:30:00Z'), 9, '2026-12-04')).toBe(true);
  });
});

type Opened = OpenedStore;
const STORES = serviceStores('engagement', 'retention');

const START = Date.parse('2026-12-04T10:00:00Z');
const DAY = 86_400_000;

describe.each(STORES)('the retention pass on %s', (_name, open) => {
  let opened: Opened | undefined;
  let now = START;
  const clock = () => new Date(now);
  let facts: CustomerFactsStore;
  let messages: MessageStore;
  let prefs: PreferencesStore;
  let engine: NotificationEngine;

  /** `baseline` purchases spread over 31..89 days ago and `recent` over the last 30 days. */
  async function activity(customerId: string, baseline: number, recent: number) {
    for (let i = 0; i < baseline; i++) await facts.apply(purchase(customerId, new Date(START - (31 + ((i * 7) % 58)) * DAY), 1_000n, '5411'), clock());
    for (let i = 0; i < recent; i++) await facts.apply(purchase(customerId, new Date(START - (1 + ((i * 5) % 28)) * DAY), 1_000n, '5411'), clock());
  }
  const retentionOf = async (customerId: string) => (await messages.inbox(customerId, clock(), 50)).filter((m) => m.kind === 'RETENTION');

  beforeAll(async () => {
    opened = await open();
    await migrate(opened.db, MIGRATIONS);
    facts = new CustomerFactsStore(opened.db, { homeCurrency: 'EUR' });
    messages = new MessageStore(opened.db);
    prefs = new PreferencesStore(opened.db, clock);
    engine = new NotificationEngine({ store: messages, deliveries: [new InboxDelivery(messages)], clock });
    for (const c of ['R-1', 'R-2', 'R-3', 'R-5']) await prefs.change(c, { kind: 'MARKETING_CONSENT', granted: true }, 'test');
    await activity('R-1', 8, 1); // fell
    await activity('R-2', 8, 4); // steady
    await activity('R-3', 3, 0); // too little before to fall
    await activity('R-4', 10, 0); // fell, no marketing consent
  });
  afterAll(async () => {
    await opened?.dispose();
  });

  it('waits for its hour, then notifies each customer whose activity fell, once however often it runs', async () => {
    const pass = new RetentionPass(facts, engine, { hour: 11, clock });
    expect(await pass.runOnce()).toBe(0); // 10:00, before the hour
    expect(await retentionOf('R-1')).toEqual([]);
    now = START + 2 * 3_600_000; // 12:00
    expect(await pass.runOnce()).toBe(2);
    const [message] = await retentionOf('R-1');
    expect(message).toMatchObject({ id: retentionTriggerId('R-1', '2026-12-04'), kind: 'RETENTION', topic: 'MARKETING' });
    expect(await retentionOf('R-2')).toEqual([]);
    expect(await retentionOf('R-3')).toEqual([]);
    // R-4 was decided (and suppressed for want of consent): the one of its 90 days
    expect(await messages.inbox('R-4', clock(), 10)).toEqual([]);
    // the same day again (a restart, a second replica) and the next day: nothing new
    expect((await pass.run(clock())).handled).toBe(0);
    now += DAY;
    expect(await pass.runOnce()).toBe(0);
    expect(await retentionOf('R-1')).toHaveLength(1);
    now = START + 2 * 3_600_000;
  });

  it('allows a new one after 90 days, and only then', async () => {
    const first = new Date(START - 100 * DAY);
    expect(await facts.claimRetention('Q-1', retentionTriggerId('Q-1', '2026-08-26'), first, 90)).toBe('retention:Q-1:2026-08-26');
    await facts.retentionHandled('retention:Q-1:2026-08-26', first);
    expect(await facts.claimRetention('Q-1', retentionTriggerId('Q-1', '2026-11-23'), new Date(first.getTime() + 89 * DAY), 90)).toBeUndefined();
    expect(await facts.claimRetention('Q-1', retentionTriggerId('Q-1', '2026-11-25'), new Date(first.getTime() + 91 * DAY), 90)).toBe(
      'retention:Q-1:2026-11-25',
    );
    await facts.retentionHandled('retention:Q-1:2026-11-25', new Date(first.getTime() + 91 * DAY));
  });

  it('hands the same trigger again after a crash between the claim and the decision', async () => {
    await activity('R-5', 9, 0);
    let failing = true;
    const flaky = { handle: (t: Parameters<NotificationEngine['handle']>[0]) => (failing ? Promise.reject(new Error('store down')) : engine.handle(t)) };
    await expect(new RetentionPass(facts, flaky, { clock }).run(clock())).rejects.toThrow('store down');
    expect(await retentionOf('R-5')).toEqual([]);
    failing = false;
    now += DAY; // the next day: the claim of the day before is the one handed
    const out = await new RetentionPass(facts, flaky, { clock }).run(clock());
    expect(out.handled).toBe(1);
    expect((await retentionOf('R-5')).map((m) => m.id)).toEqual([retentionTriggerId('R-5', '2026-12-04')]);
    expect((await new RetentionPass(facts, flaky, { clock }).run(clock())).handled).toBe(0);
  });
});
