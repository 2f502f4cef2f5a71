// Ledger.balancesSummary against the single-purpose reads it replaces on the loyalty dashboard,
// written once and run on every store: PGlite (unit project) and PostgreSQL (integration project).
import { migrate } from '../../src/db/migrate';
import { type BalancesQuery, Ledger } from '../../src/db/ledger/ledger';
import { assertLedgerInvariants } from '../../src/db/ledger/invariants';
import type { JournalInput } from '../../src/domain/ledger/journal';
import {
  cardPurchaseJournal,
  cashBackAccruedJournal,
  cashBackHoldJournal,
  cashBackHoldReleasedJournal,
  cashBackPaidJournal,
  engagementJournal,
  pointsEarnedJournal,
  pointsExpiredJournal,
  pointsRedeemedJournal,
  redemptionRefundJournal,
  reversingJournal,
} from '../../src/domain/ledger/loyalty-journals';
import { monthOf } from '../../src/domain/business-day';
import type { StoreUnderTest } from './ledger-suite';

export const SUMMARY_NOW = new Date('2025-03-15T10:00:00.000Z');
const TODAY = '2025-03-15';

/** What `balancesSummary` must answer for `varied ledger` customers as of SUMMARY_NOW (worked by hand). */
export const EXPECTED_AS_OF_NOW = {
  // 1000 earned - 300 redeemed - 100 expired + 50 refunded + 25 engagement; purchase points reversed
  points: 675n,
  // 500 accrued today + 300 bought and reversed today - 120 of an earlier purchase reversed today
  cashBackPendingOn: 380n,
  // 200 + 700 + 400 + 500 + 250 accrued, both purchases' cash back reversed
  cashBackLifetime: 2050n,
  // 700 paid on 15 March, 400 paid at the first instant of March; 200 (February) and 250 (April) not
  cashBackPaid: 1100n,
  // 150 + 80 held, 80 released
  cashBackOnHold: 150n,
};

async function reverse(ledger: Ledger, original: JournalInput, key: string, customerId: string): Promise<JournalInput> {
  const have = new Map<string, bigint>();
  for (const p of original.postings) {
    if (p.customerId) have.set(`${p.account}|${p.unit}`, await ledger.balanceOf(p.account, p.unit, customerId));
  }
  return reversingJournal(original.postings, (a, u) => have.get(`${a}|${u}`) ?? 0n, {
    idempotencyKey: key,
    kind: 'CARD_PURCHASE_REVERSED',
    customerId,
    businessDate: TODAY,
    postedAt: SUMMARY_NOW,
    description: 'Card purchase reversed',
  });
}

/** Purchases, reversals, payouts inside and outside the month, holds, points earned/redeemed/expired. */
export async function postVariedLedger(ledger: Ledger, c: string): Promise<void> {
  const at = (iso: string) => new Date(iso);
  const cash = (key: string, amount: bigint, businessDate: string, postedAt: Date, currency = 'EUR') => ({
    customerId: c,
    amount,
    currency,
    businessDate,
    idempotencyKey: `${c}:${key}`,
    description: key,
    postedAt,
  });
  const pts = (key: string, points: bigint, businessDate = '2025-01-10') => ({
    customerId: c,
    points,
    businessDate,
    idempotencyKey: `${c}:${key}`,
    description: key,
  });

  await ledger.post(pointsEarnedJournal(pts('earn', 1000n)));
  await ledger.post(pointsRedeemedJournal(pts('redeem', 300n, '2025-02-01')));
  await ledger.post(pointsExpiredJournal(pts('expire', 100n, '2025-03-01')));
  await ledger.post(redemptionRefundJournal(pts('refund', 50n, '2025-03-02')));
  await ledger.post(engagementJournal(pts('engage', 25n, TODAY)));

  await ledger.post(cashBackAccruedJournal(cash('acc-0220', 200n, '2025-02-20', at('2025-02-20T12:00:00Z'))));
  await ledger.post(cashBackPaidJournal(cash('pay-0220', 200n, '2025-02-20', at('2025-02-21T02:00:00Z'))));
  await ledger.post(cashBackAccruedJournal(cash('acc-0228', 400n, '2025-02-28', at('2025-02-28T12:00:00Z'))));
  await ledger.post(cashBackPaidJournal(cash('pay-0228', 400n, '2025-02-28', at('2025-03-01T00:00:00.000Z'))));
  await ledger.post(cashBackAccruedJournal(cash('acc-0313', 250n, '2025-03-13', at('2025-03-13T12:00:00Z'))));
  await ledger.post(cashBackPaidJournal(cash('pay-0313', 250n, '2025-03-13', at('2025-04-01T00:00:00.000Z'))));
  await ledger.post(cashBackAccruedJournal(cash('acc-0314', 700n, '2025-03-14', at('2025-03-14T12:00:00Z'))));
  await ledger.post(cashBackPaidJournal(cash('pay-0314', 700n, '2025-03-14', at('2025-03-15T02:00:00Z'))));
  await ledger.post(cashBackAccruedJournal(cash('acc-today', 500n, TODAY, at('2025-03-15T08:00:00Z'))));
  // another currency than the programme's: in none of the EUR figures
  await ledger.post(cashBackAccruedJournal(cash('acc-usd', 999n, TODAY, at('2025-03-15T08:00:00Z'), 'USD')));

  const earlier = cardPurchaseJournal({
    customerId: c,
    cashBackMinor: 120n,
    points: 40n,
    currency: 'EUR',
    businessDate: '2025-03-10',
    idempotencyKey: `${c}:buy-0310`,
    description: 'purchase',
    postedAt: at('2025-03-10T12:00:00Z'),
  }) as JournalInput;
  const today = cardPurchaseJournal({
    customerId: c,
    cashBackMinor: 300n,
    points: 30n,
    currency: 'EUR',
    businessDate: TODAY,
    idempotencyKey: `${c}:buy-today`,
    description: 'purchase',
    postedAt: at('2025-03-15T09:00:00Z'),
  }) as JournalInput;
  await ledger.post(earlier);
  await ledger.post(today);
  await ledger.post(await reverse(ledger, earlier, `${c}:rev-0310`, c));
  await ledger.post(await reverse(ledger, today, `${c}:rev-today`, c));

  await ledger.post(cashBackHoldJournal(cash('hold-1', 150n, TODAY, SUMMARY_NOW)));
  await ledger.post(cashBackHoldJournal(cash('hold-2', 80n, TODAY, SUMMARY_NOW)));
  await ledger.post(cashBackHoldReleasedJournal(cash('release-2', 80n, TODAY, SUMMARY_NOW)));
}

/** The same figures, one single-purpose read each (what the resolvers used to do). */
export async function singlePurpose(ledger: Ledger, q: BalancesQuery) {
  return {
    points: await ledger.pointsBalance(q.customerId),
    cashBackPendingOn: await ledger.cashBackPendingOn(q.customerId, q.currency, q.businessDate),
    cashBackLifetime: await ledger.cashBackLifetime(q.customerId, q.currency),
    cashBackPaid: await ledger.cashBackPaidBetween(q.customerId, q.currency, q.paidFrom, q.paidTo),
    cashBackOnHold: await ledger.balanceOf('CUSTOMER_CASHBACK_ON_HOLD', q.currency, q.customerId),
  };
}

export function queryAsOf(customerId: string, businessDate: string, monthAt: Date, currency = 'EUR'): BalancesQuery {
  const month = monthOf(monthAt);
  return { customerId, currency, businessDate, paidFrom: month.from, paidTo: month.to };
}

export function balancesSuite(storeName: string, open: () => Promise<StoreUnderTest>): void {
  describe(`loyalty balances summary on ${storeName}`, () => {
    let store: StoreUnderTest;
    let ledger: Ledger;
    const who = (n: string) => `S-${storeName.replace(/\W/g, '')}-${n}`;

    beforeAll(async () => {
      store = await open();
      await migrate(store.db);
      ledger = new Ledger(store.db, () => SUMMARY_NOW);
      await postVariedLedger(ledger, who('varied'));
      // a neighbour with entries of every kind: none of them may leak into the first customer's figures
      await postVariedLedger(ledger, who('neighbour'));
      await ledger.post(pointsEarnedJournal({ customerId: who('neighbour'), points: 77n, businessDate: TODAY, idempotencyKey: 'n-extra', description: 'x' }));
    });

    // the one invariant checker of the money paths, after every test (src/db/ledger/invariants.ts)
    afterEach(async () => {
      await assertLedgerInvariants(ledger, store.db);
    });

    afterAll(async () => {
      await store?.dispose();
    });

    it('answers the hand-worked figures for a varied ledger, each equal to its single-purpose read', async () => {
      const q = queryAsOf(who('varied'), TODAY, SUMMARY_NOW);
      const summary = await ledger.balancesSummary(q);
      expect(summary).toEqual(EXPECTED_AS_OF_NOW);
      expect(summary).toEqual(await singlePurpose(ledger, q));
    });

    it.each([
      ['the day before, same month', '2025-03-14', '2025-03-14T23:59:59.999Z'],
      ['a February day and month', '2025-02-20', '2025-02-10T00:00:00Z'],
      ['April (the payout at its first instant)', '2025-04-01', '2025-04-01T00:00:00Z'],
      ['a day and month with no entries', '2024-12-31', '2024-12-31T00:00:00Z'],
    ])('equals the single-purpose reads for %s', async (_label, day, monthAt) => {
      for (const c of [who('varied'), who('neighbour')]) {
        const q = queryAsOf(c, day, new Date(monthAt));
        expect(await ledger.balancesSummary(q)).toEqual(await singlePurpose(ledger, q));
      }
    });

    it('equals the single-purpose reads in another currency and for the neighbour', async () => {
      const usd = queryAsOf(who('varied'), TODAY, SUMMARY_NOW, 'USD');
      expect(await ledger.balancesSummary(usd)).toEqual({ ...(await singlePurpose(ledger, usd)), cashBackLifetime: 999n });
      const neighbour = queryAsOf(who('neighbour'), TODAY, SUMMARY_NOW);
      expect(await ledger.balancesSummary(neighbour)).toEqual({ ...EXPECTED_AS_OF_NOW, points: 752n });
      expect(await ledger.balancesSummary(neighbour)).toEqual(await singlePurpose(ledger, neighbour));
    });

    it('answers zeros for a customer the ledger has never seen', async () => {
      const q = queryAsOf(who('nobody'), TODAY, SUMMARY_NOW);
      const zero = { points: 0n, cashBackPendingOn: 0n, cashBackLifetime: 0n, cashBackPaid: 0n, cashBackOnHold: 0n };
      expect(await ledger.balancesSummary(q)).toEqual(zero);
      expect(await singlePurpose(ledger, q)).toEqual(zero);
    });
  });
}
