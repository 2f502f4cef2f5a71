// Prepared statements on PostgreSQL (lib/db/postgres-database.ts StatementNames): a statement with
// parameters gets one name for the pool's life and is prepared once a connection, the answers are
// the same as unnamed, names stop at the cap, and DATABASE_PREPARED_STATEMENTS turns them off. The
// server's own view (pg_prepared_statements) is read on a real PostgreSQL when DATABASE_URL is set.
import { StatementNames } from '../db/postgres-database';
import { preparedStatements } from '../db/open';
import { ConfigError } from '../config';
import { openPostgres } from '../db/postgres-database';
import type { Database } from '../db/database';
import { dropSchema } from '../../test/support/postgres';
import { randomSchema } from '../../test/support/temp-stores';

describe('statement names', () => {
  it('gives a text one name, and distinct texts distinct names', () => {
    const names = new StatementNames();
    const a = names.nameOf('SELECT $1::int');
    expect(a).toMatch(/^corebridge_\d+$/);
    expect(names.nameOf('SELECT $1::int')).toBe(a);
    expect(names.nameOf('SELECT $1::text')).not.toBe(a);
    expect(names.size).toBe(2);
  });

  it('names no more texts than its cap: the rest go unnamed', () => {
    const names = new StatementNames(2);
    expect(names.nameOf('SELECT $1::int')).toBeDefined();
    expect(names.nameOf('SELECT $1::text')).toBeDefined();
    expect(names.nameOf('SELECT $1::bigint')).toBeUndefined();
    // the named ones keep their names
    expect(names.nameOf('SELECT $1::int')).toBe('corebridge_1');
  });
});

describe('DATABASE_PREPARED_STATEMENTS', () => {
  it('is on unless set false', () => {
    expect(preparedStatements(undefined)).toBe(true);
    expect(preparedStatements('')).toBe(true);
    expect(preparedStatements('true')).toBe(true);
    expect(preparedStatements('false')).toBe(false);
    expect(preparedStatements('0')).toBe(false);
  });

  it('refuses anything else, naming the setting', () => {
    expect(() => preparedStatements('off')).toThrow(ConfigError);
    expect(() => preparedStatements('off')).toThrow(/DATABASE_PREPARED_STATEMENTS/);
  });
});

const url = process.env.DATABASE_URL;
if (!url) process.stdout.write('prepared statements: DATABASE_URL unset, PostgreSQL cases skipped\n');

(url ? describe : describe.skip)('prepared statements on PostgreSQL', () => {
  const schema = randomSchema('lib_prepared');
  const opened: Database[] = [];
  const open = async (prepared: boolean, maxConnections = 2) => {
    const db = await openPostgres({ connectionString: url!, schema, preparedStatements: prepared, maxConnections });
    opened.push(db);
    return db;
  };
  /** the statements this connection has prepared, by their text */
  const preparedOn = async (tx: { query: Database['query'] }) =>
    (await tx.query<{ name: string; statement: string }>('SELECT name, statement FROM pg_prepared_statements')).map((r) => [r.name, r.statement]);

  beforeAll(async () => {
    const db = await open(false);
    await db.exec(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await db.exec('CREATE TABLE amounts (id SERIAL PRIMARY KEY, minor BIGINT NOT NULL, at TIMESTAMPTZ NOT NULL)');
    await db.query('INSERT INTO amounts (minor, at) VALUES ($1, $2), ($3, $4)', ['9007199254740993', '2026-12-06T10:00:00Z', '-5', '2026-12-06T11:00:00Z']);
  });

  afterAll(async () => {
    for (const db of opened) await db.close();
    await dropSchema(url!, schema);
  });

  const read = 'SELECT minor, at FROM amounts WHERE minor > $1 ORDER BY id';

  it('prepares a statement with parameters once a connection, and answers as unnamed', async () => {
    const db = await open(true);
    const rows = await db.transaction(async (tx) => {
      const first = await tx.query(read, ['-10']);
      const second = await tx.query(read, ['0']);
      return { first, second, prepared: await preparedOn(tx) };
    });
    const plain = await (await open(false)).query(read, ['-10']);
    expect(rows.first).toEqual(plain);
    // BIGINT beyond 2^53 stays exact text, a timestamp a Date, as unnamed
    expect(rows.first[0]).toEqual({ minor: '9007199254740993', at: new Date('2026-12-06T10:00:00Z') });
    expect(rows.second).toEqual([rows.first[0]]);
    expect(rows.prepared).toEqual([[expect.stringMatching(/^corebridge_\d+$/), read]]);
  });

  it('prepares nothing with DATABASE_PREPARED_STATEMENTS=false, nor a statement without parameters', async () => {
    const off = await open(false);
    expect(await off.transaction(async (tx) => (await tx.query(read, ['-10']), preparedOn(tx)))).toEqual([]);
    const on = await open(true);
    expect(await on.transaction(async (tx) => (await tx.query('SELECT count(*)::int AS n FROM amounts'), preparedOn(tx)))).toEqual([]);
  });

  it('prepares a statement again under a new name when a column added elsewhere changed its rows', async () => {
    // one connection, so each call meets what the one before prepared
    const db = await open(true, 1);
    const other = await open(false);
    const all = 'SELECT * FROM amounts WHERE minor = $1';
    const nameOfAll = async () => db.transaction(async (tx) => (await tx.query(all, ['11']), preparedOn(tx))).then((p) => p.find(([, t]) => t === all)?.[0]);
    await db.query('INSERT INTO amounts (minor, at) VALUES ($1, $2)', ['11', '2026-12-06T13:00:00Z']);
    const first = await nameOfAll();
    // another replica's migration, on a connection of its own
    await other.exec('ALTER TABLE amounts ADD COLUMN note TEXT');
    // in a transaction the stale statement fails it (PostgreSQL has aborted it): the caller retries
    await expect(db.transaction((tx) => tx.query(all, ['11']))).rejects.toMatchObject({ code: '0A000' });
    const second = await nameOfAll();
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    // outside a transaction it is answered at once
    await other.exec('ALTER TABLE amounts ADD COLUMN note2 TEXT');
    expect(await db.query(all, ['11'])).toEqual([expect.objectContaining({ minor: '11', note: null, note2: null })]);
    expect(await nameOfAll()).not.toBe(second);
  });

  it('reports a refused statement the same way, and the connection goes on', async () => {
    const db = await open(true);
    const insert = 'INSERT INTO amounts (minor, at) VALUES ($1, $2)';
    await expect(db.query(insert, [null, '2026-12-06T12:00:00Z'])).rejects.toMatchObject({ code: '23502' });
    await db.query(insert, ['7', '2026-12-06T12:00:00Z']);
    expect(await db.query<{ minor: string }>('SELECT minor FROM amounts WHERE minor = $1', ['7'])).toEqual([{ minor: '7' }]);
  });
});
