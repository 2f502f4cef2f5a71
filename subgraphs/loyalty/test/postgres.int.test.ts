// The same ledger and balances suites against a real PostgreSQL server, in fresh random schemas dropped after.
// Plus what only a server can show: two processes migrating the same schema at once.
import { openPostgres } from '../../../lib/db/postgres-database';
import { migrate } from '../src/db/migrate';
import { MIGRATIONS } from '../src/db/migrations';
import type { Database } from '../../../lib/db/database';
import { ledgerSuite } from './support/ledger-suite';
import { balancesSuite } from './support/balances-suite';
import { openTempPostgres, randomSchema } from '../../../test/support/temp-stores';
import { dropSchema } from '../../../test/support/postgres';
import { nth } from '../../../test/support/present';

const DATABASE_URL = process.env.DATABASE_URL;

if (!DATABASE_URL) {
  test('postgres suite left out: DATABASE_URL not set', () => {
    console.warn('loyalty PostgreSQL suite left out: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run it');
    expect(process.env.DATABASE_URL).toBeUndefined();
  });
} else {
  const url = DATABASE_URL;

  ledgerSuite('PostgreSQL', () => openTempPostgres(url));
  balancesSuite('PostgreSQL', () => openTempPostgres(url));

  describe('loyalty migrations on PostgreSQL', () => {
    it('apply exactly once when several processes start on the same schema at once', async () => {
      const schema = randomSchema();
      const dbs: Database[] = await Promise.all(Array.from({ length: 4 }, () => openPostgres({ connectionString: url, schema, maxConnections: 2 })));
      try {
        const results = await Promise.all(dbs.map((db) => migrate(db)));
        const applied = results.flatMap((r) => r.applied);
        expect(applied.sort((a, b) => a - b)).toEqual(MIGRATIONS.map((m) => m.id));
        const rows = await nth(dbs, 0).query<{ id: number }>('SELECT id FROM schema_migrations');
        expect(rows).toHaveLength(MIGRATIONS.length);
      } finally {
        await Promise.all(dbs.map((db) => db.close()));
        await dropSchema(url, schema);
      }
    });

    it('keeps each schema apart: tables land in the configured schema only', async () => {
      const schema = randomSchema();
      const db = await openPostgres({ connectionString: url, schema });
      try {
        await migrate(db);
        const rows = await db.query<{ table_schema: string }>(
          `SELECT DISTINCT table_schema FROM information_schema.tables WHERE table_name IN ('journals', 'postings', 'ledger_accounts') AND table_schema = $1`,
          [schema],
        );
        expect(rows).toEqual([{ table_schema: schema }]);
        const inPublic = await db.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'journals'`);
        expect(inPublic).toHaveLength(0);
      } finally {
        await db.close();
        await dropSchema(url, schema);
      }
    });
  });
}
