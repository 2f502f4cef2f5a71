import { isMarketing } from '../../src/domain/offer';
import { travelLounge } from '../../src/domain/rules/travel-lounge';
import { RECENT, RECENT_FA, signals, spend } from '../support/signals';

describe('rule travel-lounge', () => {
  it('speaks on travel spend: 90% of its relevance', () => {
    expect(travelLounge.propose(signals(['CURRENT'], { spend: spend([['TRAVEL', 42000, 0]]) }))).toEqual([
      {
        title: 'Airport lounge access at a member price',
        reason: `because you spent 420.00 EUR on travel ${RECENT}`,
        fa: { title: 'ورود به سالن فرودگاه با قیمت اعضا', reason: `چون ۴۲۰٫۰۰ EUR برای سفر ${RECENT_FA} خرج کردید` },
        score: 2268,
      },
    ]);
  });

  it('counts growth over the previous window, not spend that held steady', () => {
    // 420 spent, as much as before: 420 x 300% x 90%
    expect(travelLounge.propose(signals(['CURRENT'], { spend: spend([['TRAVEL', 42000, 42000]]) }))[0]?.score).toBe(1134);
  });

  it('is silent on spend abroad alone and below the category threshold', () => {
    expect(travelLounge.propose(signals(['CURRENT'], { abroad: { recentMinor: 51000n, countries: ['ES'] } }))).toEqual([]);
    expect(travelLounge.propose(signals(['CURRENT'], { spend: spend([['TRAVEL', 4999, 0]]) }))).toEqual([]);
  });

  it('is a marketing experience about travel', () => {
    expect(travelLounge).toMatchObject({ offerKey: 'travel-lounge-v1', kind: 'EXPERIENCE', topic: 'TRAVEL' });
    expect(isMarketing(travelLounge.kind)).toBe(true);
  });
});
