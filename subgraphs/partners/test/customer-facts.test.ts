// What a partner may learn from spending: category codes ranked by money spent, never amounts.
import type { CoreTransaction } from '../../../legacy-adapters/soap/src';
import { lazy } from '../src/adapters/customer-facts';
import { rankSpendCategories } from '../src/domain/spend-categories';

let n = 0;
function purchase(mcc: string | undefined, amount: string, extra: Partial<CoreTransaction> = {}): CoreTransaction {
  n++;
  return {
    txnId: `T${n}`,
    accountId: 'A-1',
    bookedAt: '2026-11-01T10:00:00Z',
    valueDate: '2026-11-01',
    amount,
    currency: 'EUR',
    direction: 'DEBIT',
    status: 'BOOKED',
    kind: 'CARD',
    description: 'purchase',
    merchant: mcc ? { merchantId: `M-${n}`, name: 'Shop', mcc, city: 'X', country: 'DE', latitude: '0', longitude: '0' } : undefined,
    ...extra,
  };
}

describe('rankSpendCategories', () => {
  it('ranks by amount in minor units (not by count, not by float sums), top three, OTHER left out', () => {
    const txns = [
      purchase('5411', '10.10'),
      purchase('5411', '10.10'),
      purchase('5411', '10.10'), // groceries 30.30 over 3
      purchase('4511', '30.31'), // airline: travel 30.31 in one purchase beats groceries
      purchase('5812', '5.00'), // eating out
      purchase('5541', '1.00'), // fuel: fourth, cut
      purchase('0000', '999.00'), // unknown MCC: OTHER, never named
    ];
    expect(rankSpendCategories(txns)).toEqual(['TRAVEL', 'GROCERIES', 'EATING_OUT']);
  });

  it('ignores credits, reversed purchases and transactions without a merchant', () => {
    const txns = [
      purchase('5411', '1.00'),
      purchase('4511', '500.00', { direction: 'CREDIT' }),
      purchase('5812', '400.00', { status: 'REVERSED' }),
      purchase(undefined, '300.00'),
    ];
    expect(rankSpendCategories(txns)).toEqual(['GROCERIES']);
  });

  it('ranks amounts in the main currency only, and breaks ties by count then code', () => {
    const txns = [purchase('5411', '5.00'), purchase('5411', '5.00'), purchase('5812', '10.00'), purchase('4511', '9000', { currency: 'JPY' })];
    // EUR is the main currency (3 of 4): the yen purchase counts, its amount does not outweigh euros
    expect(rankSpendCategories(txns)).toEqual(['GROCERIES', 'EATING_OUT', 'TRAVEL']);
  });
});

describe('lazy', () => {
  it('creates once on success and tries again after a failure', async () => {
    let calls = 0;
    const get = lazy(async () => {
      calls++;
      if (calls === 1) throw new Error('core not up yet');
      return calls;
    });
    await expect(get()).rejects.toThrow('core not up yet');
    expect(await get()).toBe(2);
    expect(await get()).toBe(2);
    expect(calls).toBe(2);
  });
});
