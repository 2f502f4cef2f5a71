// A customer's consents to share data with partners. partner_consents holds the consent in force
// (one row per customer and partner); partner_consent_events holds every grant and revocation,
// append-only. Each change updates the current row first, which locks it: concurrent changes to
// one customer/partner pair queue there, so versions are 1, 2, 3, ... without gaps, and the
// current row always equals the newest event. Nothing is cached: every read goes to the store, so
// a revocation holds from the partner's next call.
import type { Database, Queryable } from '../../../../lib/db/database';
import {
  canonicalScopes,
  type ChangeOutcome,
  type ConsentAction,
  type ConsentEvent,
  type ConsentScope,
  type ConsentState,
  isConsentScope,
  pairKey,
} from '../domain/consents';

interface StateRow extends Record<string, unknown> {
  customer_id: string;
  partner_id: string;
  version: number;
  scopes: string[];
  updated_at: unknown;
}

interface EventRow extends Record<string, unknown> {
  customer_id: string;
  partner_id: string;
  version: number;
  action: string;
  scopes: string[];
  recorded_at: unknown;
}

function iso(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}

function toState(r: StateRow): ConsentState {
  return {
    customerId: r.customer_id,
    partnerId: r.partner_id,
    version: Number(r.version),
    scopes: canonicalScopes(r.scopes.filter(isConsentScope)),
    updatedAt: iso(r.updated_at),
  };
}

function toEvent(r: EventRow): ConsentEvent {
  return {
    version: Number(r.version),
    action: r.action as ConsentAction,
    scopes: canonicalScopes(r.scopes.filter(isConsentScope)),
    recordedAt: iso(r.recorded_at),
  };
}

const STATE_COLUMNS = 'customer_id, partner_id, version, scopes, updated_at';

export class ConsentStore {
  constructor(private readonly db: Database) {}

  /** Records a grant (a new version even when the scopes are the same: the customer confirmed again). */
  async grant(customerId: string, partnerId: string, scopes: readonly ConsentScope[]): Promise<ChangeOutcome> {
    const granted = canonicalScopes(scopes);
    if (granted.length === 0) throw new RangeError('a grant needs at least one scope');
    return this.db.transaction(async (tx) => {
      if (!(await partnerExists(tx, partnerId))) return { kind: 'PARTNER_NOT_FOUND' };
      const [row] = await tx.query<StateRow>(
        `INSERT INTO partner_consents (customer_id, partner_id, version, scopes, updated_at)
         VALUES ($1, $2, 1, $3::text[], clock_timestamp())
         ON CONFLICT (customer_id, partner_id) DO UPDATE
           SET version = partner_consents.version + 1, scopes = EXCLUDED.scopes, updated_at = clock_timestamp()
         RETURNING ${STATE_COLUMNS}`,
        [customerId, partnerId, granted],
      );
      if (!row) throw new Error('consent grant: the upsert returned no row');
      await appendEvent(tx, row, 'GRANTED');
      return { kind: 'CHANGED', state: toState(row) };
    });
  }

  /** Revokes every scope. Revoking when nothing is granted records nothing (UNCHANGED). */
  async revoke(customerId: string, partnerId: string): Promise<ChangeOutcome> {
    return this.db.transaction(async (tx) => {
      if (!(await partnerExists(tx, partnerId))) return { kind: 'PARTNER_NOT_FOUND' };
      // under the row lock a concurrent change is seen before the condition is checked again
      // (customer_id, partner_id) is the key: one row at most
      const [row] = await tx.query<StateRow>(
        `UPDATE partner_consents SET version = version + 1, scopes = '{}'::text[], updated_at = clock_timestamp()
          WHERE customer_id = $1 AND partner_id = $2 AND cardinality(scopes) > 0
          RETURNING ${STATE_COLUMNS}`,
        [customerId, partnerId],
      );
      if (row) {
        await appendEvent(tx, row, 'REVOKED');
        return { kind: 'CHANGED', state: toState(row) };
      }
      return { kind: 'UNCHANGED', state: await current(tx, customerId, partnerId) };
    });
  }

  /** The consent in force, straight from the store; null when this pair never had one. */
  current(customerId: string, partnerId: string): Promise<ConsentState | null> {
    return current(this.db, customerId, partnerId);
  }

  /** Every partner this customer ever granted, current state, by partner id. */
  async ofCustomer(customerId: string): Promise<ConsentState[]> {
    const rows = await this.db.query<StateRow>(`SELECT ${STATE_COLUMNS} FROM partner_consents WHERE customer_id = $1 ORDER BY partner_id`, [customerId]);
    return rows.map(toState);
  }

  /** History per pair (oldest first), for a batch of pairs in one statement. */
  async historyOfPairs(pairs: ReadonlyArray<{ customerId: string; partnerId: string }>): Promise<Map<string, ConsentEvent[]>> {
    const byPair = new Map<string, ConsentEvent[]>();
    if (pairs.length === 0) return byPair;
    const rows = await this.db.query<EventRow>(
      `SELECT e.customer_id, e.partner_id, e.version, e.action, e.scopes, e.recorded_at
         FROM partner_consent_events e
         JOIN unnest($1::text[], $2::text[]) AS p(customer_id, partner_id)
           ON p.customer_id = e.customer_id AND p.partner_id = e.partner_id
        ORDER BY e.customer_id, e.partner_id, e.version`,
      [pairs.map((p) => p.customerId), pairs.map((p) => p.partnerId)],
    );
    for (const r of rows) {
      const key = pairKey(r.customer_id, r.partner_id);
      const list = byPair.get(key) ?? [];
      list.push(toEvent(r));
      byPair.set(key, list);
    }
    return byPair;
  }
}

async function partnerExists(db: Queryable, partnerId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM partners WHERE id = $1', [partnerId])).length === 1;
}

async function current(db: Queryable, customerId: string, partnerId: string): Promise<ConsentState | null> {
  // (customer_id, partner_id) is the key: one row at most
  const [row] = await db.query<StateRow>(`SELECT ${STATE_COLUMNS} FROM partner_consents WHERE customer_id = $1 AND partner_id = $2`, [customerId, partnerId]);
  return row ? toState(row) : null;
}

async function appendEvent(tx: Queryable, row: StateRow, action: ConsentAction): Promise<void> {
  // copied from the row this transaction holds locked, so the event equals the state to the microsecond
  await tx.query(
    `INSERT INTO partner_consent_events (customer_id, partner_id, version, action, scopes, recorded_at)
     SELECT customer_id, partner_id, version, $3, scopes, updated_at FROM partner_consents
      WHERE customer_id = $1 AND partner_id = $2`,
    [row.customer_id, row.partner_id, action],
  );
}
