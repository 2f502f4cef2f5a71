/**
 * The in-process contract between the card feed (ISO 8583 over TCP) and the loyalty ledger.
 * The feed resolves PAN -> card -> customer before calling the sink, so no PAN ever reaches it.
 */
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
