// The ledger's one write statement: new journals, their postings, and the points balances their
// PointsChanged events start from, for any number of journals at once (Ledger.postManyWithin).
// Journals go in in their order (ON CONFLICT: a key already posted inserts nothing and returns no
// row, and the caller replays it); each journal's postings in theirs, so postingsOf reads them back
// as posted. The balances are read by the statement's snapshot: without these journals' postings.
import type { Queryable } from '../../../../../lib/db/database';
import type { JournalInput, PostingInput } from '../../domain/ledger/journal';

export const POSTED_AT_TEXT = `to_char(posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export interface NewJournal {
  input: JournalInput;
  fingerprint: string;
  /** ISO 8601 */
  postedAt: string;
}

export type InsertedJournal = {
  id: unknown;
  idempotency_key: string;
  posted_at: string;
  /** CUSTOMER_POINTS balances before these journals, by account id (the same on every row) */
  points_before: Record<string, string> | null;
};

/** `fresh`: journals with distinct keys; `accountId`: each posting's account (locked by the caller); `pointsAccounts`: whose balances to read. */
export function insertJournals(
  tx: Queryable,
  fresh: readonly NewJournal[],
  accountId: (p: PostingInput) => string | undefined,
  pointsAccounts: readonly string[],
): Promise<InsertedJournal[]> {
  const column = <T>(pick: (j: NewJournal) => T) => fresh.map(pick);
  const postings = fresh.flatMap((j, jn) => j.input.postings.map((p) => ({ jn, accountId: accountId(p), p })));
  return tx.query<InsertedJournal>(
    `WITH input AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::text[], $7::timestamptz[],
                          $8::text[], $9::text[], $10::date[], $11::bigint[], $12::text[])
       WITH ORDINALITY AS i(idempotency_key, fingerprint, kind, customer_id, business_date, description, posted_at,
                            fx_rate, fx_source, fx_rate_date, original_amount_minor, original_currency, n)),
     j AS (
       INSERT INTO journals (idempotency_key, fingerprint, kind, customer_id, business_date, description, posted_at,
       fx_rate, fx_source, fx_rate_date, original_amount_minor, original_currency)
       SELECT idempotency_key, fingerprint, kind, customer_id, business_date, description, posted_at,
       fx_rate, fx_source, fx_rate_date, original_amount_minor, original_currency FROM input ORDER BY n
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id, idempotency_key, posted_at),
     v AS (SELECT * FROM unnest($13::int[], $14::bigint[], $15::text[], $16::char(1)[], $17::bigint[]) WITH ORDINALITY AS v(jn, account_id, unit, side, amount, n)),
     p AS (
       INSERT INTO postings (journal_id, account_id, unit, side, amount)
       SELECT j.id, v.account_id, v.unit, v.side, v.amount
       FROM j JOIN input ON input.idempotency_key = j.idempotency_key JOIN v ON v.jn = input.n ORDER BY v.n),
     b AS (
       SELECT json_object_agg(x.id::text, (SELECT COALESCE(sum(CASE WHEN side = 'C' THEN amount ELSE -amount END), 0) FROM postings WHERE account_id = x.id)::text) AS points_before
       FROM unnest($18::bigint[]) AS x(id))
     SELECT j.id, j.idempotency_key, ${POSTED_AT_TEXT} AS posted_at, b.points_before FROM j CROSS JOIN b`,
    [
      column((j) => j.input.idempotencyKey),
      column((j) => j.fingerprint),
      column((j) => j.input.kind),
      column((j) => j.input.customerId ?? null),
      column((j) => j.input.businessDate),
      column((j) => j.input.description),
      column((j) => j.postedAt),
      column((j) => j.input.conversion?.rate ?? null),
      column((j) => j.input.conversion?.source ?? null),
      column((j) => j.input.conversion?.rateDate ?? null),
      column((j) => j.input.conversion?.originalMinor.toString() ?? null),
      column((j) => j.input.conversion?.originalCurrency ?? null),
      postings.map((x) => x.jn + 1),
      postings.map((x) => x.accountId),
      postings.map((x) => x.p.unit),
      postings.map((x) => x.p.side),
      postings.map((x) => x.p.amount.toString()),
      pointsAccounts,
    ],
  );
}
