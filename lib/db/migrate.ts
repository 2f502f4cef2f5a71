// Applies the migrations list once per schema. All pending migrations run in one transaction
// under a transaction-scoped advisory lock, so two processes starting together on the same
// PostgreSQL schema serialize: the second waits, then finds everything applied.
import { createHash } from 'node:crypto';
import type { Database, Migration } from './database';

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

export function checksumOf(m: Migration): string {
  return createHash('sha256').update(m.sql).digest('hex');
}

/** A stable signed 64-bit lock key per schema (advisory locks are database-wide). */
export function migrationLockKey(schema: string): string {
  return createHash('sha256').update(`corebridge:migrations:${schema}`).digest().readBigInt64BE(0).toString();
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.id !== i + 1) throw new MigrationError(`migration ids must be 1..n in order; found ${m.id} at position ${i + 1}`);
  });
}

export async function migrate(db: Database, migrations: readonly Migration[]): Promise<{ applied: number[] }> {
  assertOrdered(migrations);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [migrationLockKey(db.schema)]);
    // checked before creating: a role without CREATE on the database may still use an existing schema
    const exists = await tx.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [db.schema]);
    if (exists.length === 0) await tx.exec(`CREATE SCHEMA "${db.schema}"`);
    await tx.exec(`CREATE TABLE IF NOT EXISTS "${db.schema}".schema_migrations (
      id INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const rows = await tx.query<{ id: number; checksum: string }>(`SELECT id, checksum FROM "${db.schema}".schema_migrations ORDER BY id`);
    const known = new Map(rows.map((r) => [Number(r.id), r.checksum]));
    const newest = Number(rows.at(-1)?.id ?? 0);
    if (newest > migrations.length) {
      throw new MigrationError(`schema ${db.schema} is at migration ${newest}, newer than this build (${migrations.length}); refusing to run an older build`);
    }
    const applied: number[] = [];
    for (const m of migrations) {
      const recorded = known.get(m.id);
      if (recorded !== undefined) {
        if (recorded !== checksumOf(m)) throw new MigrationError(`migration ${m.id} (${m.name}) was changed after it was applied`);
        continue;
      }
      await tx.exec(m.sql);
      await tx.query(`INSERT INTO "${db.schema}".schema_migrations (id, name, checksum) VALUES ($1, $2, $3)`, [m.id, m.name, checksumOf(m)]);
      applied.push(m.id);
    }
    return { applied };
  });
}
