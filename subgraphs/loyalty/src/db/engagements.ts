// Awards an engagement's points on the ledger, once per customer and kind (the journal's
// idempotency key): a repeated report, on any day, adds nothing and says so.
import type { Ledger } from './ledger/ledger';
import { engagementJournal } from '../domain/ledger/loyalty-journals';
import { LedgerError } from '../domain/ledger/journal';
import { businessDateOf } from '../domain/business-day';
import { engagementDescription, engagementKey, type EngagementReport } from '../domain/engagement';

export interface EngagementAward {
  /** points this report added (0 when awarded before) */
  points: number;
  alreadyRecorded: boolean;
}

export async function awardEngagement(ledger: Ledger, report: EngagementReport, points: bigint, now: Date): Promise<EngagementAward> {
  if (points <= 0n) return { points: 0, alreadyRecorded: false };
  try {
    const posted = await ledger.post(
      engagementJournal({
        customerId: report.customerId,
        points,
        businessDate: businessDateOf(now),
        idempotencyKey: engagementKey(report),
        description: engagementDescription(report),
      }),
    );
    return posted.replayed ? { points: 0, alreadyRecorded: true } : { points: Number(points), alreadyRecorded: false };
  } catch (err) {
    // awarded before, on another day or under other rules: once is once
    if (err instanceof LedgerError && err.code === 'IDEMPOTENCY_CONFLICT') return { points: 0, alreadyRecorded: true };
    throw err;
  }
}
