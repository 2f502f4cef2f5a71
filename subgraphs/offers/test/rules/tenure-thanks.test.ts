import { tenureThanks } from '../../src/domain/rules/tenure-thanks';
import { signals } from '../support/signals';

describe('rule tenure-thanks', () => {
  it('thanks a customer of five full years or more, naming the years', () => {
    expect(tenureThanks.propose(signals(['CURRENT'], { tenureDays: 5 * 365 }))).toEqual([
      {
        title: 'A thank-you experience for loyal customers',
        reason: 'because you have banked with us for 5 years',
        fa: { title: 'تجربه‌ای به پاس همراهی مشتریان وفادار', reason: 'چون ۵ سال است که با ما هستید' },
        score: 100,
      },
    ]);
    expect(tenureThanks.propose(signals(['CURRENT'], { tenureDays: 13 * 365 + 20 }))[0]?.reason).toBe('because you have banked with us for 13 years');
  });

  it('is silent before five years', () => {
    expect(tenureThanks.propose(signals(['CURRENT'], { tenureDays: 5 * 365 - 1 }))).toEqual([]);
  });

  it('is a marketing experience about the relationship', () => {
    expect(tenureThanks).toMatchObject({ offerKey: 'tenure-thanks-v1', kind: 'EXPERIENCE', topic: 'RELATIONSHIP' });
  });
});
