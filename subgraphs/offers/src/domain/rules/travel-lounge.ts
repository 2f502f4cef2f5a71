// Travel, marketing side: spend on travel speaks for lounge access.
import { categoryRelevance } from './measures';
import { type OfferRule, OWN_CHANNELS } from './rule';
import { fa, spendReason } from './wording';

export const travelLounge: OfferRule = {
  id: 'travel-lounge',
  offerKey: 'travel-lounge-v1',
  kind: 'EXPERIENCE',
  topic: 'TRAVEL',
  channels: OWN_CHANNELS,
  propose(s) {
    const travel = categoryRelevance(s, 'TRAVEL');
    if (travel === 0) return [];
    return [
      {
        title: 'Airport lounge access at a member price',
        reason: spendReason(s, 'TRAVEL'),
        fa: { title: 'ورود به سالن فرودگاه با قیمت اعضا', reason: fa.spendReason(s, 'TRAVEL') },
        score: Math.floor(travel * 0.9),
      },
    ];
  },
};
