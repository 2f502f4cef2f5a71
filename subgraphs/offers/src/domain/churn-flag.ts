// Engagement's churn early warning as offers sees it (ChurnRiskRaised, docs/cx.md "Retention offer"):
// the latest flag of a customer, and whether it still speaks on a given day. Pure.
import type { PayloadOf } from '../../../../lib/events';

export type ChurnReason = PayloadOf<'ChurnRiskRaised'>['reasons'][number];

/** The latest ChurnRiskRaised of a customer, as kept in churn_flags. */
export interface ChurnFlag {
  /** 0-100, higher is likelier to leave */
  score: number;
  threshold: number;
  /** strongest first, each text with the real figures (engagement's scoring writes them) */
  reasons: readonly ChurnReason[];
  raisedAt: Date;
}

/** A flag makes the retention offer for this many days from the day it was raised (that day counted as day 0). */
export const CHURN_FLAG_DAYS = 30;

/**
 * The flag when it was raised within the last CHURN_FLAG_DAYS of `today` (YYYY-MM-DD, UTC), else
 * null. A flag dated after today (clocks apart) counts: it is as recent as can be.
 */
export function activeChurnFlag(flag: ChurnFlag | null | undefined, today: string): ChurnFlag | null {
  if (!flag) return null;
  const days = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${flag.raisedAt.toISOString().slice(0, 10)}T00:00:00Z`)) / 86_400_000;
  return days <= CHURN_FLAG_DAYS ? flag : null;
}
