// What one domain event tells engagement about its customer (pure): the store (db/customer-facts.ts)
// applies it once per event id. Only the facts a segment or RETENTION reads are taken; an event
// without a customer, or with nothing of use, gives none. Days are UTC days.
import type { DomainEvent } from '../../../../lib/events';
import { categoryOfMcc, type Category } from '../../../../lib/mcc-categories';
import { SEGMENT_PRODUCTS, SEGMENT_TIERS, type SegmentProduct, type SegmentTier } from './segment';

export type FactUpdate =
  | {
      kind: 'PURCHASE';
      customerId: string;
      eventId: string;
      /** the envelope key, which a reversal names as its purchaseKey */
      eventKey: string;
      at: Date;
      day: string;
      category: Category;
      /** lower-cased, blanks squeezed; absent when loyalty could not read one from field 43 */
      city?: string;
      /** home-currency minor units; 0 for a purchase in another currency (counted, never converted) */
      spendMinor: bigint;
      /** the tier the purchase earned at, stamped with the event's time (the latest seen wins) */
      tier?: SegmentTier;
      tierSeenAt: Date;
    }
  | {
      kind: 'REVERSAL';
      customerId: string;
      eventId: string;
      /** absent (an older producer): nothing is taken back */
      purchaseKey?: string;
      /** home-currency minor units undone (0 in another currency) */
      spendMinor: bigint;
      /** the whole purchase undone: its count goes too */
      complete: boolean;
    }
  | {
      kind: 'BOOKING';
      customerId: string;
      eventId: string;
      at: Date;
      product?: SegmentProduct;
      /** churn early warning (domain/churn.ts): what the booking moved, in the home currency only */
      flow?: BookingFlow;
      /** the account's booked balance after it, for a home-currency CURRENT or SAVINGS account (churn's balance trend) */
      balance?: { accountId: string; accountType: 'CURRENT' | 'SAVINGS'; afterMinor: bigint; amountMinor: bigint };
    };

/**
 * A home-currency booking churn counts, by its ISO bank transaction code: a salary credit
 * (PMNT/RCDT/SALA), another received credit transfer (PMNT/RCDT), an issued one (PMNT/ICDT, a debit).
 * Transfers between two accounts of one customer show on both sides and cancel out in "out minus in".
 */
export type BookingFlow = { kind: 'SALARY' | 'TRANSFER_IN' | 'TRANSFER_OUT'; minor: bigint };

const SALARY_CODE = /^PMNT\/RCDT\/SALA$/;
const RECEIVED_TRANSFER = /^PMNT\/RCDT(\/|$)/;
const ISSUED_TRANSFER = /^PMNT\/ICDT(\/|$)/;

/** The churn flow of a booking (signed amount in minor units), or undefined when it is none of the three. */
export function flowOf(bookingCode: string | undefined, amountMinor: bigint): BookingFlow | undefined {
  if (!bookingCode || amountMinor === 0n) return undefined;
  if (amountMinor > 0n && SALARY_CODE.test(bookingCode)) return { kind: 'SALARY', minor: amountMinor };
  if (amountMinor > 0n && RECEIVED_TRANSFER.test(bookingCode)) return { kind: 'TRANSFER_IN', minor: amountMinor };
  if (amountMinor < 0n && ISSUED_TRANSFER.test(bookingCode)) return { kind: 'TRANSFER_OUT', minor: -amountMinor };
  return undefined;
}

/** The UTC day of an instant, YYYY-MM-DD. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** How a city is kept and compared: case and spacing do not make two cities. */
export function cityKey(city: string): string {
  return city.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The fact update of one event, or null when it concerns no customer or nothing kept. */
export function factOf(event: DomainEvent, homeCurrency: string): FactUpdate | null {
  const customerId = event.customerId;
  if (!customerId) return null;
  switch (event.type) {
    case 'CardPurchaseRecorded': {
      const p = (event as DomainEvent<'CardPurchaseRecorded'>).payload;
      const at = new Date(p.purchasedAt);
      const city = p.merchant.city ? cityKey(p.merchant.city) : '';
      const tier = p.tier && (SEGMENT_TIERS as readonly string[]).includes(p.tier) ? p.tier : undefined;
      return {
        kind: 'PURCHASE',
        customerId,
        eventId: event.id,
        eventKey: event.key,
        at,
        day: utcDay(at),
        category: categoryOfMcc(p.merchant.mcc),
        ...(city ? { city } : {}),
        spendMinor: p.amount.currency === homeCurrency ? BigInt(p.amount.amountMinor) : 0n,
        ...(tier ? { tier } : {}),
        tierSeenAt: new Date(event.occurredAt),
      };
    }
    case 'CardPurchaseReversed': {
      const p = (event as DomainEvent<'CardPurchaseReversed'>).payload;
      return {
        kind: 'REVERSAL',
        customerId,
        eventId: event.id,
        ...(p.purchaseKey ? { purchaseKey: p.purchaseKey } : {}),
        spendMinor: p.amount.currency === homeCurrency ? BigInt(p.amount.amountMinor) : 0n,
        complete: p.complete,
      };
    }
    case 'TransactionBooked': {
      const p = (event as DomainEvent<'TransactionBooked'>).payload;
      const product = p.accountType && (SEGMENT_PRODUCTS as readonly string[]).includes(p.accountType) ? p.accountType : undefined;
      const home = p.currency === homeCurrency;
      const amountMinor = BigInt(p.amountMinor);
      const flow = home ? flowOf(p.bookingCode, amountMinor) : undefined;
      const balance =
        home && p.balanceAfterMinor !== undefined && (p.accountType === 'CURRENT' || p.accountType === 'SAVINGS')
          ? { accountId: p.accountId, accountType: p.accountType, afterMinor: BigInt(p.balanceAfterMinor), amountMinor }
          : undefined;
      return {
        kind: 'BOOKING',
        customerId,
        eventId: event.id,
        at: new Date(p.bookedAt),
        ...(product ? { product } : {}),
        ...(flow ? { flow } : {}),
        ...(balance ? { balance } : {}),
      };
    }
    default:
      return null;
  }
}
