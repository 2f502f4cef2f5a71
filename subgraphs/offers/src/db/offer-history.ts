// The offers shown to one customer and what they answered, for staff (Customer.offerHistory, the
// call centre's 360° view). Read from what showing and answering already write: offers_shown (one
// row per offer ever shown, with its first and last time) and responses (every answer). Two
// queries, no core call, and nothing is recorded as shown: an agent looking is not the customer seeing.
import { type Queryable, toDate } from '../../../../lib/db/database';
import type { OfferKind } from '../domain/offer';
import type { OfferResponseKind } from '../domain/responses';

export interface OfferAnswer {
  response: OfferResponseKind;
  /** the client channel it came through (web, mobile, kiosk) */
  channel: string;
  respondedAt: Date;
}

export interface ShownOffer {
  offerId: string;
  kind: OfferKind;
  firstShownAt: Date;
  lastShownAt: Date;
  /** oldest first */
  responses: OfferAnswer[];
}

/** Up to `limit` offers, last shown first. */
export async function offerHistory(db: Queryable, customerId: string, limit: number): Promise<ShownOffer[]> {
  const shown = await db.query<{ offer_id: string; kind: string; first_shown_at: unknown; last_shown_at: unknown }>(
    `SELECT offer_id, kind, first_shown_at, last_shown_at FROM offers_shown
      WHERE customer_id = $1 ORDER BY last_shown_at DESC, offer_id DESC LIMIT $2`,
    [customerId, limit],
  );
  if (shown.length === 0) return [];
  const answers = await db.query<{ offer_id: string; response: string; channel: string; responded_at: unknown }>(
    `SELECT offer_id, response, channel, responded_at FROM responses
      WHERE customer_id = $1 AND offer_id = ANY($2::text[]) ORDER BY responded_at, id`,
    [customerId, shown.map((s) => s.offer_id)],
  );
  const byOffer = new Map<string, OfferAnswer[]>();
  for (const a of answers) {
    const list = byOffer.get(a.offer_id) ?? [];
    list.push({ response: a.response as OfferResponseKind, channel: a.channel, respondedAt: toDate(a.responded_at) });
    byOffer.set(a.offer_id, list);
  }
  return shown.map((s) => ({
    offerId: s.offer_id,
    kind: s.kind as OfferKind,
    firstShownAt: toDate(s.first_shown_at),
    lastShownAt: toDate(s.last_shown_at),
    responses: byOffer.get(s.offer_id) ?? [],
  }));
}
