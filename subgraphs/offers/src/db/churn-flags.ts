// The churn flags engagement raised (ChurnRiskRaised), one row per customer: the consumer writes
// them once per event id (processOnce, in the transaction of the write), and the offers read loads
// the flags of every customer it answers for in one query (graphql/context.ts's loader).
import DataLoader from 'dataloader';
import { type Database, placeholders, type Queryable, type Row, toDate } from '../../../../lib/db/database';
import type { DomainEvent } from '../../../../lib/events';
import { processOnce } from '../../../../lib/events';
import type { ChurnFlag, ChurnReason } from '../domain/churn-flag';

interface FlagRow extends Row {
  customer_id: string;
  score: number;
  threshold: number;
  reasons: string;
  raised_at: unknown;
}

/** A ChurnRiskRaised without a customer on its envelope: nothing to flag, so it is parked after the retries. */
export class ChurnEventWithoutCustomer extends Error {
  readonly code = 'CHURN_EVENT_WITHOUT_CUSTOMER';
  constructor() {
    super('ChurnRiskRaised names no customer');
    this.name = 'ChurnEventWithoutCustomer';
  }
}

export class ChurnFlagStore {
  constructor(private readonly db: Database) {}

  /**
   * Keeps the flag of `event` for consumer group `group`, once per event id: a redelivered event
   * changes nothing (resolves false), and an event raised before the customer's current flag does
   * not replace it (late delivery from another stream position).
   */
  async record(group: string, event: DomainEvent<'ChurnRiskRaised'>): Promise<boolean> {
    const customerId = event.customerId;
    if (!customerId) throw new ChurnEventWithoutCustomer();
    const p = event.payload;
    return processOnce(this.db, group, event, (tx) => upsert(tx, customerId, event.id, p));
  }

  /** The flags of `customerIds` (at most one each), in one query. */
  async flagsOf(customerIds: readonly string[]): Promise<Map<string, ChurnFlag>> {
    const out = new Map<string, ChurnFlag>();
    if (customerIds.length === 0) return out;
    const params: unknown[] = [];
    const rows = await this.db.query<FlagRow>(
      `SELECT customer_id, score, threshold, reasons, raised_at FROM churn_flags WHERE customer_id IN (${placeholders(params, customerIds)})`,
      params,
    );
    for (const r of rows)
      out.set(r.customer_id, {
        score: Number(r.score),
        threshold: Number(r.threshold),
        reasons: JSON.parse(r.reasons) as ChurnReason[],
        raisedAt: toDate(r.raised_at),
      });
    return out;
  }
}

async function upsert(tx: Queryable, customerId: string, eventId: string, p: DomainEvent<'ChurnRiskRaised'>['payload']): Promise<void> {
  // only code and text are kept: the payload was checked against the catalogue, nothing else rides along
  const reasons = JSON.stringify(p.reasons.map((r) => ({ code: r.code, text: r.text })));
  await tx.query(
    `INSERT INTO churn_flags (customer_id, event_id, score, threshold, reasons, raised_at) VALUES ($1, $2, $3, $4, $5, $6::timestamptz)
     ON CONFLICT (customer_id) DO UPDATE SET event_id = EXCLUDED.event_id, score = EXCLUDED.score, threshold = EXCLUDED.threshold,
       reasons = EXCLUDED.reasons, raised_at = EXCLUDED.raised_at
     WHERE churn_flags.raised_at <= EXCLUDED.raised_at`,
    [customerId, eventId, p.score, p.threshold, reasons, p.raisedAt],
  );
}

/**
 * One request's loader of churn flags: the offers of every customer a request asks for (a staff
 * dashboard's `_entities` with many customers) read their flags in one query, not one each.
 */
export function churnFlagLoader(store: Pick<ChurnFlagStore, 'flagsOf'>): DataLoader<string, ChurnFlag | null> {
  return new DataLoader<string, ChurnFlag | null>(
    async (ids) => {
      const flags = await store.flagsOf(ids);
      return ids.map((id) => flags.get(id) ?? null);
    },
    // bounds the IN list of one query
    { maxBatchSize: 200 },
  );
}
