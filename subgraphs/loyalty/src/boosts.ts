// Cash-back boosts activated by the offers service (POST /internal/cashback-boosts): stored in
// loyalty's own table, idempotent by activationId. The card sink reads them when a purchase
// comes in; a boost raises the rate at the listed merchants while it is valid, never lowers it.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../../../lib/db/database';

const ID = z.string().min(1).max(200);
const INSTANT = z.string().datetime({ offset: true });

export const BOOST_REQUEST = z
  .object({
    activationId: ID,
    customerId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/),
    partnerId: z.string().min(1).max(100),
    merchantIds: z.array(z.string().min(1).max(64)).min(1).max(1000),
    rateBasisPoints: z.number().int().min(1).max(10000),
    validFrom: INSTANT,
    validUntil: INSTANT,
  })
  .refine((b) => Date.parse(b.validUntil) > Date.parse(b.validFrom), { message: 'validUntil must be after validFrom', path: ['validUntil'] });

export type BoostRequest = z.infer<typeof BOOST_REQUEST>;

export type BoostOutcome = { ok: true; activationId: string; status: 'ACTIVE'; created: boolean } | { ok: false; code: 'IDEMPOTENCY_KEY_REUSED' };

/** Same content whatever the order of merchant ids or the spelling of the instants. */
export function boostFingerprint(b: BoostRequest): string {
  const canonical = JSON.stringify([
    b.customerId, b.partnerId, [...new Set(b.merchantIds)].sort(), b.rateBasisPoints,
    new Date(b.validFrom).toISOString(), new Date(b.validUntil).toISOString(),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

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

export interface ActiveBoost {
  activationId: string;
  partnerId: string;
  rateBasisPoints: number;
  merchantCount: number;
  validUntil: Date;
}

export async function activeBoosts(db: Database, customerId: string, at: Date): Promise<ActiveBoost[]> {
  const rows = await db.query<{ activation_id: string; partner_id: string; rate_bp: number; n: number; valid_until: Date | string }>(
    `SELECT activation_id, partner_id, rate_bp, cardinality(merchant_ids) AS n, valid_until FROM cashback_boosts
     WHERE customer_id = $1 AND valid_from <= $2 AND valid_until > $2 ORDER BY valid_until, activation_id`,
    [customerId, at.toISOString()],
  );
  return rows.map((r) => ({
    activationId: r.activation_id, partnerId: r.partner_id, rateBasisPoints: Number(r.rate_bp), merchantCount: Number(r.n),
    validUntil: new Date(r.valid_until),
  }));
}
