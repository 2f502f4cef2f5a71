// One offer rule: the engine (../engine.ts) runs every rule of the table (table.ts) against a
// customer's signals and ranks what they propose.
import type { CashBackTerms, OfferChannel, OfferKind, OfferText, OfferTopic } from '../offer';
import type { OfferSignals } from '../signals';

/** One offer a rule speaks for; the engine adds id, kind, topic, expiry and the marketing flag. */
export interface Proposal {
  title: string;
  /** plain language, naming the signal behind the offer */
  reason: string;
  /** the title and reason in Persian (wording.ts `fa`), for the apps' Persian screens */
  fa: OfferText;
  /** higher ranks first; compared only with the other proposals for the same customer */
  score: number;
  /** the partner of a partner offer: its id then names the partner too (offer.ts offerId) */
  partnerId?: string;
  cashBack?: CashBackTerms;
}

export interface OfferRule {
  /** unique in the table: how tests and docs name the rule */
  readonly id: string;
  /**
   * First part of the id of every offer the rule makes. Answers are kept under offer ids, so one
   * product keeps one key whatever the reason (two rules may share it) and a key is never reused
   * for anything else: a dismissal holds even when the signal behind the offer changes.
   */
  readonly offerKey: string;
  readonly kind: OfferKind;
  readonly topic: OfferTopic;
  /** where its offers may be shown; on other channels the rule is not asked */
  readonly channels: readonly OfferChannel[];
  /** the offers the signals speak for; none when they are silent */
  propose(s: OfferSignals): readonly Proposal[];
}

/** Cross-selling and partner offers are not for partner apps: every rule today keeps to these. */
export const OWN_CHANNELS: readonly OfferChannel[] = Object.freeze(['WEB', 'MOBILE', 'KIOSK', 'STAFF']);
