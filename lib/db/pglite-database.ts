import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, openAsBlob, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable, Row } from './database';
import { assertSchemaName, CommitHooks } from './database';
import { lockDataDir } from './data-dir-lock';

type PGliteTx = Parameters<Parameters<PGlite['transaction']>[0]>[0];

/** `hooks`: the transaction's afterCommit hooks; absent outside a transaction (a hook runs at once) */
function queryable(target: PGlite | PGliteTx, hooks?: CommitHooks): Queryable {
  return {
    afterCommit: (fn) => (hooks ? hooks.add(fn) : fn()),
    beforeCommit: (fn) => (hooks ? hooks.addBefore(fn) : false),
    async query<T extends Row>(text: string, params: readonly unknown[] = []) {
      const result = await target.query<T>(text, params as unknown[]);
      return result.rows;
    },
    async exec(script: string) {
      await target.exec(script);
    },
  };
}

/**
 * PostgreSQL's shared buffers inside each embedded store: the largest part of a PGlite process's
 * memory. The default 128MB, filled as tables are read, took a subgraph to about 470 MiB; the
 * embedded stores hold a development data set of a few MB, so 16MB caches all of it
 * (docs/performance.md "Footprint"). PGLITE_SHARED_BUFFERS sets another size (PostgreSQL's units).
 */
function pgliteOptions(): { startParams: string[] } {
  const sharedBuffers = process.env.PGLITE_SHARED_BUFFERS ?? '16MB';
  if (!/^\d+(kB|MB|GB)$/.test(sharedBuffers)) throw new Error(`PGLITE_SHARED_BUFFERS=${sharedBuffers}: a size like 16MB`);
  const defaults = (PGlite as unknown as { defaultStartParams: string[] }).defaultStartParams;
  return { startParams: [...defaults, '-c', `shared_buffers=${sharedBuffers}`] };
}

/**
 * A new store starts as a copy of a freshly initialised cluster rather than by running initdb:
 * initdb was most of an open's time (about 2.5 s of CPU, against about 1.1 s to load the copy), and
 * `npm start`, the stacks and the test suites open hundreds of new stores. The copy is PGlite's own
 * initdb output, dumped by the first open that ran initdb (before any migration), kept in the
 * folder PGLITE_TEMPLATE names (default: the temp folder) under a key of PGlite's binaries (another
 * PGlite version makes its own), written once and atomically (publishOnce). PGLITE_TEMPLATE=off runs
 * initdb for every new store.
 */
let binariesKey: string | undefined;
const pgliteTemplate = {
  enabled: () => process.env.PGLITE_TEMPLATE !== 'off',
  path(): string {
    // PGlite's binaries do not change under a running process: hashed once
    binariesKey ??= createHash('sha256')
      .update(readFileSync(require.resolve('@electric-sql/pglite/initdb.wasm')))
      .update(`${statSync(require.resolve('@electric-sql/pglite/pglite.wasm')).size}:${statSync(require.resolve('@electric-sql/pglite/pglite.data')).size}`)
      .digest('hex')
      .slice(0, 16);
    return join(process.env.PGLITE_TEMPLATE || tmpdir(), `corebridge-pglite-initdb-${binariesKey}-${process.getuid?.() ?? 0}.tar`);
  },
  /** the copy as a Blob backed by its file (40 MB: not read into memory twice) */
  async read(path: string): Promise<Blob | undefined> {
    try {
      return await openAsBlob(path);
    } catch {
      return undefined;
    }
  },
  async write(pg: PGlite, path: string): Promise<void> {
    const partial = `${path}.${process.pid}.partial`;
    try {
      const dump = await pg.dumpDataDir('none');
      writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      publishOnce(partial, path);
    } catch {
      // best effort: the next new store runs initdb again and tries once more
      rmSync(partial, { force: true });
    }
  },
};

/**
 * Puts the complete file `partial` at `path` unless a file is there already; true when it did.
 * Never over an existing one: a Blob from openAsBlob fails with NotReadableError once its file is
 * replaced, and other processes load the template through such Blobs. On a new machine every test
 * worker runs initdb at once; when each renamed its copy over the last, the stores being loaded from
 * the one before failed (CI saw a whole suite fail so).
 */
export function publishOnce(partial: string, path: string): boolean {
  try {
    linkSync(partial, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return false;
  } finally {
    rmSync(partial, { force: true });
  }
}

/** PGlite in `dataDir`: a new cluster from the template when there is one, else by initdb (see above). */
async function createCluster(dataDir: string, inMemory: boolean): Promise<PGlite> {
  const isNew = inMemory || !existsSync(join(dataDir, 'PG_VERSION'));
  if (!isNew || !pgliteTemplate.enabled()) return PGlite.create(dataDir, pgliteOptions());
  const path = pgliteTemplate.path();
  const template = await pgliteTemplate.read(path);
  if (template) {
    try {
      return await PGlite.create(dataDir, { ...pgliteOptions(), loadDataDir: template });
    } catch (err) {
      // a copy PGlite cannot load is dropped; a folder it was partly unpacked into is not guessed at
      rmSync(path, { force: true });
      if (!inMemory) throw new Error(`${dataDir}: the store could not be created from ${path} (removed); start again`, { cause: err });
    }
  }
  const pg = await PGlite.create(dataDir, pgliteOptions());
  await pgliteTemplate.write(pg, path);
  return pg;
}

/**
 * Opens (creating on first use) an embedded PostgreSQL in `dataDir`; one process at a time.
 * `memory://` keeps it in memory (tests) and needs no lock.
 */
export async function openPglite(dataDir: string, schema: string): Promise<Database> {
  assertSchemaName(schema);
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const lock = inMemory ? { release: () => undefined } : lockDataDir(`${dataDir}.lock`);
  let pg: PGlite;
  try {
    pg = await createCluster(dataDir, inMemory);
    // the schema may not exist yet (migrations create it); search_path tolerates that
    await pg.exec(`SET search_path TO "${schema}"`);
  } catch (err) {
    lock.release();
    throw err;
  }
  const root = queryable(pg);
  return {
    kind: 'pglite',
    schema,
    query: root.query,
    exec: root.exec,
    afterCommit: root.afterCommit,
    beforeCommit: root.beforeCommit,
    transaction: async <T>(work: (tx: Queryable) => Promise<T>) => {
      const hooks = new CommitHooks();
      const result = await pg.transaction(async (tx) => {
        const done = await work(queryable(tx, hooks));
        await hooks.runBefore();
        return done;
      });
      hooks.run();
      return result;
    },
    close: async () => {
      try {
        await pg.close();
      } finally {
        lock.release();
      }
    },
  };
}
