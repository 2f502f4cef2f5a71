import { isMarketing } from '../../src/domain/offer';
import { RETENTION_SCORE, retentionFeeWaiver } from '../../src/domain/rules/retention-fee-waiver';
import { RECENT, RECENT_FA, signals, TODAY } from '../support/signals';
import { activeChurnFlag, CHURN_FLAG_DAYS, type ChurnFlag } from '../../src/domain/churn-flag';
import { flagReasonText } from '../../src/domain/rules/wording';
import { signalsFrom } from '../../src/domain/signals';

/** A flag as engagement raises it: strongest reason first, each with its figures. */
const flag = (
  raisedAt: string,
  texts = ['Card purchases fell from 21 to 6 in 30 days', 'Salary of 2,400.00 EUR not received since 28 January'],
): ChurnFlag => ({
  score: 82,
  threshold: 70,
  reasons: texts.map((text) => ({ code: text.startsWith('Salary') ? 'SALARY_STOPPED' : 'CARD_ACTIVITY_FALLING', text })),
  raisedAt: new Date(raisedAt),
});

describe('rule retention-fee-waiver', () => {
  it('speaks when card purchases halve from at least 8, naming both counts', () => {
    expect(retentionFeeWaiver.propose(signals(['CURRENT'], { cardPurchases: { recent: 6, previous: 21 } }))).toEqual([
      {
        title: 'Three months without account fees',
        reason: `because you made 6 card purchases ${RECENT}, down from 21 in the 30 days before`,
        fa: { title: 'سه ماه بدون کارمزد حساب', reason: `چون ۶ خرید کارتی ${RECENT_FA} داشتید، در برابر ۲۱ خرید در ۳۰ روز پیش از آن` },
        score: RETENTION_SCORE,
      },
    ]);
    expect(retentionFeeWaiver.propose(signals(['CURRENT'], { cardPurchases: { recent: 4, previous: 8 } }))).toHaveLength(1);
  });

  it('is silent while activity holds, or was too low to fall', () => {
    expect(retentionFeeWaiver.propose(signals(['CURRENT'], { cardPurchases: { recent: 5, previous: 8 } }))).toEqual([]);
    expect(retentionFeeWaiver.propose(signals(['CURRENT'], { cardPurchases: { recent: 0, previous: 7 } }))).toEqual([]);
    expect(retentionFeeWaiver.propose(signals(['CURRENT'], { cardPurchases: { recent: 12, previous: 20 } }))).toEqual([]);
  });

  it('offers a product review to a customer without a current account, and counts one purchase in the singular', () => {
    const [p] = retentionFeeWaiver.propose(signals(['SAVINGS'], { cardPurchases: { recent: 1, previous: 9 } }));
    expect(p?.title).toBe('A review of your products, on us');
    expect(p?.reason).toBe(`because you made 1 card purchase ${RECENT}, down from 9 in the 30 days before`);
  });

  it('is a retention offer, made without marketing consent, above any spend-based score', () => {
    expect(retentionFeeWaiver).toMatchObject({ offerKey: 'retention-fee-waiver-v1', kind: 'RETENTION', topic: 'ACCOUNT' });
    expect(isMarketing(retentionFeeWaiver.kind)).toBe(false);
    expect(RETENTION_SCORE).toBeGreaterThan(100_000_000);
  });

  describe('with a churn flag from engagement', () => {
    it("is made on steady card activity, its reason the flag's strongest reason with its figures", () => {
      const s = signals(['CURRENT'], {
        churnFlag: flag('2025-03-10T08:00:00Z', ['Salary of 2,400.00 EUR not received since 28 January', 'Card purchases fell']),
      });
      expect(retentionFeeWaiver.propose(s)).toEqual([
        {
          title: 'Three months without account fees',
          reason: 'because salary of 2,400.00 EUR not received since 28 January',
          // engagement's text is English: in Persian, the reason is worded by its code
          fa: { title: 'سه ماه بدون کارمزد حساب', reason: 'چون حقوق شما دیگر به حسابتان واریز نمی‌شود' },
          score: RETENTION_SCORE,
        },
      ]);
    });

    it("makes one offer when card activity falls too, naming today's card figures", () => {
      const proposed = retentionFeeWaiver.propose(
        signals(['SAVINGS'], { cardPurchases: { recent: 6, previous: 21 }, churnFlag: flag('2025-03-10T08:00:00Z') }),
      );
      expect(proposed).toEqual([
        {
          title: 'A review of your products, on us',
          reason: `because you made 6 card purchases ${RECENT}, down from 21 in the 30 days before`,
          fa: { title: 'بررسی رایگان محصولات شما', reason: `چون ۶ خرید کارتی ${RECENT_FA} داشتید، در برابر ۲۱ خرید در ۳۰ روز پیش از آن` },
          score: RETENTION_SCORE,
        },
      ]);
    });

    it('counts a flag raised up to 30 days ago, and none older (signalsFrom drops it)', () => {
      const base = {
        customer: { customerId: 'C-000001', marketingConsent: false },
        accounts: [],
        transactions: [],
        partners: [],
        channel: 'WEB' as const,
        today: TODAY,
      };
      expect(CHURN_FLAG_DAYS).toBe(30);
      // 2025-03-15 minus 30 days: 13 February
      const onEdge = signalsFrom({ ...base, churnFlag: flag('2025-02-13T23:59:00Z') });
      expect(onEdge.churnFlag).not.toBeNull();
      expect(retentionFeeWaiver.propose(onEdge)).toHaveLength(1);
      const tooOld = signalsFrom({ ...base, churnFlag: flag('2025-02-12T23:59:00Z') });
      expect(tooOld.churnFlag).toBeNull();
      expect(retentionFeeWaiver.propose(tooOld)).toEqual([]);
      expect(signalsFrom(base).churnFlag).toBeNull();
      expect(activeChurnFlag(flag('2025-03-16T01:00:00Z'), TODAY)).not.toBeNull();
    });
  });

  it("writes another service's reason as an offer reason", () => {
    expect(flagReasonText('Card purchases fell from 21 to 6 in 30 days.')).toBe('because card purchases fell from 21 to 6 in 30 days');
    expect(flagReasonText('ATM withdrawals of 900.00 EUR')).toBe('because ATM withdrawals of 900.00 EUR');
    expect(flagReasonText('because your balance fell by 1,200.00 EUR')).toBe('because your balance fell by 1,200.00 EUR');
  });
});
