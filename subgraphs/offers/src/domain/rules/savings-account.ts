// Cross-selling a savings account to a customer without one; a salary credit makes it a payday offer.
import { type OfferRule, OWN_CHANNELS } from './rule';
import { amountText, dayText, fa } from './wording';

export const savingsAccount: OfferRule = {
  id: 'savings-account',
  offerKey: 'savings-account-v1',
  kind: 'CROSS_SELL',
  topic: 'SAVINGS',
  channels: OWN_CHANNELS,
  propose(s) {
    if (s.productsHeld.has('SAVINGS')) return [];
    return [
      {
        title: s.salary ? 'Save on payday with a savings account' : 'Open a savings account',
        reason: s.salary
          ? `because your salary of ${amountText(s.salary.amountMinor, s.salary.currency)} was credited on ${dayText(s.salary.on)} and you have no savings account`
          : s.productsHeld.has('CURRENT')
            ? 'because you have a current account but no savings account'
            : 'because you have no savings account with us yet',
        fa: {
          title: s.salary ? 'پس‌انداز در روز حقوق با حساب پس‌انداز' : 'یک حساب پس‌انداز باز کنید',
          reason: s.salary
            ? `چون حقوق شما به مبلغ ${fa.amount(s.salary.amountMinor, s.salary.currency)} در ${fa.day(s.salary.on)} واریز شد و حساب پس‌انداز ندارید`
            : s.productsHeld.has('CURRENT')
              ? 'چون حساب جاری دارید اما حساب پس‌انداز ندارید'
              : 'چون هنوز حساب پس‌انداز از ما ندارید',
        },
        score: s.salary ? 600 : 300,
      },
    ];
  },
};
