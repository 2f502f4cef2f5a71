// Customer.offerHistory's store side (db/offer-history.ts) over the real store (PGlite, and
// PostgreSQL when DATABASE_URL is set): the offers shown to a customer, last shown first, with
// every answer; reading it records no impression, and another customer's offers never appear. And
// the field: staff with staff:customers:read only.
import { STAFF_READ_SCOPE } from '../../../lib/access';
import { migrate } from '../../../lib/db/migrate';
import type { Caller } from '../../../lib/internal-auth';
import { MIGRATIONS } from '../src/db/migrations';
import { OffersStore } from '../src/db/offers-store';
import type { Offer } from '../src/domain/offer';
import { typedResolvers } from '../src/graphql/resolvers';
import { type OpenedStore, serviceStores } from '../../../test/support/temp-stores';

const START = Date.parse('2025-03-15T10:00:00Z');
const HOUR = 3_600_000;

const offer = (id: string): Offer => ({
  id,
  kind: 'CROSS_SELL',
  title: id,
  reason: 'because',
  fa: { title: id, reason: 'چون' },
  expiresAt: '2025-04-14T23:59:59Z',
  marketing: true,
  topic: 'TRAVEL',
});

describe.each(serviceStores('offers', 'offer history'))('offer history on %s', (_name, open) => {
  let opened: OpenedStore | undefined;
  let store: OffersStore;
  let now = START;

  beforeAll(async () => {
    opened = await open();
    await migrate(opened.db, MIGRATIONS);
    store = new OffersStore(opened.db, () => new Date(now));
  });

  afterAll(async () => {
    await opened?.dispose();
  });

  it('lists what was shown, last shown first, with every answer oldest first', async () => {
    await store.show('C-H1', 'WEB', () => [offer('o-a:C-H1'), offer('o-b:C-H1')]);
    now += HOUR;
    await store.show('C-H1', 'MOBILE', () => [offer('o-a:C-H1')]);
    await store.show('C-H2', 'WEB', () => [offer('o-z:C-H2')]);
    now += HOUR;
    await store.respond('C-H1', 'o-b:C-H1', 'SNOOZE', 'web');
    now += HOUR;
    await store.respond('C-H1', 'o-b:C-H1', 'DISMISS', 'mobile');

    const impressions = async () => Number((await opened!.db.query<{ n: unknown }>('SELECT count(*) AS n FROM impressions'))[0]!.n);
    const before = await impressions();
    const history = await store.history('C-H1', 10);
    expect(await impressions()).toBe(before);
    expect(history).toEqual([
      { offerId: 'o-a:C-H1', kind: 'CROSS_SELL', firstShownAt: new Date(START), lastShownAt: new Date(START + HOUR), responses: [] },
      {
        offerId: 'o-b:C-H1',
        kind: 'CROSS_SELL',
        firstShownAt: new Date(START),
        lastShownAt: new Date(START),
        responses: [
          { response: 'SNOOZE', channel: 'web', respondedAt: new Date(START + 2 * HOUR) },
          { response: 'DISMISS', channel: 'mobile', respondedAt: new Date(START + 3 * HOUR) },
        ],
      },
    ]);
    expect((await store.history('C-H1', 1)).map((o) => o.offerId)).toEqual(['o-a:C-H1']);
    expect((await store.history('C-H2', 10)).map((o) => o.offerId)).toEqual(['o-z:C-H2']);
    expect(await store.history('C-NOBODY', 10)).toEqual([]);
  });
});

describe('Customer.offerHistory', () => {
  type Resolve = (c: { id: string }, args: { first?: number | null }, ctx: unknown) => Promise<unknown>;
  const resolve = (typedResolvers.Customer as unknown as { offerHistory: Resolve }).offerHistory;
  const asked: Array<[string, number]> = [];
  const ctx = (caller: Partial<Caller>) => ({
    caller: { subject: 'x', channel: 'web', scopes: [], ...caller },
    store: { history: async (id: string, n: number) => (asked.push([id, n]), []) },
  });

  it('answers staff with staff:customers:read only, null to anyone else without asking the store', async () => {
    expect(await resolve({ id: 'C-1' }, { first: null }, ctx({ channel: 'staff', scopes: [STAFF_READ_SCOPE] }))).toEqual([]);
    expect(asked).toEqual([['C-1', 20]]);
    for (const caller of [
      { channel: 'web' as const, customerId: 'C-1', scopes: ['customer:read', STAFF_READ_SCOPE] },
      { channel: 'partner' as const, partnerId: 'P-1', scopes: ['partner:offers:read'] },
      { channel: 'staff' as const, scopes: ['staff:campaigns:read'] },
    ]) {
      expect(await resolve({ id: 'C-1' }, { first: 5 }, ctx(caller))).toBeNull();
    }
    expect(asked).toHaveLength(1);
  });

  it('refuses first outside 1..50 with BAD_USER_INPUT', async () => {
    await expect(resolve({ id: 'C-1' }, { first: 51 }, ctx({ channel: 'staff', scopes: [STAFF_READ_SCOPE] }))).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});
