// The money paths after an ambiguous core failure (the transfer may or may not have been booked),
// written once and run on every store: PGlite (test/resilience/*.test.ts) and PostgreSQL
// (test/resilience/money-paths-postgres.int.test.ts). useProgramme checks the programme's
// invariants after every test, so each scenario ends settled: nothing PENDING, nothing doubled.
import type { Database } from '../../../../lib/db/database';
import { CoreError } from '../../../../legacy-adapters/soap/src';
import { createLogger } from '../../../../lib/logger';
import { POINTS_UNIT } from '../../src/domain/ledger/chart';
import { pointsEarnedJournal } from '../../src/domain/ledger/loyalty-journals';
import { DailyJobs } from '../../src/domain/daily-jobs';
import { advice, useProgramme } from './programme';
import { nth } from '../../../../test/support/present';

const timeout = () => new CoreError('CORE_TIMEOUT', 'CreateTransaction', 'no answer in time', { retryable: true });
const down = () => new CoreError('CORE_UNAVAILABLE', 'QueryTransfer', 'the core is down', { retryable: true });

export function redemptionRetrySuite(storeName: string, open: () => Promise<Database>, after?: () => Promise<void>): void {
  describe(`cash redemption after an ambiguous core failure on ${storeName}`, () => {
    const p = useProgramme(open, after);
    let n = 0;
    const fresh = () => `RR-${storeName.replace(/\W/g, '')}-${++n}`;
    const points = (c: string) => p.ledger.balanceOf('CUSTOMER_POINTS', POINTS_UNIT, c);
    const paidTo = (account: string) => p.core.transfers.filter((t) => t.toAccountId === account);
    const status = async (c: string) =>
      (await p.db.query<{ status: string }>(`SELECT status FROM redemptions WHERE customer_id = $1`, [c])).map((r) => r.status);
    async function customer(pts: bigint): Promise<{ c: string; account: string }> {
      const c = fresh();
      const account = p.core.giveCurrentAccount(c);
      await p.ledger.post(
        pointsEarnedJournal({ customerId: c, points: pts, businessDate: '2025-03-15', idempotencyKey: `grant-${c}`, description: 'test grant' }),
      );
      return { c, account };
    }
    const cash = (c: string, pts: number, key = `key-${c}-0001`) => p.redemptions.redeem({ customerId: c, points: pts, for: 'CASH', idempotencyKey: key });

    beforeEach(() => {
      p.clock.now = new Date('2025-03-15T10:00:00.000Z');
      p.core.failNext = undefined;
      p.core.loseNextReply = false;
      p.core.lookupFails = undefined;
    });

    it('a retry with the same key resumes the redemption the core booked: paid once, never INSUFFICIENT_POINTS', async () => {
      const { c, account } = await customer(300n);
      p.core.loseNextReply = true;
      await expect(cash(c, 250)).rejects.toMatchObject({ code: 'CORE_UNAVAILABLE' });
      expect(await points(c)).toBe(50n);
      const r = await cash(c, 250);
      expect(r).toMatchObject({ for: 'CASH', points: 250, cash: { minor: '250', currency: 'EUR' }, pointsBalance: 50 });
      expect(paidTo(account)).toHaveLength(1);
      expect(await status(c)).toEqual(['COMPLETED']);
      expect(await cash(c, 250)).toEqual(r);
    });

    it('a retry on a later business day pays under the first reference, with the first debit', async () => {
      const { c, account } = await customer(1000n);
      p.core.failNext = timeout();
      await expect(cash(c, 250)).rejects.toMatchObject({ code: 'CORE_UNAVAILABLE' });
      p.clock.now = new Date('2025-03-17T09:00:00.000Z');
      const r = await cash(c, 250);
      expect(r).toMatchObject({ points: 250, pointsBalance: 750 });
      expect(await points(c)).toBe(750n);
      expect(paidTo(account)).toHaveLength(1);
      const ref = nth(paidTo(account), 0).callerReference;
      expect(p.core.attempted.slice(-2)).toEqual([ref, ref]);
    });

    it('reconciliation completes a redemption the core booked, without a second payment', async () => {
      const { c, account } = await customer(500n);
      p.core.loseNextReply = true;
      await expect(cash(c, 500)).rejects.toMatchObject({ code: 'CORE_UNAVAILABLE' });
      const transfers = p.core.calls.transfer;
      expect(await p.redemptions.reconcilePending()).toMatchObject({ completed: 1, pending: 0 });
      expect(p.core.calls.transfer).toBe(transfers); // the lookup answered: no write sent again
      expect(await status(c)).toEqual(['COMPLETED']);
      expect(await cash(c, 500)).toMatchObject({ points: 500, cash: { minor: '500', currency: 'EUR' }, pointsBalance: 0 });
      expect(paidTo(account)).toHaveLength(1);
      expect(await points(c)).toBe(0n);
    });

    it('reconciliation pays a redemption the core never booked, under the same reference', async () => {
      const { c, account } = await customer(1000n);
      p.core.failNext = timeout();
      await expect(cash(c, 250)).rejects.toMatchObject({ code: 'CORE_UNAVAILABLE' });
      const first = nth(p.core.attempted, -1);
      await p.redemptions.reconcilePending();
      expect(await status(c)).toEqual(['COMPLETED']);
      expect(paidTo(account)).toEqual([expect.objectContaining({ amount: '2.50', callerReference: first })]);
      expect(await points(c)).toBe(750n);
    });

    it('reconciliation gives the points back when the core refuses the payment, and the key answers CORE_REFUSED', async () => {
      const { c, account } = await customer(1000n);
      p.core.failNext = timeout();
      await expect(cash(c, 400)).rejects.toMatchObject({ code: 'CORE_UNAVAILABLE' });
      p.core.failNext = new CoreError('ACCOUNT_CLOSED', 'CreateTransaction', 'closed');
      await p.redemptions.reconcilePending();
      expect(await status(c)).toEqual(['FAILED']);
      expect(await points(c)).toBe(1000n);
      expect(paidTo(account)).toHaveLength(0);
      await expect(cash(c, 400)).rejects.toMatchObject({ code: 'CORE_REFUSED' });
    });

    it('reconciliation leaves the redemption PENDING while the core cannot answer, and finishes it later', async () => {
      const { c, account } = await customer(600n);
      p.core.loseNextReply = true;
      await expect(cash(c, 600)).rejects.toMatchObject({ code: 'CORE_UNAVAILABLE' });
      p.core.lookupFails = down();
      const transfers = p.core.calls.transfer;
      await p.redemptions.reconcilePending();
      expect(p.core.calls.transfer).toBe(transfers); // nothing is sent while the outcome is unknown
      expect(await status(c)).toEqual(['PENDING']);
      p.core.lookupFails = undefined;
      await p.redemptions.reconcilePending();
      expect(await status(c)).toEqual(['COMPLETED']);
      expect(paidTo(account)).toHaveLength(1);
      expect(await points(c)).toBe(0n);
    });

    it('reconciliation closes a redemption that took nothing, and the key can be used again', async () => {
      const { c, account } = await customer(300n);
      const accountsOf = p.core.accountsOf.bind(p.core);
      p.core.accountsOf = () => Promise.reject(down());
      await expect(cash(c, 300)).rejects.toMatchObject({ code: 'CORE_UNAVAILABLE' });
      p.core.accountsOf = accountsOf;
      await p.redemptions.reconcilePending();
      expect(await status(c)).toEqual([]);
      expect(await cash(c, 300)).toMatchObject({ points: 300, pointsBalance: 0 });
      expect(paidTo(account)).toHaveLength(1);
    });

    it('the daily jobs run the reconciliation', async () => {
      const { c } = await customer(300n);
      p.core.loseNextReply = true;
      await expect(cash(c, 300)).rejects.toMatchObject({ code: 'CORE_UNAVAILABLE' });
      const jobs = new DailyJobs('00:30', () => new Date('2025-03-16T01:00:00Z'), createLogger('loyalty-test'), {
        settleDay: async () => undefined,
        releaseStaleHolds: async () => undefined,
        runExpiry: async () => undefined,
        reconcileRedemptions: () => p.redemptions.reconcilePending(),
      });
      expect(await jobs.tick()).toBe(true);
      expect(await status(c)).toEqual(['COMPLETED']);
    });
  });
}

export function settlementPendingSuite(storeName: string, open: () => Promise<Database>, after?: () => Promise<void>): void {
  describe(`settlement after an ambiguous payout on ${storeName}`, () => {
    const p = useProgramme(open, after);
    let n = 0;
    const fresh = () => `SP-${storeName.replace(/\W/g, '')}-${++n}`;
    const pending = (c: string) => p.ledger.balanceOf('CUSTOMER_CASHBACK_PENDING', 'EUR', c);
    const paidMinor = (account: string) =>
      p.core.transfers.filter((t) => t.toAccountId === account).reduce((sum, t) => sum + BigInt(t.amount.replace('.', '')), 0n);
    const rows = async (c: string) =>
      (
        await p.db.query<{ d: string; status: string; amount: string }>(
          `SELECT to_char(business_date, 'YYYY-MM-DD') AS d, status, amount_minor::text AS amount FROM settlements WHERE customer_id = $1 ORDER BY business_date`,
          [c],
        )
      ).map((r) => `${r.d} ${r.status} ${r.amount}`);

    beforeEach(() => {
      p.core.failNext = undefined;
      p.core.loseNextReply = false;
      p.core.lookupFails = undefined;
    });

    /** 2.00 of cash back earned on 2025-04-10 and 3.00 on 2025-04-11 */
    async function twoDays(): Promise<{ c: string; account: string }> {
      const c = fresh();
      const account = p.core.giveCurrentAccount(c);
      p.clock.now = new Date('2025-04-10T10:00:00Z');
      await p.sink.apply(advice({ customerId: c, amountMinor: 20000n }));
      p.clock.now = new Date('2025-04-11T10:00:00Z');
      await p.sink.apply(advice({ customerId: c, amountMinor: 30000n }));
      return { c, account };
    }

    it("a payout the core booked but did not confirm is not paid again in the next day's run", async () => {
      const { c, account } = await twoDays();
      p.core.loseNextReply = true;
      const day = await p.settlement.settleDay('2025-04-10');
      expect(day.skipped).toContainEqual(expect.objectContaining({ customerId: c, reason: 'CORE_UNAVAILABLE' }));
      const next = await p.settlement.settleDay('2025-04-11');
      expect(next.paid.filter((x) => x.customerId === c)).toEqual([
        expect.objectContaining({ amount: '2.00', reference: `CASHBACK-${c}-2025-04-10`, replayed: true }),
        expect.objectContaining({ amount: '3.00', reference: `CASHBACK-${c}-2025-04-11` }),
      ]);
      expect(paidMinor(account)).toBe(500n);
      expect(await pending(c)).toBe(0n);
      expect(await rows(c)).toEqual(['2025-04-10 PAID 200', '2025-04-11 PAID 300']);
    });

    it('while an earlier payout is unresolved its amount is held back, and paid once when resolved', async () => {
      const { c, account } = await twoDays();
      p.core.failNext = new CoreError('CORE_TIMEOUT', 'CreateTransaction', 'no answer in time', { retryable: true });
      await p.settlement.settleDay('2025-04-10');
      p.core.lookupFails = down();
      const next = await p.settlement.settleDay('2025-04-11');
      expect(next.paid.filter((x) => x.customerId === c)).toEqual([expect.objectContaining({ amount: '3.00', reference: `CASHBACK-${c}-2025-04-11` })]);
      expect(paidMinor(account)).toBe(300n);
      expect(await pending(c)).toBe(200n);
      p.core.lookupFails = undefined;
      await p.settlement.settleDay('2025-04-12');
      await p.settlement.settleDay('2025-04-10');
      expect(paidMinor(account)).toBe(500n);
      expect(p.core.transfers.filter((t) => t.callerReference === `CASHBACK-${c}-2025-04-10`)).toHaveLength(1);
      expect(await pending(c)).toBe(0n);
      expect(await rows(c)).toEqual(['2025-04-10 PAID 200', '2025-04-11 PAID 300']);
    });
  });
}
