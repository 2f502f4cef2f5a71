// `serve.js migrate <service>`: the Kubernetes migration Job's command (deploy/kubernetes/base/
// migrate-job.yaml). It must leave the store exactly as the service's own start would, so that the
// replicas rolled out after it find nothing to apply.
import { rmSync } from 'node:fs';
import { ConfigError } from '../lib/config';
import { openStore } from '../lib/db/open';
import { migrate } from '../lib/db/migrate';
import { tempDir } from '../scripts/lib/processes';
import { migrateService, SERVICES, STORES } from '../scripts/serve';
import { MIGRATIONS as LOYALTY_MIGRATIONS } from '../subgraphs/loyalty/src/db/migrations';
import { MIGRATIONS as OFFERS_MIGRATIONS } from '../subgraphs/offers/src/db/migrations';
import { assertPgliteUsableUnderJest } from './support/pglite-under-jest';
import { randomSchema } from './support/temp-stores';
import { dropSchema } from './support/postgres';

describe('serve.js migrate <service>', () => {
  let dir: string;
  beforeAll(() => assertPgliteUsableUnderJest());
  beforeEach(() => {
    dir = tempDir('corebridge-migrate-');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('knows a store for every subgraph the image runs, and none for the processes without one', () => {
    expect(Object.keys(STORES).sort()).toEqual(
      Object.keys(SERVICES)
        .filter((s) => s !== 'gateway' && s !== 'core-simulator')
        .sort(),
    );
  });

  it("applies every migration to the service's embedded store once, then finds it up to date", async () => {
    const env = { DATA_DIR: dir };
    await expect(migrateService('offers', env)).resolves.toEqual({ schema: 'offers', store: 'pglite', applied: OFFERS_MIGRATIONS.map((m) => m.id) });
    await expect(migrateService('offers', env)).resolves.toEqual({ schema: 'offers', store: 'pglite', applied: [] });
  });

  it('migrates the schema the service would open (its *_DB_SCHEMA), so its own start applies nothing', async () => {
    const env = { DATA_DIR: dir, LOYALTY_DB_SCHEMA: 'loyalty_blue' };
    const { applied } = await migrateService('loyalty', env);
    expect(applied).toHaveLength(LOYALTY_MIGRATIONS.length);
    const db = await openStore({ service: 'loyalty', dataDir: dir, schema: 'loyalty_blue' });
    try {
      await expect(migrate(db, LOYALTY_MIGRATIONS)).resolves.toEqual({ applied: [] });
    } finally {
      await db.close();
    }
  });

  it('refuses a process without a store and a malformed setting, naming it', async () => {
    await expect(migrateService('gateway', { DATA_DIR: dir })).rejects.toThrow(/no store to migrate for "gateway"/);
    await expect(migrateService('accounts', { DATA_DIR: dir, ACCOUNTS_DB_SCHEMA: 'Accounts-1' })).rejects.toThrow(ConfigError);
    await expect(migrateService('accounts', { DATABASE_URL: 'mysql://db/x' })).rejects.toThrow(/DATABASE_URL/);
  });

  const url = process.env.DATABASE_URL;
  (url ? it : it.skip)('migrates a PostgreSQL schema by DATABASE_URL (skipped without DATABASE_URL)', async () => {
    const schema = randomSchema('partners_migrate');
    try {
      const first = await migrateService('partners', { DATABASE_URL: url, PARTNERS_DB_SCHEMA: schema });
      expect(first.store).toBe('postgres');
      expect(first.applied.length).toBeGreaterThan(0);
      await expect(migrateService('partners', { DATABASE_URL: url, PARTNERS_DB_SCHEMA: schema })).resolves.toMatchObject({ applied: [] });
    } finally {
      await dropSchema(url as string, schema);
    }
  });
});
