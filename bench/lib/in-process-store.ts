// The store of an in-process bench (card-sink.ts, engagement-events.ts), opened as the service opens
// its own (lib/db/open.ts): a file-backed PGlite as `npm start` uses, or with `--store postgres` a
// database of the run's own on DATABASE_URL's server (bench-database.ts).
import { rmSync } from 'node:fs';
import type { Database } from '../../lib/db/database';
import { openStore } from '../../lib/db/open';
import { freshBenchDatabase } from './bench-database';

export interface InProcessStore {
  db: Database;
  /** closes the store, and drops the run's database */
  close(): Promise<void>;
}

export async function openInProcessStore(kind: string | undefined, dir: string, service: string): Promise<InProcessStore> {
  if (kind !== undefined && kind !== 'pglite' && kind !== 'postgres') throw new Error(`--store ${kind}: pglite or postgres`);
  const database = kind === 'postgres' ? await freshBenchDatabase(process.env.DATABASE_URL) : undefined;
  if (!database) rmSync(dir, { recursive: true, force: true });
  const db = await openStore({ service, databaseUrl: database?.url, dataDir: dir, schema: service });
  return { db, close: () => db.close().then(() => database?.drop()) };
}
