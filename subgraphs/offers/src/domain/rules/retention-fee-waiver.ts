// Card activity falling: a benefit on the account the customer already holds (a service offer, so
// it is made without marketing consent too).
import { isActivityFalling } from './measures';
import { type OfferRule, OWN_CHANNELS } from './rule';
import { periodText } from './wording';

/** Above any spend-based score: a customer drifting away hears about it first. */
export const RETENTION_SCORE = 1_000_000_000;

export const retentionFeeWaiver: OfferRule = {
  id: 'retention-fee-waiver',
  offerKey: 'retention-fee-waiver-v1',
  kind: 'RETENTION',
  topic: 'ACCOUNT',
  channels: OWN_CHANNELS,
  propose(s) {
    if (!isActivityFalling(s)) return [];
    const { recent, previous } = s.cardPurchases;
    return [
      {
        title: s.productsHeld.has('CURRENT') ? 'Three months without account fees' : 'A review of your products, on us',
        reason: `because you made ${recent} card purchase${recent === 1 ? '' : 's'} ${periodText(s.recent)}, down from ${previous} in the 30 days before`,
        score: RETENTION_SCORE,
      },
    ];
  },
};
