// Issuing a reward against an idempotency key: what a request is answered, and the voucher code
// it carries. The store side (stock, claims, releases) is db/reward-issuer.ts.
import { randomBytes } from 'node:crypto';

export type IssueOutcome =
  | { kind: 'ISSUED'; rewardId: string; voucherCode: string; pointsPrice: number; replayed: boolean }
  | { kind: 'REWARD_NOT_FOUND' }
  | { kind: 'OUT_OF_STOCK' }
  /** the key was used before for another reward or customer */
  | { kind: 'IDEMPOTENCY_KEY_REUSED' }
  /** the key's issue was released: a new attempt needs a new key */
  | { kind: 'ISSUE_RELEASED' };

export interface IssueRequest {
  rewardId: string;
  customerId: string;
  idempotencyKey: string;
}

// 20 characters of a 31-symbol alphabet without look-alikes (no 0/O, 1/I/L): about 99 bits, so a
// code cannot be guessed from others, and it reads out loud without ambiguity
const VOUCHER_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const VOUCHER_GROUPS = 5;
const VOUCHER_GROUP_LENGTH = 4;

/** A fresh, unguessable voucher code, e.g. `CBV-7KQ2-M9XD-...` (crypto randomness, no modulo bias). */
export function newVoucherCode(): string {
  const chars: string[] = [];
  while (chars.length < VOUCHER_GROUPS * VOUCHER_GROUP_LENGTH) {
    for (const byte of randomBytes(32)) {
      // 31 letters: accept bytes below the largest multiple of 31 only
      if (byte < 248 && chars.length < VOUCHER_GROUPS * VOUCHER_GROUP_LENGTH) chars.push(VOUCHER_ALPHABET.charAt(byte % VOUCHER_ALPHABET.length));
    }
  }
  const groups: string[] = [];
  for (let i = 0; i < VOUCHER_GROUPS; i++) groups.push(chars.slice(i * VOUCHER_GROUP_LENGTH, (i + 1) * VOUCHER_GROUP_LENGTH).join(''));
  return `CBV-${groups.join('-')}`;
}

/** An issue already recorded under a request's idempotency key. */
export interface RecordedIssue {
  rewardId: string;
  customerId: string;
  voucherCode: string;
  pointsPrice: number;
  released: boolean;
}

/**
 * The answer to a request whose key was used before: the same voucher for the same reward and
 * customer, a refusal for anything else under that key, or for an issue since released.
 */
export function replayOf(issue: RecordedIssue, req: IssueRequest): IssueOutcome {
  if (issue.rewardId !== req.rewardId || issue.customerId !== req.customerId) return { kind: 'IDEMPOTENCY_KEY_REUSED' };
  if (issue.released) return { kind: 'ISSUE_RELEASED' };
  return { kind: 'ISSUED', rewardId: issue.rewardId, voucherCode: issue.voucherCode, pointsPrice: issue.pointsPrice, replayed: true };
}
