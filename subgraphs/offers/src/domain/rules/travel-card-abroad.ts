// Travel, service side: how the card the customer holds works abroad (sells nothing, so it is made
// without marketing consent too).
import { categoryRelevance, major, spentAbroad } from './measures';
import { type OfferRule, OWN_CHANNELS } from './rule';
import { amountText, fa, periodText, spendReason } from './wording';

export const travelCardAbroad: OfferRule = {
  id: 'travel-card-abroad',
  offerKey: 'travel-card-abroad-v1',
  kind: 'SERVICE',
  topic: 'TRAVEL',
  channels: OWN_CHANNELS,
  propose(s) {
    const travel = categoryRelevance(s, 'TRAVEL');
    const abroad = spentAbroad(s);
    if (travel === 0 && !abroad) return [];
    return [
      {
        title: 'Your card abroad: travel notice, limits and fee-free withdrawals',
        reason: abroad
          ? `because you spent ${amountText(s.abroad.recentMinor, s.currency)} abroad (${s.abroad.countries.join(', ')}) ${periodText(s.recent)}`
          : spendReason(s, 'TRAVEL'),
        fa: {
          title: 'کارت شما در سفر: اعلام سفر، سقف‌ها و برداشت بدون کارمزد',
          reason: abroad
            ? `چون ${fa.amount(s.abroad.recentMinor, s.currency)} در خارج از کشور (${s.abroad.countries.join('، ')}) ${fa.period(s.recent)} خرج کردید`
            : fa.spendReason(s, 'TRAVEL'),
        },
        score: Math.floor(travel * 0.8) + (abroad ? major(s.abroad.recentMinor, s.currency) : 0),
      },
    ];
  },
};
