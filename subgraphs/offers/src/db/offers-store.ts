// The offers store: what was shown where (frequency caps), what the customer answered (dismissal
// and snooze memory, acceptances) and the outbox of activations for loyalty. Every timestamp
// comes from the injected clock, never from the database's now(), so tests control time.
import { randomUUID } from 'node:crypto';
import { type Database, type Queryable, toDate } from '../../../../lib/db/database';
import { appError } from '../../../../lib/errors';
import type { OutboxBacklog } from '../../../../lib/service-metrics';
import { appendEvent, type DomainEvent, newEvent } from '../../../../lib/events';
import type { CashBackTerms, Offer, OfferChannel } from '../domain/offer';
import { type Activation, type ActivationStatus, boostRequest, type CashbackBoostRequest } from '../domain/activation';
import { DEFAULT_SUPPRESSION_RULES, hideDaysFor, OFFER_LIFETIME_DAYS, type OfferResponseKind, type SuppressionRules } from '../domain/responses';
import { offerHistory, type ShownOffer } from './offer-history';

const DAY_MS = 86_400_000;

/** Where activations go: loyalty's POST /internal/cashback-boosts. */
const CASHBACK_DESTINATION = 'loyalty.cashback-boosts';

export interface RecordedResponse {
  id: string;
  offerId: string;
  response: OfferResponseKind;
  recordedAt: string;
  hiddenUntil: string;
  /** true when an earlier identical acceptance was answered again */
  replayed: boolean;
  activation: Activation | null;
}

export interface OutboxMessage {
  id: string;
  key: string;
  destination: string;
  payload: CashbackBoostRequest;
  attempts: number;
}

const iso = (d: Date) => d.toISOString();

export class OffersStore {
  constructor(
    private readonly db: Database,
    private readonly clock: () => Date = () => new Date(),
    private readonly rules: SuppressionRules = DEFAULT_SUPPRESSION_RULES,
  ) {}

  /**
   * Chooses what to show and records it as shown, as one step: `choose` gets the offer ids the
   * customer must not see on `channel` now (hidden by a response, or capped) and returns the offers
   * to show. The count and the insert run in one transaction under a per-customer lock, so reads
   * of the same customer at the same instant take turns and a cap holds whatever their number.
   */
  async show(customerId: string, channel: OfferChannel, choose: (suppressed: ReadonlySet<string>) => Offer[]): Promise<Offer[]> {
    return this.db.transaction(async (tx) => {
      await lockCustomer(tx, customerId);
      const shown = choose(await this.suppressedIn(tx, customerId, channel));
      await this.insertImpressions(tx, customerId, channel, shown);
      return shown;
    });
  }

  /** Offer ids the customer must not see on `channel` now: hidden by a response, or capped. */
  /** The offers shown to the customer and their answers, last shown first, for staff (db/offer-history.ts). */
  history(customerId: string, limit: number): Promise<ShownOffer[]> {
    return offerHistory(this.db, customerId, limit);
  }

  async suppressed(customerId: string, channel: OfferChannel): Promise<Set<string>> {
    return this.suppressedIn(this.db, customerId, channel);
  }

  private async suppressedIn(q: Queryable, customerId: string, channel: OfferChannel): Promise<Set<string>> {
    const now = this.clock();
    // one statement for both reasons: every statement costs a round trip (PostgreSQL) or a
    // parse and plan in WASM (PGlite) on each offers read
    const rows = await q.query<{ offer_id: string }>(
      `SELECT offer_id FROM responses WHERE customer_id = $1 AND hidden_until > $2::timestamptz
       UNION
       SELECT offer_id FROM impressions
        WHERE customer_id = $1 AND channel = $3 AND shown_at > $4::timestamptz
        GROUP BY offer_id
       HAVING count(*) FILTER (WHERE shown_at > $5::timestamptz) >= $6 OR count(*) >= $7`,
      [
        customerId,
        iso(now),
        channel,
        iso(new Date(now.getTime() - 7 * DAY_MS)),
        iso(new Date(now.getTime() - DAY_MS)),
        this.rules.capPerDay,
        this.rules.capPerWeek,
      ],
    );
    return new Set(rows.map((r) => r.offer_id));
  }

  /** Records that these offers were shown on `channel` (and remembers their terms for a response). */
  private async insertImpressions(tx: Queryable, customerId: string, channel: OfferChannel, offers: readonly Offer[]): Promise<void> {
    if (offers.length === 0) return;
    const at = this.clock();
    // $1 customer, $2 now, $3 channel, $4 the purge's horizon: caps look back 7 days, so older
    // impressions of this customer are of no further use
    const params: unknown[] = [customerId, iso(at), channel, iso(new Date(at.getTime() - 8 * DAY_MS))];
    const param = (value: unknown) => `$${params.push(value)}`;
    // (one row per offer id: an upsert may not touch the same row twice in one statement)
    const distinct = [...new Map(offers.map((o) => [o.id, o])).values()];
    const shownRows = distinct.map(
      (o) => `(${param(o.id)}, $1, ${param(o.kind)}, ${param(o.cashBack ? JSON.stringify(o.cashBack) : null)}, $2::timestamptz, $2::timestamptz)`,
    );
    const impressionRows = offers.map((o) => `(${param(o.id)}, $1, $3, $2::timestamptz)`);
    // One statement for the three writes: each statement is a round trip (PostgreSQL) or a parse and
    // plan in WASM (PGlite) on every offers read. The purge and the insert touch different rows
    // (older than 8 days, and now), which a data-modifying CTE allows.
    await tx.query(
      `WITH purged AS (
         DELETE FROM impressions WHERE customer_id = $1 AND shown_at < $4::timestamptz
       ), shown AS (
         INSERT INTO offers_shown (offer_id, customer_id, kind, terms, first_shown_at, last_shown_at)
         VALUES ${shownRows.join(', ')}
         ON CONFLICT (offer_id) DO UPDATE SET kind = EXCLUDED.kind, terms = EXCLUDED.terms, last_shown_at = EXCLUDED.last_shown_at
       )
       INSERT INTO impressions (offer_id, customer_id, channel, shown_at) VALUES ${impressionRows.join(', ')}`,
      params,
    );
  }

  /**
   * Records a response to an offer this customer was shown in the last 30 days. Another
   * customer's offer, a lapsed one and an unknown id get the same OFFER_NOT_FOUND. ACCEPT of a cash-back offer writes the response and
   * the activation's outbox message in one transaction; accepting again while the acceptance
   * stands answers the same acceptance and writes nothing.
   */
  async respond(customerId: string, offerId: string, response: OfferResponseKind, channel: string): Promise<RecordedResponse> {
    const now = this.clock();
    return this.db.transaction(async (tx) => {
      // the row lock serializes concurrent responses to the same offer (PostgreSQL)
      // an offer lapses 30 days after it was last shown: answering it then is answering nothing
      const [offer] = await tx.query<{ terms: string | null }>(
        'SELECT terms FROM offers_shown WHERE offer_id = $1 AND customer_id = $2 AND last_shown_at > $3::timestamptz FOR UPDATE',
        [offerId, customerId, iso(new Date(now.getTime() - OFFER_LIFETIME_DAYS * DAY_MS))],
      );
      if (!offer) throw appError('OFFER_NOT_FOUND', 'No such offer.', { argumentName: 'offerId' });
      if (response === 'ACCEPT') {
        const [standing] = await tx.query<{ id: string; responded_at: unknown; hidden_until: unknown }>(
          `SELECT id, responded_at, hidden_until FROM responses
            WHERE offer_id = $1 AND response = 'ACCEPT' AND hidden_until > $2::timestamptz ORDER BY responded_at DESC LIMIT 1`,
          [offerId, iso(now)],
        );
        if (standing) {
          return {
            id: standing.id,
            offerId,
            response,
            recordedAt: iso(toDate(standing.responded_at)),
            hiddenUntil: iso(toDate(standing.hidden_until)),
            replayed: true,
            activation: await activationOf(tx, standing.id),
          };
        }
      }
      const id = `OR-${randomUUID()}`;
      const terms = offer.terms ? (JSON.parse(offer.terms) as CashBackTerms) : null;
      const hiddenUntil = new Date(now.getTime() + hideDaysFor(response, terms, this.rules) * DAY_MS);
      await tx.query(
        `INSERT INTO responses (id, offer_id, customer_id, response, channel, responded_at, hidden_until)
         VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7::timestamptz)`,
        [id, offerId, customerId, response, channel, iso(now), iso(hiddenUntil)],
      );
      if (response === 'ACCEPT' && terms) {
        const payload = boostRequest(id, customerId, terms, now);
        await tx.query(
          `INSERT INTO outbox (message_key, destination, payload, created_at, next_attempt_at) VALUES ($1, $2, $3, $4::timestamptz, $4::timestamptz)`,
          [id, CASHBACK_DESTINATION, JSON.stringify(payload), iso(now)],
        );
        await appendEvent(tx, offerActivated(payload, offerId, channel, now));
      }
      return { id, offerId, response, recordedAt: iso(now), hiddenUntil: iso(hiddenUntil), replayed: false, activation: await activationOf(tx, id) };
    });
  }

  async activation(id: string): Promise<Activation | null> {
    return activationOf(this.db, id);
  }

  // ---- outbox ----

  /** Takes up to `limit` due messages under a lease, so two dispatchers never send the same one at once. */
  async claimDue(limit: number, leaseMs: number): Promise<OutboxMessage[]> {
    const now = this.clock();
    const rows = await this.db.query<{ id: unknown; message_key: string; destination: string; payload: string; attempts: number }>(
      `UPDATE outbox SET lease_until = $2::timestamptz
        WHERE id IN (
          SELECT id FROM outbox
           WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1::timestamptz
             AND (lease_until IS NULL OR lease_until <= $1::timestamptz)
           ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING id, message_key, destination, payload, attempts`,
      [iso(now), iso(new Date(now.getTime() + leaseMs)), limit],
    );
    return rows
      .map((r) => ({
        id: String(r.id),
        key: r.message_key,
        destination: r.destination,
        payload: JSON.parse(r.payload) as CashbackBoostRequest,
        attempts: Number(r.attempts),
      }))
      .sort((a, b) => Number(a.id) - Number(b.id));
  }

  // A dispatcher slow past its lease may answer for a message another dispatcher has settled since:
  // each mark changes only a message still open, so a late answer never undoes a delivery or a
  // refusal already recorded (the first delivery's time stays). False: it was settled already.

  async markDelivered(id: string): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE outbox SET delivered_at = $2::timestamptz, attempts = attempts + 1, lease_until = NULL, last_error = NULL
        WHERE id = $1 AND delivered_at IS NULL AND failed_at IS NULL RETURNING id`,
      [id, iso(this.clock())],
    );
    return rows.length > 0;
  }

  async markRetry(id: string, delayMs: number, error: string): Promise<boolean> {
    const next = new Date(this.clock().getTime() + delayMs);
    const rows = await this.db.query(
      `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $2::timestamptz, lease_until = NULL, last_error = $3
        WHERE id = $1 AND delivered_at IS NULL AND failed_at IS NULL RETURNING id`,
      [id, iso(next), error.slice(0, 500)],
    );
    return rows.length > 0;
  }

  async markFailed(id: string, error: string): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE outbox SET attempts = attempts + 1, failed_at = $2::timestamptz, lease_until = NULL, last_error = $3
        WHERE id = $1 AND delivered_at IS NULL AND failed_at IS NULL RETURNING id`,
      [id, iso(this.clock()), error.slice(0, 500)],
    );
    return rows.length > 0;
  }

  /**
   * Messages still to deliver and when the oldest was written (outbox_* gauges, read at each
   * scrape): only the pending rows, through the outbox_due partial index.
   */
  async outboxBacklog(): Promise<OutboxBacklog> {
    const [r] = await this.db.query<{ pending: unknown; oldest: unknown }>(
      `SELECT count(*) AS pending, min(created_at) AS oldest FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL`,
    );
    const pending = Number(r?.pending ?? 0);
    return pending > 0 && r?.oldest != null ? { pending, oldestCreatedAt: toDate(r.oldest) } : { pending };
  }

  /**
   * How the outbox stands. Nothing in the service asks yet (no readiness check or metric reads it);
   * it stays as the outbox's one summary, which the store tests check delivery outcomes against.
   */
  async outboxCounts(): Promise<{ pending: number; delivered: number; failed: number }> {
    const [r] = await this.db.query<{ pending: unknown; delivered: unknown; failed: unknown }>(
      `SELECT count(*) FILTER (WHERE delivered_at IS NULL AND failed_at IS NULL) AS pending,
              count(*) FILTER (WHERE delivered_at IS NOT NULL) AS delivered,
              count(*) FILTER (WHERE failed_at IS NOT NULL) AS failed FROM outbox`,
    );
    if (!r) throw new Error('outbox counts: the count query returned no row');
    return { pending: Number(r.pending), delivered: Number(r.delivered), failed: Number(r.failed) };
  }
}

/**
 * Serializes the cap check and the impression insert of one customer until the transaction ends
 * (PostgreSQL; PGlite runs one transaction at a time anyway). Keyed by customer, not by offer or
 * channel: one lock per read, and a customer's concurrent reads are rare outside an attack.
 */
async function lockCustomer(tx: Queryable, customerId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1)::bigint)', [`offers-impressions:${customerId}`]);
}

/** The event of an accepted cash-back offer: what was activated, keyed by the acceptance. */
function offerActivated(p: CashbackBoostRequest, offerId: string, channel: string, at: Date): DomainEvent<'OfferActivated'> {
  return newEvent({
    type: 'OfferActivated',
    key: `offer-activation:${p.activationId}`,
    customerId: p.customerId,
    occurredAt: at,
    payload: {
      activationId: p.activationId,
      offerId,
      partnerId: p.partnerId,
      rateBasisPoints: p.rateBasisPoints,
      validFrom: p.validFrom,
      validUntil: p.validUntil,
      channel: channel.slice(0, 40),
    },
  });
}

async function activationOf(q: Queryable, id: string): Promise<Activation | null> {
  const [row] = await q.query<{ payload: string; delivered_at: unknown; failed_at: unknown }>(
    'SELECT payload, delivered_at, failed_at FROM outbox WHERE message_key = $1',
    [id],
  );
  if (!row) return null;
  const p = JSON.parse(row.payload) as CashbackBoostRequest;
  const status: ActivationStatus = row.delivered_at ? 'ACTIVE' : row.failed_at ? 'FAILED' : 'PENDING';
  return { id, status, partnerId: p.partnerId, rateBasisPoints: p.rateBasisPoints, validFrom: p.validFrom, validUntil: p.validUntil };
}
