// The loyalty ledger's behaviour, written once and run against every store it supports:
// PGlite in a temp dir (unit project) and a real PostgreSQL schema (integration project).
import { type Database, sqlConstraint } from '../../../../lib/db/database';
import { migrate, MigrationError } from '../../src/db/migrate';
import { MIGRATIONS } from '../../src/db/migrations';
import { Ledger } from '../../src/db/ledger/ledger';
import { assertLedgerInvariants } from '../../src/db/ledger/invariants';
import { type JournalInput, LedgerError } from '../../src/domain/ledger/journal';
import { cashBackAccruedJournal, cashBackPaidJournal, pointsEarnedJournal, pointsRedeemedJournal } from '../../src/domain/ledger/loyalty-journals';
import { seedDemo, demoGrantFor, DEMO_CUSTOMER_COUNT } from '../../src/db/seed';
import { businessDateOf, monthOf } from '../../src/domain/business-day';
import { Rng } from '../../../../core-simulator/src/prng';
import { nth } from '../../../../test/support/present';

export interface StoreUnderTest {
  db: Database;
  /** closes the store and removes what the test created */
  dispose(): Promise<void>;
}

const NOW = new Date('2025-03-15T10:00:00.000Z');
const TODAY = businessDateOf(NOW);

/** A deterministic PRNG, so the scenario is the same on every run. */
function prng(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.float();
}

async function expectLedgerError(work: Promise<unknown>, code: string): Promise<void> {
  await expect(work).rejects.toBeInstanceOf(LedgerError);
  await expect(work).rejects.toMatchObject({ code });
}

export function ledgerSuite(storeName: string, open: () => Promise<StoreUnderTest>): void {
  describe(`loyalty ledger on ${storeName}`, () => {
    let store: StoreUnderTest;
    let ledger: Ledger;
    let counter = 0;
    /** a customer id no other test touches, so tests share one store without interfering */
    const freshCustomer = () => `T-${storeName.replace(/\W/g, '')}-${++counter}`;

    /** everything a refused journal must leave as it was */
    async function snapshot() {
      return { journals: await ledger.journalCount(), trial: await ledger.trialBalance() };
    }

    beforeAll(async () => {
      store = await open();
      await migrate(store.db);
      ledger = new Ledger(store.db, () => NOW);
    });

    // the one invariant checker of the money paths, after every test (src/db/ledger/invariants.ts)
    afterEach(async () => {
      await assertLedgerInvariants(ledger, store.db);
    });

    afterAll(async () => {
      await store?.dispose();
    });

    describe('migrations', () => {
      it('are recorded once and not re-applied', async () => {
        expect((await migrate(store.db)).applied).toEqual([]);
        const rows = await store.db.query<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id');
        expect(rows.map((r) => Number(r.id))).toEqual(MIGRATIONS.map((m) => m.id));
      });

      it('refuse to start when an applied migration was edited', async () => {
        const edited = MIGRATIONS.map((m, i) => (i === 0 ? { ...m, sql: `${m.sql}\n-- edited` } : m));
        await expect(migrate(store.db, edited)).rejects.toThrow(MigrationError);
        await expect(migrate(store.db, edited)).rejects.toThrow(/changed after it was applied/);
      });

      it('refuse to run an older build against a newer schema', async () => {
        await expect(migrate(store.db, [])).rejects.toThrow(/newer than this build/);
      });
    });

    describe('posting', () => {
      it('posts a balanced journal and moves both sides', async () => {
        const c = freshCustomer();
        const issuedBefore = await ledger.balanceOf('PROGRAMME_POINTS_ISSUED', 'PTS');
        const r = await ledger.post(
          pointsEarnedJournal({ customerId: c, points: 250n, businessDate: TODAY, idempotencyKey: `${c}:earn`, description: 'Card spend' }),
        );
        expect(r.replayed).toBe(false);
        expect(r.journalId).toMatch(/^\d+$/);
        expect(r.postedAt).toBe(NOW.toISOString());
        expect(await ledger.pointsBalance(c)).toBe(250n);
        expect((await ledger.balanceOf('PROGRAMME_POINTS_ISSUED', 'PTS')) - issuedBefore).toBe(250n);
      });

      it('refuses an unbalanced journal and writes nothing', async () => {
        const c = freshCustomer();
        const before = await snapshot();
        const unbalanced: JournalInput = {
          idempotencyKey: `${c}:unbalanced`,
          kind: 'POINTS_EARNED',
          customerId: c,
          businessDate: TODAY,
          description: 'Card spend',
          postings: [
            { account: 'PROGRAMME_POINTS_ISSUED', side: 'D', amount: 100n, unit: 'PTS' },
            { account: 'CUSTOMER_POINTS', customerId: c, side: 'C', amount: 101n, unit: 'PTS' },
          ],
        };
        await expectLedgerError(ledger.post(unbalanced), 'UNBALANCED');
        expect(await snapshot()).toEqual(before);
        expect(await ledger.pointsBalance(c)).toBe(0n);
        // the key stays free: the corrected journal posts under it
        const fixed = { ...unbalanced, postings: [nth(unbalanced.postings, 0), { ...nth(unbalanced.postings, 1), amount: 100n }] };
        expect((await ledger.post(fixed)).replayed).toBe(false);
      });

      it('balances each unit on its own: points cannot pay for money', async () => {
        const c = freshCustomer();
        const before = await snapshot();
        await expectLedgerError(
          ledger.post({
            idempotencyKey: `${c}:mixed`,
            kind: 'WELCOME_BONUS',
            customerId: c,
            businessDate: TODAY,
            description: 'Mixed units',
            postings: [
              { account: 'PROGRAMME_POINTS_ISSUED', side: 'D', amount: 100n, unit: 'PTS' },
              { account: 'CUSTOMER_CASHBACK_PENDING', customerId: c, side: 'C', amount: 100n, unit: 'EUR' },
            ],
          }),
          'UNBALANCED',
        );
        expect(await snapshot()).toEqual(before);
      });

      it.each([
        ['a zero amount', { amount: 0n }],
        ['a negative amount', { amount: -5n }],
        ['a float amount', { amount: 1.5 as unknown as bigint }],
        ['money in a points account', { unit: 'EUR' }],
        ['an unknown account', { account: 'CUSTOMER_WALLET' }],
      ])('refuses %s (INVALID_JOURNAL) and writes nothing', async (_label, change) => {
        const c = freshCustomer();
        const before = await snapshot();
        const base = pointsEarnedJournal({ customerId: c, points: 10n, businessDate: TODAY, idempotencyKey: `${c}:bad`, description: 'x' });
        const bad = { ...base, postings: [base.postings[0], { ...base.postings[1], ...change }] } as JournalInput;
        await expect(ledger.post(bad)).rejects.toMatchObject({ code: expect.stringMatching(/^(INVALID_JOURNAL|UNBALANCED)$/) });
        expect(await snapshot()).toEqual(before);
      });

      it('keeps amounts beyond float precision exact', async () => {
        const c = freshCustomer();
        const huge = 9007199254740993n; // 2^53 + 1: a JS number would round it
        await ledger.post(
          cashBackAccruedJournal({ customerId: c, amount: huge, currency: 'EUR', businessDate: TODAY, idempotencyKey: `${c}:huge`, description: 'x' }),
        );
        expect(await ledger.balanceOf('CUSTOMER_CASHBACK_PENDING', 'EUR', c)).toBe(huge);
      });
    });

    describe('idempotency', () => {
      it('returns the first result for a re-post and does not double the balance', async () => {
        const c = freshCustomer();
        const journal = pointsEarnedJournal({ customerId: c, points: 40n, businessDate: TODAY, idempotencyKey: `${c}:once`, description: 'Card spend' });
        const first = await ledger.post(journal);
        const count = await ledger.journalCount();
        const again = await ledger.post({ ...journal, postedAt: new Date(NOW.getTime() + 60000) });
        expect(again).toEqual({ ...first, replayed: true });
        expect(await ledger.journalCount()).toBe(count);
        expect(await ledger.pointsBalance(c)).toBe(40n);
      });

      it('refuses the same key for a different journal and writes nothing', async () => {
        const c = freshCustomer();
        await ledger.post(pointsEarnedJournal({ customerId: c, points: 40n, businessDate: TODAY, idempotencyKey: `${c}:k`, description: 'Card spend' }));
        const before = await snapshot();
        await expectLedgerError(
          ledger.post(pointsEarnedJournal({ customerId: c, points: 41n, businessDate: TODAY, idempotencyKey: `${c}:k`, description: 'Card spend' })),
          'IDEMPOTENCY_CONFLICT',
        );
        expect(await snapshot()).toEqual(before);
        expect(await ledger.pointsBalance(c)).toBe(40n);
      });

      it('posts once when the same key arrives many times at once', async () => {
        const c = freshCustomer();
        const journal = pointsEarnedJournal({ customerId: c, points: 7n, businessDate: TODAY, idempotencyKey: `${c}:race`, description: 'Card spend' });
        const results = await Promise.all(Array.from({ length: 6 }, () => ledger.post(journal)));
        expect(results.filter((r) => !r.replayed)).toHaveLength(1);
        expect(new Set(results.map((r) => r.journalId)).size).toBe(1);
        expect(await ledger.pointsBalance(c)).toBe(7n);
      });
    });

    describe('no negative points or cash back', () => {
      it('refuses spending more points than the balance, and allows spending all of it', async () => {
        const c = freshCustomer();
        await ledger.post(pointsEarnedJournal({ customerId: c, points: 100n, businessDate: TODAY, idempotencyKey: `${c}:earn`, description: 'x' }));
        const before = await snapshot();
        await expectLedgerError(
          ledger.post(pointsRedeemedJournal({ customerId: c, points: 101n, businessDate: TODAY, idempotencyKey: `${c}:spend-too-much`, description: 'x' })),
          'INSUFFICIENT_BALANCE',
        );
        expect(await snapshot()).toEqual(before);
        await ledger.post(pointsRedeemedJournal({ customerId: c, points: 100n, businessDate: TODAY, idempotencyKey: `${c}:spend-all`, description: 'x' }));
        expect(await ledger.pointsBalance(c)).toBe(0n);
      });

      it('lets through only the concurrent redemptions that fit the balance', async () => {
        const c = freshCustomer();
        await ledger.post(pointsEarnedJournal({ customerId: c, points: 100n, businessDate: TODAY, idempotencyKey: `${c}:earn`, description: 'x' }));
        const outcomes = await Promise.allSettled(
          Array.from({ length: 6 }, (_, k) =>
            ledger.post(pointsRedeemedJournal({ customerId: c, points: 30n, businessDate: TODAY, idempotencyKey: `${c}:spend-${k}`, description: 'x' })),
          ),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
        for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
        expect(await ledger.pointsBalance(c)).toBe(10n);
      });

      it('refuses paying out more cash back than is pending', async () => {
        const c = freshCustomer();
        await ledger.post(
          cashBackAccruedJournal({ customerId: c, amount: 500n, currency: 'EUR', businessDate: TODAY, idempotencyKey: `${c}:acc`, description: 'x' }),
        );
        await expectLedgerError(
          ledger.post(cashBackPaidJournal({ customerId: c, amount: 501n, currency: 'EUR', businessDate: TODAY, idempotencyKey: `${c}:pay`, description: 'x' })),
          'INSUFFICIENT_BALANCE',
        );
        expect(await ledger.balanceOf('CUSTOMER_CASHBACK_PENDING', 'EUR', c)).toBe(500n);
      });
    });

    describe('the store guards the ledger itself', () => {
      it('refuses an unbalanced journal written around the ledger code, at commit', async () => {
        const before = await snapshot();
        const attempt = store.db.transaction(async (tx) => {
          const journals = await tx.query<{ id: unknown }>(
            `INSERT INTO journals (idempotency_key, fingerprint, kind, business_date, description, posted_at)
             VALUES ('raw:unbalanced', 'x', 'POINTS_EARNED', '2025-03-15', 'raw', now()) RETURNING id`,
          );
          const accounts = await tx.query<{ id: unknown }>(`SELECT id FROM ledger_accounts WHERE code = 'PROGRAMME_POINTS_ISSUED' AND unit = 'PTS'`);
          await tx.query(`INSERT INTO postings (journal_id, account_id, unit, side, amount) VALUES ($1, $2, 'PTS', 'D', 5), ($1, $2, 'PTS', 'D', 5)`, [
            String(nth(journals, 0).id),
            String(nth(accounts, 0).id),
          ]);
        });
        await expect(attempt).rejects.toThrow(/does not balance/);
        // the ledger recognises the refusal by the rule's name, not by its text
        expect(sqlConstraint(await attempt.catch((e: unknown) => e))).toBe('journal_balances');
        expect(await snapshot()).toEqual(before);
      });

      it('refuses a journal with no postings, at commit', async () => {
        const attempt = store.db.transaction(async (tx) => {
          await tx.query(
            `INSERT INTO journals (idempotency_key, fingerprint, kind, business_date, description, posted_at)
             VALUES ('raw:empty', 'x', 'POINTS_EARNED', '2025-03-15', 'raw', now())`,
          );
        });
        await expect(attempt).rejects.toThrow(/fewer than two postings/);
        expect(sqlConstraint(await attempt.catch((e: unknown) => e))).toBe('journal_has_two_postings');
        expect(await store.db.query(`SELECT 1 FROM journals WHERE idempotency_key = 'raw:empty'`)).toHaveLength(0);
      });

      it('is append-only: postings and journals cannot be changed or deleted', async () => {
        await expect(store.db.query(`UPDATE postings SET amount = amount + 1`)).rejects.toThrow(/append-only/);
        await expect(store.db.query(`DELETE FROM postings`)).rejects.toThrow(/append-only/);
        await expect(store.db.query(`DELETE FROM journals`)).rejects.toThrow(/append-only/);
        await expect(store.db.query(`TRUNCATE postings`)).rejects.toThrow(/append-only/);
      });

      it('stores amounts as BIGINT, never as floating point', async () => {
        const rows = await store.db.query<{ table_name: string; column_name: string; data_type: string }>(
          `SELECT table_name, column_name, data_type FROM information_schema.columns
           WHERE table_schema = $1 AND column_name IN ('amount')`,
          [store.db.schema],
        );
        expect(rows).toEqual([{ table_name: 'postings', column_name: 'amount', data_type: 'bigint' }]);
      });
    });

    describe('cash back figures', () => {
      it('tells pending today, paid this month and lifetime apart', async () => {
        const c = freshCustomer();
        const yesterday = '2025-03-14';
        const lastMonth = '2025-02-27';
        const post = (j: JournalInput) => ledger.post(j);
        await post(
          cashBackAccruedJournal({
            customerId: c,
            amount: 900n,
            currency: 'EUR',
            businessDate: lastMonth,
            postedAt: new Date('2025-02-27T20:00:00Z'),
            idempotencyKey: `${c}:a0`,
            description: 'x',
          }),
        );
        await post(
          cashBackPaidJournal({
            customerId: c,
            amount: 900n,
            currency: 'EUR',
            businessDate: lastMonth,
            postedAt: new Date('2025-02-28T02:00:00Z'),
            idempotencyKey: `${c}:p0`,
            description: 'x',
          }),
        );
        await post(
          cashBackAccruedJournal({
            customerId: c,
            amount: 250n,
            currency: 'EUR',
            businessDate: yesterday,
            postedAt: new Date('2025-03-14T20:00:00Z'),
            idempotencyKey: `${c}:a1`,
            description: 'x',
          }),
        );
        await post(
          cashBackPaidJournal({
            customerId: c,
            amount: 250n,
            currency: 'EUR',
            businessDate: yesterday,
            postedAt: new Date('2025-03-15T02:00:00Z'),
            idempotencyKey: `${c}:p1`,
            description: 'x',
          }),
        );
        await post(cashBackAccruedJournal({ customerId: c, amount: 137n, currency: 'EUR', businessDate: TODAY, idempotencyKey: `${c}:a2`, description: 'x' }));
        await post(cashBackAccruedJournal({ customerId: c, amount: 63n, currency: 'EUR', businessDate: TODAY, idempotencyKey: `${c}:a3`, description: 'x' }));
        // other currencies and other customers do not leak into these figures
        await post(
          cashBackAccruedJournal({ customerId: c, amount: 5000n, currency: 'USD', businessDate: TODAY, idempotencyKey: `${c}:usd`, description: 'x' }),
        );
        await post(
          cashBackAccruedJournal({
            customerId: freshCustomer(),
            amount: 777n,
            currency: 'EUR',
            businessDate: TODAY,
            idempotencyKey: `${c}:other`,
            description: 'x',
          }),
        );

        const month = monthOf(NOW);
        expect(await ledger.cashBackPendingOn(c, 'EUR', TODAY)).toBe(200n);
        expect(await ledger.cashBackPendingOn(c, 'EUR', yesterday)).toBe(0n); // paid out
        expect(await ledger.cashBackPaidBetween(c, 'EUR', month.from, month.to)).toBe(250n);
        expect(await ledger.cashBackLifetime(c, 'EUR')).toBe(900n + 250n + 200n);
        expect(await ledger.cashBackLifetime(c, 'USD')).toBe(5000n);
      });
    });

    describe('demo seed', () => {
      it('is deterministic and posts nothing the second time, even on a later day', async () => {
        const first = await seedDemo(ledger, 'EUR', NOW);
        const count = await ledger.journalCount();
        const again = await seedDemo(ledger, 'EUR', NOW);
        const nextDay = await seedDemo(ledger, 'EUR', new Date('2025-03-16T08:00:00Z'));
        expect(first).toEqual({ posted: DEMO_CUSTOMER_COUNT * 3, replayed: 0 });
        expect(again).toEqual({ posted: 0, replayed: DEMO_CUSTOMER_COUNT * 3 });
        expect(nextDay).toEqual({ posted: 0, replayed: DEMO_CUSTOMER_COUNT * 3 });
        expect(await ledger.journalCount()).toBe(count);

        const month = monthOf(NOW);
        expect(demoGrantFor(1)).toEqual({ points: 600n, cashBackToday: 137n, cashBackEarlier: 1250n });
        expect(await ledger.pointsBalance('C-000001')).toBe(600n);
        expect(await ledger.cashBackPendingOn('C-000001', 'EUR', TODAY)).toBe(137n);
        expect(await ledger.cashBackPaidBetween('C-000001', 'EUR', month.from, month.to)).toBe(1250n);
        expect(await ledger.cashBackLifetime('C-000001', 'EUR')).toBe(1387n);
        expect(await ledger.pointsBalance('C-000010')).toBe(1500n);
      });
    });

    describe('invariants after a scenario', () => {
      it('debits equal credits per unit, every journal balances, no customer account is negative', async () => {
        const random = prng(20250315);
        const customers = [freshCustomer(), freshCustomer(), freshCustomer()];
        const expected = new Map(customers.map((c) => [c, { points: 0n, pending: 0n }]));
        let refused = 0;
        for (let i = 0; i < 80; i++) {
          const c = nth(customers, Math.floor(random() * customers.length));
          const model = expected.get(c)!;
          const amount = BigInt(1 + Math.floor(random() * 300));
          const key = `${c}:scenario:${i}`;
          const op = Math.floor(random() * 4);
          const journal =
            op === 0
              ? pointsEarnedJournal({ customerId: c, points: amount, businessDate: TODAY, idempotencyKey: key, description: 'x' })
              : op === 1
                ? pointsRedeemedJournal({ customerId: c, points: amount, businessDate: TODAY, idempotencyKey: key, description: 'x' })
                : op === 2
                  ? cashBackAccruedJournal({ customerId: c, amount, currency: 'EUR', businessDate: TODAY, idempotencyKey: key, description: 'x' })
                  : cashBackPaidJournal({ customerId: c, amount, currency: 'EUR', businessDate: TODAY, idempotencyKey: key, description: 'x' });
          let posted = false;
          try {
            await ledger.post(journal);
            posted = true;
            if (op === 0) model.points += amount;
            if (op === 1) model.points -= amount;
            if (op === 2) model.pending += amount;
            if (op === 3) model.pending -= amount;
          } catch (err) {
            expect(err).toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
            refused++;
          }
          // now and then the same journal arrives again (a retry): it must change nothing
          if (posted && i % 5 === 4) expect((await ledger.post(journal)).replayed).toBe(true);
        }
        expect(refused).toBeGreaterThan(0); // the scenario really tried to overdraw
        for (const [c, model] of expected) {
          expect(await ledger.pointsBalance(c)).toBe(model.points);
          expect(await ledger.balanceOf('CUSTOMER_CASHBACK_PENDING', 'EUR', c)).toBe(model.pending);
        }
        const trial = await ledger.trialBalance();
        expect(trial.map((t) => t.unit)).toEqual(expect.arrayContaining(['EUR', 'PTS']));
        for (const t of trial) expect(t.debits).toBe(t.credits);
        expect(await ledger.unbalancedJournals()).toEqual([]);
        expect(await ledger.negativeAccounts()).toEqual([]);
      });
    });
  });
}
