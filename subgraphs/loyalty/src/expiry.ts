// Points expire `expiryMonths` after they were earned, oldest first, as ledger entries. Spending
// (and any other debit) uses the oldest points first, so what expires at `asOf` is
//   points credited on or before asOf - expiryMonths  minus  every debit so far   (when positive).
// Running it again for the same instant finds nothing more to expire (its own debits count).
import type { Database } from '../../../lib/db/database';
import { toBigInt } from '../../../lib/db/database';
import type { Logger } from '../../../lib/logger';
import type { Ledger } from './ledger/ledger';
import { POINTS_UNIT } from './ledger/chart';
import { pointsExpiredJournal } from './ledger/loyalty-journals';
import { businessDateOf } from './business-day';

export function monthsBefore(at: Date, months: number): Date {
  const d = new Date(at.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

export interface ExpiryReport {
  asOf: string;
  cutoff: string;
  expired: Array<{ customerId: string; points: string }>;
}

export async function runExpiry(db: Database, ledger: Ledger, months: number, asOf: Date, log?: Logger): Promise<ExpiryReport> {
  const cutoff = monthsBefore(asOf, months);
  const candidates = await db.query<{ customer_id: string }>(
    `SELECT DISTINCT a.customer_id FROM ledger_accounts a JOIN postings p ON p.account_id = a.id JOIN journals j ON j.id = p.journal_id
     WHERE a.code = 'CUSTOMER_POINTS' AND p.side = 'C' AND j.posted_at <= $1 ORDER BY a.customer_id`,
    [cutoff.toISOString()],
  );
  const report: ExpiryReport = { asOf: asOf.toISOString(), cutoff: cutoff.toISOString(), expired: [] };
  for (const { customer_id: customerId } of candidates) {
    const expired = await db.transaction(async (tx) => {
      const balance = await ledger.lockedCustomerBalance(tx, 'CUSTOMER_POINTS', POINTS_UNIT, customerId);
      const rows = await tx.query<{ old_credits: unknown; debits: unknown }>(
        `SELECT COALESCE(sum(CASE WHEN p.side = 'C' AND j.posted_at <= $2 THEN p.amount ELSE 0 END), 0)::text AS old_credits,
                COALESCE(sum(CASE WHEN p.side = 'D' THEN p.amount ELSE 0 END), 0)::text AS debits
         FROM ledger_accounts a JOIN postings p ON p.account_id = a.id JOIN journals j ON j.id = p.journal_id
         WHERE a.code = 'CUSTOMER_POINTS' AND a.customer_id = $1`,
        [customerId, cutoff.toISOString()],
      );
      let due = toBigInt(rows[0]?.old_credits) - toBigInt(rows[0]?.debits);
      if (due > balance) due = balance;
      if (due <= 0n) return 0n;
      await ledger.postWithin(tx, {
        ...pointsExpiredJournal({
          customerId, points: due, businessDate: businessDateOf(asOf), idempotencyKey: `expiry:${customerId}:${asOf.toISOString()}`,
          description: `Points expired: earned more than ${months} months ago`,
        }),
        postedAt: asOf,
      });
      return due;
    });
    if (expired > 0n) report.expired.push({ customerId, points: expired.toString() });
  }
  log?.info({ cutoff: report.cutoff, customers: report.expired.length }, 'points expiry');
  return report;
}
