import type { Database } from '../../../../lib/db/database';
import { openStore } from '../../../../lib/db/open';
import { openPglite } from '../../../../lib/db/pglite-database';

export interface OffersStoreLocation {
  /** PGlite lives in `<dataDir>/offers` (default ./data; `memory://` keeps it in memory) unless databaseUrl is set */
  dataDir?: string;
  databaseUrl?: string;
  /** PostgreSQL schema for every offers table (default offers) */
  dbSchema?: string;
}

/** The offers store: PostgreSQL, PGlite on disk, or PGlite in memory (tests). */
export function openOffersStore(opts: OffersStoreLocation): Promise<Database> {
  const schema = opts.dbSchema ?? 'offers';
  if (!opts.databaseUrl && opts.dataDir?.startsWith('memory://')) return openPglite('memory://', schema);
  return openStore({ service: 'offers', databaseUrl: opts.databaseUrl, dataDir: opts.dataDir ?? './data', schema });
}
