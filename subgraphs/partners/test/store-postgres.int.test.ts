// The partners store suite against a real PostgreSQL server, in a fresh random schema dropped
// afterwards; plus what only a server can show: several processes starting on one schema at once.
import { randomBytes } from 'node:crypto';
import { dropSchema } from '../../../test/support/postgres';
import type { Database } from '../../../lib/db/database';
import { openPostgres } from '../../../lib/db/postgres-database';
import { migrate } from '../src/db/migrate';
import { MIGRATIONS } from '../src/db/migrations';
import { seedCatalogue } from '../src/db/seed';
import { CatalogueStore } from '../src/db/catalogue-store';
import { DEMO_PARTNERS } from '../src/db/demo-catalogue';
import { storeSuite } from './support/store-suite';
import { redemptionConsentSuite } from './support/redemption-consent-suite';
import { nth } from '../../../test/support/present';

const DATABASE_URL = process.env.DATABASE_URL;

function randomSchema(): string {
  return `partners_test_${randomBytes(6).toString('hex')}`;
}

if (!DATABASE_URL) {
  test('partners PostgreSQL suite left out: DATABASE_URL not set', () => {
    console.warn('partners PostgreSQL suite left out: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run it');
    expect(process.env.DATABASE_URL ?? '').toBe('');
  });
} else {
  const url = DATABASE_URL;

  describe('partners store on PostgreSQL', () => {
    const schema = randomSchema();
    const opened: Database[] = [];
    storeSuite(
      async () => {
        const db = await openPostgres({ connectionString: url, schema });
        opened.push(db);
        return db;
      },
      async () => {
        await Promise.all(opened.map((db) => db.close()));
        await dropSchema(url, schema);
      },
    );
  });

  describe('reward stock and partner consents on PostgreSQL under concurrent requests', () => {
    const schema = randomSchema();
    const opened: Database[] = [];
    redemptionConsentSuite(
      async () => {
        // enough connections that the 40 concurrent requests really race
        const db = await openPostgres({ connectionString: url, schema, maxConnections: 16 });
        opened.push(db);
        return db;
      },
      async () => {
        await Promise.all(opened.map((db) => db.close()));
        await dropSchema(url, schema);
      },
      { concurrency: 40 },
    );
  });

  describe('partners store on PostgreSQL, several processes', () => {
    it('migrate and seed exactly once when four processes start on the same schema at once', async () => {
      const schema = randomSchema();
      const dbs = await Promise.all(Array.from({ length: 4 }, () => openPostgres({ connectionString: url, schema, maxConnections: 2 })));
      try {
        const outcomes = await Promise.all(
          dbs.map(async (db) => {
            const { applied } = await migrate(db);
            return { applied, seed: await seedCatalogue(db) };
          }),
        );
        expect(outcomes.flatMap((o) => o.applied).sort((a, b) => a - b)).toEqual(MIGRATIONS.map((m) => m.id));
        expect(outcomes.filter((o) => o.seed.seeded)).toHaveLength(1);
        const counts = await new CatalogueStore(nth(dbs, 0)).counts();
        expect(counts.partners).toBe(DEMO_PARTNERS.length);
        expect(counts.rewards).toBe(40);
      } finally {
        await Promise.all(dbs.map((db) => db.close()));
        await dropSchema(url, schema);
      }
    });

    it('keeps its tables in the configured schema only', async () => {
      const schema = randomSchema();
      const db = await openPostgres({ connectionString: url, schema });
      try {
        await migrate(db);
        const rows = await db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`, [
          schema,
        ]);
        expect(rows.map((r) => r.table_name)).toEqual([
          'partner_apps',
          'partner_consent_events',
          'partner_consents',
          'partner_merchants',
          'partners',
          'reward_issues',
          'rewards',
          'schema_migrations',
          'seed_runs',
        ]);
        const elsewhere = await db.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'rewards' AND table_schema = 'public'`);
        expect(elsewhere).toHaveLength(0);
      } finally {
        await db.close();
        await dropSchema(url, schema);
      }
    });
  });
}
