// The activity part of the tier score: a customer's card purchases, read from the advices the
// card sink stored. A read of its own, so the tier service needs the card_events table and not
// the sink (which in turn asks the tier service for the multiplier).
import { type Database, toBigInt } from '../../../../lib/db/database';

/** Card purchases (financial advices not reversed) of a customer since `since`. */
export async function cardPurchasesSince(db: Database, customerId: string, since: Date): Promise<number> {
  const rows = await db.query<{ n: unknown }>(
    `SELECT count(*)::text AS n FROM card_events WHERE customer_id = $1 AND kind = 'FINANCIAL' AND status = 'APPLIED' AND occurred_at >= $2`,
    [customerId, since.toISOString()],
  );
  return Number(toBigInt(rows[0]?.n));
}
