// The ledger's accounts as rows: finding, locking and opening one, and its balance. What Ledger
// (ledger.ts) builds its journals on; nothing here decides what may be posted.
import type { Queryable } from '../../../../../lib/db/database';
import { toBigInt } from '../../../../../lib/db/database';
import { type AccountCode, type Side, specOf } from '../../domain/ledger/chart';

export interface AccountKey {
  code: AccountCode;
  customerId: string | null;
  unit: string;
}

export function keyString(k: AccountKey): string {
  return `${k.code}\u0000${k.customerId ?? ''}\u0000${k.unit}`;
}

/** An account's balance in its normal direction; 0 for none (an account not open has no postings). */
export async function accountBalance(q: Queryable, accountId: string | undefined, normal: Side): Promise<bigint> {
  if (accountId === undefined) return 0n;
  const sum = await q.query<{ balance: unknown }>(
    `SELECT COALESCE(sum(CASE WHEN side = $1 THEN amount ELSE -amount END), 0)::text AS balance FROM postings WHERE account_id = $2`,
    [normal, accountId],
  );
  return toBigInt(sum[0]?.balance);
}

/** A programme account's id, opened when missing; never locked (see lockAccounts). */
export async function programmeAccount(tx: Queryable, k: AccountKey): Promise<string | undefined> {
  const find = async () => {
    const rows = await tx.query<{ id: unknown }>(`SELECT id FROM ledger_accounts WHERE code = $1 AND unit = $2 AND customer_id IS NULL`, [k.code, k.unit]);
    return rows[0] ? toBigInt(rows[0].id).toString() : undefined;
  };
  return (await find()) ?? (await openAccount(tx, k)) ?? (await find());
}

/** Opens the account: its id (the new row is this transaction's), or undefined when another transaction opened it first. */
export async function openAccount(tx: Queryable, k: AccountKey): Promise<string | undefined> {
  const spec = specOf(k.code);
  const rows = await tx.query<{ id: unknown }>(
    `INSERT INTO ledger_accounts (code, customer_id, unit, normal_side, non_negative) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id`,
    [k.code, k.customerId, k.unit, spec.normalSide, spec.nonNegative],
  );
  return rows[0] ? toBigInt(rows[0].id).toString() : undefined;
}

/** The account's id, its row locked for the transaction; undefined when it is not open yet. */
export async function lockAccount(tx: Queryable, k: AccountKey): Promise<string | undefined> {
  const rows = await tx.query<{ id: unknown }>(
    k.customerId === null
      ? `SELECT id FROM ledger_accounts WHERE code = $1 AND unit = $2 AND customer_id IS NULL FOR UPDATE`
      : `SELECT id FROM ledger_accounts WHERE code = $1 AND unit = $2 AND customer_id = $3 FOR UPDATE`,
    k.customerId === null ? [k.code, k.unit] : [k.code, k.unit, k.customerId],
  );
  return rows[0] ? toBigInt(rows[0].id).toString() : undefined;
}
