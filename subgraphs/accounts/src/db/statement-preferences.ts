// Statement delivery preferences (paper or e-statements), accounts' own record, and the report of
// a switch to e-statements that loyalty rewards. The report becomes due in the same statement
// that records the switch, so it cannot be lost, and stays due until loyalty acknowledges it.
import { type Database, toDate } from '../../../../lib/db/database';
import type { OutboxBacklog } from '../../../../lib/service-metrics';

export interface StatementPreference {
  paperless: boolean;
  /** ISO 8601: when the customer last changed it */
  changedAt: string;
}

export interface DueReport {
  customerId: string;
  /** failed attempts so far */
  attempts: number;
}

export class StatementPreferences {
  constructor(
    private readonly db: Database,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Records the choice; choosing paperless for the first time makes the loyalty report due. */
  async set(customerId: string, paperless: boolean): Promise<StatementPreference> {
    const [row] = await this.db.query<{ paperless: boolean; changed_at: unknown }>(
      `INSERT INTO statement_preferences AS p (customer_id, paperless, changed_at, report_due_at)
       VALUES ($1, $2::boolean, $3::timestamptz, CASE WHEN $2::boolean THEN $3::timestamptz END)
       ON CONFLICT (customer_id) DO UPDATE SET
         paperless = EXCLUDED.paperless,
         changed_at = CASE WHEN p.paperless = EXCLUDED.paperless THEN p.changed_at ELSE EXCLUDED.changed_at END,
         report_due_at = CASE WHEN EXCLUDED.paperless AND p.reported_at IS NULL THEN coalesce(p.report_due_at, EXCLUDED.changed_at) ELSE p.report_due_at END
       RETURNING paperless, changed_at`,
      [customerId, paperless, this.clock().toISOString()],
    );
    if (!row) throw new Error('statement preference: the upsert returned no row');
    return { paperless: row.paperless, changedAt: toDate(row.changed_at).toISOString() };
  }

  async get(customerId: string): Promise<StatementPreference | null> {
    const [row] = await this.db.query<{ paperless: boolean; changed_at: unknown }>(
      'SELECT paperless, changed_at FROM statement_preferences WHERE customer_id = $1',
      [customerId],
    );
    return row ? { paperless: row.paperless, changedAt: toDate(row.changed_at).toISOString() } : null;
  }

  /** Reports due now, oldest first. */
  async due(limit: number): Promise<DueReport[]> {
    const rows = await this.db.query<{ customer_id: string; report_attempts: unknown }>(
      `SELECT customer_id, report_attempts FROM statement_preferences
        WHERE report_due_at IS NOT NULL AND report_due_at <= $1::timestamptz ORDER BY report_due_at, customer_id LIMIT $2`,
      [this.clock().toISOString(), limit],
    );
    return rows.map((r) => ({ customerId: r.customer_id, attempts: Number(r.report_attempts) }));
  }

  async reported(customerId: string): Promise<void> {
    await this.db.query('UPDATE statement_preferences SET reported_at = $2::timestamptz, report_due_at = NULL WHERE customer_id = $1', [
      customerId,
      this.clock().toISOString(),
    ]);
  }

  /**
   * The reports loyalty has not acknowledged (accounts' outbox of engagement facts), and since when
   * the oldest has waited: its customer's last change of preference (a retry moves report_due_at,
   * not that). Reads the pending rows through the report_due partial index only.
   */
  async backlog(): Promise<OutboxBacklog> {
    const [row] = await this.db.query<{ pending: unknown; oldest: unknown }>(
      `SELECT count(*) AS pending, min(changed_at) AS oldest FROM statement_preferences WHERE report_due_at IS NOT NULL AND reported_at IS NULL`,
    );
    const pending = Number(row?.pending ?? 0);
    return pending > 0 && row?.oldest != null ? { pending, oldestCreatedAt: toDate(row.oldest) } : { pending };
  }

  async retryLater(customerId: string, delayMs: number): Promise<void> {
    await this.db.query(
      'UPDATE statement_preferences SET report_attempts = report_attempts + 1, report_due_at = $2::timestamptz WHERE customer_id = $1 AND reported_at IS NULL',
      [customerId, new Date(this.clock().getTime() + delayMs).toISOString()],
    );
  }
}
