// Staff reads of customers' data (migration 10), as the gateway records them before a staff
// operation runs: one row per (request id, customer), so a retried record never adds a row.
// The customer's list is newest first; the raw staff subject stays here for the bank's auditors.
import type { Database } from '../../../../lib/db/database';
import { toDate } from '../../../../lib/db/database';

/** The gateway's staff audit record (gateway/src/edge/audit.ts StaffAuditRecord), as engagement takes it. */
export interface StaffReadRecord {
  requestId: string;
  /** when the gateway recorded it */
  at: Date;
  staff: string;
  client?: string;
  customerIds: readonly string[];
  operationName: string | null;
  operationHash: string;
}

/** Position in a customer's list: newest first. */
export interface StaffReadKey {
  atMs: number;
  seq: bigint;
}

export interface StaffRead {
  key: StaffReadKey;
  customerId: string;
  at: Date;
  /** the raw staff subject: for the bank's auditors, never for the customer */
  staff: string;
  client: string | null;
  operationName: string | null;
  requestId: string;
}

interface StaffReadRow extends Record<string, unknown> {
  seq: unknown;
  request_id: string;
  customer_id: string;
  read_at: unknown;
  staff_subject: string;
  client: string | null;
  operation_name: string | null;
}

const toRead = (r: StaffReadRow): StaffRead => {
  const at = toDate(r.read_at);
  return {
    key: { atMs: at.getTime(), seq: BigInt(String(r.seq)) },
    customerId: r.customer_id,
    at,
    staff: r.staff_subject,
    client: r.client,
    operationName: r.operation_name,
    requestId: r.request_id,
  };
};

export class StaffReadStore {
  constructor(
    private readonly db: Database,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Stores one row per customer the record names; rows already there (a retry) are left as they are. Answers how many were new. */
  async record(r: StaffReadRecord): Promise<number> {
    if (r.customerIds.length === 0) return 0;
    const customers = [...new Set(r.customerIds)];
    // one statement: every customer of the record is stored, or none is
    const values = customers.map((_, i) => `($1, $${i + 8}, $2, $3, $4, $5, $6, $7)`).join(', ');
    const rows = await this.db.query<{ seq: unknown }>(
      `INSERT INTO staff_reads (request_id, customer_id, read_at, staff_subject, client, operation_name, operation_hash, recorded_at)
       VALUES ${values}
       ON CONFLICT (request_id, customer_id) DO NOTHING
       RETURNING seq`,
      [r.requestId, r.at, r.staff, r.client ?? null, r.operationName, r.operationHash, this.clock(), ...customers],
    );
    return rows.length;
  }

  /** Up to `limit` of the customer's staff reads, newest first, after `after` when given. */
  async list(customerId: string, limit: number, after?: StaffReadKey): Promise<StaffRead[]> {
    const params: unknown[] = [customerId, limit];
    let below = '';
    if (after) {
      params.push(new Date(after.atMs), after.seq.toString());
      below = 'AND (read_at, seq) < ($3, $4::bigint)';
    }
    const rows = await this.db.query<StaffReadRow>(
      `SELECT seq, request_id, customer_id, read_at, staff_subject, client, operation_name
         FROM staff_reads
        WHERE customer_id = $1 ${below}
        ORDER BY read_at DESC, seq DESC
        LIMIT $2`,
      params,
    );
    return rows.map(toRead);
  }
}
