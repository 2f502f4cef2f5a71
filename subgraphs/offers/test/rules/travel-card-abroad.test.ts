import { isMarketing } from '../../src/domain/offer';
import { travelCardAbroad } from '../../src/domain/rules/travel-card-abroad';
import { RECENT, RECENT_FA, signals, spend } from '../support/signals';

const TITLE = 'Your card abroad: travel notice, limits and fee-free withdrawals';
const TITLE_FA = 'کارت شما در سفر: اعلام سفر، سقف‌ها و برداشت بدون کارمزد';

describe('rule travel-card-abroad', () => {
  it('speaks on travel spend: 80% of its relevance, with the amount in the reason', () => {
    // 420 spent, 420 more than before: (420 + 420) x 300% = 2520
    expect(travelCardAbroad.propose(signals(['CURRENT', 'CARD'], { spend: spend([['TRAVEL', 42000, 0]]) }))).toEqual([
      {
        title: TITLE,
        reason: `because you spent 420.00 EUR on travel ${RECENT}`,
        fa: { title: TITLE_FA, reason: `چون ۴۲۰٫۰۰ EUR برای سفر ${RECENT_FA} خرج کردید` },
        score: 2016,
      },
    ]);
  });

  it('speaks on spend abroad alone, naming the countries; abroad comes first in the reason', () => {
    const abroad = { recentMinor: 51000n, countries: ['ES', 'FR'] };
    expect(travelCardAbroad.propose(signals(['CARD'], { abroad }))).toEqual([
      {
        title: TITLE,
        reason: `because you spent 510.00 EUR abroad (ES, FR) ${RECENT}`,
        fa: { title: TITLE_FA, reason: `چون ۵۱۰٫۰۰ EUR در خارج از کشور (ES، FR) ${RECENT_FA} خرج کردید` },
        score: 510,
      },
    ]);
    const [both] = travelCardAbroad.propose(signals(['CARD'], { abroad, spend: spend([['TRAVEL', 42000, 0]]) }));
    expect(both?.score).toBe(2016 + 510);
    expect(both?.reason).toBe(`because you spent 510.00 EUR abroad (ES, FR) ${RECENT}`);
  });

  it('is silent below both thresholds', () => {
    expect(travelCardAbroad.propose(signals(['CARD']))).toEqual([]);
    expect(travelCardAbroad.propose(signals(['CARD'], { spend: spend([['TRAVEL', 4999, 0]]), abroad: { recentMinor: 9999n, countries: ['ES'] } }))).toEqual([]);
  });

  it('is a service offer about travel (no consent needed)', () => {
    expect(travelCardAbroad).toMatchObject({ offerKey: 'travel-card-abroad-v1', kind: 'SERVICE', topic: 'TRAVEL' });
    expect(isMarketing(travelCardAbroad.kind)).toBe(false);
  });
});
