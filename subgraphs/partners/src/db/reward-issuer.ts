// Issuing a reward to a customer (loyalty calls this after deciding to spend their points) and
// undoing an issue whose points debit then failed. Stock is taken by one conditional UPDATE
// (`stock > 0`), so concurrent issues never take it below zero; the idempotency key is the primary
// key of reward_issues and is claimed first, so a retried or concurrent duplicate request waits
// for the first and then answers with the same voucher instead of taking stock again.
import type { Database, Queryable } from '../../../../lib/db/database';
import { type IssueOutcome, type IssueRequest, newVoucherCode, replayOf } from '../domain/reward-issues';

interface IssueRow extends Record<string, unknown> {
  reward_id: string;
  customer_id: string;
  voucher_code: string;
  points_price: number;
  released_at: unknown;
}

// rolls the transaction back (claim included) when there is nothing to take
class NothingToTake extends Error {
  constructor(readonly outcome: IssueOutcome) {
    super(outcome.kind);
  }
}

export class RewardIssuer {
  constructor(private readonly db: Database) {}

  async issue(req: IssueRequest): Promise<IssueOutcome> {
    const existing = await this.existing(this.db, req);
    if (existing) return existing;
    const [reward] = await this.db.query<{ points_price: number }>('SELECT points_price FROM rewards WHERE id = $1', [req.rewardId]);
    if (!reward) return { kind: 'REWARD_NOT_FOUND' };
    try {
      return await this.db.transaction(async (tx) => {
        const voucherCode = newVoucherCode();
        // a concurrent request with the same key blocks here until the first commits or rolls back
        const claimed = await tx.query(
          `INSERT INTO reward_issues (idempotency_key, reward_id, customer_id, voucher_code, points_price)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key`,
          [req.idempotencyKey, req.rewardId, req.customerId, voucherCode, Number(reward.points_price)],
        );
        if (claimed.length === 0) {
          const replay = await this.existing(tx, req);
          if (replay) return replay;
          throw new Error('reward issue claim vanished');
        }
        const [taken] = await tx.query<{ points_price: number }>('UPDATE rewards SET stock = stock - 1 WHERE id = $1 AND stock > 0 RETURNING points_price', [
          req.rewardId,
        ]);
        if (!taken) throw new NothingToTake({ kind: 'OUT_OF_STOCK' });
        const pointsPrice = Number(taken.points_price);
        // the price when the unit was taken is the one the customer pays
        await tx.query('UPDATE reward_issues SET points_price = $2 WHERE idempotency_key = $1', [req.idempotencyKey, pointsPrice]);
        return { kind: 'ISSUED' as const, rewardId: req.rewardId, voucherCode, pointsPrice, replayed: false };
      });
    } catch (err) {
      if (err instanceof NothingToTake) return err.outcome;
      throw err;
    }
  }

  /**
   * Gives the unit back and voids the voucher. true when the key's issue is released (now or
   * before); false when no issue has that key.
   */
  async release(idempotencyKey: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      // idempotency_key is the key: one row at most
      const [released] = await tx.query<{ reward_id: string }>(
        'UPDATE reward_issues SET released_at = now() WHERE idempotency_key = $1 AND released_at IS NULL RETURNING reward_id',
        [idempotencyKey],
      );
      if (released) {
        await tx.query('UPDATE rewards SET stock = stock + 1 WHERE id = $1', [released.reward_id]);
        return true;
      }
      const known = await tx.query('SELECT 1 FROM reward_issues WHERE idempotency_key = $1', [idempotencyKey]);
      return known.length === 1;
    });
  }

  private async existing(db: Queryable, req: IssueRequest): Promise<IssueOutcome | undefined> {
    const rows = await db.query<IssueRow>(
      'SELECT reward_id, customer_id, voucher_code, points_price, released_at FROM reward_issues WHERE idempotency_key = $1',
      [req.idempotencyKey],
    );
    const [row] = rows;
    if (!row) return undefined;
    return replayOf(
      {
        rewardId: row.reward_id,
        customerId: row.customer_id,
        voucherCode: row.voucher_code,
        pointsPrice: Number(row.points_price),
        released: row.released_at !== null && row.released_at !== undefined,
      },
      req,
    );
  }
}
