import { Pool, type PoolClient } from 'pg';
import type { Database, Queryable, Row } from './database';
import { assertSchemaName, CommitHooks, sqlState } from './database';

/** Distinct statements a pool prepares at most; beyond them a statement is parsed each time, as without names. */
export const MAX_PREPARED_STATEMENTS = 500;

/**
 * Names for the pool's statements with parameters: pg prepares a named statement once on each
 * connection and then only binds and executes it, where an unnamed one is parsed and planned on
 * every call (most of PostgreSQL's CPU for the short statements the services run). A text gets one
 * name for the pool's life, so a name never stands for two texts. Off (undefined): every statement
 * unnamed, for a pooler that does not keep prepared statements across transactions.
 */
export class StatementNames {
  private readonly names = new Map<string, string>();
  private issued = 0;
  constructor(private readonly max = MAX_PREPARED_STATEMENTS) {}
  nameOf(text: string): string | undefined {
    let name = this.names.get(text);
    if (name === undefined && this.names.size < this.max) {
      name = `corebridge_${++this.issued}`;
      this.names.set(text, name);
    }
    return name;
  }
  get size(): number {
    return this.names.size;
  }
  /**
   * True when `err` says the statement prepared under `name` no longer fits its table (a column
   * added by another replica's migration under a `SELECT *`): the text then gets a new name, which
   * every connection prepares afresh on its next call. The old one stays on the server, unused,
   * until its connection closes.
   */
  stale(text: string, name: string, err: unknown): boolean {
    if (sqlState(err) !== '0A000' || !/cached plan must not change result type/.test((err as Error).message)) return false;
    if (this.names.get(text) === name) {
      this.names.delete(text);
      this.nameOf(text);
    }
    return true;
  }
}

/** `hooks`: the transaction's afterCommit hooks; absent outside a transaction (a hook runs at once) */
function queryable(target: Pool | PoolClient, names: StatementNames | undefined, hooks?: CommitHooks): Queryable {
  return {
    afterCommit: (fn) => (hooks ? hooks.add(fn) : fn()),
    beforeCommit: (fn) => (hooks ? hooks.addBefore(fn) : false),
    async query<T extends Row>(text: string, params: readonly unknown[] = []) {
      // without parameters pg uses the simple protocol: nothing to prepare
      const name = params.length > 0 ? names?.nameOf(text) : undefined;
      if (!name) return (await target.query<T>(text, params as unknown[])).rows;
      try {
        return (await target.query<T>({ name, text, values: params as unknown[] })).rows;
      } catch (err) {
        // in a transaction the failed statement has aborted it: the caller's retry gets the new name
        if (!names?.stale(text, name, err) || hooks) throw err;
        return (await target.query<T>({ name: names.nameOf(text), text, values: params as unknown[] })).rows;
      }
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
  /** statements with parameters prepared once a connection (default true; DATABASE_PREPARED_STATEMENTS, lib/db/open.ts) */
  preparedStatements?: boolean;
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
  const names = opts.preparedStatements === false ? undefined : new StatementNames();
  const root = queryable(pool, names);
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
        const result = await work(queryable(client, names, hooks));
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
