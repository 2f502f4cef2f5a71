// A thank-you for a long relationship.
import { type OfferRule, OWN_CHANNELS } from './rule';
import { fa } from './wording';

export const TENURE_YEARS_FOR_THANKS = 5;

export const tenureThanks: OfferRule = {
  id: 'tenure-thanks',
  offerKey: 'tenure-thanks-v1',
  kind: 'EXPERIENCE',
  topic: 'RELATIONSHIP',
  channels: OWN_CHANNELS,
  propose(s) {
    const years = Math.floor(s.tenureDays / 365);
    if (years < TENURE_YEARS_FOR_THANKS) return [];
    return [
      {
        title: 'A thank-you experience for loyal customers',
        reason: `because you have banked with us for ${years} years`,
        fa: { title: 'تجربه‌ای به پاس همراهی مشتریان وفادار', reason: `چون ${fa.number(years)} سال است که با ما هستید` },
        score: 100,
      },
    ];
  },
};
