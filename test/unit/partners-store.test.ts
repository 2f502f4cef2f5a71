// The partners store on embedded PGlite (in memory). The same suite runs on PostgreSQL in
// test/integration/partners-store-postgres.test.ts when DATABASE_URL is set.
import type { Database } from '../../lib/db/database';
import { openPglite } from '../../lib/db/pglite-database';
import { storeSuite } from '../support/partners-store-suite';
import { assertPgliteUsableUnderJest } from '../support/pglite-under-jest';

const opened: Database[] = [];

describe('partners store on PGlite', () => {
  storeSuite(
    async () => {
      assertPgliteUsableUnderJest();
      const db = await openPglite('memory://', 'partners');
      opened.push(db);
      return db;
    },
    async () => {
      await Promise.all(opened.map((db) => db.close()));
    },
  );
});
