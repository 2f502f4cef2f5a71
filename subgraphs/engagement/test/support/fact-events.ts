// Domain events as their producers write them, for the customer-facts and retention suites.
import { newEvent, type DomainEvent, type PayloadOf } from '../../../../lib/events';

let seq = 0;

/** A card purchase as loyalty writes it; `opts` adds the optional v1 fields. */
export function purchase(
  customerId: string,
  at: Date,
  amountMinor: bigint,
  mcc: string,
  opts: { currency?: string; city?: string; tier?: PayloadOf<'CardPurchaseRecorded'>['tier']; occurredAt?: Date } = {},
): DomainEvent<'CardPurchaseRecorded'> {
  const n = ++seq;
  return newEvent({
    type: 'CardPurchaseRecorded',
    key: `card-purchase:ACQ|${n}`,
    customerId,
    occurredAt: opts.occurredAt ?? at,
    payload: {
      cardId: 'CARD-1',
      amount: { amountMinor: amountMinor.toString(), currency: opts.currency ?? 'EUR' },
      merchant: { id: `M-${n}`, mcc, ...(opts.city ? { city: opts.city, country: 'DE' } : {}) },
      cashBack: { amountMinor: '0', currency: 'EUR' },
      points: '0',
      purchasedAt: at.toISOString(),
      ...(opts.tier ? { tier: opts.tier } : {}),
    },
  });
}

export function reversal(
  of: DomainEvent<'CardPurchaseRecorded'>,
  amountMinor: bigint,
  complete: boolean,
  at = new Date(),
): DomainEvent<'CardPurchaseReversed'> {
  return newEvent({
    type: 'CardPurchaseReversed',
    key: `card-reversal:R${++seq}`,
    customerId: of.customerId,
    occurredAt: at,
    payload: {
      cardId: 'CARD-1',
      amount: { amountMinor: amountMinor.toString(), currency: 'EUR' },
      cashBackTakenBack: { amountMinor: '0', currency: 'EUR' },
      pointsTakenBack: '0',
      complete,
      purchaseKey: of.key,
    },
  });
}

export function booking(customerId: string, at: Date, accountType?: 'CURRENT' | 'SAVINGS' | 'LOAN' | 'CARD'): DomainEvent<'TransactionBooked'> {
  const n = ++seq;
  return newEvent({
    type: 'TransactionBooked',
    key: `movement:${n}`,
    customerId,
    occurredAt: at,
    payload: {
      accountId: `DE89370400440532${String(n).padStart(6, '0')}`,
      transactionId: `TX-${n}`,
      amountMinor: '-1000',
      currency: 'EUR',
      bookedAt: at.toISOString(),
      ...(accountType ? { coreAccountId: `A-${n}`, balanceAfterMinor: '5000', accountType } : {}),
    },
  });
}
