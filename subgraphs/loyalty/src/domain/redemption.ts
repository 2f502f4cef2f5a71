// What a redemption request may be, what it is worth, and which of its failures are final (the
// run itself: db/redemptions.ts).
import { createHash } from 'node:crypto';
import { exponentOf } from '../../../../lib/money';

export type RedeemFor = 'CASH' | 'REWARD';

export interface RedeemInput {
  customerId: string;
  points: number;
  for: RedeemFor;
  rewardId?: string | null;
  idempotencyKey: string;
}

export interface RedemptionResult {
  id: string;
  for: RedeemFor;
  points: number;
  cash?: { minor: string; currency: string };
  reward?: { rewardId: string; voucherCode: string };
  pointsBalance: number;
}

export type RedemptionErrorCode =
  | 'INSUFFICIENT_POINTS'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'BAD_USER_INPUT'
  | 'REWARD_NOT_FOUND'
  | 'OUT_OF_STOCK'
  | 'PRICE_ABOVE_LIMIT'
  | 'NO_CURRENT_ACCOUNT'
  | 'CORE_REFUSED'
  | 'CORE_UNAVAILABLE'
  | 'DOWNSTREAM_SERVICE_ERROR'
  | 'REDEMPTION_IN_PROGRESS';

export class RedemptionError extends Error {
  constructor(
    readonly code: RedemptionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RedemptionError';
  }
}

/** Failures that are the answer for this key; anything else may succeed when retried. */
export const FINAL_REDEMPTION_ERRORS: ReadonlySet<RedemptionErrorCode> = new Set([
  'INSUFFICIENT_POINTS',
  'REWARD_NOT_FOUND',
  'OUT_OF_STOCK',
  'PRICE_ABOVE_LIMIT',
  'NO_CURRENT_ACCOUNT',
  'CORE_REFUSED',
]);

const MAX_POINTS = 10_000_000;

/** 100 points = 1.00: minor units for `points`, or undefined when it does not divide exactly. */
export function cashForPoints(points: number, currency: string): bigint | undefined {
  const scaled = BigInt(points) * 10n ** BigInt(exponentOf(currency));
  return scaled % 100n === 0n ? scaled / 100n : undefined;
}

/** Throws RedemptionError BAD_USER_INPUT naming the first thing wrong; `currency` is the programme's. */
export function validateRedemption(input: RedeemInput, currency: string): void {
  const bad = (msg: string): never => {
    throw new RedemptionError('BAD_USER_INPUT', msg);
  };
  if (!Number.isSafeInteger(input.points) || input.points < 1 || input.points > MAX_POINTS) bad(`points must be 1..${MAX_POINTS}`);
  if (typeof input.idempotencyKey !== 'string' || !/^[\x21-\x7e]{8,100}$/.test(input.idempotencyKey)) {
    bad('idempotencyKey must be 8..100 printable characters');
  }
  if (input.for === 'REWARD' && (!input.rewardId || input.rewardId.length > 100)) bad('rewardId is required to redeem for a reward');
  if (input.for === 'CASH' && input.rewardId) bad('rewardId is only for REWARD');
  if (input.for === 'CASH' && cashForPoints(input.points, currency) === undefined) {
    bad(`points must convert exactly into ${currency} (100 points = 1.00)`);
  }
}

/** What a key was first used for: the same key with other content is IDEMPOTENCY_KEY_REUSED. */
export function redemptionFingerprint(input: RedeemInput): string {
  return JSON.stringify([input.for, input.points, input.rewardId ?? null]);
}

/** The request a stored redemption was made with (`redemptionKey` is `<customerId>|<idempotencyKey>`). */
export function redemptionInputOf(redemptionKey: string, customerId: string, fingerprint: string): RedeemInput {
  const parsed: unknown = JSON.parse(fingerprint);
  if (!Array.isArray(parsed) || (parsed[0] !== 'CASH' && parsed[0] !== 'REWARD') || typeof parsed[1] !== 'number') {
    throw new Error(`redemption ${redemptionIdOf(redemptionKey)} has an unreadable fingerprint`);
  }
  const rewardId = typeof parsed[2] === 'string' ? parsed[2] : null;
  return { customerId, idempotencyKey: redemptionKey.slice(customerId.length + 1), for: parsed[0], points: parsed[1], rewardId };
}

function hash(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** The redemption's public id. */
export function redemptionIdOf(redemptionKey: string): string {
  return hash(redemptionKey, 24);
}

/** The ledger key of a redemption's debit or refund journal. */
export function redemptionJournalKey(redemptionKey: string, step: 'debit' | 'refund'): string {
  return `redeem:${hash(redemptionKey, 32)}:${step}`;
}

/** The core transfer's reference of a cash redemption: fixed by the key, so the core books it once. */
export function redemptionPaymentReference(redemptionKey: string): string {
  return `LOYALTY-R-${hash(redemptionKey, 40)}`;
}

/** The idempotency key partners issues (and releases) a reward voucher under. */
export function redemptionPartnersKey(redemptionKey: string): string {
  return `loyalty:${hash(redemptionKey, 40)}`;
}

/** What one reconciliation pass did with the PENDING redemptions it found. */
export interface ReconcileReport {
  /** paid (found booked in the core, or paid now) or voucher confirmed */
  completed: number;
  /** the core refused the payment: points given back */
  refunded: number;
  /** nothing had been taken: the row removed, the key free again */
  closed: number;
  /** the core or partners could not answer: left for the next pass */
  pending: number;
}
