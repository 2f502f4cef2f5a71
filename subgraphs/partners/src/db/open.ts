import { join } from 'node:path';
import type { Database } from './database';
import { openPglite } from './pglite-database';
import { openPostgres } from './postgres-database';

export interface StoreOptions {
  /** PostgreSQL URL; empty or absent means the embedded PGlite store */
  databaseUrl?: string;
  /** directory that holds `<dataDir>/partners` for PGlite */
  dataDir: string;
  schema: string;
}

export function openStore(opts: StoreOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres({ connectionString: opts.databaseUrl, schema: opts.schema });
  return openPglite(join(opts.dataDir, 'partners'), opts.schema);
}
