// PointsChanged, written by the ledger in the transaction of every journal that moves a
// customer's points (a card purchase, a reversal, a redemption, an expiry, a welcome bonus): the
// ledger is the one way points move, so no path can change them without its event. A replayed
// journal writes nothing, so neither does a re-sent advice or request.
import type { Queryable } from '../../../../../lib/db/database';
import { appendEvent, newEvent } from '../../../../../lib/events';
import { POINTS_UNIT } from '../../domain/ledger/chart';
import type { JournalInput } from '../../domain/ledger/journal';

/** Each customer's net points change in `input` (credits add: CUSTOMER_POINTS is credit-normal). */
export function pointsDeltas(input: JournalInput): Map<string, bigint> {
  const deltas = new Map<string, bigint>();
  for (const p of input.postings) {
    if (p.account !== 'CUSTOMER_POINTS' || p.unit !== POINTS_UNIT || !p.customerId) continue;
    deltas.set(p.customerId, (deltas.get(p.customerId) ?? 0n) + (p.side === 'C' ? p.amount : -p.amount));
  }
  return deltas;
}

/** `changes`: each customer's net points change in `input` (pointsDeltas) and balance once it is posted. */
export async function appendPointsChanged(
  tx: Queryable,
  input: JournalInput,
  journalId: string,
  postedAt: Date,
  changes: ReadonlyMap<string, { delta: bigint; balance: bigint }>,
): Promise<void> {
  for (const [customerId, { delta, balance }] of changes) {
    if (delta === 0n) continue;
    await appendEvent(
      tx,
      newEvent({
        type: 'PointsChanged',
        key: `journal:${input.idempotencyKey}`,
        customerId,
        occurredAt: postedAt,
        payload: { journalId, reason: input.kind, delta: delta.toString(), balance: balance.toString() },
      }),
    );
  }
}
