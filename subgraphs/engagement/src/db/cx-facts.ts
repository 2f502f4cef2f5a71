// The facts the CX metrics read (domain/cx-metrics.ts, docs/cx.md "CX metrics"): contacts started
// in a window and feedback requests asked in one, with only the columns the formulas use, optionally
// of the customers a segment names (the campaigns' segment, answered from the customer facts as
// db/customer-facts.ts segmentSql does, at `now`). Plain row reads, the same SQL on PGlite and
// PostgreSQL; every figure is computed in the domain module, so the formulas live in one place.
import type { Database } from '../../../../lib/db/database';
import { toDate } from '../../../../lib/db/database';
import type { ContactChannel } from '../domain/contacts';
import type { CxContactFact, CxFeedbackFact, CxWindow } from '../domain/cx-metrics';
import type { FeedbackChannel, FeedbackKind } from '../domain/feedback';
import type { Segment } from '../domain/segment';
import { segmentSql } from './customer-facts';

/** `AND customer_id IN (the segment's customers)`, its values pushed onto params; '' without a segment. */
function inSegment(segment: Segment | undefined, now: Date, params: unknown[]): string {
  if (!segment) return '';
  return ` AND customer_id IN (SELECT f.customer_id FROM customer_facts f WHERE ${segmentSql(segment, now, params)})`;
}

export class CxFactStore {
  constructor(private readonly db: Database) {}

  /** Every contact started in [from, to), of every channel (a session's follow-up may be on any), oldest first. */
  async contacts(w: CxWindow, segment: Segment | undefined, now: Date): Promise<CxContactFact[]> {
    const params: unknown[] = [w.from, w.to];
    const rows = await this.db.query<{
      customer_id: string;
      channel: string;
      self_service: boolean;
      started_at: unknown;
      first_response_at: unknown;
      ended_at: unknown;
      resolved: boolean | null;
    }>(
      `SELECT customer_id, channel, self_service, started_at, first_response_at, ended_at, resolved FROM contacts
       WHERE started_at >= $1 AND started_at < $2${inSegment(segment, now, params)} ORDER BY started_at, id`,
      params,
    );
    return rows.map((r) => ({
      customerId: r.customer_id,
      channel: r.channel as ContactChannel,
      selfService: r.self_service,
      startedAt: toDate(r.started_at),
      ...(r.first_response_at ? { firstResponseAt: toDate(r.first_response_at) } : {}),
      ...(r.ended_at ? { endedAt: toDate(r.ended_at) } : {}),
      ...(r.resolved !== null ? { resolved: r.resolved } : {}),
    }));
  }

  /** Every feedback request asked in [from, to), with its score once answered (whenever answered), oldest first. */
  async feedback(w: CxWindow, segment: Segment | undefined, now: Date): Promise<CxFeedbackFact[]> {
    const params: unknown[] = [w.from, w.to];
    const rows = await this.db.query<{ kind: string; channel: string; requested_at: unknown; score: unknown }>(
      `SELECT kind, channel, requested_at, score FROM feedback_requests
       WHERE requested_at >= $1 AND requested_at < $2${inSegment(segment, now, params)} ORDER BY requested_at, id`,
      params,
    );
    return rows.map((r) => ({
      kind: r.kind as FeedbackKind,
      channel: r.channel as FeedbackChannel,
      requestedAt: toDate(r.requested_at),
      ...(r.score !== null && r.score !== undefined ? { score: Number(r.score) } : {}),
    }));
  }
}
