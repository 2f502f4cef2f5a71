// An accepted cash-back offer becomes a boost in loyalty: the request offers sends (through its
// outbox) and what the customer is told about it meanwhile.
import type { CashBackTerms } from './offer';

const DAY_MS = 86_400_000;

/** The body of loyalty's POST /internal/cashback-boosts; activationId is the acceptance's id. */
export interface CashbackBoostRequest {
  activationId: string;
  customerId: string;
  partnerId: string;
  merchantIds: string[];
  rateBasisPoints: number;
  validFrom: string;
  validUntil: string;
}

export type ActivationStatus = 'PENDING' | 'ACTIVE' | 'FAILED';

export interface Activation {
  id: string;
  status: ActivationStatus;
  partnerId: string;
  rateBasisPoints: number;
  validFrom: string;
  validUntil: string;
}

/** The boost an acceptance at `at` asks loyalty for: the terms shown, running from the acceptance. */
export function boostRequest(activationId: string, customerId: string, terms: CashBackTerms, at: Date): CashbackBoostRequest {
  return {
    activationId,
    customerId,
    partnerId: terms.partnerId,
    merchantIds: terms.merchantIds,
    rateBasisPoints: terms.rateBasisPoints,
    validFrom: at.toISOString(),
    validUntil: new Date(at.getTime() + terms.validDays * DAY_MS).toISOString(),
  };
}
