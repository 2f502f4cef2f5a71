// The store of an in-process bench (card-sink.ts, engagement-events.ts): a file-backed PGlite as
// `npm start` uses, or with `--store postgres` a database of the run's own on DATABASE_URL's server
// (bench-database.ts), the pool set as the services set it (DATABASE_PREPARED_STATEMENTS).
import { rmSync } from 'node:fs';
import type { Database } from '../../lib/db/database';
import { preparedStatements } from '../../lib/db/open';
import { openPglite } from '../../lib/db/pglite-database';
import { openPostgres } from '../../lib/db/postgres-database';
import { freshBenchDatabase } from './bench-database';

export interface InProcessStore {
  db: Database;
  /** closes the store, and drops the run's database */
  close(): Promise<void>;
}

export async function openInProcessStore(kind: string | undefined, dir: string, service: string): Promise<InProcessStore> {
  if (kind === 'postgres') {
    const database = await freshBenchDatabase(process.env.DATABASE_URL);
    const db = await openPostgres({
      connectionString: database.url,
      schema: service,
      applicationName: `corebridge-${service}-bench`,
      preparedStatements: preparedStatements(process.env.DATABASE_PREPARED_STATEMENTS),
    });
    return { db, close: () => db.close().then(() => database.drop()) };
  }
  if (kind !== undefined && kind !== 'pglite') throw new Error(`--store ${kind}: pglite or postgres`);
  rmSync(dir, { recursive: true, force: true });
  const db = await openPglite(dir, service);
  return { db, close: () => db.close() };
}
