// Against a real PostgreSQL server (several connections, real row locks), in a fresh schema:
// 200 concurrent redemptions that together exceed the balance never overspend; concurrent card
// advices for one customer (duplicates, a reversal racing its original) earn exactly once.
import { randomBytes } from 'node:crypto';
import { openPostgres } from '../../../lib/db/postgres-database';
import { POINTS_UNIT } from '../src/domain/ledger/chart';
import { pointsEarnedJournal } from '../src/domain/ledger/loyalty-journals';
import { advice, useProgramme } from './support/programme';
import { dropSchema } from '../../../test/support/postgres';
import type { RedemptionResult } from '../src/domain/redemption';
import { nth } from '../../../test/support/present';

const DATABASE_URL = process.env.DATABASE_URL;

jest.setTimeout(60000);

if (!DATABASE_URL) {
  test('loyalty PostgreSQL redemption suite left out: DATABASE_URL not set', () => {
    console.warn('loyalty PostgreSQL redemption suite left out: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run it');
    expect(process.env.DATABASE_URL).toBeUndefined();
  });
} else {
  const url = DATABASE_URL;
  const schema = `loyalty_redeem_${randomBytes(6).toString('hex')}`;
  const p = useProgramme(
    () => openPostgres({ connectionString: url, schema, maxConnections: 10 }),
    () => dropSchema(url, schema),
  );
  beforeAll(() => {
    p.core.delayMs = 2; // let the requests interleave around the core call
  });

  describe('loyalty on PostgreSQL under concurrency', () => {
    it('200 concurrent cash redemptions that together exceed the balance never overspend', async () => {
      const c = 'PG-REDEEM-1';
      p.core.giveCurrentAccount(c);
      await p.ledger.post(
        pointsEarnedJournal({ customerId: c, points: 5050n, businessDate: '2025-03-15', idempotencyKey: `grant-${c}`, description: 'grant' }),
      );
      const results = await Promise.allSettled(
        Array.from({ length: 200 }, (_, i) =>
          p.redemptions.redeem({ customerId: c, points: 100, for: 'CASH', idempotencyKey: `pg-redeem-${String(i).padStart(4, '0')}` }),
        ),
      );
      const ok = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(ok).toHaveLength(50);
      expect(refused).toHaveLength(150);
      expect(new Set(refused.map((r) => (r.reason as { code: string }).code))).toEqual(new Set(['INSUFFICIENT_POINTS']));
      expect(await p.ledger.balanceOf('CUSTOMER_POINTS', POINTS_UNIT, c)).toBe(50n);
      const paid = p.core.transfers.filter((t) => t.toAccountId === `ACC-${c}-EUR`);
      expect(paid).toHaveLength(50);
      expect(paid.every((t) => t.amount === '1.00')).toBe(true);
    });

    it('the same key sent 20 times at once redeems once', async () => {
      const c = 'PG-REDEEM-2';
      p.core.giveCurrentAccount(c);
      await p.ledger.post(
        pointsEarnedJournal({ customerId: c, points: 1000n, businessDate: '2025-03-15', idempotencyKey: `grant-${c}`, description: 'grant' }),
      );
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () => p.redemptions.redeem({ customerId: c, points: 300, for: 'CASH', idempotencyKey: 'pg-same-key-0001' })),
      );
      const fulfilled = results.filter((r): r is PromiseFulfilledResult<RedemptionResult> => r.status === 'fulfilled');
      expect(fulfilled.length).toBeGreaterThanOrEqual(1);
      expect(new Set(fulfilled.map((r) => JSON.stringify(r.value))).size).toBe(1);
      const others = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason as { code: string }).code);
      expect(others.every((code) => code === 'REDEMPTION_IN_PROGRESS')).toBe(true);
      expect(await p.ledger.balanceOf('CUSTOMER_POINTS', POINTS_UNIT, c)).toBe(700n);
      expect(p.core.transfers.filter((t) => t.toAccountId === `ACC-${c}-EUR`)).toHaveLength(1);
      // once settled, the key answers the first result again
      expect(await p.redemptions.redeem({ customerId: c, points: 300, for: 'CASH', idempotencyKey: 'pg-same-key-0001' })).toEqual(nth(fulfilled, 0).value);
    });

    it('concurrent advices for one customer: duplicates earn once, a reversal racing its original nets to zero', async () => {
      const c = 'PG-CARD-1';
      const purchases = Array.from({ length: 20 }, () => advice({ customerId: c, amountMinor: 10000n }));
      const reversed = purchases.slice(0, 5);
      const reversals = reversed.map((a) => advice({ customerId: c, kind: 'REVERSAL', originalKey: a.key }));
      const sends = [...purchases, ...purchases.map((a) => ({ ...a, repeat: true })), ...reversals, ...reversals];
      // a fixed shuffle, so reversals sometimes come first
      const shuffled = sends
        .map((a, i) => ({ a, k: (i * 7919) % sends.length }))
        .sort((x, y) => x.k - y.k)
        .map((x) => x.a);
      const outcomes = await Promise.all(shuffled.map((a) => p.sink.apply(a)));
      expect(outcomes.filter((o) => o === 'DUPLICATE')).toHaveLength(25);
      expect(await p.ledger.balanceOf('CUSTOMER_CASHBACK_PENDING', 'EUR', c)).toBe(15n * 100n);
      expect(await p.ledger.balanceOf('CUSTOMER_POINTS', POINTS_UNIT, c)).toBe(15n * 100n);
      const held = await p.db.query(`SELECT 1 FROM card_events WHERE customer_id = $1 AND status = 'HELD'`, [c]);
      expect(held).toHaveLength(0);
    });
  });
}
