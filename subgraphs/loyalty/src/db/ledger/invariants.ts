// The programme's invariants, checked from the stored rows (not from what the code meant to write).
// The ledger: per unit, total debits equal total credits; every journal balances per unit; no
// account that must not go below zero (customer points, cash back) is below zero. With the store
// given, also the money paths beside it: every redemption nobody is working on has ended, paid
// (COMPLETED: debited, not refunded) or not (FAILED: nothing taken, or taken and given back), a
// cash debit always has its recorded payment, and every PAID settlement has its payout journal.
import { type Queryable, toBigInt } from '../../../../../lib/db/database';
import { redemptionIdOf, redemptionJournalKey } from '../../domain/redemption';
import type { Ledger } from './ledger';

export interface InvariantReport {
  ok: boolean;
  violations: string[];
}

export async function checkLedgerInvariants(ledger: Ledger, store?: Queryable): Promise<InvariantReport> {
  const violations: string[] = [];
  for (const t of await ledger.trialBalance()) {
    if (t.debits !== t.credits) violations.push(`${t.unit}: debits ${t.debits} != credits ${t.credits}`);
  }
  for (const id of await ledger.unbalancedJournals()) violations.push(`journal ${id} does not balance`);
  for (const a of await ledger.negativeAccounts()) violations.push(`${a.code} ${a.customerId ?? ''} ${a.unit} is ${a.balance}`);
  if (store) violations.push(...(await redemptionViolations(store)), ...(await settlementViolations(store)));
  return { ok: violations.length === 0, violations };
}

/** Throws with every violation listed (for tests and the operations check). */
export async function assertLedgerInvariants(ledger: Ledger, store?: Queryable): Promise<void> {
  const r = await checkLedgerInvariants(ledger, store);
  if (!r.ok) throw new Error(`ledger invariants violated:\n  ${r.violations.join('\n  ')}`);
}

async function redemptionViolations(store: Queryable): Promise<string[]> {
  const rows = await store.query<{ redemption_key: string; status: string; fingerprint: string; leased: boolean; paid_to: string | null }>(
    `SELECT redemption_key, status, fingerprint, COALESCE(lease_until > now(), false) AS leased, pay_to_account AS paid_to FROM redemptions`,
  );
  if (rows.length === 0) return [];
  const points = new Map<string, bigint>();
  const journals = await store.query<{ idempotency_key: string; amount: unknown }>(
    `SELECT j.idempotency_key, sum(p.amount)::text AS amount FROM journals j JOIN postings p ON p.journal_id = j.id
     WHERE j.kind IN ('POINTS_REDEEMED', 'POINTS_REDEMPTION_REFUNDED') AND p.side = 'D' GROUP BY j.idempotency_key`,
  );
  for (const j of journals) points.set(j.idempotency_key, toBigInt(j.amount));
  const violations: string[] = [];
  for (const r of rows) {
    const id = `redemption ${redemptionIdOf(r.redemption_key)}`;
    const debit = points.get(redemptionJournalKey(r.redemption_key, 'debit'));
    const refund = points.get(redemptionJournalKey(r.redemption_key, 'refund'));
    if (refund !== undefined && refund !== debit) violations.push(`${id}: refund of ${refund} points for a debit of ${debit ?? 0n}`);
    if (r.status === 'PENDING' && !r.leased) violations.push(`${id} is left PENDING (${debit ?? 0n} points taken)`);
    if (r.status === 'COMPLETED' && (debit === undefined || refund !== undefined)) violations.push(`${id} is COMPLETED but its points are not taken`);
    if (r.status === 'FAILED' && debit !== undefined && refund === undefined) violations.push(`${id} FAILED with its ${debit} points kept`);
    if (r.fingerprint.startsWith('["CASH"') && debit !== undefined && r.paid_to === null) violations.push(`${id}: cash debit without a recorded payment`);
  }
  return violations;
}

async function settlementViolations(store: Queryable): Promise<string[]> {
  const rows = await store.query<{ customer_id: string; currency: string; day: string; amount: unknown; paid: unknown }>(
    `SELECT s.customer_id, s.currency, to_char(s.business_date, 'YYYY-MM-DD') AS day, s.amount_minor::text AS amount,
            (SELECT sum(p.amount) FROM journals j JOIN postings p ON p.journal_id = j.id
             WHERE j.idempotency_key = 'cashback-paid:' || s.customer_id || ':' || s.currency || ':' || to_char(s.business_date, 'YYYY-MM-DD')
               AND p.side = 'C')::text AS paid
     FROM settlements s WHERE s.status = 'PAID'`,
  );
  return rows
    .filter((r) => r.paid === null || toBigInt(r.paid) !== toBigInt(r.amount))
    .map(
      (r) =>
        `settlement ${r.currency} ${r.day} of ${r.customer_id} is PAID but its payout journal is ${r.paid === null ? 'missing' : `for ${toBigInt(r.paid)}`}`,
    );
}
