// The events of a card advice (docs/events.md), built for the card sink's transaction: what a
// purchase earned and what a reversal took back. The card's id and the merchant, never the PAN.
import { type DomainEvent, newEvent } from '../../../../lib/events';
import type { CardAdvice } from '../domain/card-advice';
import type { JournalInput } from '../domain/ledger/journal';
import { POINTS_UNIT } from '../domain/ledger/chart';
import type { TierName } from '../domain/rules';

export function cardPurchaseRecorded(
  a: CardAdvice,
  earned: { cashBackMinor: bigint; points: bigint; currency: string },
  journalId: string | undefined,
  now: Date,
  /** the tier the purchase earned at, when the standing was known (not the base multiplier's fallback) */
  tier?: TierName,
): DomainEvent<'CardPurchaseRecorded'> {
  const name = a.merchantName?.replace(/\s+/g, ' ').trim().slice(0, 60);
  return newEvent({
    type: 'CardPurchaseRecorded',
    key: `card-purchase:${a.key}`,
    customerId: a.customerId,
    occurredAt: now,
    payload: {
      cardId: a.cardId,
      ...(journalId ? { journalId } : {}),
      amount: { amountMinor: a.amountMinor.toString(), currency: a.currency },
      merchant: {
        id: a.merchantId,
        ...(name ? { name } : {}),
        mcc: a.mcc,
        ...(a.merchantCity ? { city: a.merchantCity.slice(0, 40) } : {}),
        ...(a.merchantCountry ? { country: a.merchantCountry } : {}),
      },
      cashBack: { amountMinor: earned.cashBackMinor.toString(), currency: earned.currency },
      points: earned.points.toString(),
      purchasedAt: a.occurredAt.toISOString(),
      ...(tier ? { tier } : {}),
    },
  });
}

/** What a reversal's journal took from the customer: the debits of their accounts (a shortfall the programme bears is not taken). */
function takenBack(journal: JournalInput): { cash: Map<string, bigint>; points: bigint } {
  const cash = new Map<string, bigint>();
  let points = 0n;
  for (const p of journal.postings) {
    if (p.side !== 'D' || !p.customerId) continue;
    if (p.unit === POINTS_UNIT) points += p.amount;
    else cash.set(p.unit, (cash.get(p.unit) ?? 0n) + p.amount);
  }
  return { cash, points };
}

export function cardPurchaseReversed(r: {
  reversalKey: string;
  original: { customer_id: string; card_id: string; currency: string; event_key?: string };
  share: { total: bigint; before: bigint; after: bigint };
  journal: JournalInput;
  journalId: string;
  now: Date;
}): DomainEvent<'CardPurchaseReversed'> {
  const { cash, points } = takenBack(r.journal);
  // one cash unit per earning journal (the programme currency, or the purchase's for an old one)
  const [cashUnit, cashMinor] = [...cash][0] ?? [r.original.currency, 0n];
  return newEvent({
    type: 'CardPurchaseReversed',
    key: `card-reversal:${r.reversalKey}`,
    customerId: r.original.customer_id,
    occurredAt: r.now,
    payload: {
      cardId: r.original.card_id,
      journalId: r.journalId,
      amount: { amountMinor: (r.share.after - r.share.before).toString(), currency: r.original.currency },
      cashBackTakenBack: { amountMinor: cashMinor.toString(), currency: cashUnit },
      pointsTakenBack: points.toString(),
      complete: r.share.after === r.share.total,
      // the purchase's envelope key (cardPurchaseRecorded): a consumer keeping spend takes this share back from it
      ...(r.original.event_key ? { purchaseKey: `card-purchase:${r.original.event_key}` } : {}),
    },
  });
}
