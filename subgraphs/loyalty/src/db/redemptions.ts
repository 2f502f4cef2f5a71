// Redeeming points, exactly once per (customer, idempotency key).
//
// CASH: the points are debited first (the ledger refuses to go below zero, under row locks, so
// concurrent redemptions never overspend), then the core credits points/100 of the currency to the
// customer's current account (CreateTransaction, reference fixed by the key); a business refusal by
// the core gives the points back with a refund journal. REWARD: partners issues the voucher at its
// catalogue price first, then the points are debited; if the debit fails the voucher is released.
// A transport failure leaves the redemption PENDING: retrying with the same key resumes it, and
// every step (ledger keys, core reference, partners key) is idempotent.
// In db/ because the redemptions table (its lease and recorded answer) drives every step; the core
// and partners are reached through their ports, and what a request may be is domain/redemption.ts.
import { createHash } from 'node:crypto';
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
  type RedeemInput,
  type RedemptionErrorCode,
  type RedemptionResult,
  cashForPoints,
  FINAL_REDEMPTION_ERRORS,
  RedemptionError,
  redemptionFingerprint,
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

function hash(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
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
    // a lease: concurrent requests with the same key do not run the steps side by side
    const claimed = await this.deps.db.query(
      `UPDATE redemptions SET lease_until = now() + interval '30 seconds', updated_at = now()
       WHERE redemption_key = $1 AND status = 'PENDING' AND (lease_until IS NULL OR lease_until < now()) RETURNING 1`,
      [key],
    );
    if (claimed.length === 0) {
      const settled = await this.outcome(key, fingerprint);
      if (settled) return settled;
      throw new RedemptionError('REDEMPTION_IN_PROGRESS', 'a redemption with this key is in progress; retry shortly with the same key');
    }
    try {
      const result = input.for === 'CASH' ? await this.cash(input, key) : await this.reward(input, key);
      await this.finish(key, 'COMPLETED', result);
      return result;
    } catch (err) {
      if (err instanceof RedemptionError && FINAL_REDEMPTION_ERRORS.has(err.code)) await this.finish(key, 'FAILED', { code: err.code, message: err.message });
      else await this.deps.db.query(`UPDATE redemptions SET lease_until = NULL WHERE redemption_key = $1 AND status = 'PENDING'`, [key]);
      throw err;
    }
  }

  /** The recorded answer for this key (result, or its error thrown); undefined while pending. */
  private async outcome(key: string, fingerprint: string): Promise<RedemptionResult | undefined> {
    const rows = await this.deps.db.query<{ fingerprint: string; status: string; result: string | null }>(
      `SELECT fingerprint, status, result FROM redemptions WHERE redemption_key = $1`,
      [key],
    );
    const row = rows[0];
    if (!row) throw new Error('redemption row vanished');
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

  private ledgerKey(key: string, step: string): string {
    return `redeem:${hash(key, 32)}:${step}`;
  }

  /** Debits the points (replay-safe); INSUFFICIENT_POINTS when the balance is short. */
  private async debit(input: RedeemInput, key: string, points: number, description: string): Promise<void> {
    try {
      await this.deps.ledger.post(
        pointsRedeemedJournal({
          customerId: input.customerId,
          points: BigInt(points),
          businessDate: businessDateOf(this.deps.clock()),
          idempotencyKey: this.ledgerKey(key, 'debit'),
          description,
        }),
      );
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
        idempotencyKey: this.ledgerKey(key, 'refund'),
        description: 'Points returned: the redemption could not be completed',
      }),
    );
  }

  private async balance(customerId: string): Promise<number> {
    return Number(await this.deps.ledger.pointsBalance(customerId));
  }

  private async cash(input: RedeemInput, key: string): Promise<RedemptionResult> {
    const { core } = this.deps;
    const currency = this.deps.currency;
    const funding = this.deps.fundingAccounts[currency];
    if (!core || !funding) throw new RedemptionError('CORE_UNAVAILABLE', 'cash redemption is not available right now');
    const minor = cashForPoints(input.points, currency) as bigint;
    if ((await this.balance(input.customerId)) < input.points) throw new RedemptionError('INSUFFICIENT_POINTS', 'not enough points');
    let accounts;
    try {
      accounts = await core.accountsOf(input.customerId);
    } catch {
      throw new RedemptionError('CORE_UNAVAILABLE', 'the core cannot answer right now; retry with the same key');
    }
    const target = currentAccountIn(accounts, currency);
    if (!target) throw new RedemptionError('NO_CURRENT_ACCOUNT', `no active ${currency} current account to pay into`);

    await this.debit(input, key, input.points, 'Points redeemed for cash');
    try {
      await core.transfer({
        fromAccountId: funding,
        toAccountId: target.accountId,
        amount: formatMinor(minor, currency),
        currency,
        narrative: 'Loyalty points redeemed',
        callerReference: `LOYALTY-R-${hash(key, 40)}`,
      });
    } catch (err) {
      if (isCoreRefusal(err)) {
        await this.refund(input, key, input.points);
        throw new RedemptionError('CORE_REFUSED', `the core refused the payment (${err.code})`);
      }
      // outcome unknown: keep the points debited and the redemption PENDING; the same key resumes it
      throw new RedemptionError('CORE_UNAVAILABLE', 'the payment could not be confirmed; retry with the same key');
    }
    return {
      id: hash(key, 24),
      for: 'CASH',
      points: input.points,
      cash: { minor: minor.toString(), currency },
      pointsBalance: await this.balance(input.customerId),
    };
  }

  private async reward(input: RedeemInput, key: string): Promise<RedemptionResult> {
    const partners = this.deps.partners;
    if (!partners) throw new RedemptionError('DOWNSTREAM_SERVICE_ERROR', 'rewards are not available right now');
    const rewardId = input.rewardId as string;
    if ((await this.balance(input.customerId)) < 1) throw new RedemptionError('INSUFFICIENT_POINTS', 'not enough points');
    const partnersKey = `loyalty:${hash(key, 40)}`;
    let issued;
    try {
      issued = await partners.issueReward({ rewardId, customerId: input.customerId, idempotencyKey: partnersKey });
    } catch {
      throw new RedemptionError('DOWNSTREAM_SERVICE_ERROR', 'the rewards service cannot answer right now; retry with the same key');
    }
    if (!issued.ok) throw new RedemptionError(issued.code, issued.code === 'OUT_OF_STOCK' ? 'this reward is out of stock' : 'no such reward');
    const release = async () => {
      try {
        await partners.releaseReward(partnersKey);
      } catch (err) {
        // the same key retried later releases it; partners keeps the stock safe meanwhile
        this.deps.log.error({ err: (err as Error).message }, 'reward release failed');
      }
    };
    if (issued.pointsPrice > input.points) {
      await release();
      throw new RedemptionError('PRICE_ABOVE_LIMIT', `the reward costs ${issued.pointsPrice} points, more than the ${input.points} offered`);
    }
    try {
      await this.debit(input, key, issued.pointsPrice, 'Points redeemed for a partner reward');
    } catch (err) {
      await release();
      throw err;
    }
    return {
      id: hash(key, 24),
      for: 'REWARD',
      points: issued.pointsPrice,
      reward: { rewardId: issued.rewardId, voucherCode: issued.voucherCode },
      pointsBalance: await this.balance(input.customerId),
    };
  }
}
