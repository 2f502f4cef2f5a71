import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable, Row } from './database';
import { assertSchemaName } from './database';

type PGliteTx = Parameters<Parameters<PGlite['transaction']>[0]>[0];

function queryable(target: PGlite | PGliteTx): Queryable {
  return {
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
 * Opens (creating on first use) an embedded PostgreSQL in `dataDir`; one process at a time.
 * `memory://` keeps it in memory (tests).
 */
export async function openPglite(dataDir: string, schema: string): Promise<Database> {
  assertSchemaName(schema);
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir);
  // the schema may not exist yet (migrations create it); search_path tolerates that
  await pg.exec(`SET search_path TO "${schema}"`);
  const root = queryable(pg);
  return {
    kind: 'pglite',
    schema,
    query: root.query,
    exec: root.exec,
    transaction: <T>(work: (tx: Queryable) => Promise<T>) => pg.transaction((tx) => work(queryable(tx))),
    close: () => pg.close(),
  };
}
