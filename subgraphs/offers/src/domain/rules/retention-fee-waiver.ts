// A customer drifting away: a benefit on the account the customer already holds (a service offer,
// so it is made without marketing consent too). Two signals make it, one offer either way:
// - card activity falling (measures.ts isActivityFalling), seen in today's core data;
// - engagement's churn flag (ChurnRiskRaised) raised within the last 30 days (domain/churn-flag.ts).
// When both speak, the reason names the falling card activity: figures read today rather than the
// flag's, which may be weeks old. The offer id is the same whichever signal made it, so a dismissal
// or snooze holds for both.
import { isActivityFalling } from './measures';
import { type OfferRule, OWN_CHANNELS } from './rule';
import { fa, flagReasonText, periodText } from './wording';

/** Above any spend-based score: a customer drifting away hears about it first. */
export const RETENTION_SCORE = 1_000_000_000;

export const retentionFeeWaiver: OfferRule = {
  id: 'retention-fee-waiver',
  offerKey: 'retention-fee-waiver-v1',
  kind: 'RETENTION',
  topic: 'ACCOUNT',
  channels: OWN_CHANNELS,
  propose(s) {
    const falling = isActivityFalling(s);
    // the strongest reason: engagement writes them strongest first
    const flagged = s.churnFlag?.reasons[0];
    if (!falling && !flagged) return [];
    const { recent, previous } = s.cardPurchases;
    return [
      {
        title: s.productsHeld.has('CURRENT') ? 'Three months without account fees' : 'A review of your products, on us',
        reason: falling
          ? `because you made ${recent} card purchase${recent === 1 ? '' : 's'} ${periodText(s.recent)}, down from ${previous} in the 30 days before`
          : flagReasonText(flagged!.text),
        fa: {
          title: s.productsHeld.has('CURRENT') ? 'سه ماه بدون کارمزد حساب' : 'بررسی رایگان محصولات شما',
          reason: falling
            ? `چون ${fa.number(recent)} خرید کارتی ${fa.period(s.recent)} داشتید، در برابر ${fa.number(previous)} خرید در ۳۰ روز پیش از آن`
            : fa.churnReason(flagged!),
        },
        score: RETENTION_SCORE,
      },
    ];
  },
};
