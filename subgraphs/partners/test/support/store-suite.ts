// The partners store's behaviour, run against PGlite (unit) and PostgreSQL (integration, when
// DATABASE_URL is set): both must behave the same, since one migrations list serves both.
import type { Database, Queryable, Row } from '../../../../lib/db/database';
import { MigrationError } from '../../../../lib/db/migrate';
import { migrate } from '../../src/db/migrate';
import { MIGRATIONS } from '../../src/db/migrations';
import { seedCatalogue } from '../../src/db/seed';
import { DEMO_PARTNERS } from '../../src/db/demo-catalogue';
import { CatalogueStore } from '../../src/db/catalogue-store';
import { createLoaders } from '../../src/graphql/catalogue-loaders';
import { nth } from '../../../../test/support/present';

export const REQUIRED_CATEGORIES = ['RIDE_HAILING', 'COFFEE', 'GROCERIES', 'TRAVEL', 'STREAMING', 'EVENTS'];

/** A Queryable that counts the statements it forwards. */
export function countingQueryable(db: Queryable): Queryable & { statements: string[] } {
  const statements: string[] = [];
  return {
    statements,
    query<T extends Row>(text: string, params?: readonly unknown[]) {
      statements.push(text);
      return db.query<T>(text, params);
    },
    exec(script: string) {
      statements.push(script);
      return db.exec(script);
    },
    afterCommit: (fn) => db.afterCommit(fn),
    beforeCommit: (fn) => db.beforeCommit(fn),
  };
}

/**
 * Registers the store tests. `open` gives a fresh, empty store each time it is called (the same
 * store when called with the same `key`); `closeAll` releases everything afterwards.
 */
export function storeSuite(open: (key?: string) => Promise<Database>, closeAll: () => Promise<void>): void {
  let db: Database;

  beforeAll(async () => {
    db = await open('main');
    await migrate(db);
  }, 60000);

  afterAll(async () => {
    await closeAll();
  });

  it('applies the migrations once and records them', async () => {
    expect((await migrate(db)).applied).toEqual([]);
    const rows = await db.query<{ id: number }>(`SELECT id FROM "${db.schema}".schema_migrations ORDER BY id`);
    expect(rows.map((r) => Number(r.id))).toEqual(MIGRATIONS.map((m) => m.id));
  });

  it('refuses to run when an applied migration was edited', async () => {
    const edited = MIGRATIONS.map((m, i) => (i === 0 ? { ...m, sql: `${m.sql}\n-- edited` } : m));
    await expect(migrate(db, edited)).rejects.toThrow(MigrationError);
  });

  it('seeds the demo catalogue on first start only: >= 12 partners over every category, 40 rewards', async () => {
    const first = await seedCatalogue(db);
    expect(first.seeded).toBe(true);
    expect(first.partners).toBe(DEMO_PARTNERS.length);
    expect(first.partners).toBeGreaterThanOrEqual(12);
    expect(first.rewards).toBe(40);

    const again = await seedCatalogue(db);
    expect(again).toEqual({ seeded: false, partners: 0, merchants: 0, rewards: 0 });

    const store = new CatalogueStore(db);
    expect(await store.counts()).toEqual({ partners: first.partners, merchants: first.merchants, rewards: 40 });
    const categories = new Set((await store.listPartners()).map((p) => p.category));
    for (const c of REQUIRED_CATEGORIES) expect(categories).toContain(c);
  });

  it('keeps stock that changed after seeding when started again', async () => {
    await db.query("UPDATE rewards SET stock = stock - 3 WHERE id = 'R-BEANSTREET-01'");
    const { stock } = nth(await db.query<{ stock: number }>("SELECT stock FROM rewards WHERE id = 'R-BEANSTREET-01'"), 0);
    await migrate(db);
    await seedCatalogue(db);
    const after = nth(await db.query<{ stock: number }>("SELECT stock FROM rewards WHERE id = 'R-BEANSTREET-01'"), 0);
    expect(Number(after.stock)).toBe(Number(stock));
    expect(Number(after.stock)).toBe(4997);
  });

  it('refuses negative stock and a second partner for one merchant id', async () => {
    await expect(db.query("UPDATE rewards SET stock = -1 WHERE id = 'R-ZIPRIDE-01'")).rejects.toMatchObject({ code: '23514' });
    await expect(db.query("INSERT INTO partner_merchants (merchant_id, partner_id) VALUES ('M-COFFEE-001', 'P-ZIPRIDE')")).rejects.toMatchObject({
      code: '23505',
    });
    const [row] = await db.query<{ stock: number }>("SELECT stock FROM rewards WHERE id = 'R-ZIPRIDE-01'");
    expect(Number(row?.stock)).toBe(1000);
  });

  it('reads decimals as strings, never floats', async () => {
    const store = new CatalogueStore(db);
    const [coffee] = await store.partnersByIds(['P-BEANSTREET']);
    expect(coffee?.earnBoostPercent).toBe('3.00');
    const [noBoost] = await store.partnersByIds(['P-GREENBASKET']);
    expect(noBoost?.earnBoostPercent).toBeNull();
  });

  it('lists partners by category, ordered by name', async () => {
    const store = new CatalogueStore(db);
    const travel = await store.listPartners('TRAVEL');
    expect(travel.map((p) => p.name)).toEqual(['Harbour Stays', 'RailWave', 'Skylark Air']);
  });

  it('answers N partner, merchant and reward lookups of one tick with one query each', async () => {
    const counting = countingQueryable(db);
    const loaders = createLoaders(new CatalogueStore(counting));
    const ids = ['P-ZIPRIDE', 'P-SKYLARK', 'P-NOT-THERE', 'P-BEANSTREET'];
    const partners = await Promise.all(ids.map((id) => loaders.partner.load(id)));
    expect(partners.map((p) => p?.id ?? null)).toEqual(['P-ZIPRIDE', 'P-SKYLARK', null, 'P-BEANSTREET']);
    const [rewards, merchants] = await Promise.all([
      Promise.all(ids.map((id) => loaders.rewardsOfPartner.load(id))),
      Promise.all(ids.map((id) => loaders.merchantIds.load(id))),
    ]);
    expect(rewards.map((r) => r.length)).toEqual([3, 3, 0, 3]);
    expect(rewards[0]?.map((r) => r.pointsPrice)).toEqual([500, 1400, 4000]);
    expect(merchants[2]).toEqual([]);
    expect(merchants[3]).toEqual(['M-COFFEE-001', 'M-COFFEE-002', 'M-COFFEE-003']);
    expect(counting.statements).toHaveLength(3);
  });
}
