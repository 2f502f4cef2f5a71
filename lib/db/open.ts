import { join } from 'node:path';
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

export function openStore(opts: StoreOptions): Promise<Database> {
  if (opts.databaseUrl) {
    return openPostgres({ connectionString: opts.databaseUrl, schema: opts.schema, applicationName: `corebridge-${opts.service}` });
  }
  return openPglite(join(opts.dataDir, opts.service), opts.schema);
}
