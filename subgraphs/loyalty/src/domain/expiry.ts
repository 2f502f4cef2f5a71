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

/** A coming expiry run: its date and the points credited on or before its cutoff. */
export interface ComingRun {
  expiresOn: string;
  creditedBeforeCutoff: bigint;
}

/**
 * What each coming run (in date order) will expire if nothing else moves the customer's points:
 * the run on day k books pointsDueToExpire at its cutoff less what the runs before it booked (their
 * debits count then), so it is the growth of the cumulative due from one run to the next. The same
 * function as the booking (pointsDueToExpire), so a warning and the later expiry agree. Runs that
 * expire nothing are left out.
 */
export function expiringAhead(runs: readonly ComingRun[], debitsSoFar: bigint, balance: bigint): Array<{ expiresOn: string; points: bigint }> {
  const out: Array<{ expiresOn: string; points: bigint }> = [];
  let booked = 0n;
  for (const run of runs) {
    const due = pointsDueToExpire(run.creditedBeforeCutoff, debitsSoFar, balance);
    if (due > booked) {
      out.push({ expiresOn: run.expiresOn, points: due - booked });
      booked = due;
    }
  }
  return out;
}
