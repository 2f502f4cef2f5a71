// Cash-back boosts activated by the offers service: what a valid activation is, and when two
// activations under one activationId are the same one. A boost raises the rate at the listed
// merchants while it is valid, never lowers it (domain/earning.ts).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CUSTOMER_ID } from '../../../../lib/customer-id';

const ID = z.string().min(1).max(200);
const INSTANT = z.iso.datetime({ offset: true });

export const BOOST_REQUEST = z
  .object({
    activationId: ID,
    customerId: z.string().regex(CUSTOMER_ID),
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
    b.customerId,
    b.partnerId,
    [...new Set(b.merchantIds)].sort(),
    b.rateBasisPoints,
    new Date(b.validFrom).toISOString(),
    new Date(b.validUntil).toISOString(),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export interface ActiveBoost {
  activationId: string;
  partnerId: string;
  rateBasisPoints: number;
  merchantCount: number;
  validUntil: Date;
}
