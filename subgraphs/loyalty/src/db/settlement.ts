// Daily cash-back settlement. For a business day D, each customer's cash back still pending from
// days up to D is paid into their current account in that currency through the core's
// CreateTransaction, reference CASHBACK-<customerId>-<D> (programme currency) or
// CASHBACK-<customerId>-<D>-<CCY> (any other currency).
//
// Exactly once, even across crashes and re-runs:
//  1. the amount and target account are recorded first (settlements row, PENDING);
//  2. the core is called with the recorded amount and the fixed reference (the core is idempotent
//     by reference: a second call replays the first transfer);
//  3. the CASHBACK_PAID journal and the row's PAID status commit together.
// A re-run skips PAID rows without calling the core, and finds nothing pending for D any more.
// A payout whose outcome is unknown (its row still PENDING) holds its amount: before anything else
// a run resolves the earlier PENDING rows (asks the core by their reference; booked: booked here
// too; not booked: sent again under the same reference and amount), and what stays unresolved is
// left out of every later payout, so it is never paid again under a new reference.
// A customer without an active current account in that currency is skipped and reported: the
// cash back stays pending and is paid by the first settlement after such an account exists.
// In db/ because its progress is the settlements table and its journal commits with it; the core
// is reached through the LoyaltyCore port, and what is paid and booked is domain/settlement.ts.
import { type Database, toBigInt } from '../../../../lib/db/database';
import { formatMinor } from '../../../../lib/money';
import type { Logger } from '../../../../lib/logger';
import type { Ledger } from './ledger/ledger';
import { type LoyaltyCore, isCoreRefusal } from '../adapters/core';
import { currentAccountIn } from '../domain/payout-account';
import { type SettlementReport, type SkipReason, cashBackPayoutJournal, settlementReference } from '../domain/settlement';

export interface SettlementDeps {
  db: Database;
  ledger: Ledger;
  core?: LoyaltyCore;
  /** the programme currency (its references carry no currency suffix) */
  currency: string;
  /** currency -> the bank's account in the core that funds cash back and cash redemptions */
  fundingAccounts: Readonly<Record<string, string>>;
  clock: () => Date;
  log: Logger;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface Due {
  customer_id: string;
  currency: string;
  amount: bigint;
}

export class Settlement {
  constructor(private readonly deps: SettlementDeps) {}

  /**
   * Cash back pending from business days up to `businessDate`, per customer and currency, less
   * what unresolved payouts of other days hold; never more than the balance now (a later day's
   * payout may already have paid it, when days are settled out of order).
   */
  private async due(businessDate: string): Promise<Due[]> {
    const rows = await this.deps.db.query<{ customer_id: string; unit: string; amount: unknown }>(
      `WITH pending AS (
         SELECT a.customer_id, a.unit,
                sum(CASE WHEN p.side = 'C' THEN p.amount ELSE -p.amount END) FILTER (WHERE j.business_date <= $1::date) AS upto,
                sum(CASE WHEN p.side = 'C' THEN p.amount ELSE -p.amount END) AS now
         FROM ledger_accounts a JOIN postings p ON p.account_id = a.id JOIN journals j ON j.id = p.journal_id
         WHERE a.code = 'CUSTOMER_CASHBACK_PENDING'
         GROUP BY a.customer_id, a.unit
       ), held AS (
         SELECT customer_id, currency AS unit, sum(amount_minor) AS amount FROM settlements
         WHERE status = 'PENDING' AND business_date <> $1::date GROUP BY customer_id, currency
       )
       SELECT d.customer_id, d.unit, (LEAST(d.upto, d.now) - COALESCE(h.amount, 0))::text AS amount
       FROM pending d LEFT JOIN held h ON h.customer_id = d.customer_id AND h.unit = d.unit
       WHERE LEAST(d.upto, d.now) - COALESCE(h.amount, 0) > 0
       ORDER BY d.customer_id, d.unit`,
      [businessDate],
    );
    return rows.map((r) => ({ customer_id: r.customer_id, currency: r.unit, amount: toBigInt(r.amount) }));
  }

  async settleDay(businessDate: string): Promise<SettlementReport> {
    if (!DATE.test(businessDate)) throw new RangeError('business date must be YYYY-MM-DD');
    const report: SettlementReport = { businessDate, paid: [], skipped: [] };
    // earlier days' payouts of unknown outcome first: resolved, or held out of this day's amounts
    const earlier = await this.deps.db.query<{ customer_id: string; currency: string; day: string }>(
      `SELECT customer_id, currency, to_char(business_date, 'YYYY-MM-DD') AS day FROM settlements
       WHERE business_date < $1::date AND status = 'PENDING' ORDER BY business_date, customer_id, currency`,
      [businessDate],
    );
    for (const e of earlier) await this.settleOne(e.day, e.customer_id, e.currency, undefined, report);
    // rows recorded by an earlier, interrupted run are finished first, with their recorded amount
    const unfinished = await this.deps.db.query<{ customer_id: string; currency: string }>(
      `SELECT customer_id, currency FROM settlements WHERE business_date = $1::date AND status = 'PENDING'`,
      [businessDate],
    );
    const seen = new Set<string>();
    const work: Array<{ customerId: string; currency: string; amount?: bigint }> = [];
    for (const u of unfinished) {
      seen.add(`${u.customer_id}|${u.currency}`);
      work.push({ customerId: u.customer_id, currency: u.currency });
    }
    for (const d of await this.due(businessDate)) {
      if (!seen.has(`${d.customer_id}|${d.currency}`)) work.push({ customerId: d.customer_id, currency: d.currency, amount: d.amount });
    }
    for (const w of work) await this.settleOne(businessDate, w.customerId, w.currency, w.amount, report);
    this.deps.log.info({ businessDate, paid: report.paid.length, skipped: report.skipped.length }, 'cash-back settlement');
    return report;
  }

  private async settleOne(businessDate: string, customerId: string, currency: string, amount: bigint | undefined, report: SettlementReport): Promise<void> {
    const skip = (reason: SkipReason, detail?: string) => report.skipped.push({ customerId, currency, reason, ...(detail ? { detail } : {}) });
    const funding = this.deps.fundingAccounts[currency];
    if (!funding || !this.deps.core) return void skip('NO_FUNDING_ACCOUNT');
    const reference = settlementReference(customerId, businessDate, currency, this.deps.currency);

    let row = await this.row(customerId, currency, businessDate);
    if (row?.status === 'PAID') return;
    const resumed = row !== undefined;
    if (!row) {
      if (amount === undefined) return;
      let accounts;
      try {
        accounts = await this.deps.core.accountsOf(customerId);
      } catch (err) {
        return void skip('CORE_UNAVAILABLE', (err as Error).message);
      }
      const target = currentAccountIn(accounts, currency);
      if (!target) return void skip('NO_CURRENT_ACCOUNT');
      await this.deps.db.query(
        `INSERT INTO settlements (customer_id, currency, business_date, amount_minor, account_id, reference, status)
         VALUES ($1, $2, $3::date, $4, $5, $6, 'PENDING') ON CONFLICT DO NOTHING`,
        [customerId, currency, businessDate, amount.toString(), target.accountId, reference],
      );
      row = await this.row(customerId, currency, businessDate);
      if (!row || row.status === 'PAID') return;
    }

    let result;
    try {
      // a recorded row may have been booked by an earlier run whose answer was lost: ask first
      result =
        (resumed ? await this.deps.core.transferByReference(reference) : undefined) ??
        (await this.deps.core.transfer({
          fromAccountId: funding,
          toAccountId: row.account_id,
          amount: formatMinor(row.amount, currency),
          currency,
          narrative: `Cash back ${businessDate}`,
          callerReference: reference,
        }));
    } catch (err) {
      const business = isCoreRefusal(err);
      this.deps.log.warn({ customerId, businessDate, code: (err as { code?: unknown }).code }, 'cash-back payout not made; the next run tries again');
      return void skip(business ? 'CORE_REFUSED' : 'CORE_UNAVAILABLE', (err as Error).message);
    }
    const paidAt = this.deps.clock();
    await this.deps.db.transaction(async (tx) => {
      const pending = await this.deps.ledger.lockedCustomerBalance(tx, 'CUSTOMER_CASHBACK_PENDING', currency, customerId);
      const journal = cashBackPayoutJournal(
        {
          customerId,
          amount: row.amount,
          currency,
          businessDate,
          postedAt: paidAt,
          idempotencyKey: `cashback-paid:${customerId}:${currency}:${businessDate}`,
          description: 'Cash back paid to your account',
        },
        pending,
      );
      await this.deps.ledger.postWithin(tx, journal);
      await tx.query(`UPDATE settlements SET status = 'PAID', core_txn_id = $4 WHERE customer_id = $1 AND currency = $2 AND business_date = $3::date`, [
        customerId,
        currency,
        businessDate,
        result.txnId,
      ]);
    });
    report.paid.push({ customerId, currency, amount: formatMinor(row.amount, currency), reference, replayed: result.replayed });
  }

  private async row(customerId: string, currency: string, businessDate: string) {
    const rows = await this.deps.db.query<{ status: string; amount_minor: unknown; account_id: string }>(
      `SELECT status, amount_minor::text AS amount_minor, account_id FROM settlements WHERE customer_id = $1 AND currency = $2 AND business_date = $3::date`,
      [customerId, currency, businessDate],
    );
    const r = rows[0];
    return r ? { status: r.status, amount: toBigInt(r.amount_minor), account_id: r.account_id } : undefined;
  }
}
