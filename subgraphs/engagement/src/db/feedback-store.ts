// Feedback requests and their answers (migration 11, domain/feedback.ts). A request is written once
// per moment (its id is the moment's: ON CONFLICT DO NOTHING), with the customer's preferences row
// locked so two moments at once cannot both take the one NPS of 90 days; `requestIn` runs inside
// the caller's transaction (the contact's end), `request` in one of its own (an event). An answer is
// a conditional update under the request's row lock: of two submits at once one wins, and a refusal
// writes nothing.
import type { Database, Queryable } from '../../../../lib/db/database';
import { toDate } from '../../../../lib/db/database';
import {
  feedbackRequestId,
  kindFor,
  sameAnswer,
  type FeedbackAnswer,
  type FeedbackChannel,
  type FeedbackKind,
  type FeedbackMoment,
  type FeedbackMomentType,
  type FeedbackRequest,
} from '../domain/feedback';
import { appendEvent, type DomainEvent, newEvent } from '../../../../lib/events';
import { lockCustomer } from './preferences-store';

interface RequestRow extends Record<string, unknown> {
  id: string;
  customer_id: string;
  kind: string;
  moment_type: string;
  moment_ref: string;
  channel: string;
  segment: string | null;
  requested_at: unknown;
  answered_at: unknown;
  score: unknown;
  comment: string | null;
}

const COLUMNS = 'id, customer_id, kind, moment_type, moment_ref, channel, segment, requested_at, answered_at, score, comment';

function toRequest(r: RequestRow): FeedbackRequest {
  return {
    id: r.id,
    customerId: r.customer_id,
    kind: r.kind as FeedbackKind,
    momentType: r.moment_type as FeedbackMomentType,
    momentRef: r.moment_ref,
    channel: r.channel as FeedbackChannel,
    ...(r.segment ? { segment: r.segment } : {}),
    requestedAt: toDate(r.requested_at),
    ...(r.answered_at ? { answeredAt: toDate(r.answered_at) } : {}),
    ...(r.score !== null && r.score !== undefined ? { score: Number(r.score) } : {}),
    ...(r.comment !== null ? { comment: r.comment } : {}),
  };
}

/** Position in a customer's list: newest asked first. */
export interface FeedbackKey {
  requestedAtMs: number;
  id: string;
}

export type SubmitResult = { result: 'OK'; request: FeedbackRequest } | { result: 'NOT_FOUND' } | { result: 'ALREADY_GIVEN' };

/**
 * The request for `moment`, written in `tx` when there is none yet: NPS when the customer had none
 * in 90 days, else the moment's kind. `created` false: the moment had been asked about already
 * (a replay), and the stored request is returned unchanged.
 */
export async function requestIn(tx: Queryable, moment: FeedbackMoment, now: Date): Promise<{ request: FeedbackRequest; created: boolean }> {
  const id = feedbackRequestId(moment.type, moment.ref);
  const [existing] = await tx.query<RequestRow>(`SELECT ${COLUMNS} FROM feedback_requests WHERE id = $1`, [id]);
  if (existing) return { request: toRequest(existing), created: false };
  // the customer's lock: the NPS rule is judged by one moment at a time
  await lockCustomer(tx, moment.customerId);
  const [last] = await tx.query<{ at: unknown }>("SELECT max(requested_at) AS at FROM feedback_requests WHERE customer_id = $1 AND kind = 'NPS'", [
    moment.customerId,
  ]);
  const kind = kindFor(moment.type, last?.at ? toDate(last.at) : undefined, now);
  const [row] = await tx.query<RequestRow>(
    `INSERT INTO feedback_requests (id, customer_id, kind, moment_type, moment_ref, channel, segment, requested_at)
     VALUES ($1, $2, $3, $4, $5, $6, (SELECT tier FROM customer_facts WHERE customer_id = $2), $7)
     ON CONFLICT (id) DO NOTHING RETURNING ${COLUMNS}`,
    [id, moment.customerId, kind, moment.type, moment.ref, moment.channel, now],
  );
  if (row) return { request: toRequest(row), created: true };
  // written by another transaction since the read above
  const [raced] = await tx.query<RequestRow>(`SELECT ${COLUMNS} FROM feedback_requests WHERE id = $1`, [id]);
  if (!raced) throw new Error('feedback: the request just written is missing');
  return { request: toRequest(raced), created: false };
}

/** The FeedbackGiven event of an answered request (lib/events/catalogue.ts); the comment stays here. */
export function feedbackGiven(r: FeedbackRequest, now: Date): DomainEvent<'FeedbackGiven'> {
  const isContact = r.momentType === 'CONTACT' || r.momentType === 'SELF_SERVICE';
  return newEvent({
    type: 'FeedbackGiven',
    key: `feedback:${r.id}`,
    customerId: r.customerId,
    occurredAt: r.answeredAt ?? now,
    payload: {
      requestId: r.id,
      kind: r.kind,
      score: r.score ?? 0,
      momentType: r.momentType,
      channel: r.channel,
      ...(isContact ? { contactId: r.momentRef } : {}),
      requestedAt: r.requestedAt.toISOString(),
      answeredAt: (r.answeredAt ?? now).toISOString(),
    },
  });
}

export class FeedbackStore {
  constructor(private readonly db: Database) {}

  /** requestIn in a transaction of its own (an event's moment). */
  request(moment: FeedbackMoment, now: Date): Promise<{ request: FeedbackRequest; created: boolean }> {
    return this.db.transaction((tx) => requestIn(tx, moment, now));
  }

  async get(id: string): Promise<FeedbackRequest | undefined> {
    const [row] = await this.db.query<RequestRow>(`SELECT ${COLUMNS} FROM feedback_requests WHERE id = $1`, [id]);
    return row ? toRequest(row) : undefined;
  }

  /**
   * Unanswered requests asked in [from, to) that the notification engine never decided (no message
   * has the request's id): a contact's end commits its request first and notifies after, and that
   * notification can fail. Oldest first, at most `limit`.
   */
  async unnotified(from: Date, to: Date, limit: number): Promise<FeedbackRequest[]> {
    const rows = await this.db.query<RequestRow>(
      `SELECT ${COLUMNS} FROM feedback_requests f
       WHERE requested_at >= $1 AND requested_at < $2 AND answered_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = f.id)
       ORDER BY requested_at, id LIMIT $3`,
      [from, to, limit],
    );
    return rows.map(toRequest);
  }

  /**
   * The customer's answer to their request. Another customer's request answers as unknown; the same
   * answer again returns the stored request; a different one after it was answered is refused.
   * `check` judges the answer against the request's kind before anything is written (it throws).
   */
  submit(customerId: string, id: string, check: (kind: FeedbackKind) => FeedbackAnswer, now: Date): Promise<SubmitResult> {
    return this.db.transaction(async (tx): Promise<SubmitResult> => {
      const [row] = await tx.query<RequestRow>(`SELECT ${COLUMNS} FROM feedback_requests WHERE id = $1 FOR UPDATE`, [id]);
      if (!row || row.customer_id !== customerId) return { result: 'NOT_FOUND' };
      const r = toRequest(row);
      const answer = check(r.kind);
      if (r.answeredAt) return sameAnswer(r, answer) ? { result: 'OK', request: r } : { result: 'ALREADY_GIVEN' };
      // conditional as well as locked: an answer is written once whatever the isolation
      const [updated] = await tx.query<RequestRow>(
        `UPDATE feedback_requests SET answered_at = $2, score = $3, comment = $4 WHERE id = $1 AND answered_at IS NULL RETURNING ${COLUMNS}`,
        [id, now, answer.score, answer.comment ?? null],
      );
      if (!updated) return { result: 'ALREADY_GIVEN' };
      const answered = toRequest(updated);
      // with the answer, once: what loyalty may award points on (never the customer's own claim)
      await appendEvent(tx, feedbackGiven(answered, now));
      return { result: 'OK', request: answered };
    });
  }

  /** Up to `limit` of the customer's requests, newest asked first, after `after`; unanswered ones only with `openOnly`. */
  async listForCustomer(customerId: string, limit: number, after?: FeedbackKey, openOnly = false): Promise<Array<FeedbackRequest & { key: FeedbackKey }>> {
    const params: unknown[] = [customerId, limit];
    const where = ['customer_id = $1'];
    if (openOnly) where.push('answered_at IS NULL');
    if (after) {
      params.push(new Date(after.requestedAtMs), after.id);
      where.push('(requested_at, id) < ($3, $4)');
    }
    const rows = await this.db.query<RequestRow>(
      `SELECT ${COLUMNS} FROM feedback_requests WHERE ${where.join(' AND ')} ORDER BY requested_at DESC, id DESC LIMIT $2`,
      params,
    );
    return rows.map((row) => {
      const r = toRequest(row);
      return { ...r, key: { requestedAtMs: r.requestedAt.getTime(), id: r.id } };
    });
  }
}
