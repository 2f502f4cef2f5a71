// Cross-selling a credit card to a customer without one: sold on travel when they travel, plainly
// otherwise. The two rules share one offer key (one card, one offer id), and exactly one of them
// speaks for a customer without a card.
import type { OfferSignals } from '../signals';
import { categoryRelevance, major, spentAbroad } from './measures';
import { type OfferRule, OWN_CHANNELS } from './rule';
import { amountText, fa, periodText, spendReason } from './wording';

const CREDIT_CARD = 'credit-card-v1';

const travels = (s: OfferSignals) => categoryRelevance(s, 'TRAVEL') > 0 || spentAbroad(s);

export const creditCardForTravel: OfferRule = {
  id: 'credit-card-for-travel',
  offerKey: CREDIT_CARD,
  kind: 'CROSS_SELL',
  topic: 'TRAVEL',
  channels: OWN_CHANNELS,
  propose(s) {
    if (s.productsHeld.has('CARD') || !travels(s)) return [];
    const travel = categoryRelevance(s, 'TRAVEL');
    const abroad = spentAbroad(s);
    return [
      {
        title: 'A credit card with travel insurance and no foreign fees',
        reason: travel > 0 ? spendReason(s, 'TRAVEL') : `because you spent ${amountText(s.abroad.recentMinor, s.currency)} abroad ${periodText(s.recent)}`,
        fa: {
          title: 'کارت اعتباری با بیمهٔ سفر و بدون کارمزد ارزی',
          reason:
            travel > 0 ? fa.spendReason(s, 'TRAVEL') : `چون ${fa.amount(s.abroad.recentMinor, s.currency)} در خارج از کشور ${fa.period(s.recent)} خرج کردید`,
        },
        score: travel + (abroad ? major(s.abroad.recentMinor, s.currency) : 0),
      },
    ];
  },
};

export const creditCard: OfferRule = {
  id: 'credit-card',
  offerKey: CREDIT_CARD,
  kind: 'CROSS_SELL',
  topic: 'CREDIT',
  channels: OWN_CHANNELS,
  propose(s) {
    if (s.productsHeld.has('CARD') || travels(s)) return [];
    return [
      {
        title: 'Get a credit card',
        reason: s.productsHeld.has('CURRENT') ? 'because you have a current account but no credit card' : 'because you have no credit card with us yet',
        fa: {
          title: 'کارت اعتباری بگیرید',
          reason: s.productsHeld.has('CURRENT') ? 'چون حساب جاری دارید اما کارت اعتباری ندارید' : 'چون هنوز کارت اعتباری از ما ندارید',
        },
        score: 200,
      },
    ];
  },
};
