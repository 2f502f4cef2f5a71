// Throw-away databases for the store suites (loyalty's ledger, offers' store): a PGlite folder, or
// a random schema on a PostgreSQL server; each removed by its dispose().
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../../lib/db/database';
import { openPglite } from '../../lib/db/pglite-database';
import { openPostgres } from '../../lib/db/postgres-database';
import { tempDir } from '../../scripts/lib/processes';
import { assertPgliteUsableUnderJest } from './pglite-under-jest';
import { dropSchema } from './postgres';

export async function openTempLoyaltyPglite(prefix = 'corebridge-loyalty-ledger-') {
  assertPgliteUsableUnderJest();
  const dir = tempDir(prefix);
  const db = await openPglite(join(dir, 'loyalty'), 'loyalty');
  return {
    db,
    dispose: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function randomSchema(prefix = 'loyalty_test'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** A fresh random schema (`<prefix>_<hex>`) on the server at `url`, dropped by dispose(). */
export async function openTempPostgres(url: string, prefix = 'loyalty_test') {
  const schema = randomSchema(prefix);
  const db = await openPostgres({ connectionString: url, schema });
  return {
    db,
    dispose: async () => {
      await db.close();
      await dropSchema(url, schema);
    },
  };
}

export type OpenedStore = { db: Database; dispose: () => Promise<void> };

/**
 * The stores a service's store suite runs on, as [name, open] pairs for describe.each: PGlite in
 * memory always (schema `service`), PostgreSQL (a schema of the suite's own, dropped on dispose)
 * when DATABASE_URL is set, saying so when it is not.
 */
export function serviceStores(service: string, suite: string): Array<[string, () => Promise<OpenedStore>]> {
  const stores: Array<[string, () => Promise<OpenedStore>]> = [
    [
      'PGlite',
      async () => {
        const memory = await openPglite('memory://', service);
        return { db: memory, dispose: () => memory.close() };
      },
    ],
  ];
  const url = process.env.DATABASE_URL;
  if (url) stores.push(['PostgreSQL', () => openTempPostgres(url, `${service}_${suite.replace(/\W+/g, '_')}`)]);
  else process.stdout.write(`${suite}: DATABASE_URL unset, PostgreSQL case skipped\n`);
  return stores;
}
