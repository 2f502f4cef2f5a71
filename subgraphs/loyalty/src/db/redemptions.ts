// Redeeming points, exactly once per (customer, idempotency key).
//
// CASH: the points are debited first (the ledger refuses to go below zero, under row locks, so
// concurrent redemptions never overspend) and, in the same transaction, the payment is recorded
// (funding and target account, amount, reference fixed by the key); then the core credits it to the
// customer's current account (CreateTransaction). A business refusal by the core gives the points
// back with a refund journal. An unknown outcome leaves the redemption PENDING: a retry with the
// same key resumes it (no second balance check against its own debit: the core is asked by the
// reference whether it booked the payment, and the recorded payment is sent again if not), and
// `reconcilePending` finishes what nobody retries (run by the daily jobs). REWARD: partners issues
// the voucher at its catalogue price first, then the points are debited; if the debit fails the
// voucher is released. Every step (ledger keys, core reference, partners key) is idempotent.
// In db/ because the redemptions table (its lease, recorded payment and answer) drives every step;
// the core and partners are reached through their ports, and what a request may be is domain/redemption.ts.
import type { Database } from '../../../../lib/db/database';
import { formatMinor } from '../../../../lib/money';
import type { Logger } from '../../../../lib/logger';
import type { Ledger } from './ledger/ledger';
import { LedgerError } from '../domain/ledger/journal';
import { pointsRedeemedJournal, redemptionRefundJournal } from '../domain/ledger/loyalty-journals';
import { businessDateOf } from '../domain/business-day';
import { type LoyaltyCore, isCoreRefusal } from '../adapters/core';
import type { PartnersPort } from '../adapters/partners';
import { currentAccountIn } from '../domain/payout-account';
import {
  type ReconcileReport,
  type RedeemInput,
  type RedemptionErrorCode,
  type RedemptionResult,
  cashForPoints,
  FINAL_REDEMPTION_ERRORS,
  RedemptionError,
  redemptionFingerprint,
  redemptionIdOf,
  redemptionInputOf,
  redemptionJournalKey,
  redemptionPartnersKey,
  redemptionPaymentReference,
  validateRedemption,
} from '../domain/redemption';

export interface RedemptionDeps {
  db: Database;
  ledger: Ledger;
  core?: LoyaltyCore;
  partners?: PartnersPort;
  currency: string;
  fundingAccounts: Readonly<Record<string, string>>;
  clock: () => Date;
  log: Logger;
}

/** A cash redemption's payment as recorded with its debit (migration 5). */
interface Payment {
  fromAccountId: string;
  toAccountId: string;
  minor: bigint;
  currency: string;
  reference: string;
}

export class Redemptions {
  constructor(private readonly deps: RedemptionDeps) {}

  async redeem(input: RedeemInput): Promise<RedemptionResult> {
    validateRedemption(input, this.deps.currency);
    const key = `${input.customerId}|${input.idempotencyKey}`;
    const fingerprint = redemptionFingerprint(input);
    await this.deps.db.query(
      `INSERT INTO redemptions (redemption_key, customer_id, fingerprint, status) VALUES ($1, $2, $3, 'PENDING') ON CONFLICT DO NOTHING`,
      [key, input.customerId, fingerprint],
    );
    const earlier = await this.outcome(key, fingerprint);
    if (earlier) return earlier;
    if (!(await this.claim(key))) {
      const settled = await this.outcome(key, fingerprint);
      if (settled) return settled;
      throw new RedemptionError('REDEMPTION_IN_PROGRESS', 'a redemption with this key is in progress; retry shortly with the same key');
    }
    return this.run(input, key);
  }

  /**
   * Finishes every PENDING redemption nobody is working on (a crash, a lost answer, a customer who
   * never retried): a payment the core booked completes it, one it did not is sent again under the
   * same reference, a core refusal gives the points back; one that took nothing is removed. Left
   * PENDING only while the core or partners cannot answer. Safe to run at any time, on any instance.
   */
  async reconcilePending(): Promise<ReconcileReport> {
    const report: ReconcileReport = { completed: 0, refunded: 0, closed: 0, pending: 0 };
    const rows = await this.deps.db.query<{ redemption_key: string; customer_id: string; fingerprint: string }>(
      `SELECT redemption_key, customer_id, fingerprint FROM redemptions
       WHERE status = 'PENDING' AND (lease_until IS NULL OR lease_until < now()) ORDER BY created_at`,
    );
    for (const row of rows) {
      if (!(await this.claim(row.redemption_key))) continue;
      const input = redemptionInputOf(row.redemption_key, row.customer_id, row.fingerprint);
      const outcome = await this.reconcileOne(input, row.redemption_key);
      report[outcome]++;
    }
    if (rows.length > 0) this.deps.log.info({ found: rows.length, ...report }, 'pending redemptions reconciled');
    return report;
  }

  private async reconcileOne(input: RedeemInput, key: string): Promise<keyof ReconcileReport> {
    if (!(await this.hasJournal(redemptionJournalKey(key, 'debit')))) {
      if (input.for === 'REWARD' && !(await this.release(key))) {
        await this.unlease(key);
        return 'pending';
      }
      // nothing was taken: forget the attempt, so the same key starts afresh
      await this.deps.db.query(`DELETE FROM redemptions WHERE redemption_key = $1 AND status = 'PENDING'`, [key]);
      return 'closed';
    }
    try {
      await this.run(input, key);
      return 'completed';
    } catch (err) {
      if (err instanceof RedemptionError && FINAL_REDEMPTION_ERRORS.has(err.code)) return 'refunded';
      this.deps.log.warn(
        { redemption: redemptionIdOf(key), code: (err as { code?: unknown }).code },
        'pending redemption not finished; the next pass tries again',
      );
      return 'pending';
    }
  }

  /** Runs (or resumes) the claimed redemption and records its answer; a non-final error leaves it PENDING. */
  private async run(input: RedeemInput, key: string): Promise<RedemptionResult> {
    try {
      const result = input.for === 'CASH' ? await this.cash(input, key) : await this.reward(input, key);
      await this.finish(key, 'COMPLETED', result);
      return result;
    } catch (err) {
      if (err instanceof RedemptionError && FINAL_REDEMPTION_ERRORS.has(err.code)) await this.finish(key, 'FAILED', { code: err.code, message: err.message });
      else await this.unlease(key);
      throw err;
    }
  }

  /** A lease: one request (or reconciliation) at a time works on a key; a crashed worker's claim runs out. */
  private async claim(key: string): Promise<boolean> {
    const claimed = await this.deps.db.query(
      `UPDATE redemptions SET lease_until = now() + interval '30 seconds', updated_at = now()
       WHERE redemption_key = $1 AND status = 'PENDING' AND (lease_until IS NULL OR lease_until < now()) RETURNING 1`,
      [key],
    );
    return claimed.length > 0;
  }

  private async unlease(key: string): Promise<void> {
    await this.deps.db.query(`UPDATE redemptions SET lease_until = NULL WHERE redemption_key = $1 AND status = 'PENDING'`, [key]);
  }

  /** The recorded answer for this key (result, or its error thrown); undefined while pending. */
  private async outcome(key: string, fingerprint: string): Promise<RedemptionResult | undefined> {
    const rows = await this.deps.db.query<{ fingerprint: string; status: string; result: string | null }>(
      `SELECT fingerprint, status, result FROM redemptions WHERE redemption_key = $1`,
      [key],
    );
    const row = rows[0];
    // the reconciliation removed an attempt that took nothing just now: the key is free again
    if (!row) throw new RedemptionError('REDEMPTION_IN_PROGRESS', 'a redemption with this key is in progress; retry shortly with the same key');
    if (row.fingerprint !== fingerprint) throw new RedemptionError('IDEMPOTENCY_KEY_REUSED', 'this idempotency key was used for another redemption');
    if (row.status === 'COMPLETED' && row.result) return JSON.parse(row.result) as RedemptionResult;
    if (row.status === 'FAILED' && row.result) {
      const failed = JSON.parse(row.result) as { code: RedemptionErrorCode; message: string };
      throw new RedemptionError(failed.code, failed.message);
    }
    return undefined;
  }

  private async finish(key: string, status: 'COMPLETED' | 'FAILED', result: unknown): Promise<void> {
    await this.deps.db.query(
      `UPDATE redemptions SET status = $2, result = $3, lease_until = NULL, updated_at = now() WHERE redemption_key = $1 AND status = 'PENDING'`,
      [key, status, JSON.stringify(result)],
    );
  }

  private async hasJournal(idempotencyKey: string): Promise<boolean> {
    return (await this.deps.db.query(`SELECT 1 FROM journals WHERE idempotency_key = $1`, [idempotencyKey])).length > 0;
  }

  private debitJournal(input: RedeemInput, key: string, points: number, description: string) {
    return pointsRedeemedJournal({
      customerId: input.customerId,
      points: BigInt(points),
      businessDate: businessDateOf(this.deps.clock()),
      idempotencyKey: redemptionJournalKey(key, 'debit'),
      description,
    });
  }

  /** Debits the points once (a resumed redemption keeps its first debit); INSUFFICIENT_POINTS when short. */
  private async debit(input: RedeemInput, key: string, points: number, description: string): Promise<void> {
    if (await this.hasJournal(redemptionJournalKey(key, 'debit'))) return;
    await this.asRedemptionError(this.deps.ledger.post(this.debitJournal(input, key, points, description)));
  }

  private async asRedemptionError<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (err) {
      if (err instanceof LedgerError && err.code === 'INSUFFICIENT_BALANCE') throw new RedemptionError('INSUFFICIENT_POINTS', 'not enough points');
      throw err;
    }
  }

  private async refund(input: RedeemInput, key: string, points: number): Promise<void> {
    await this.deps.ledger.post(
      redemptionRefundJournal({
        customerId: input.customerId,
        points: BigInt(points),
        businessDate: businessDateOf(this.deps.clock()),
        idempotencyKey: redemptionJournalKey(key, 'refund'),
        description: 'Points returned: the redemption could not be completed',
      }),
    );
  }

  private async balance(customerId: string): Promise<number> {
    return Number(await this.deps.ledger.pointsBalance(customerId));
  }

  private async recordedPayment(key: string): Promise<Payment | undefined> {
    const rows = await this.deps.db.query<{ f: string | null; t: string | null; m: string | null; c: string | null; r: string | null }>(
      `SELECT pay_from_account AS f, pay_to_account AS t, pay_amount_minor::text AS m, pay_currency AS c, pay_reference AS r
       FROM redemptions WHERE redemption_key = $1`,
      [key],
    );
    const r = rows[0];
    if (!r?.f || !r.t || !r.m || !r.c || !r.r) return undefined;
    return { fromAccountId: r.f, toAccountId: r.t, minor: BigInt(r.m), currency: r.c, reference: r.r };
  }

  /** Takes the points and records the payment they buy, in one transaction: a debit never exists without its payment. */
  private async takePoints(input: RedeemInput, key: string, core: LoyaltyCore): Promise<Payment> {
    const currency = this.deps.currency;
    const funding = this.deps.fundingAccounts[currency];
    if (!funding) throw new RedemptionError('CORE_UNAVAILABLE', 'cash redemption is not available right now');
    // a debit made before payments were recorded (migration 5) is resumed, not checked again
    const debited = await this.hasJournal(redemptionJournalKey(key, 'debit'));
    if (!debited && (await this.balance(input.customerId)) < input.points) throw new RedemptionError('INSUFFICIENT_POINTS', 'not enough points');
    let accounts;
    try {
      accounts = await core.accountsOf(input.customerId);
    } catch {
      throw new RedemptionError('CORE_UNAVAILABLE', 'the core cannot answer right now; retry with the same key');
    }
    const target = currentAccountIn(accounts, currency);
    if (!target) throw new RedemptionError('NO_CURRENT_ACCOUNT', `no active ${currency} current account to pay into`);
    const payment: Payment = {
      fromAccountId: funding,
      toAccountId: target.accountId,
      minor: cashForPoints(input.points, currency) as bigint,
      currency,
      reference: redemptionPaymentReference(key),
    };
    await this.asRedemptionError(
      this.deps.db.transaction(async (tx) => {
        if (!debited) await this.deps.ledger.postWithin(tx, this.debitJournal(input, key, input.points, 'Points redeemed for cash'));
        await tx.query(
          `UPDATE redemptions SET pay_from_account = $2, pay_to_account = $3, pay_amount_minor = $4, pay_currency = $5, pay_reference = $6
           WHERE redemption_key = $1`,
          [key, payment.fromAccountId, payment.toAccountId, payment.minor.toString(), payment.currency, payment.reference],
        );
      }),
    );
    return payment;
  }

  private async cash(input: RedeemInput, key: string): Promise<RedemptionResult> {
    const { core } = this.deps;
    if (!core) throw new RedemptionError('CORE_UNAVAILABLE', 'cash redemption is not available right now');
    const recorded = await this.recordedPayment(key);
    const payment = recorded ?? (await this.takePoints(input, key, core));
    // resuming: the core may have booked the first attempt; ask before sending anything again
    if (!recorded || !(await this.bookedInCore(core, payment.reference))) await this.pay(input, key, core, payment);
    return {
      id: redemptionIdOf(key),
      for: 'CASH',
      points: input.points,
      cash: { minor: payment.minor.toString(), currency: payment.currency },
      pointsBalance: await this.balance(input.customerId),
    };
  }

  private async bookedInCore(core: LoyaltyCore, reference: string): Promise<boolean> {
    try {
      return (await core.transferByReference(reference)) !== undefined;
    } catch {
      throw new RedemptionError('CORE_UNAVAILABLE', 'the payment could not be confirmed; retry with the same key');
    }
  }

  private async pay(input: RedeemInput, key: string, core: LoyaltyCore, payment: Payment): Promise<void> {
    try {
      await core.transfer({
        fromAccountId: payment.fromAccountId,
        toAccountId: payment.toAccountId,
        amount: formatMinor(payment.minor, payment.currency),
        currency: payment.currency,
        narrative: 'Loyalty points redeemed',
        callerReference: payment.reference,
      });
    } catch (err) {
      // REFERENCE_REUSED says something is booked under this reference: not a refusal to refund
      if (isCoreRefusal(err) && err.code !== 'REFERENCE_REUSED') {
        await this.refund(input, key, input.points);
        throw new RedemptionError('CORE_REFUSED', `the core refused the payment (${err.code})`);
      }
      // outcome unknown: keep the points debited and the redemption PENDING; the same key (or the reconciliation) resumes it
      throw new RedemptionError('CORE_UNAVAILABLE', 'the payment could not be confirmed; retry with the same key');
    }
  }

  /** Releases the voucher partners may have issued under this key; false when partners cannot answer. */
  private async release(key: string): Promise<boolean> {
    const partners = this.deps.partners;
    if (!partners) return false;
    try {
      await partners.releaseReward(redemptionPartnersKey(key));
      return true;
    } catch (err) {
      // the same key retried later releases it; partners keeps the stock safe meanwhile
      this.deps.log.error({ err: (err as Error).message }, 'reward release failed');
      return false;
    }
  }

  private async reward(input: RedeemInput, key: string): Promise<RedemptionResult> {
    const partners = this.deps.partners;
    if (!partners) throw new RedemptionError('DOWNSTREAM_SERVICE_ERROR', 'rewards are not available right now');
    const rewardId = input.rewardId as string;
    const debited = await this.hasJournal(redemptionJournalKey(key, 'debit'));
    if (!debited && (await this.balance(input.customerId)) < 1) throw new RedemptionError('INSUFFICIENT_POINTS', 'not enough points');
    let issued;
    try {
      issued = await partners.issueReward({ rewardId, customerId: input.customerId, idempotencyKey: redemptionPartnersKey(key) });
    } catch {
      throw new RedemptionError('DOWNSTREAM_SERVICE_ERROR', 'the rewards service cannot answer right now; retry with the same key');
    }
    if (!issued.ok) throw new RedemptionError(issued.code, issued.code === 'OUT_OF_STOCK' ? 'this reward is out of stock' : 'no such reward');
    if (issued.pointsPrice > input.points) {
      await this.release(key);
      throw new RedemptionError('PRICE_ABOVE_LIMIT', `the reward costs ${issued.pointsPrice} points, more than the ${input.points} offered`);
    }
    try {
      await this.debit(input, key, issued.pointsPrice, 'Points redeemed for a partner reward');
    } catch (err) {
      await this.release(key);
      throw err;
    }
    return {
      id: redemptionIdOf(key),
      for: 'REWARD',
      points: issued.pointsPrice,
      reward: { rewardId: issued.rewardId, voucherCode: issued.voucherCode },
      pointsBalance: await this.balance(input.customerId),
    };
  }
}
