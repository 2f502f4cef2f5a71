// What a day's cash-back settlement pays and how it is booked (the run itself: db/settlement.ts).
import type { JournalInput } from './ledger/journal';
import { type CashBackMovement, cashBackPaidJournal } from './ledger/loyalty-journals';

export type SkipReason = 'NO_CURRENT_ACCOUNT' | 'NO_FUNDING_ACCOUNT' | 'CORE_REFUSED' | 'CORE_UNAVAILABLE';

export interface SettlementReport {
  businessDate: string;
  paid: Array<{ customerId: string; currency: string; amount: string; reference: string; replayed: boolean }>;
  skipped: Array<{ customerId: string; currency: string; reason: SkipReason; detail?: string }>;
}

/** The core transfer's reference: fixed per customer, day and currency, so the core books it once. */
export function settlementReference(customerId: string, businessDate: string, currency: string, programmeCurrency: string): string {
  return currency === programmeCurrency ? `CASHBACK-${customerId}-${businessDate}` : `CASHBACK-${customerId}-${businessDate}-${currency}`;
}

/**
 * The CASHBACK_PAID journal for a payout of `m.amount` when the customer's pending balance is
 * `pending`. A reversal between recording and paying may have lowered the pending balance: the
 * money has left the bank, so the difference is the programme's loss, never a negative balance.
 */
export function cashBackPayoutJournal(m: CashBackMovement, pending: bigint): JournalInput {
  const journal = cashBackPaidJournal(m);
  if (pending < m.amount) {
    const [customerLeg, settlementLeg] = journal.postings;
    if (!customerLeg || !settlementLeg) throw new Error(`${journal.kind} journal ${journal.idempotencyKey} lacks its customer or settlement posting`);
    const taken = pending > 0n ? pending : 0n;
    journal.postings = [
      ...(taken > 0n ? [{ ...customerLeg, amount: taken }] : []),
      { account: 'PROGRAMME_CASHBACK_SHORTFALL', side: 'D', amount: m.amount - taken, unit: m.currency },
      settlementLeg,
    ];
  }
  return journal;
}
