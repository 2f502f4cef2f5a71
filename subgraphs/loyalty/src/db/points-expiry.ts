// Books expired points (what expires: domain/expiry.ts) as ledger entries, one transaction per
// customer under the points account's lock. Running it again for the same instant finds nothing
// more to expire (its own debits count).
import { type Database, toBigInt } from '../../../../lib/db/database';
import type { Logger } from '../../../../lib/logger';
import type { Ledger } from './ledger/ledger';
import { POINTS_UNIT } from '../domain/ledger/chart';
import { pointsExpiredJournal } from '../domain/ledger/loyalty-journals';
import { businessDateOf } from '../domain/business-day';
import { type ExpiryReport, monthsBefore, pointsDueToExpire } from '../domain/expiry';

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
      const due = pointsDueToExpire(toBigInt(rows[0]?.old_credits), toBigInt(rows[0]?.debits), balance);
      if (due <= 0n) return 0n;
      await ledger.postWithin(tx, {
        ...pointsExpiredJournal({
          customerId,
          points: due,
          businessDate: businessDateOf(asOf),
          idempotencyKey: `expiry:${customerId}:${asOf.toISOString()}`,
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
