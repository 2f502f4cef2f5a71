// The offers store and the activation outbox on an in-memory PGlite (and on PostgreSQL when
// DATABASE_URL is set), with a clock the test moves:
// frequency caps per channel, dismissal and snooze memory, acceptances written with their outbox
// message in one transaction, and a dispatcher that retries with backoff until loyalty says 200.
import { openPglite } from '../../../lib/db/pglite-database';
import { migrate } from '../../../lib/db/migrate';
import type { Database } from '../../../lib/db/database';
import { MIGRATIONS } from '../src/db/migrations';
import { OffersStore } from '../src/db/offers-store';
import type { CashbackBoostRequest } from '../src/domain/activation';
import { ActivationDispatcher, type DeliveryOutcome } from '../src/adapters/activation-dispatcher';
import type { Offer } from '../src/domain/offer';
import { openTempPostgres } from '../../../test/support/temp-stores';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2025-03-15T10:00:00Z');

let db: Database;
let now = START;
let store: OffersStore;

const offer = (id: string, cashBack = false): Offer => ({
  id,
  kind: cashBack ? 'CASH_BACK' : 'CROSS_SELL',
  title: id,
  reason: 'because',
  fa: { title: id, reason: 'چون' },
  expiresAt: '2025-04-14T23:59:59Z',
  marketing: true,
  topic: 'TRAVEL',
  ...(cashBack ? { partnerId: 'P-SKYLARK', cashBack: { partnerId: 'P-SKYLARK', merchantIds: ['M-TRAVEL-001'], rateBasisPoints: 500, validDays: 30 } } : {}),
});

type Opened = { db: Database; dispose: () => Promise<void> };
const STORES: Array<[string, () => Promise<Opened>]> = [
  [
    'PGlite',
    async () => {
      const memory = await openPglite('memory://', 'offers');
      return { db: memory, dispose: () => memory.close() };
    },
  ],
];
// the caps and the multi-row impressions on a real server as well, when there is one
const DATABASE_URL = process.env.DATABASE_URL;
if (DATABASE_URL) STORES.push(['PostgreSQL', () => openTempPostgres(DATABASE_URL, 'offers_test')]);

describe.each(STORES)('offers store on %s', (_store, open) => {
  let opened: Opened | undefined;
  beforeAll(async () => {
    opened = await open();
    db = opened.db;
    await migrate(db, MIGRATIONS);
    store = new OffersStore(db, () => new Date(now));
  });

  afterAll(async () => {
    await opened?.dispose();
  });

  beforeEach(async () => {
    now = START;
    await db.exec('DELETE FROM outbox; DELETE FROM responses; DELETE FROM impressions; DELETE FROM offers_shown;');
  });

  describe('frequency caps', () => {
    it('hides an offer on a channel after 2 impressions in 24 hours, not on other channels, and shows it again a day later', async () => {
      const o = offer('savings-account-v1:C-1');
      await store.show('C-1', 'WEB', () => [o]);
      expect(await store.suppressed('C-1', 'WEB')).toEqual(new Set());
      now += HOUR;
      await store.show('C-1', 'WEB', () => [o]);
      expect(await store.suppressed('C-1', 'WEB')).toEqual(new Set([o.id]));
      expect(await store.suppressed('C-1', 'MOBILE')).toEqual(new Set());
      expect(await store.suppressed('C-2', 'WEB')).toEqual(new Set());
      now = START + DAY + 1;
      expect(await store.suppressed('C-1', 'WEB')).toEqual(new Set());
    });

    it('hides an offer on a channel after 5 impressions in 7 days, until the oldest is a week old', async () => {
      const o = offer('savings-account-v1:C-1');
      for (let d = 0; d < 5; d++) {
        now = START + d * DAY;
        expect(await store.suppressed('C-1', 'KIOSK')).toEqual(new Set());
        await store.show('C-1', 'KIOSK', () => [o]);
      }
      now = START + 5 * DAY;
      expect(await store.suppressed('C-1', 'KIOSK')).toEqual(new Set([o.id]));
      now = START + 7 * DAY + 1;
      expect(await store.suppressed('C-1', 'KIOSK')).toEqual(new Set());
    });

    it("forgets a customer's impressions older than 8 days when they are next shown offers", async () => {
      const o = offer('savings-account-v1:C-1');
      await store.show('C-1', 'WEB', () => [o]);
      await store.show('C-2', 'WEB', () => [offer('savings-account-v1:C-2')]);
      now = START + 9 * DAY;
      await store.show('C-1', 'MOBILE', () => [o]);
      expect(await db.query('SELECT customer_id, channel FROM impressions ORDER BY id')).toEqual([
        { customer_id: 'C-2', channel: 'WEB' },
        { customer_id: 'C-1', channel: 'MOBILE' },
      ]);
    });
  });

  describe('responses', () => {
    it('keeps a dismissed offer away for 30 days on every channel, then lets it back', async () => {
      const o = offer('credit-card-v1:C-1');
      await store.show('C-1', 'WEB', () => [o]);
      const r = await store.respond('C-1', o.id, 'DISMISS', 'web');
      expect(r).toMatchObject({ response: 'DISMISS', hiddenUntil: '2025-04-14T10:00:00.000Z', activation: null, replayed: false });
      for (const at of [START + DAY, START + 29 * DAY, START + 30 * DAY - 1]) {
        now = at;
        expect(await store.suppressed('C-1', 'MOBILE')).toEqual(new Set([o.id]));
      }
      now = START + 30 * DAY + 1;
      expect(await store.suppressed('C-1', 'MOBILE')).toEqual(new Set());
    });

    it('snoozes for 7 days', async () => {
      const o = offer('credit-card-v1:C-1');
      await store.show('C-1', 'WEB', () => [o]);
      await store.respond('C-1', o.id, 'SNOOZE', 'web');
      now = START + 7 * DAY - 1;
      expect(await store.suppressed('C-1', 'WEB')).toEqual(new Set([o.id]));
      now = START + 7 * DAY + 1;
      expect(await store.suppressed('C-1', 'WEB')).toEqual(new Set());
    });

    it("refuses another customer's offer, an offer never shown and a lapsed one with the same OFFER_NOT_FOUND, recording nothing", async () => {
      await store.show('C-1', 'WEB', () => [offer('credit-card-v1:C-1')]);
      const codes = [];
      for (const [customer, id] of [
        ['C-2', 'credit-card-v1:C-1'],
        ['C-1', 'credit-card-v1:C-9'],
        ['C-1', 'nope'],
      ] as const) {
        codes.push(
          await store.respond(customer, id, 'ACCEPT', 'web').then(
            () => 'recorded',
            (e: { extensions?: { code?: string } }) => e.extensions?.code,
          ),
        );
      }
      now += 30 * DAY + 1; // shown more than 30 days ago: lapsed
      codes.push(
        await store.respond('C-1', 'credit-card-v1:C-1', 'DISMISS', 'web').then(
          () => 'recorded',
          (e: { extensions?: { code?: string } }) => e.extensions?.code,
        ),
      );
      expect(codes).toEqual(['OFFER_NOT_FOUND', 'OFFER_NOT_FOUND', 'OFFER_NOT_FOUND', 'OFFER_NOT_FOUND']);
      expect(await db.query('SELECT count(*)::int AS n FROM responses')).toEqual([{ n: 0 }]);
    });

    it('writes an acceptance of a cash-back offer and its outbox message together; accepting again writes nothing', async () => {
      const o = offer('cashback-v1.P-SKYLARK:C-1', true);
      await store.show('C-1', 'MOBILE', () => [o]);
      const first = await store.respond('C-1', o.id, 'ACCEPT', 'mobile');
      expect(first.activation).toEqual({
        id: first.id,
        status: 'PENDING',
        partnerId: 'P-SKYLARK',
        rateBasisPoints: 500,
        validFrom: '2025-03-15T10:00:00.000Z',
        validUntil: '2025-04-14T10:00:00.000Z',
      });
      now += HOUR;
      const again = await store.respond('C-1', o.id, 'ACCEPT', 'web');
      expect(again).toMatchObject({ id: first.id, replayed: true, recordedAt: first.recordedAt, activation: first.activation });
      expect(await db.query('SELECT count(*)::int AS n FROM outbox')).toEqual([{ n: 1 }]);
      expect(await db.query("SELECT count(*)::int AS n FROM responses WHERE response = 'ACCEPT'")).toEqual([{ n: 1 }]);
    });

    it('rolls the response back when the outbox write fails (one transaction)', async () => {
      const o = offer('cashback-v1.P-SKYLARK:C-1', true);
      await store.show('C-1', 'MOBILE', () => [o]);
      await db.exec("ALTER TABLE outbox ADD CONSTRAINT outbox_test_refuse CHECK (destination <> 'loyalty.cashback-boosts')");
      try {
        await expect(store.respond('C-1', o.id, 'ACCEPT', 'mobile')).rejects.toThrow();
      } finally {
        await db.exec('ALTER TABLE outbox DROP CONSTRAINT outbox_test_refuse');
      }
      expect(await db.query('SELECT count(*)::int AS n FROM responses')).toEqual([{ n: 0 }]);
    });

    it('accepts a non-cash-back offer without any outbox message', async () => {
      await store.show('C-1', 'WEB', () => [offer('savings-account-v1:C-1')]);
      const r = await store.respond('C-1', 'savings-account-v1:C-1', 'ACCEPT', 'web');
      expect(r.activation).toBeNull();
      expect(await db.query('SELECT count(*)::int AS n FROM outbox')).toEqual([{ n: 0 }]);
    });
  });

  describe('activation dispatcher', () => {
    it('retries with doubling backoff until loyalty answers 200, then never sends again', async () => {
      const o = offer('cashback-v1.P-SKYLARK:C-1', true);
      await store.show('C-1', 'MOBILE', () => [o]);
      const accepted = await store.respond('C-1', o.id, 'ACCEPT', 'mobile');
      const sent: CashbackBoostRequest[] = [];
      let up = false;
      const dispatcher = new ActivationDispatcher(
        store,
        async (m): Promise<DeliveryOutcome> => {
          sent.push(m);
          return up ? { result: 'DELIVERED' } : { result: 'RETRY', error: 'connect ECONNREFUSED' };
        },
        { baseBackoffMs: 1000, maxBackoffMs: 8000 },
      );
      expect(await dispatcher.runOnce()).toBe(0); // attempt 1 fails: next in 1 s
      expect(await dispatcher.runOnce()).toBe(0); // not due yet: nothing sent
      expect(sent).toHaveLength(1);
      now += 1000;
      await dispatcher.runOnce(); // attempt 2 fails: next in 2 s
      now += 1999;
      await dispatcher.runOnce();
      expect(sent).toHaveLength(2);
      now += 1;
      await dispatcher.runOnce(); // attempt 3
      expect(sent).toHaveLength(3);
      expect([1, 2, 3, 4, 5, 6].map((n) => dispatcher.backoffAfter(n))).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
      up = true;
      now += 4000;
      expect(await dispatcher.runOnce()).toBe(1);
      now += DAY;
      expect(await dispatcher.runOnce()).toBe(0);
      expect(sent).toHaveLength(4);
      expect(new Set(sent.map((m) => m.activationId))).toEqual(new Set([accepted.id]));
      expect(sent[3]).toEqual({
        activationId: accepted.id,
        customerId: 'C-1',
        partnerId: 'P-SKYLARK',
        merchantIds: ['M-TRAVEL-001'],
        rateBasisPoints: 500,
        validFrom: '2025-03-15T10:00:00.000Z',
        validUntil: '2025-04-14T10:00:00.000Z',
      });
      expect((await store.activation(accepted.id))?.status).toBe('ACTIVE');
      expect(await store.outboxCounts()).toEqual({ pending: 0, delivered: 1, failed: 0 });
    });

    it('stops on a refusal that a resend cannot fix and marks the activation FAILED', async () => {
      const o = offer('cashback-v1.P-SKYLARK:C-1', true);
      await store.show('C-1', 'MOBILE', () => [o]);
      const accepted = await store.respond('C-1', o.id, 'ACCEPT', 'mobile');
      let calls = 0;
      const dispatcher = new ActivationDispatcher(store, async () => {
        calls++;
        return { result: 'REJECTED', error: '409 IDEMPOTENCY_KEY_REUSED' };
      });
      await dispatcher.runOnce();
      now += DAY;
      await dispatcher.runOnce();
      expect(calls).toBe(1);
      expect((await store.activation(accepted.id))?.status).toBe('FAILED');
    });

    it('does not hand a leased message to a second dispatcher', async () => {
      const o = offer('cashback-v1.P-SKYLARK:C-1', true);
      await store.show('C-1', 'MOBILE', () => [o]);
      await store.respond('C-1', o.id, 'ACCEPT', 'mobile');
      expect(await store.claimDue(10, 30_000)).toHaveLength(1);
      expect(await store.claimDue(10, 30_000)).toHaveLength(0);
      now += 30_001; // the lease lapsed (its dispatcher died): another may take it
      expect(await store.claimDue(10, 30_000)).toHaveLength(1);
    });
  });
});
