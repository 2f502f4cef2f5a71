// The expiry warning pass (docs/loyalty.md "Points expiry"): once a day, beside runExpiry, it works
// out per customer what the expiry runs of the next `days` days will book (domain/expiry.ts
// expiringAhead, the booking's own pointsDueToExpire) and writes a PointsExpiring event for each
// (customer, expiry date) not warned of before, in the transaction that records the warning in
// points_expiry_warnings: a re-run, or a second replica, writes nothing more. The amount is what
// expires if nothing else moves the points; spending before the date makes the expiry smaller.
// A coming run is assumed at this pass's time of day (the daily jobs run at one set time).
import { type Database, type Queryable, toBigInt } from '../../../../lib/db/database';
import type { Logger } from '../../../../lib/logger';
import { appendEvent, newEvent } from '../../../../lib/events';
import type { Ledger } from './ledger/ledger';
import { POINTS_UNIT } from '../domain/ledger/chart';
import { businessDateOf } from '../domain/business-day';
import { type ComingRun, expiringAhead, monthsBefore } from '../domain/expiry';

const DAY_MS = 86_400_000;

export interface ExpiryWarningReport {
  asOf: string;
  /** the warnings written by this pass (none already given) */
  warned: Array<{ customerId: string; expiresOn: string; points: string }>;
}

/** The runs of the next `days` days: their date and cutoff, as runExpiry will compute them. */
function comingRuns(asOf: Date, months: number, days: number): Array<{ expiresOn: string; cutoff: Date }> {
  const out: Array<{ expiresOn: string; cutoff: Date }> = [];
  for (let k = 1; k <= days; k++) {
    const at = new Date(asOf.getTime() + k * DAY_MS);
    out.push({ expiresOn: businessDateOf(at), cutoff: monthsBefore(at, months) });
  }
  return out;
}

/** Points credited on or before each cutoff, and every debit so far (runExpiry's two sums). */
async function creditsAndDebits(tx: Queryable, customerId: string, cutoffs: readonly Date[]): Promise<{ credited: bigint[]; debits: bigint }> {
  const credited = await tx.query<{ credited: unknown }>(
    `SELECT (SELECT COALESCE(sum(p.amount), 0) FROM ledger_accounts a JOIN postings p ON p.account_id = a.id JOIN journals j ON j.id = p.journal_id
              WHERE a.code = 'CUSTOMER_POINTS' AND a.customer_id = $1 AND p.side = 'C' AND j.posted_at <= k.cutoff)::text AS credited
       FROM unnest($2::timestamptz[]) WITH ORDINALITY AS k(cutoff, n) ORDER BY k.n`,
    [customerId, cutoffs.map((c) => c.toISOString())],
  );
  const debits = await tx.query<{ debits: unknown }>(
    `SELECT COALESCE(sum(p.amount), 0)::text AS debits FROM ledger_accounts a JOIN postings p ON p.account_id = a.id
      WHERE a.code = 'CUSTOMER_POINTS' AND a.customer_id = $1 AND p.side = 'D'`,
    [customerId],
  );
  return { credited: credited.map((r) => toBigInt(r.credited)), debits: toBigInt(debits[0]?.debits) };
}

export async function warnExpiry(db: Database, ledger: Ledger, months: number, days: number, asOf: Date, log?: Logger): Promise<ExpiryWarningReport> {
  const report: ExpiryWarningReport = { asOf: asOf.toISOString(), warned: [] };
  const runs = comingRuns(asOf, months, days);
  const last = runs.at(-1);
  if (!last) return report;
  const candidates = await db.query<{ customer_id: string }>(
    `SELECT DISTINCT a.customer_id FROM ledger_accounts a JOIN postings p ON p.account_id = a.id JOIN journals j ON j.id = p.journal_id
     WHERE a.code = 'CUSTOMER_POINTS' AND p.side = 'C' AND j.posted_at <= $1 ORDER BY a.customer_id`,
    [last.cutoff.toISOString()],
  );
  for (const { customer_id: customerId } of candidates) {
    const warned = await db.transaction(async (tx) => {
      // the expiry's lock: no booking of this customer's points moves between the sums and the warning
      const balance = await ledger.lockedCustomerBalance(tx, 'CUSTOMER_POINTS', POINTS_UNIT, customerId);
      if (balance <= 0n) return [];
      const { credited, debits } = await creditsAndDebits(
        tx,
        customerId,
        runs.map((r) => r.cutoff),
      );
      const ahead = expiringAhead(
        runs.map((r, i): ComingRun => ({ expiresOn: r.expiresOn, creditedBeforeCutoff: credited[i] ?? 0n })),
        debits,
        balance,
      );
      const written: ExpiryWarningReport['warned'] = [];
      for (const w of ahead) {
        const event = newEvent({
          type: 'PointsExpiring',
          key: `expiry-warning:${customerId}:${w.expiresOn}`,
          customerId,
          occurredAt: asOf,
          payload: { points: w.points.toString(), expiresOn: w.expiresOn },
        });
        const inserted = await tx.query(
          `INSERT INTO points_expiry_warnings (customer_id, expires_on, points, event_id, warned_at) VALUES ($1, $2::date, $3, $4, $5::timestamptz)
           ON CONFLICT (customer_id, expires_on) DO NOTHING RETURNING customer_id`,
          [customerId, w.expiresOn, w.points.toString(), event.id, asOf.toISOString()],
        );
        if (inserted.length === 0) continue;
        await appendEvent(tx, event);
        written.push({ customerId, expiresOn: w.expiresOn, points: w.points.toString() });
      }
      return written;
    });
    report.warned.push(...warned);
  }
  log?.info({ days, warnings: report.warned.length }, 'points expiry warnings');
  return report;
}
