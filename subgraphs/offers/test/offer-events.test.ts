// OfferActivated (docs/events.md): written with the acceptance of a cash-back offer, in its
// transaction; accepting again, or accepting an offer with nothing to activate, writes none.
import { openPglite } from '../../../lib/db/pglite-database';
import { migrate } from '../../../lib/db/migrate';
import type { Database } from '../../../lib/db/database';
import { parseEvent } from '../../../lib/events';
import { assertPgliteUsableUnderJest } from '../../../test/support/pglite-under-jest';
import { MIGRATIONS } from '../src/db/migrations';
import { OffersStore } from '../src/db/offers-store';
import type { Offer } from '../src/domain/offer';

jest.setTimeout(60_000);

const NOW = new Date('2025-03-15T10:00:00Z');
let db: Database;
let store: OffersStore;

const cashBack: Offer = {
  id: 'cashback-v1.P-SKYLARK:C-1',
  kind: 'CASH_BACK',
  title: 'Skylark',
  reason: 'because',
  fa: { title: 'Skylark', reason: 'چون' },
  expiresAt: '2025-04-14T23:59:59Z',
  marketing: true,
  topic: 'TRAVEL',
  partnerId: 'P-SKYLARK',
  cashBack: { partnerId: 'P-SKYLARK', merchantIds: ['M-TRAVEL-001'], rateBasisPoints: 500, validDays: 30 },
};

const events = async () =>
  (await db.query<{ envelope: string }>('SELECT envelope FROM event_outbox ORDER BY seq')).map((r) => parseEvent(JSON.parse(r.envelope)));

beforeAll(async () => {
  assertPgliteUsableUnderJest();
  db = await openPglite('memory://', 'offers');
  await migrate(db, MIGRATIONS);
  store = new OffersStore(db, () => NOW);
});
afterAll(async () => {
  await db?.close();
});

describe('OfferActivated', () => {
  it('is written once with the acceptance of a cash-back offer', async () => {
    await store.show('C-1', 'MOBILE', () => [cashBack]);
    const accepted = await store.respond('C-1', cashBack.id, 'ACCEPT', 'mobile');
    expect(await events()).toEqual([
      expect.objectContaining({
        type: 'OfferActivated',
        version: 1,
        producer: 'offers',
        customerId: 'C-1',
        key: `offer-activation:${accepted.id}`,
        occurredAt: '2025-03-15T10:00:00.000Z',
        payload: {
          activationId: accepted.id,
          offerId: cashBack.id,
          partnerId: 'P-SKYLARK',
          rateBasisPoints: 500,
          validFrom: '2025-03-15T10:00:00.000Z',
          validUntil: '2025-04-14T10:00:00.000Z',
          channel: 'mobile',
        },
      }),
    ]);
    await store.respond('C-1', cashBack.id, 'ACCEPT', 'web');
    expect(await events()).toHaveLength(1);
  });

  it('is not written for an offer with nothing to activate, nor for a dismissal', async () => {
    const plain: Offer = { ...cashBack, id: 'savings-account-v1:C-2', kind: 'CROSS_SELL' };
    delete (plain as Partial<Offer>).cashBack;
    await store.show('C-2', 'WEB', () => [plain, { ...cashBack, id: 'cashback-v1.P-SKYLARK:C-2' }]);
    await store.respond('C-2', plain.id, 'ACCEPT', 'web');
    await store.respond('C-2', 'cashback-v1.P-SKYLARK:C-2', 'DISMISS', 'web');
    expect((await events()).filter((e) => e.customerId === 'C-2')).toEqual([]);
  });
});
