// New embedded stores start from a copy of a freshly initialised cluster instead of running initdb
// (lib/db/pglite-database.ts). A copy keeps the cluster's system identifier, initdb makes a new one
// each time: that tells which way a store was made.
import { existsSync, mkdtempSync, openAsBlob, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPglite, publishOnce } from '../db/pglite-database';
import type { Database } from '../db/database';
import { assertPgliteUsableUnderJest } from '../../test/support/pglite-under-jest';

jest.setTimeout(120_000);

async function systemId(db: Database): Promise<string> {
  const [row] = await db.query<{ id: string }>('SELECT system_identifier::text AS id FROM pg_control_system()');
  return row!.id;
}

async function idOf(dataDir: string): Promise<string> {
  const db = await openPglite(dataDir, 'template_test');
  try {
    return await systemId(db);
  } finally {
    await db.close();
  }
}

const templates = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('corebridge-pglite-initdb-') && f.endsWith('.tar'));

describe('embedded stores from a template cluster', () => {
  const saved = process.env.PGLITE_TEMPLATE;
  let temp: string;
  beforeAll(() => assertPgliteUsableUnderJest());
  beforeEach(() => {
    // a folder of the test's own for the template (PGLITE_TEMPLATE names it)
    temp = mkdtempSync(join(tmpdir(), 'pglite-template-'));
    process.env.PGLITE_TEMPLATE = temp;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.PGLITE_TEMPLATE;
    else process.env.PGLITE_TEMPLATE = saved;
  });

  it('the first new store runs initdb and leaves the template; the next ones are copies of it', async () => {
    expect(templates(temp)).toEqual([]);
    const first = await idOf('memory://');
    expect(templates(temp)).toHaveLength(1);
    expect(await idOf('memory://')).toBe(first);
    expect(await idOf(join(temp, 'on-disk'))).toBe(first);
    // PGLITE_TEMPLATE=off: initdb, a cluster of its own
    process.env.PGLITE_TEMPLATE = 'off';
    expect(await idOf('memory://')).not.toBe(first);
    expect(templates(temp)).toHaveLength(1);
  });

  it('a store on disk made from the template keeps its data and is reopened as itself, not copied over', async () => {
    await idOf('memory://');
    const dir = join(temp, 'accounts');
    const db = await openPglite(dir, 'public');
    await db.exec('CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)');
    const id = await systemId(db);
    await db.close();
    const again = await openPglite(dir, 'public');
    try {
      expect(await again.query('SELECT n FROM kept')).toEqual([{ n: 42 }]);
      expect(await systemId(again)).toBe(id);
    } finally {
      await again.close();
    }
  });

  it('a template is written once: a later writer leaves it as it is, so a store loading it is not broken', async () => {
    const path = join(temp, 'template.tar');
    writeFileSync(join(temp, 'first.partial'), 'first');
    expect(publishOnce(join(temp, 'first.partial'), path)).toBe(true);
    // what a store loading the template holds (lib/db/pglite-database.ts reads it through openAsBlob)
    const loading = await openAsBlob(path);
    writeFileSync(join(temp, 'second.partial'), 'second, written by a store that ran initdb at the same time');
    expect(publishOnce(join(temp, 'second.partial'), path)).toBe(false);
    // replaced, the Blob would fail with NotReadableError
    expect(await loading.text()).toBe('first');
    expect(readdirSync(temp).sort()).toEqual(['template.tar']);
  });

  it('new stores opened at once with no template yet all open, and leave one template and no partial files', async () => {
    const ids = await Promise.all([idOf('memory://'), idOf('memory://'), idOf(join(temp, 'on-disk'))]);
    expect(ids).toHaveLength(3);
    expect(readdirSync(temp).filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(templates(temp)).toHaveLength(1);
    // the next store is a copy of that one template
    const next = await idOf('memory://');
    expect(await idOf('memory://')).toBe(next);
  });

  it('a damaged template is dropped: a store in memory is made by initdb, and a good template written again', async () => {
    const first = await idOf('memory://');
    const [name] = templates(temp);
    writeFileSync(join(temp, name!), 'not a tar file');
    const second = await idOf('memory://');
    expect(second).not.toBe(first);
    expect(existsSync(join(temp, name!))).toBe(true);
    expect(await idOf('memory://')).toBe(second);
  });
});
