import { isMarketing } from '../../src/domain/offer';
import { RETENTION_SCORE, retentionFeeWaiver } from '../../src/domain/rules/retention-fee-waiver';
import { RECENT, signals } from '../support/signals';

describe('rule retention-fee-waiver', () => {
  it('speaks when card purchases halve from at least 8, naming both counts', () => {
    expect(retentionFeeWaiver.propose(signals(['CURRENT'], { cardPurchases: { recent: 6, previous: 21 } }))).toEqual([
      {
        title: 'Three months without account fees',
        reason: `because you made 6 card purchases ${RECENT}, down from 21 in the 30 days before`,
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
});
