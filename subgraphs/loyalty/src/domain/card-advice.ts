/**
 * The in-process contract between the card feed (ISO 8583 over TCP) and the loyalty ledger, and
 * what makes an advice acceptable. The feed resolves PAN -> card -> customer before calling the
 * sink, so no PAN ever reaches it.
 */
import { CURRENCY_EXPONENT } from '../../../../lib/money';
import { isCustomerId } from '../../../../lib/customer-id';

export interface CardAdvice {
  kind: 'AUTHORISATION' | 'FINANCIAL' | 'REVERSAL';
  /** acquirer id|STAN|RRN|transmission date-time, from fields 32|11|37|7 */
  key: string;
  /** reversal: the original's key built from field 90 (+ field 32 of the reversal) */
  originalKey?: string;
  customerId: string;
  cardId: string;
  amountMinor: bigint;
  /**
   * reversal, field 95: what the original stands at after this reversal (a partial reversal);
   * absent, the reversal undoes all of `amountMinor`
   */
  replacementAmountMinor?: bigint;
  /** ISO alpha, e.g. EUR; `amountMinor` is in its minor unit (ISO 4217 exponent: JPY 0, EUR 2, BHD 3) */
  currency: string;
  /** fields 6, 51 and 10: what the network charged the cardholder, in the card's billing currency */
  billing?: CardholderBilling;
  mcc: string;
  /** field 42 */
  merchantId: string;
  /** field 43 */
  merchantName?: string;
  /** field 43 in the name / city / country layout (adapters/card-feed/advice-message.ts merchantLocationOf) */
  merchantCity?: string;
  /** ISO 3166 alpha-2, with merchantCity */
  merchantCountry?: string;
  occurredAt: Date;
  /** x21 repeat */
  repeat: boolean;
}

export interface CardholderBilling {
  /** field 6, minor units of `currency` */
  amountMinor: bigint;
  /** field 51, ISO alpha */
  currency: string;
  /** field 10 as decimal text (billing units per one transaction unit), when the switch sent it */
  rate?: string;
}

/**
 * UNMATCHED: a reversal whose original is on another card, customer or currency (or is no
 * purchase); EXCEEDS_ORIGINAL: a reversal of more than is left of its original. Both are kept on
 * record and move nothing.
 */
export type CardAdviceOutcome = 'APPLIED' | 'DUPLICATE' | 'HELD' | 'UNMATCHED' | 'EXCEEDS_ORIGINAL';

export interface CardEventSink {
  /** Resolves only after a durable commit. */
  apply(advice: CardAdvice): Promise<CardAdviceOutcome>;
}

/** An advice the ledger can never take: the feed answers it as a format error instead of asking for a re-send. */
export class CardAdviceError extends Error {
  readonly code = 'INVALID_ADVICE';
  constructor(message: string) {
    super(message);
    this.name = 'CardAdviceError';
  }
}

/** Throws CardAdviceError naming the first thing wrong with the advice. */
export function validateAdvice(a: CardAdvice): void {
  const bad = (why: string): never => {
    throw new CardAdviceError(why);
  };
  if (!['AUTHORISATION', 'FINANCIAL', 'REVERSAL'].includes(a.kind)) bad('unknown advice kind');
  if (typeof a.key !== 'string' || a.key.length < 1 || a.key.length > 120) bad('advice key must be 1..120 characters');
  if (a.kind === 'REVERSAL' && (typeof a.originalKey !== 'string' || a.originalKey.length < 1 || a.originalKey.length > 120)) {
    bad('a reversal needs the original advice key');
  }
  if (!isCustomerId(a.customerId)) bad('malformed customer id');
  if (typeof a.cardId !== 'string' || a.cardId.length < 1 || a.cardId.length > 64) bad('malformed card id');
  if (typeof a.amountMinor !== 'bigint' || a.amountMinor < 0n) bad('amount must be non-negative bigint minor units');
  if (a.replacementAmountMinor !== undefined) {
    if (a.kind !== 'REVERSAL') bad('only a reversal has a replacement amount');
    if (typeof a.replacementAmountMinor !== 'bigint' || a.replacementAmountMinor < 0n || a.replacementAmountMinor > a.amountMinor) {
      bad('replacement amount must be bigint minor units between 0 and the amount');
    }
  }
  if (CURRENCY_EXPONENT[a.currency] === undefined) bad('unknown currency');
  if (a.billing !== undefined) {
    const b = a.billing;
    if (typeof b.amountMinor !== 'bigint' || b.amountMinor < 0n) bad('billing amount must be non-negative bigint minor units');
    if (CURRENCY_EXPONENT[b.currency] === undefined) bad('unknown billing currency');
    if (b.rate !== undefined && (typeof b.rate !== 'string' || !/^\d{1,8}(\.\d{1,7})?$/.test(b.rate) || !/[1-9]/.test(b.rate)))
      bad('billing rate must be a positive decimal');
    if (a.amountMinor === 0n && b.amountMinor !== 0n) bad('a billing amount for a zero amount');
  }
  if (!/^\d{4}$/.test(a.mcc)) bad('MCC must be 4 digits');
  if (typeof a.merchantId !== 'string' || a.merchantId.length < 1 || a.merchantId.length > 64) bad('malformed merchant id');
  if (a.merchantCity !== undefined && (typeof a.merchantCity !== 'string' || a.merchantCity.length < 1 || a.merchantCity.length > 40))
    bad('malformed merchant city');
  if (a.merchantCountry !== undefined && !/^[A-Z]{2}$/.test(String(a.merchantCountry))) bad('malformed merchant country');
  if (!(a.occurredAt instanceof Date) || Number.isNaN(a.occurredAt.getTime())) bad('occurredAt is not a valid time');
}

/** How much of its original a reversal undoes: the amount, less what stands after it (field 95). */
export function reversalAmountOf(a: Pick<CardAdvice, 'amountMinor' | 'replacementAmountMinor'>): bigint {
  return a.amountMinor - (a.replacementAmountMinor ?? 0n);
}

/** What the ledger knows of an advice when a reversal names it. */
export interface ReversalParty {
  kind: CardAdvice['kind'];
  customerId: string;
  cardId: string;
  currency: string;
  amountMinor: bigint;
}

/**
 * Why `reversal` may not undo `undoMinor` of `original`, of which `reversedMinor` is already
 * undone; null when it may. The card must be the same (the key alone is guessable from a receipt),
 * and no reversal takes back more than is left.
 */
export function reversalRefusal(
  original: ReversalParty & { reversedMinor: bigint },
  reversal: Omit<ReversalParty, 'kind' | 'amountMinor'> & { undoMinor: bigint },
): 'UNMATCHED' | 'EXCEEDS_ORIGINAL' | null {
  if (original.kind === 'REVERSAL') return 'UNMATCHED';
  if (original.customerId !== reversal.customerId || original.cardId !== reversal.cardId || original.currency !== reversal.currency) return 'UNMATCHED';
  if (reversal.undoMinor > original.amountMinor - original.reversedMinor) return 'EXCEEDS_ORIGINAL';
  return null;
}

/**
 * The part of `earned` (one posting of the original's journal) a reversal takes back when the
 * original's undone amount goes from `before` to `after` (of `totalMinor`). What stays is the
 * earning on what is left, rounded down as earning is; the parts of successive partial reversals
 * add up to exactly `earned`.
 */
export function reversedShare(earned: bigint, totalMinor: bigint, before: bigint, after: bigint): bigint {
  if (totalMinor <= 0n) return 0n;
  const stays = (undone: bigint) => (earned * (totalMinor - undone)) / totalMinor;
  return stays(before) - stays(after);
}

/** acquirer|RRN: what an authorisation and the purchase that completes it have in common. */
export function matchRefOf(key: string): string | null {
  const parts = key.split('|');
  return parts.length === 4 && parts[0] && parts[2] ? `${parts[0]}|${parts[2]}` : null;
}

/** The journal description: `what`, and where when the switch named the merchant. */
export function adviceDescription(a: Pick<CardAdvice, 'merchantName'>, what: string): string {
  const at = a.merchantName?.replace(/\s+/g, ' ').trim().slice(0, 60);
  return at ? `${what} at ${at}` : what;
}
