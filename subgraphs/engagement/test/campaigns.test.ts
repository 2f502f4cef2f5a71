// Staff campaigns over the real store (PGlite, and PostgreSQL when DATABASE_URL is set) with a clock
// the test moves and a small in-memory audience: the draft checks, a send only at sendAt, consent
// and the campaign cap applied by the engine, cancel, two senders racing, and a sender dying
// mid-campaign (before and after the engine decided a customer) resumed without a second message.
import { migrate } from '../../../lib/db/migrate';
import { type OpenedStore, serviceStores } from '../../../test/support/temp-stores';
import { MIGRATIONS } from '../src/db/migrations';
import { MessageStore } from '../src/db/message-store';
import { PreferencesStore } from '../src/db/preferences-store';
import { CampaignStore } from '../src/db/campaign-store';
import { InboxDelivery } from '../src/adapters/inbox-delivery';
import { CampaignSender } from '../src/adapters/campaign-sender';
import { NotificationEngine, type Handled } from '../src/domain/engine';
import { CampaignInputError, checkCampaign, type CampaignInput } from '../src/domain/campaign';
import type { AudienceSource, Segment } from '../src/domain/segment';
import type { Trigger } from '../src/domain/triggers';

const DAY = 86_400_000;
const START = Date.parse('2026-03-02T10:00:00Z');

/** Customers with a tier each; a segment's `tiers` filters them, other criteria are not this test's subject. */
class ListAudience implements AudienceSource {
  constructor(private readonly customers: ReadonlyArray<{ id: string; tier: string }>) {}
  private named(s: Segment): string[] {
    return this.customers.filter((c) => !s.tiers || (s.tiers as readonly string[]).includes(c.tier)).map((c) => c.id);
  }
  count(s: Segment): Promise<number> {
    return Promise.resolve(this.named(s).length);
  }
  async *members(s: Segment, _now: Date, batchSize: number): AsyncIterable<readonly string[]> {
    const ids = this.named(s).sort();
    for (let i = 0; i < ids.length; i += batchSize) yield ids.slice(i, i + batchSize);
  }
}

const input = (over: Partial<CampaignInput> = {}): CampaignInput => ({
  name: 'Winter cash back',
  segment: { tiers: ['GOLD'] },
  message: {
    en: { title: 'Double cash back', body: 'Double cash back on groceries this week.' },
    fa: { title: 'بازگشت وجه دوبرابر', body: 'این هفته بازگشت وجه دوبرابر برای خرید مواد غذایی.' },
  },
  sendAt: new Date(START + 3_600_000).toISOString(),
  ...over,
});

describe('a campaign draft', () => {
  const now = new Date(START);
  it.each([
    ['a blank name', input({ name: '   ' }), 'BAD_USER_INPUT', 'name'],
    ['a blank Persian body', input({ message: { ...input().message, fa: { title: 'x', body: ' ' } } }), 'BAD_USER_INPUT', 'message.fa.body'],
    ['a title over 80 characters', input({ message: { ...input().message, en: { title: 'x'.repeat(81), body: 'b' } } }), 'BAD_USER_INPUT', 'message.en.title'],
    ['a send time in the past', input({ sendAt: new Date(START - 1).toISOString() }), 'SEND_AT_IN_PAST', 'sendAt'],
    ['a send time now', input({ sendAt: now.toISOString() }), 'SEND_AT_IN_PAST', 'sendAt'],
    ['a local time without offset', input({ sendAt: '2026-03-02T12:00:00' }), 'BAD_USER_INPUT', 'sendAt'],
    // days and hours JavaScript's Date would roll over into later ones
    ['February 30th', input({ sendAt: `${new Date(START).getUTCFullYear() + 1}-02-30T09:00:00Z` }), 'BAD_USER_INPUT', 'sendAt'],
    ['April 31st', input({ sendAt: `${new Date(START).getUTCFullYear()}-04-31T09:00:00+03:30` }), 'BAD_USER_INPUT', 'sendAt'],
    ['hour 24', input({ sendAt: `${new Date(START).getUTCFullYear()}-12-24T24:00:00Z` }), 'BAD_USER_INPUT', 'sendAt'],
    ['a send time over a year ahead', input({ sendAt: new Date(START + 400 * DAY).toISOString() }), 'BAD_USER_INPUT', 'sendAt'],
    ['an unknown tier', input({ segment: { tiers: ['DIAMOND'] } }), 'BAD_USER_INPUT', 'segment.tiers'],
    ['an empty list', input({ segment: { products: [] } }), 'BAD_USER_INPUT', 'segment.products'],
    ['a zero day window', input({ segment: { activeWithinDays: 0 } }), 'BAD_USER_INPUT', 'segment.activeWithinDays'],
    ['active and inactive that name nobody', input({ segment: { activeWithinDays: 30, inactiveForDays: 30 } }), 'BAD_USER_INPUT', 'segment.inactiveForDays'],
    ['a spend window without categories', input({ segment: { spendWithinDays: 30 } }), 'BAD_USER_INPUT', 'segment.spendWithinDays'],
  ])('refuses %s', (_what, draft, code, field) => {
    let err: unknown;
    try {
      checkCampaign(draft, now);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CampaignInputError);
    expect(err).toMatchObject({ code, field });
  });

  it('takes a good one, trimmed and deduplicated', () => {
    const d = checkCampaign(input({ name: ' Winter ', segment: { tiers: ['GOLD', 'GOLD'], cities: ['Berlin', 'berlin ', 'Tehran'] } }), now);
    expect(d).toMatchObject({ name: 'Winter', segment: { tiers: ['GOLD'], cities: ['Berlin', 'Tehran'] }, sendAt: new Date(START + 3_600_000) });
  });
});

type Opened = OpenedStore;
const STORES = serviceStores('engagement', 'campaigns');

describe.each(STORES)('campaigns on %s', (_name, open) => {
  let opened: Opened | undefined;
  let now = START;
  let messages: MessageStore;
  let prefs: PreferencesStore;
  let campaigns: CampaignStore;
  let engine: NotificationEngine;
  const clock = () => new Date(now);
  // every test its own customers (ids are per test), so counts never mix
  let n = 0;
  const customers = (count: number, tier = 'GOLD') => Array.from({ length: count }, () => ({ id: `C-${String(++n).padStart(6, '0')}`, tier }));
  const consent = async (ids: readonly string[]) => {
    for (const id of ids) await prefs.change(id, { kind: 'MARKETING_CONSENT', granted: true }, 'web');
  };
  const sender = (audience: AudienceSource, e: Pick<NotificationEngine, 'handle'> = engine, owner = 'sender-a', batchSize = 3) =>
    new CampaignSender(campaigns, audience, e, { clock, owner, batchSize, leaseMs: 60_000 });
  const schedule = async (over: Partial<CampaignInput> = {}) =>
    campaigns.create(checkCampaign(input({ sendAt: new Date(now + 3_600_000).toISOString(), ...over }), clock()), 'agent-7', clock());
  /** each customer's campaign messages in their inbox */
  const inboxed = async (id: string, campaignId: string) =>
    (await messages.inbox(id, new Date(now + 10 * DAY), 50)).filter((m) => m.id.startsWith(`campaign:${campaignId}:`));

  beforeAll(async () => {
    opened = await open();
    await migrate(opened.db, MIGRATIONS);
    messages = new MessageStore(opened.db);
    prefs = new PreferencesStore(opened.db, clock);
    campaigns = new CampaignStore(opened.db);
    engine = new NotificationEngine({ store: messages, deliveries: [new InboxDelivery(messages)], clock });
  });

  afterAll(async () => {
    await opened?.dispose();
  });

  it('sends only once sendAt has come, in each customer’s locale, with consent only', async () => {
    const people = customers(4);
    const [withEn, withFa, without] = people.map((p) => p.id) as [string, string, string, string];
    await consent([withEn, withFa]);
    await prefs.change(withFa, { kind: 'LOCALE', locale: 'fa' }, 'web');
    const audience = new ListAudience([...people, ...customers(2, 'SILVER')]);
    expect(await audience.count({ tiers: ['GOLD'] })).toBe(4);
    const c = await schedule();
    const s = sender(audience);

    now += 3_600_000 - 1;
    expect(await s.runOnce()).toBe(0);
    expect((await campaigns.get(c.id))?.status).toBe('SCHEDULED');
    expect(await inboxed(withEn, c.id)).toEqual([]);

    now += 1;
    expect(await s.runOnce()).toBe(1);
    const done = await campaigns.get(c.id);
    expect(done).toMatchObject({ status: 'SENT', startedAt: clock(), finishedAt: clock(), createdBy: 'agent-7' });
    expect(await campaigns.counts(c.id)).toEqual({ recipients: 4, sent: 2, suppressed: { MARKETING_CONSENT: 2 } });
    expect(await inboxed(withEn, c.id)).toEqual([
      expect.objectContaining({ kind: 'CAMPAIGN', topic: 'MARKETING', title: 'Double cash back', direction: 'LTR' }),
    ]);
    expect(await inboxed(withFa, c.id)).toEqual([expect.objectContaining({ title: 'بازگشت وجه دوبرابر', locale: 'fa', direction: 'RTL' })]);
    expect(await inboxed(without, c.id)).toEqual([]);
    // a later pass finds nothing due and sends nothing again
    now += DAY;
    expect(await s.runOnce()).toBe(0);
    expect(await inboxed(withEn, c.id)).toHaveLength(1);
  });

  it('stops a customer’s third campaign within 30 days at the campaign cap, and lets one through after', async () => {
    const people = customers(2);
    await consent(people.map((p) => p.id));
    const audience = new ListAudience(people);
    const s = sender(audience);
    const results = [];
    // every other day: within the marketing caps (1 a day, 3 a week), so only the campaign cap can stop one
    for (const gap of [0, 2, 2, 27]) {
      now += gap * DAY;
      const c = await schedule();
      now += 3_600_000;
      await s.runOnce();
      results.push(await campaigns.counts(c.id));
    }
    expect(results).toEqual([
      { recipients: 2, sent: 2, suppressed: {} },
      { recipients: 2, sent: 2, suppressed: {} },
      { recipients: 2, sent: 0, suppressed: { CAMPAIGN_CAP: 2 } },
      // 31 days after the first, 29 after the second: one within the last 30 days again
      { recipients: 2, sent: 2, suppressed: {} },
    ]);
  });

  it('cancels only a scheduled campaign, and a cancelled one never goes', async () => {
    const people = customers(2);
    await consent(people.map((p) => p.id));
    const c = await schedule();
    expect(await campaigns.cancel(c.id, 'agent-9', clock())).toMatchObject({ result: 'CANCELLED', campaign: { status: 'CANCELLED', cancelledBy: 'agent-9' } });
    expect(await campaigns.cancel(c.id, 'agent-9', clock())).toEqual({ result: 'NOT_CANCELLABLE', status: 'CANCELLED' });
    expect(await campaigns.cancel('cmp_000000000000000000000000', 'agent-9', clock())).toEqual({ result: 'NOT_FOUND' });
    now += 2 * 3_600_000;
    await sender(new ListAudience(people)).runOnce();
    expect(await campaigns.counts(c.id)).toEqual({ recipients: 0, sent: 0, suppressed: {} });
    expect(await inboxed(people[0]!.id, c.id)).toEqual([]);
    const sent = await schedule();
    now += 2 * 3_600_000;
    await sender(new ListAudience(people)).runOnce();
    expect(await campaigns.cancel(sent.id, 'agent-9', clock())).toEqual({ result: 'NOT_CANCELLABLE', status: 'SENT' });
  });

  it('sends each customer one message when two senders race for the campaign', async () => {
    now += 31 * DAY; // clear of the cap the earlier tests' campaigns count
    const people = customers(20);
    await consent(people.map((p) => p.id));
    const audience = new ListAudience(people);
    const c = await schedule();
    now += 3_600_000;
    const handled: string[] = [];
    const counting = (owner: string) =>
      sender(
        audience,
        {
          handle: (t: Trigger) => {
            handled.push(t.id);
            return engine.handle(t);
          },
        },
        owner,
        4,
      );
    const finished = await Promise.all([counting('sender-a').runOnce(), counting('sender-b').runOnce()]);
    expect(finished.sort()).toEqual([0, 1]);
    expect(handled).toHaveLength(20);
    expect(new Set(handled).size).toBe(20);
    expect(await campaigns.counts(c.id)).toEqual({ recipients: 20, sent: 20, suppressed: {} });
    for (const p of people) expect(await inboxed(p.id, c.id)).toHaveLength(1);
  });

  it('resumes a campaign whose sender died, without a second message to anyone', async () => {
    now += 31 * DAY;
    const people = customers(10);
    await consent(people.map((p) => p.id));
    const audience = new ListAudience(people);
    const c = await schedule();
    now += 3_600_000;
    // the first sender dies on its 6th customer right after the engine decided it (before the recipient was recorded)
    let calls = 0;
    const dying = {
      handle: async (t: Trigger): Promise<Handled> => {
        const h = await engine.handle(t);
        if (++calls === 6) throw new Error('process killed');
        return h;
      },
    };
    await expect(sender(audience, dying, 'sender-a').runOnce()).rejects.toThrow('process killed');
    expect((await campaigns.get(c.id))?.status).toBe('SENDING');
    expect((await campaigns.counts(c.id)).recipients).toBe(5);

    // another sender: nothing while the dead one's lease holds, then it takes over
    const seen: Trigger[] = [];
    const watching = {
      handle: (t: Trigger) => {
        seen.push(t);
        return engine.handle(t);
      },
    };
    const resumed = sender(audience, watching, 'sender-b');
    expect(await resumed.runOnce()).toBe(0);
    now += 60_000;
    expect(await resumed.runOnce()).toBe(1);
    // the five recorded are skipped; the sixth is handed again and answered from the record
    expect(seen).toHaveLength(5);
    expect((await campaigns.get(c.id))?.status).toBe('SENT');
    expect(await campaigns.counts(c.id)).toEqual({ recipients: 10, sent: 10, suppressed: {} });
    for (const p of people) {
      const mine = await inboxed(p.id, c.id);
      expect(mine).toHaveLength(1);
      expect(await messages.attempts(mine[0]!.id)).toEqual([{ channel: 'IN_APP', outcome: 'DELIVERED' }]);
    }
  });

  it('pauses a campaign when its sender stops, and the next pass picks it up at once', async () => {
    now += 31 * DAY;
    const people = customers(6);
    await consent(people.map((p) => p.id));
    const c = await schedule();
    now += 3_600_000;
    const box: { s?: CampaignSender } = {};
    let calls = 0;
    const stopping = {
      handle: async (t: Trigger): Promise<Handled> => {
        // a shutdown arrives while the first batch is handled
        if (++calls === 2) void box.s?.stop();
        return engine.handle(t);
      },
    };
    const s = (box.s = sender(new ListAudience(people), stopping, 'sender-a', 3));
    expect(await s.runOnce()).toBe(0);
    expect((await campaigns.get(c.id))?.status).toBe('SENDING');
    expect((await campaigns.counts(c.id)).recipients).toBe(3);
    // no waiting for the lease: it was given up
    expect(await sender(new ListAudience(people), engine, 'sender-b').runOnce()).toBe(1);
    expect(await campaigns.counts(c.id)).toEqual({ recipients: 6, sent: 6, suppressed: {} });
  });
});
