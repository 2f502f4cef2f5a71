// Staff campaigns and their recipients (migration 8). A campaign's life is a few guarded status
// changes, each one UPDATE ... WHERE status = ..., so a cancel racing the sender, or two senders
// racing each other, cannot both win: SCHEDULED -> SENDING (claimDue, under a lease, FOR UPDATE SKIP
// LOCKED), SENDING -> SENT (finish, by the lease's owner only), SCHEDULED -> CANCELLED (cancel).
// A lease that lapses (the sender died) lets another sender resume; the engine's decide-once per
// trigger id keeps a customer handled twice from getting the message twice.
import { randomBytes } from 'node:crypto';
import type { Database } from '../../../../lib/db/database';
import { toDate } from '../../../../lib/db/database';
import type { Campaign, CampaignCounts, CampaignDraft, CampaignMessage, CampaignStatus } from '../domain/campaign';
import type { DecisionRule } from '../domain/rules';
import type { Segment } from '../domain/segment';

interface CampaignRow extends Record<string, unknown> {
  id: string;
  name: string;
  segment: string;
  message: string;
  send_at: unknown;
  status: string;
  created_by: string;
  created_at: unknown;
  cancelled_by: string | null;
  cancelled_at: unknown;
  started_at: unknown;
  finished_at: unknown;
}

const COLUMNS = 'id, name, segment, message, send_at, status, created_by, created_at, cancelled_by, cancelled_at, started_at, finished_at';

function toCampaign(r: CampaignRow): Campaign {
  return {
    id: r.id,
    name: r.name,
    segment: JSON.parse(r.segment) as Segment,
    message: JSON.parse(r.message) as CampaignMessage,
    sendAt: toDate(r.send_at),
    status: r.status as CampaignStatus,
    createdBy: r.created_by,
    createdAt: toDate(r.created_at),
    ...(r.cancelled_by ? { cancelledBy: r.cancelled_by } : {}),
    ...(r.cancelled_at ? { cancelledAt: toDate(r.cancelled_at) } : {}),
    ...(r.started_at ? { startedAt: toDate(r.started_at) } : {}),
    ...(r.finished_at ? { finishedAt: toDate(r.finished_at) } : {}),
  };
}

/** Position in the list: newest created first. */
export interface CampaignKey {
  createdAtMs: number;
  id: string;
}

export type CancelResult = { result: 'CANCELLED'; campaign: Campaign } | { result: 'NOT_FOUND' } | { result: 'NOT_CANCELLABLE'; status: CampaignStatus };

export class CampaignStore {
  constructor(private readonly db: Database) {}

  async create(draft: CampaignDraft, createdBy: string, now: Date): Promise<Campaign> {
    const id = `cmp_${randomBytes(12).toString('hex')}`;
    const [row] = await this.db.query<CampaignRow>(
      `INSERT INTO campaigns (id, name, segment, message, send_at, status, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, 'SCHEDULED', $6, $7) RETURNING ${COLUMNS}`,
      [id, draft.name, JSON.stringify(draft.segment), JSON.stringify(draft.message), draft.sendAt, createdBy, now],
    );
    return toCampaign(row as CampaignRow);
  }

  async get(id: string): Promise<Campaign | undefined> {
    const [row] = await this.db.query<CampaignRow>(`SELECT ${COLUMNS} FROM campaigns WHERE id = $1`, [id]);
    return row ? toCampaign(row) : undefined;
  }

  /** Up to `limit` campaigns, newest created first, after `after` when given. */
  async list(limit: number, after?: CampaignKey): Promise<Array<Campaign & { key: CampaignKey }>> {
    const params: unknown[] = [limit];
    let below = '';
    if (after) {
      params.push(new Date(after.createdAtMs), after.id);
      below = 'WHERE (created_at, id) < ($2, $3)';
    }
    const rows = await this.db.query<CampaignRow>(`SELECT ${COLUMNS} FROM campaigns ${below} ORDER BY created_at DESC, id DESC LIMIT $1`, params);
    return rows.map((r) => {
      const c = toCampaign(r);
      return { ...c, key: { createdAtMs: c.createdAt.getTime(), id: c.id } };
    });
  }

  /** Only a SCHEDULED campaign is cancelled; one sending or done is not (its messages may be out). */
  async cancel(id: string, by: string, now: Date): Promise<CancelResult> {
    const [row] = await this.db.query<CampaignRow>(
      `UPDATE campaigns SET status = 'CANCELLED', cancelled_by = $2, cancelled_at = $3 WHERE id = $1 AND status = 'SCHEDULED' RETURNING ${COLUMNS}`,
      [id, by, now],
    );
    if (row) return { result: 'CANCELLED', campaign: toCampaign(row) };
    const current = await this.get(id);
    return current ? { result: 'NOT_CANCELLABLE', status: current.status } : { result: 'NOT_FOUND' };
  }

  /**
   * One campaign due by `now` for `owner`, leased until now + leaseMs: a SCHEDULED one whose send
   * time came, or a SENDING one whose sender's lease lapsed (it stopped or died; resumed here).
   * Rows another sender is claiming at this moment are skipped, not waited for.
   */
  async claimDue(owner: string, now: Date, leaseMs: number): Promise<Campaign | undefined> {
    const [row] = await this.db.query<CampaignRow>(
      `UPDATE campaigns SET status = 'SENDING', started_at = COALESCE(started_at, $2), lease_owner = $1, lease_until = $3
        WHERE id = (
          SELECT id FROM campaigns
           WHERE send_at <= $2 AND (status = 'SCHEDULED' OR (status = 'SENDING' AND (lease_until IS NULL OR lease_until <= $2)))
           ORDER BY send_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING ${COLUMNS}`,
      [owner, now, new Date(now.getTime() + leaseMs)],
    );
    return row ? toCampaign(row) : undefined;
  }

  /** Extends `owner`'s lease; false when it is no longer theirs (it lapsed and another sender took it). */
  async renew(id: string, owner: string, now: Date, leaseMs: number): Promise<boolean> {
    const rows = await this.db.query(`UPDATE campaigns SET lease_until = $3 WHERE id = $1 AND status = 'SENDING' AND lease_owner = $2 RETURNING id`, [
      id,
      owner,
      new Date(now.getTime() + leaseMs),
    ]);
    return rows.length === 1;
  }

  /** Gives the lease up (a sender stopping mid-campaign): the next pass of any sender resumes it at once. */
  async release(id: string, owner: string): Promise<void> {
    await this.db.query(`UPDATE campaigns SET lease_until = NULL WHERE id = $1 AND status = 'SENDING' AND lease_owner = $2`, [id, owner]);
  }

  /** The customers of `customerIds` the campaign has handled already (a resumed send skips them). */
  async handled(id: string, customerIds: readonly string[]): Promise<ReadonlySet<string>> {
    if (customerIds.length === 0) return new Set();
    const rows = await this.db.query<{ customer_id: string }>(
      'SELECT customer_id FROM campaign_recipients WHERE campaign_id = $1 AND customer_id = ANY($2::text[])',
      [id, [...customerIds]],
    );
    return new Set(rows.map((r) => r.customer_id));
  }

  /** What the engine decided for one recipient; recorded once (a repeat after a resume changes nothing). */
  async record(id: string, customerId: string, outcome: 'SENT' | 'SUPPRESSED', rule?: DecisionRule): Promise<void> {
    await this.db.query(
      'INSERT INTO campaign_recipients (campaign_id, customer_id, outcome, rule) VALUES ($1, $2, $3, $4) ON CONFLICT (campaign_id, customer_id) DO NOTHING',
      [id, customerId, outcome, rule ?? null],
    );
  }

  /** SENDING -> SENT by the lease's owner; false when the lease had passed to another sender (who finishes it). */
  async finish(id: string, owner: string, now: Date): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE campaigns SET status = 'SENT', finished_at = $3, lease_owner = NULL, lease_until = NULL WHERE id = $1 AND status = 'SENDING' AND lease_owner = $2 RETURNING id`,
      [id, owner, now],
    );
    return rows.length === 1;
  }

  async counts(id: string): Promise<CampaignCounts> {
    const rows = await this.db.query<{ outcome: string; rule: string | null; n: unknown }>(
      'SELECT outcome, rule, count(*) AS n FROM campaign_recipients WHERE campaign_id = $1 GROUP BY outcome, rule',
      [id],
    );
    const counts: CampaignCounts = { recipients: 0, sent: 0, suppressed: {} };
    for (const r of rows) {
      const n = Number(r.n);
      counts.recipients += n;
      if (r.outcome === 'SENT') counts.sent += n;
      else {
        const rule = (r.rule ?? 'PREFERENCE') as DecisionRule;
        counts.suppressed[rule] = (counts.suppressed[rule] ?? 0) + n;
      }
    }
    return counts;
  }
}
