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
  /** ISO alpha, e.g. EUR */
  currency: string;
  mcc: string;
  /** field 42 */
  merchantId: string;
  /** field 43 */
  merchantName?: string;
  occurredAt: Date;
  /** x21 repeat */
  repeat: boolean;
}

export type CardAdviceOutcome = 'APPLIED' | 'DUPLICATE' | 'HELD';

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
  if (CURRENCY_EXPONENT[a.currency] === undefined) bad('unknown currency');
  if (!/^\d{4}$/.test(a.mcc)) bad('MCC must be 4 digits');
  if (typeof a.merchantId !== 'string' || a.merchantId.length < 1 || a.merchantId.length > 64) bad('malformed merchant id');
  if (!(a.occurredAt instanceof Date) || Number.isNaN(a.occurredAt.getTime())) bad('occurredAt is not a valid time');
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
