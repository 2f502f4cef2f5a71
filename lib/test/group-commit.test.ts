// Group commit (lib/db/group-commit.ts) on PGlite, and PostgreSQL when DATABASE_URL is set: items
// arriving while a transaction runs share the next one, each promise settles only after its
// commit, a failing item rolls its batch back and the others are settled alone (their work done
// once), and a batch runs in the given order.
import { GroupCommit } from '../db/group-commit';
import { type OpenedStore, serviceStores } from '../../test/support/temp-stores';

describe.each(serviceStores('lib', 'group_commit'))('group commit on %s', (_name, open) => {
  let opened: OpenedStore | undefined;
  const rows = async () => (await opened!.db.query<{ v: string }>('SELECT v FROM items ORDER BY seq')).map((r) => r.v);

  beforeAll(async () => {
    opened = await open();
    // the store's schema (search_path) is made by a service's migrations; here by hand
    await opened.db.exec(`CREATE SCHEMA IF NOT EXISTS "${opened.db.schema}"`);
    await opened.db.exec('CREATE TABLE items (seq SERIAL PRIMARY KEY, v TEXT NOT NULL UNIQUE)');
  });

  afterAll(async () => {
    await opened?.dispose();
  });

  beforeEach(async () => {
    await opened!.db.exec('DELETE FROM items');
  });

  it('commits what arrived meanwhile in one transaction, and resolves only after the commit', async () => {
    const transactions: number[] = [];
    let committedWhenResolved: string[] | undefined;
    const db = opened!.db;
    const counting = {
      ...db,
      transaction: <T>(work: Parameters<typeof db.transaction<T>>[0]) => {
        transactions.push(0);
        return db.transaction(async (tx) => {
          const out = await work(tx);
          const [count] = await tx.query<{ n: string }>('SELECT count(*)::text AS n FROM items');
          transactions[transactions.length - 1] = Number(count?.n);
          return out;
        });
      },
    };
    const group = new GroupCommit(counting, async (tx, v: string) => {
      await tx.query('INSERT INTO items (v) VALUES ($1)', [v]);
      return v.toUpperCase();
    });
    const first = group.run('a');
    const rest = ['b', 'c', 'd'].map((v) => group.run(v));
    const answers = await Promise.all([first.then(async (a) => ((committedWhenResolved = await rows()), a)), ...rest]);
    expect(answers).toEqual(['A', 'B', 'C', 'D']);
    // 'a' alone (nothing waited yet), then b, c and d together: rows seen at the end of each
    expect(transactions).toEqual([1, 4]);
    expect(committedWhenResolved).toEqual(expect.arrayContaining(['a']));
    expect(await rows()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('settles a failing item alone: its batch is rolled back and the others run again, each once', async () => {
    const ran: string[] = [];
    const group = new GroupCommit(opened!.db, async (tx, v: string) => {
      ran.push(v);
      if (v === 'bad') throw new Error('no rate for this one');
      await tx.query('INSERT INTO items (v) VALUES ($1)', [v]);
      return v;
    });
    const blocker = group.run('x');
    const settled = await Promise.allSettled([blocker, group.run('p'), group.run('bad'), group.run('q')]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((settled[2] as PromiseRejectedResult).reason).toMatchObject({ message: 'no rate for this one' });
    // p, bad (q never reached: rolled back), then each alone: p and q are stored once
    expect(ran).toEqual(['x', 'p', 'bad', 'p', 'bad', 'q']);
    expect((await rows()).sort()).toEqual(['p', 'q', 'x']);
  });

  it('runs a batch in the given order, keeping arrival order among equals', async () => {
    const group = new GroupCommit(
      opened!.db,
      async (tx, v: string) => {
        await tx.query('INSERT INTO items (v) VALUES ($1)', [v]);
        return v;
      },
      { order: (a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0), maxBatch: 10 },
    );
    const blocker = group.run('z0');
    await Promise.all([blocker, ...['c1', 'a1', 'c2', 'b1', 'a2'].map((v) => group.run(v))]);
    expect(await rows()).toEqual(['z0', 'a1', 'a2', 'b1', 'c1', 'c2']);
  });

  it('runs begin once a batch, first, with its items in order, and hands its result to each item', async () => {
    const begun: string[][] = [];
    const group = new GroupCommit(
      opened!.db,
      async (tx, v: string, seen: number) => {
        if (v === 'bad') throw new Error('refused');
        await tx.query('INSERT INTO items (v) VALUES ($1)', [`${v}:${seen}`]);
        return v;
      },
      {
        order: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
        begin: async (tx, items) => {
          begun.push([...items]);
          const [count] = await tx.query<{ n: string }>('SELECT count(*)::text AS n FROM items');
          return Number(count?.n);
        },
      },
    );
    const blocker = group.run('m');
    const settled = await Promise.allSettled([blocker, group.run('q'), group.run('bad'), group.run('p')]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    // m alone; then the batch in its order, rolled back for 'bad'; then each alone, begun again
    expect(begun).toEqual([['m'], ['bad', 'p', 'q'], ['bad'], ['p'], ['q']]);
    // each item saw what begin read in its own (last) transaction: m's row, then p's
    expect(await rows()).toEqual(['m:0', 'p:1', 'q:2']);
  });

  it('takes at most maxBatch items a transaction', async () => {
    let transactions = 0;
    const db = opened!.db;
    const counting = { ...db, transaction: <T>(work: Parameters<typeof db.transaction<T>>[0]) => (transactions++, db.transaction(work)) };
    const group = new GroupCommit(counting, async (tx, v: string) => (await tx.query('INSERT INTO items (v) VALUES ($1)', [v]), v), { maxBatch: 2 });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((v) => group.run(v)));
    // a alone, then (b c), (d e)
    expect(transactions).toBe(3);
    expect(await rows()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
