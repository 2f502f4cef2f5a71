// Cash-back boosts in loyalty's own table (activated through POST /internal/cashback-boosts),
// idempotent by activationId. The card sink reads the best rate inside its advice transaction.
import type { Database, Queryable } from '../../../../lib/db/database';
import { type ActiveBoost, type BoostOutcome, type BoostRequest, boostFingerprint } from '../domain/boosts';

export async function activateBoost(db: Database, b: BoostRequest): Promise<BoostOutcome> {
  const fingerprint = boostFingerprint(b);
  const inserted = await db.query(
    `INSERT INTO cashback_boosts (activation_id, fingerprint, customer_id, partner_id, merchant_ids, rate_bp, valid_from, valid_until)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (activation_id) DO NOTHING RETURNING activation_id`,
    [b.activationId, fingerprint, b.customerId, b.partnerId, [...new Set(b.merchantIds)].sort(), b.rateBasisPoints, b.validFrom, b.validUntil],
  );
  if (inserted.length > 0) return { ok: true, activationId: b.activationId, status: 'ACTIVE', created: true };
  const rows = await db.query<{ fingerprint: string }>(`SELECT fingerprint FROM cashback_boosts WHERE activation_id = $1`, [b.activationId]);
  if (rows[0]?.fingerprint !== fingerprint) return { ok: false, code: 'IDEMPOTENCY_KEY_REUSED' };
  return { ok: true, activationId: b.activationId, status: 'ACTIVE', created: false };
}

export async function activeBoosts(db: Database, customerId: string, at: Date): Promise<ActiveBoost[]> {
  const rows = await db.query<{ activation_id: string; partner_id: string; rate_bp: number; n: number; valid_until: Date | string }>(
    `SELECT activation_id, partner_id, rate_bp, cardinality(merchant_ids) AS n, valid_until FROM cashback_boosts
     WHERE customer_id = $1 AND valid_from <= $2 AND valid_until > $2 ORDER BY valid_until, activation_id`,
    [customerId, at.toISOString()],
  );
  return rows.map((r) => ({
    activationId: r.activation_id,
    partnerId: r.partner_id,
    rateBasisPoints: Number(r.rate_bp),
    merchantCount: Number(r.n),
    validUntil: new Date(r.valid_until),
  }));
}

export interface BoostWanted {
  customerId: string;
  merchantId: string;
  at: Date;
}

/**
 * For each purchase, the highest rate of its customer's boosts valid at `at` for its merchant, if
 * any, in the order asked: one statement for a whole group commit of card advices.
 */
export async function bestBoostRates(q: Queryable, wanted: readonly BoostWanted[]): Promise<Array<number | undefined>> {
  if (wanted.length === 0) return [];
  const rows = await q.query<{ i: number; rate_bp: number | null }>(
    `SELECT w.i, (SELECT max(b.rate_bp) FROM cashback_boosts b
                  WHERE b.customer_id = w.customer_id AND w.merchant_id = ANY(b.merchant_ids) AND b.valid_from <= w.at AND b.valid_until > w.at) AS rate_bp
     FROM unnest($1::text[], $2::text[], $3::timestamptz[]) WITH ORDINALITY AS w(customer_id, merchant_id, at, i)`,
    [wanted.map((w) => w.customerId), wanted.map((w) => w.merchantId), wanted.map((w) => w.at.toISOString())],
  );
  const rates: Array<number | undefined> = wanted.map(() => undefined);
  for (const r of rows) if (r.rate_bp !== null) rates[Number(r.i) - 1] = Number(r.rate_bp);
  return rates;
}
