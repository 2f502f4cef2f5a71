import type { Database } from '../../../../lib/db/database';
import { openStore } from '../../../../lib/db/open';
import { openPglite } from '../../../../lib/db/pglite-database';

export interface EngagementStoreLocation {
  /** PGlite lives in `<dataDir>/engagement` (default ./data; `memory://` keeps it in memory) unless databaseUrl is set */
  dataDir?: string;
  databaseUrl?: string;
  /** PostgreSQL schema for every engagement table (default engagement) */
  dbSchema?: string;
}

/** The engagement store: PostgreSQL, PGlite on disk, or PGlite in memory (tests). */
export function openEngagementStore(opts: EngagementStoreLocation): Promise<Database> {
  const schema = opts.dbSchema ?? 'engagement';
  if (!opts.databaseUrl && opts.dataDir?.startsWith('memory://')) return openPglite('memory://', schema);
  return openStore({ service: 'engagement', databaseUrl: opts.databaseUrl, dataDir: opts.dataDir ?? './data', schema });
}
