// Customer facts kept from domain events (db/customer-facts.ts) on the real store (PGlite, and
// PostgreSQL when DATABASE_URL is set): an event applied twice counts once, category spend in the
// home currency, a reversal taking its share back, the top city, the tier last seen (out of order),
// products from bookings, pruning; and segments (domain/segment.ts) answered from them: each
// criterion, AND across criteria, OR inside a list, the empty segment, batches in id order.
import { migrate } from '../../../lib/db/migrate';
import { newEvent } from '../../../lib/events';
import { type OpenedStore, serviceStores } from '../../../test/support/temp-stores';
import { MIGRATIONS } from '../src/db/migrations';
import { CustomerFactsStore } from '../src/db/customer-facts';
import { factOf } from '../src/domain/customer-facts';
import type { Segment } from '../src/domain/segment';
import { segmentProblem } from '../src/domain/segment-check';
import { booking, purchase, reversal } from './support/fact-events';

type Opened = OpenedStore;
const STORES = serviceStores('engagement', 'customer facts');

const NOW = new Date('2026-12-04T12:00:00Z');
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);
describe('factOf (pure)', () => {
  it('maps the MCC to its category, keeps spend in the home currency only, and normalises the city', () => {
    expect(factOf(purchase('C-1', NOW, 1234n, '5411', { city: '  Berlin   Mitte ' }), 'EUR')).toMatchObject({
      kind: 'PURCHASE',
      category: 'GROCERIES',
      spendMinor: 1234n,
      city: 'berlin mitte',
      day: '2026-12-04',
    });
    expect(factOf(purchase('C-1', NOW, 1234n, '5812', { currency: 'USD' }), 'EUR')).toMatchObject({ category: 'EATING_OUT', spendMinor: 0n });
  });

  it('gives nothing for an event without a customer or a type it does not keep', () => {
    const e = purchase('C-1', NOW, 1n, '5411');
    expect(factOf({ ...e, customerId: undefined }, 'EUR')).toBeNull();
    const points = newEvent({
      type: 'PointsChanged',
      key: 'j',
      customerId: 'C-1',
      occurredAt: NOW,
      payload: { journalId: 'J', reason: 'REDEMPTION', delta: '-1', balance: '0' },
    });
    expect(factOf(points, 'EUR')).toBeNull();
  });
});

describe('segmentProblem', () => {
  it('names the field of an unknown value or a day count out of range, and accepts a good segment', () => {
    expect(segmentProblem({ tiers: ['DIAMOND' as never] })?.field).toBe('tiers');
    expect(segmentProblem({ spendCategories: ['CAVIAR' as never] })?.field).toBe('spendCategories');
    expect(segmentProblem({ activeWithinDays: 0 })?.field).toBe('activeWithinDays');
    expect(segmentProblem({ inactiveForDays: 1.5 })?.field).toBe('inactiveForDays');
    expect(segmentProblem({ tiers: ['GOLD'], products: ['LOAN'], spendCategories: ['TRAVEL'], spendWithinDays: 30, cities: ['Berlin'] })).toBeUndefined();
  });
});

describe.each(STORES)('customer facts on %s', (_name, open) => {
  let opened: Opened | undefined;
  let facts: CustomerFactsStore;

  beforeAll(async () => {
    opened = await open();
    await migrate(opened.db, MIGRATIONS);
    facts = new CustomerFactsStore(opened.db, { homeCurrency: 'EUR', keepDays: 120 });
  });
  afterAll(async () => {
    await opened?.dispose();
  });

  const all = async (segment: Segment, batch = 100) => {
    const out: string[] = [];
    for await (const b of facts.members(segment, NOW, batch)) out.push(...b);
    return out;
  };

  describe('from events', () => {
    it('counts an event applied twice once, and keeps count and spend per category', async () => {
      const groceries = purchase('F-1', daysAgo(2), 2_500n, '5411');
      expect(await facts.apply(groceries, NOW)).toBe(true);
      expect(await facts.apply(groceries, NOW)).toBe(false);
      await facts.apply(purchase('F-1', daysAgo(1), 1_000n, '5411'), NOW);
      await facts.apply(purchase('F-1', daysAgo(1), 4_000n, '5812'), NOW);
      await facts.apply(purchase('F-1', daysAgo(1), 9_999n, '5812', { currency: 'USD' }), NOW);
      const f = await facts.of('F-1', NOW);
      expect(f?.card).toEqual({ GROCERIES: { purchases: 2, spendMinor: 3_500n }, EATING_OUT: { purchases: 2, spendMinor: 4_000n } });
      expect(f?.lastActiveAt).toEqual(daysAgo(1));
    });

    it('takes a reversal back from the purchase it names, never more than it added, once per reversal', async () => {
      const p = purchase('F-2', daysAgo(3), 10_000n, '5651');
      await facts.apply(p, NOW);
      const partly = reversal(p, 4_000n, false);
      await facts.apply(partly, NOW);
      await facts.apply(partly, NOW);
      expect((await facts.of('F-2', NOW))?.card.SHOPPING).toEqual({ purchases: 1, spendMinor: 6_000n });
      await facts.apply(reversal(p, 9_000n, true), NOW);
      expect((await facts.of('F-2', NOW))?.card.SHOPPING).toEqual({ purchases: 0, spendMinor: 0n });
      // a reversal of a purchase never seen changes nothing
      expect(await facts.apply(reversal(purchase('F-2', daysAgo(3), 1n, '5651'), 1n, true), NOW)).toBe(true);
    });

    it('finds the city of most spend over the last 90 days, case-insensitively', async () => {
      await facts.apply(purchase('F-3', daysAgo(100), 90_000n, '5411', { city: 'Hamburg' }), NOW); // older than 90 days
      await facts.apply(purchase('F-3', daysAgo(10), 3_000n, '5411', { city: 'Berlin' }), NOW);
      await facts.apply(purchase('F-3', daysAgo(9), 3_000n, '5411', { city: 'BERLIN' }), NOW);
      await facts.apply(purchase('F-3', daysAgo(8), 5_000n, '5411', { city: 'Munich' }), NOW);
      await facts.apply(purchase('F-3', daysAgo(8), 5_000n, '5411'), NOW); // no city: not counted for one
      expect((await facts.of('F-3', NOW))?.topCity).toBe('berlin');
    });

    it('keeps the tier of the latest event, whatever order they arrive in, and products from bookings', async () => {
      await facts.apply(purchase('F-4', daysAgo(1), 100n, '5411', { tier: 'GOLD', occurredAt: daysAgo(1) }), NOW);
      await facts.apply(purchase('F-4', daysAgo(5), 100n, '5411', { tier: 'SILVER', occurredAt: daysAgo(5) }), NOW);
      await facts.apply(purchase('F-4', daysAgo(6), 100n, '5411'), NOW); // no tier: leaves it
      await facts.apply(booking('F-4', daysAgo(2), 'SAVINGS'), NOW);
      await facts.apply(booking('F-4', daysAgo(2), 'CURRENT'), NOW);
      await facts.apply(booking('F-4', daysAgo(2)), NOW); // no account type: activity only
      const f = await facts.of('F-4', NOW);
      expect(f).toMatchObject({ tier: 'GOLD', products: ['CURRENT', 'SAVINGS'], lastActiveAt: daysAgo(1) });
    });

    it('prunes daily activity older than the kept days; the activity time stays', async () => {
      const later = new Date(NOW.getTime() + 119 * DAY);
      expect(await facts.prune(later)).toBeGreaterThan(0);
      const f = await facts.of('F-1', later);
      // the groceries of 2 days before NOW went, those of the day before stay
      expect(f?.card).toEqual({ GROCERIES: { purchases: 1, spendMinor: 1_000n }, EATING_OUT: { purchases: 2, spendMinor: 4_000n } });
      expect(f?.lastActiveAt).toEqual(daysAgo(1));
      // a purchase older than the kept days makes no daily row, only the activity time
      await facts.apply(purchase('F-5', daysAgo(200), 100n, '5411'), NOW);
      expect((await facts.of('F-5', NOW))?.card).toEqual({});
      expect((await facts.of('F-5', NOW))?.lastActiveAt).toEqual(daysAgo(200));
    });
  });

  describe('segments', () => {
    beforeAll(async () => {
      // S-1: GOLD, CURRENT, travel in Berlin 10 days ago
      await facts.apply(purchase('S-1', daysAgo(10), 50_000n, '4511', { tier: 'GOLD', city: 'Berlin' }), NOW);
      await facts.apply(booking('S-1', daysAgo(3), 'CURRENT'), NOW);
      // S-2: SILVER, LOAN, groceries in Vienna 40 days ago, nothing since
      await facts.apply(purchase('S-2', daysAgo(40), 2_000n, '5411', { tier: 'SILVER', city: 'Vienna' }), NOW);
      await facts.apply(booking('S-2', daysAgo(40), 'LOAN'), NOW);
      // S-3: only a booking today, no tier, no card
      await facts.apply(booking('S-3', NOW), NOW);
    });
    const ids = (xs: string[]) => xs.filter((x) => x.startsWith('S-'));

    it('names every customer known for the empty segment (and for empty lists)', async () => {
      expect(ids(await all({}))).toEqual(['S-1', 'S-2', 'S-3']);
      expect(ids(await all({ tiers: [], cities: [] }))).toEqual(['S-1', 'S-2', 'S-3']);
      expect(await facts.count({}, NOW)).toBe((await all({})).length);
    });

    it('answers each criterion', async () => {
      expect(ids(await all({ tiers: ['GOLD'] }))).toEqual(['S-1']);
      expect(ids(await all({ products: ['LOAN'] }))).toEqual(['S-2']);
      expect(ids(await all({ spendCategories: ['TRAVEL'] }))).toEqual(['S-1']);
      expect(ids(await all({ spendCategories: ['GROCERIES'], spendWithinDays: 30 }))).toEqual([]);
      expect(ids(await all({ spendCategories: ['GROCERIES'], spendWithinDays: 45 }))).toEqual(['S-2']);
      expect(ids(await all({ activeWithinDays: 5 }))).toEqual(['S-1', 'S-3']);
      expect(ids(await all({ inactiveForDays: 30 }))).toEqual(['S-2']);
      expect(ids(await all({ cities: ['berlin'] }))).toEqual(['S-1']);
      expect(ids(await all({ cities: ['VIENNA'] }))).toEqual(['S-2']);
    });

    it('ANDs criteria and ORs inside a list; a fact unknown names nobody', async () => {
      expect(ids(await all({ tiers: ['GOLD', 'SILVER'] }))).toEqual(['S-1', 'S-2']);
      expect(ids(await all({ tiers: ['GOLD', 'SILVER'], products: ['LOAN'] }))).toEqual(['S-2']);
      expect(ids(await all({ tiers: ['GOLD'], inactiveForDays: 30 }))).toEqual([]);
      expect(ids(await all({ tiers: ['BRONZE', 'PLATINUM'] }))).toEqual([]); // S-3's tier is unknown
      expect(await facts.count({ tiers: ['GOLD', 'SILVER'], cities: ['Berlin', 'Vienna'] }, NOW)).toBe(2);
    });

    it('gives members in batches of at most the size asked, in customer-id order, each once', async () => {
      const batches: (readonly string[])[] = [];
      for await (const b of facts.members({}, NOW, 2)) batches.push(b);
      expect(batches.every((b) => b.length <= 2 && b.length > 0)).toBe(true);
      const flat = batches.flat();
      expect(flat).toEqual([...flat].sort());
      expect(new Set(flat).size).toBe(flat.length);
      expect(flat).toEqual(await all({}));
    });

    it('refuses a malformed segment with BAD_USER_INPUT naming the field', async () => {
      await expect(facts.count({ tiers: ['DIAMOND' as never] }, NOW)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    });
  });
});
