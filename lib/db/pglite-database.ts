import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable, Row } from './database';
import { assertSchemaName, CommitHooks } from './database';
import { lockDataDir } from './data-dir-lock';

type PGliteTx = Parameters<Parameters<PGlite['transaction']>[0]>[0];

/** `hooks`: the transaction's afterCommit hooks; absent outside a transaction (a hook runs at once) */
function queryable(target: PGlite | PGliteTx, hooks?: CommitHooks): Queryable {
  return {
    afterCommit: (fn) => (hooks ? hooks.add(fn) : fn()),
    beforeCommit: (fn) => (hooks ? hooks.addBefore(fn) : false),
    async query<T extends Row>(text: string, params: readonly unknown[] = []) {
      const result = await target.query<T>(text, params as unknown[]);
      return result.rows;
    },
    async exec(script: string) {
      await target.exec(script);
    },
  };
}

/**
 * PostgreSQL's shared buffers inside each embedded store: the largest part of a PGlite process's
 * memory. The default 128MB, filled as tables are read, took a subgraph to about 470 MiB; the
 * embedded stores hold a development data set of a few MB, so 16MB caches all of it
 * (docs/performance.md "Footprint"). PGLITE_SHARED_BUFFERS sets another size (PostgreSQL's units).
 */
function pgliteOptions(): { startParams: string[] } {
  const sharedBuffers = process.env.PGLITE_SHARED_BUFFERS ?? '16MB';
  if (!/^\d+(kB|MB|GB)$/.test(sharedBuffers)) throw new Error(`PGLITE_SHARED_BUFFERS=${sharedBuffers}: a size like 16MB`);
  const defaults = (PGlite as unknown as { defaultStartParams: string[] }).defaultStartParams;
  return { startParams: [...defaults, '-c', `shared_buffers=${sharedBuffers}`] };
}

/**
 * Opens (creating on first use) an embedded PostgreSQL in `dataDir`; one process at a time.
 * `memory://` keeps it in memory (tests) and needs no lock.
 */
export async function openPglite(dataDir: string, schema: string): Promise<Database> {
  assertSchemaName(schema);
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const lock = inMemory ? { release: () => undefined } : lockDataDir(`${dataDir}.lock`);
  let pg: PGlite;
  try {
    pg = await PGlite.create(dataDir, pgliteOptions());
    // the schema may not exist yet (migrations create it); search_path tolerates that
    await pg.exec(`SET search_path TO "${schema}"`);
  } catch (err) {
    lock.release();
    throw err;
  }
  const root = queryable(pg);
  return {
    kind: 'pglite',
    schema,
    query: root.query,
    exec: root.exec,
    afterCommit: root.afterCommit,
    beforeCommit: root.beforeCommit,
    transaction: async <T>(work: (tx: Queryable) => Promise<T>) => {
      const hooks = new CommitHooks();
      const result = await pg.transaction(async (tx) => {
        const done = await work(queryable(tx, hooks));
        await hooks.runBefore();
        return done;
      });
      hooks.run();
      return result;
    },
    close: async () => {
      try {
        await pg.close();
      } finally {
        lock.release();
      }
    },
  };
}
