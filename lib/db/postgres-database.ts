import { Pool, type PoolClient } from 'pg';
import type { Database, Queryable, Row } from './database';
import { assertSchemaName, CommitHooks } from './database';

/** `hooks`: the transaction's afterCommit hooks; absent outside a transaction (a hook runs at once) */
function queryable(target: Pool | PoolClient, hooks?: CommitHooks): Queryable {
  return {
    afterCommit: (fn) => (hooks ? hooks.add(fn) : fn()),
    beforeCommit: (fn) => (hooks ? hooks.addBefore(fn) : false),
    async query<T extends Row>(text: string, params: readonly unknown[] = []) {
      const result = await target.query<T>(text, params as unknown[]);
      return result.rows;
    },
    async exec(script: string) {
      // without parameters pg uses the simple protocol, which accepts several statements
      await target.query(script);
    },
  };
}

interface PostgresOptions {
  connectionString: string;
  schema: string;
  maxConnections?: number;
  /** shown in pg_stat_activity, e.g. corebridge-loyalty */
  applicationName?: string;
}

/** A pool on a PostgreSQL server; every connection works inside `schema`. */
export async function openPostgres(opts: PostgresOptions): Promise<Database> {
  const schema = assertSchemaName(opts.schema);
  const pool = new Pool({
    connectionString: opts.connectionString,
    max: opts.maxConnections ?? 10,
    // set at connection start, so no query can run on a connection with another search_path
    options: `-c search_path=${schema}`,
    application_name: opts.applicationName ?? 'corebridge',
  });
  // an idle client losing its connection must not crash the process; the pool replaces it
  pool.on('error', () => undefined);
  const root = queryable(pool);
  try {
    await root.query('SELECT 1');
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  return {
    kind: 'postgres',
    schema,
    query: root.query,
    exec: root.exec,
    afterCommit: root.afterCommit,
    beforeCommit: root.beforeCommit,
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const hooks = new CommitHooks();
        const result = await work(queryable(client, hooks));
        await hooks.runBefore();
        await client.query('COMMIT');
        hooks.run();
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch((rollbackErr: Error) => {
          broken = rollbackErr;
        });
        throw err;
      } finally {
        // a connection whose rollback failed is in an unknown state: destroy it, do not reuse it
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
