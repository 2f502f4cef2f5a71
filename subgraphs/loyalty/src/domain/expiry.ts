// Points expire `expiryMonths` after they were earned, oldest first. Spending (and any other
// debit) uses the oldest points first, so what expires at `asOf` is
//   points credited on or before asOf - expiryMonths  minus  every debit so far   (when positive).
// The run that books it: db/points-expiry.ts.

/** The same day `months` earlier, or that month's last day when it is shorter (31 Mar - 1 = 28 Feb). */
export function monthsBefore(at: Date, months: number): Date {
  const d = new Date(at.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/** Points due to expire, never more than the customer holds; 0n or less means none. */
export function pointsDueToExpire(creditedBeforeCutoff: bigint, debitsSoFar: bigint, balance: bigint): bigint {
  const due = creditedBeforeCutoff - debitsSoFar;
  return due > balance ? balance : due;
}

export interface ExpiryReport {
  asOf: string;
  cutoff: string;
  expired: Array<{ customerId: string; points: string }>;
}
