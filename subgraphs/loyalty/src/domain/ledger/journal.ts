// What a journal is, and the checks it must pass before the store sees it. Pure: no I/O.
import { createHash } from 'node:crypto';
import { type AccountCode, isAccountCode, type Side, specOf, unitFits } from './chart';
import { isCustomerId } from '../../../../../lib/customer-id';

export const JOURNAL_KINDS = [
  'WELCOME_BONUS',
  'POINTS_EARNED',
  'POINTS_REDEEMED',
  'CASHBACK_ACCRUED',
  'CASHBACK_REVERSED',
  'CASHBACK_PAID',
  'CARD_PURCHASE',
  'CARD_PURCHASE_REVERSED',
  'CASHBACK_HOLD',
  'CASHBACK_HOLD_RELEASED',
  'ENGAGEMENT_REWARD',
  'POINTS_EXPIRED',
  'POINTS_REDEMPTION_REFUNDED',
  'FEEDBACK_REWARD',
] as const;
export type JournalKind = (typeof JOURNAL_KINDS)[number];

export interface PostingInput {
  account: AccountCode;
  /** required for CUSTOMER_* accounts, absent for PROGRAMME_* accounts */
  customerId?: string;
  side: Side;
  /** minor units for money, whole points for PTS; always positive (the side gives the direction) */
  amount: bigint;
  unit: string;
}

/**
 * How a journal's money was converted from the purchase's currency into the programme's: the rate
 * used (units of the programme currency per one unit of the original currency, decimal text),
 * where it came from and its date, and the amount before conversion.
 */
export interface JournalConversion {
  rate: string;
  /** CARDHOLDER_BILLING: the card network's (ISO 8583 fields 6/10/51); CORE_FX: the core's dated table */
  source: 'CARDHOLDER_BILLING' | 'CORE_FX';
  /** YYYY-MM-DD */
  rateDate: string;
  /** minor units of `originalCurrency` */
  originalMinor: bigint;
  originalCurrency: string;
}

export interface JournalInput {
  /** the caller's key: posting the same journal again returns the first result */
  idempotencyKey: string;
  kind: JournalKind;
  /** the customer this journal is about, if any */
  customerId?: string;
  /** the business day (YYYY-MM-DD) the entry belongs to; for payouts, the day being paid */
  businessDate: string;
  description: string;
  postings: PostingInput[];
  /** when the entry takes effect; the ledger's clock when absent */
  postedAt?: Date;
  /** a card purchase in another currency than the programme's: the conversion its amounts come from */
  conversion?: JournalConversion;
}

export type LedgerErrorCode = 'INVALID_JOURNAL' | 'UNBALANCED' | 'IDEMPOTENCY_CONFLICT' | 'INSUFFICIENT_BALANCE';

export class LedgerError extends Error {
  constructor(
    readonly code: LedgerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LedgerError';
  }
}

const MAX_BIGINT = 2n ** 63n - 1n;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

function invalid(message: string): never {
  throw new LedgerError('INVALID_JOURNAL', message);
}

/** Throws LedgerError unless the journal is well formed and balances per unit. */
export function validateJournal(j: JournalInput): void {
  if (typeof j.idempotencyKey !== 'string' || j.idempotencyKey.length < 1 || j.idempotencyKey.length > 200) {
    invalid('idempotency key must be 1..200 characters');
  }
  if (!(JOURNAL_KINDS as readonly string[]).includes(j.kind)) invalid(`unknown journal kind ${String(j.kind)}`);
  if (!isCalendarDate(j.businessDate)) invalid('business date must be a calendar date YYYY-MM-DD');
  if (!j.description || j.description.length > 200) invalid('description must be 1..200 characters');
  if (j.customerId !== undefined && !isCustomerId(j.customerId)) invalid('malformed customer id');
  if (j.postedAt !== undefined && Number.isNaN(j.postedAt.getTime())) invalid('postedAt is not a valid time');
  if (!Array.isArray(j.postings) || j.postings.length < 2) invalid('a journal needs at least two postings');
  if (j.conversion !== undefined) validateConversion(j.conversion);

  const net = new Map<string, bigint>();
  for (const p of j.postings) {
    if (!isAccountCode(p.account)) invalid(`unknown account ${String(p.account)}`);
    const spec = specOf(p.account);
    if (spec.owner === 'customer') {
      if (!p.customerId || !isCustomerId(p.customerId)) invalid(`${p.account} needs a customer id`);
      if (j.customerId !== undefined && p.customerId !== j.customerId) invalid('posting to another customer than the journal is about');
    } else if (p.customerId !== undefined) {
      invalid(`${p.account} belongs to the programme, not to a customer`);
    }
    if (p.side !== 'D' && p.side !== 'C') invalid('side must be D or C');
    if (typeof p.amount !== 'bigint') invalid('amounts are bigint minor units or whole points');
    if (p.amount <= 0n || p.amount > MAX_BIGINT) invalid('amounts must be positive and fit a BIGINT');
    if (!unitFits(p.account, p.unit)) invalid(`${p.account} cannot hold ${String(p.unit)}`);
    net.set(p.unit, (net.get(p.unit) ?? 0n) + (p.side === 'D' ? p.amount : -p.amount));
  }
  for (const [unit, diff] of net) {
    if (diff !== 0n) throw new LedgerError('UNBALANCED', `journal does not balance in ${unit}: debits - credits = ${diff}`);
  }
}

function validateConversion(c: JournalConversion): void {
  if (typeof c.rate !== 'string' || !/^\d{1,18}(\.\d{1,12})?$/.test(c.rate) || !/[1-9]/.test(c.rate)) invalid('a conversion rate is a positive decimal');
  if (c.source !== 'CARDHOLDER_BILLING' && c.source !== 'CORE_FX') invalid('unknown conversion source');
  if (!isCalendarDate(c.rateDate)) invalid('a conversion rate date must be a calendar date YYYY-MM-DD');
  if (typeof c.originalMinor !== 'bigint' || c.originalMinor < 0n || c.originalMinor > MAX_BIGINT)
    invalid('the original amount is non-negative bigint minor units');
  if (typeof c.originalCurrency !== 'string' || !/^[A-Z]{3}$/.test(c.originalCurrency)) invalid('the original currency is an ISO 4217 code');
}

/** Identifies a journal's content, so a re-post with the same key but other content is caught. */
export function fingerprintOf(j: JournalInput): string {
  const postings = j.postings.map((p) => [p.account, p.customerId ?? '', p.side, p.amount.toString(), p.unit].join('|')).sort();
  const head: unknown[] = [j.kind, j.customerId ?? '', j.businessDate, j.description, postings];
  // appended only when present, so the fingerprints of journals without one stay what they were
  const c = j.conversion;
  if (c) head.push([c.rate, c.source, c.rateDate, c.originalMinor.toString(), c.originalCurrency]);
  const canonical = JSON.stringify(head);
  return createHash('sha256').update(canonical).digest('hex');
}
