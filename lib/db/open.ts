import { join } from 'node:path';
import { flag, loadConfig } from '../config';
import { inSpan } from '../tracing';
import type { Database } from './database';
import { openPglite } from './pglite-database';
import { openPostgres } from './postgres-database';

export interface StoreOptions {
  /** the service owning the store: names its PGlite directory and its PostgreSQL connections */
  service: string;
  /** PostgreSQL URL; empty or absent means the embedded PGlite store */
  databaseUrl?: string;
  /** directory that holds `<dataDir>/<service>` for PGlite */
  dataDir: string;
  schema: string;
}

export async function openStore(opts: StoreOptions): Promise<Database> {
  const db = opts.databaseUrl
    ? await openPostgres({
        connectionString: opts.databaseUrl,
        schema: opts.schema,
        applicationName: `corebridge-${opts.service}`,
        preparedStatements: preparedStatements(process.env.DATABASE_PREPARED_STATEMENTS),
      })
    : await openPglite(join(opts.dataDir, opts.service), opts.schema);
  return withTransactionSpans(db);
}

/**
 * DATABASE_PREPARED_STATEMENTS (default true): false for a connection pooler in transaction mode
 * that does not keep a connection's prepared statements (PgBouncer before 1.21, or without
 * max_prepared_statements). Read here, once for every service's store.
 */
export function preparedStatements(value: string | undefined): boolean {
  // empty reads as unset, as DATABASE_URL's does
  return loadConfig({ DATABASE_PREPARED_STATEMENTS: flag(true) }, { DATABASE_PREPARED_STATEMENTS: value || undefined }).DATABASE_PREPARED_STATEMENTS;
}

/** Each transaction in a span (the embedded store has no instrumentation of its own; pg's shows the statements inside). */
function withTransactionSpans(db: Database): Database {
  const transaction = db.transaction.bind(db);
  const system = db.kind === 'postgres' ? 'postgresql' : 'pglite';
  db.transaction = (work) => inSpan('db.transaction', { 'db.system': system, 'db.namespace': db.schema }, () => transaction(work));
  return db;
}
