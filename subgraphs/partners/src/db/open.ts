import type { Database } from '../../../../lib/db/database';
import { openStore as openServiceStore, type StoreOptions } from '../../../../lib/db/open';

/** The partners store (PGlite under `<dataDir>/partners`, or PostgreSQL). */
export function openStore(opts: Omit<StoreOptions, 'service'>): Promise<Database> {
  return openServiceStore({ ...opts, service: 'partners' });
}
