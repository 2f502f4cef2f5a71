import { savingsAccount } from '../../src/domain/rules/savings-account';
import { signals } from '../support/signals';

const SALARY = { amountMinor: 320000n, currency: 'EUR', on: '2025-02-27' };

describe('rule savings-account', () => {
  it('turns a salary credit into a payday offer, naming amount and day', () => {
    expect(savingsAccount.propose(signals(['CURRENT', 'CARD'], { salary: SALARY }))).toEqual([
      {
        title: 'Save on payday with a savings account',
        reason: 'because your salary of 3200.00 EUR was credited on 27 February and you have no savings account',
        // 27 February 2025 is 9 Esfand 1403
        fa: { title: 'پس‌انداز در روز حقوق با حساب پس‌انداز', reason: 'چون حقوق شما به مبلغ ۳۲۰۰٫۰۰ EUR در ۹ اسفند واریز شد و حساب پس‌انداز ندارید' },
        score: 600,
      },
    ]);
  });

  it('offers a plain savings account without a salary', () => {
    expect(savingsAccount.propose(signals(['CURRENT']))).toEqual([
      {
        title: 'Open a savings account',
        reason: 'because you have a current account but no savings account',
        fa: { title: 'یک حساب پس‌انداز باز کنید', reason: 'چون حساب جاری دارید اما حساب پس‌انداز ندارید' },
        score: 300,
      },
    ]);
    expect(savingsAccount.propose(signals([]))[0]?.reason).toBe('because you have no savings account with us yet');
  });

  it('never offers it to a customer who holds one', () => {
    expect(savingsAccount.propose(signals(['SAVINGS'], { salary: SALARY }))).toEqual([]);
  });

  it('is a cross-sell with its own offer key', () => {
    expect(savingsAccount).toMatchObject({ offerKey: 'savings-account-v1', kind: 'CROSS_SELL', topic: 'SAVINGS' });
  });
});
