// The outbox and its relay on both stores: an event exists exactly when the transaction that wrote
// it committed, the relay publishes committed events in outbox order and gives them log positions,
// and two relays on one PostgreSQL schema (two replicas) publish each event once.
import pino from 'pino';
import type { Database } from '../../db/database';
import { migrate } from '../../db/migrate';
import { openPglite } from '../../db/pglite-database';
import { openPostgres } from '../../db/postgres-database';
import { ServiceMetrics } from '../../service-metrics';
import { openTempPostgres } from '../../../test/support/temp-stores';
import { assertPgliteUsableUnderJest } from '../../../test/support/pglite-under-jest';
import type { EventEnvelope } from '../../events/catalogue';
import { appendEvent, eventOutboxMigration } from '../../events/outbox';
import { EventRelay, type EventPublisher } from '../../events/relay';
import { relayWakeGapMs } from '../../events';
import { pointsEvent, until } from '../support/events';

jest.setTimeout(60_000);

const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL) console.warn('outbox-relay.test.ts: the PostgreSQL cases are skipped: DATABASE_URL is not set');

/** Records what reached "the bus"; `delayMs` keeps a publish in flight so passes overlap. */
class RecordingPublisher implements EventPublisher {
  readonly published: EventEnvelope[] = [];
  constructor(private readonly delayMs = 0) {}
  async publish(_producer: string, events: readonly EventEnvelope[]): Promise<void> {
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    this.published.push(...events);
  }
}

type Store = { db: Database; close(): Promise<void> };

const stores: Array<[string, (() => Promise<Store>) | null]> = [
  [
    'PGlite',
    async () => {
      assertPgliteUsableUnderJest();
      const db = await openPglite('memory://', 'events_test');
      return { db, close: () => db.close() };
    },
  ],
  [
    'PostgreSQL',
    DATABASE_URL
      ? async () => {
          const { db, dispose } = await openTempPostgres(DATABASE_URL, 'events_test');
          return { db, close: dispose };
        }
      : null,
  ],
];

describe.each(stores)('event outbox on %s', (_name, open) => {
  const maybe = open ? it : it.skip;
  let store: Store;

  beforeEach(async () => {
    if (!open) return;
    store = await open();
    await migrate(store.db, [eventOutboxMigration(1)]);
  });
  afterEach(async () => {
    if (open) await store.close();
  });

  maybe('publishes an event of a committed transaction and none of a rolled-back one', async () => {
    const { db } = store;
    await db.transaction(async (tx) => {
      await appendEvent(tx, pointsEvent(1));
    });
    await expect(
      db.transaction(async (tx) => {
        await appendEvent(tx, pointsEvent(2));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const bus = new RecordingPublisher();
    const metrics = new ServiceMetrics('loyalty', { defaultMetrics: false });
    const relay = new EventRelay({ db, producer: 'loyalty', publisher: bus, metrics });
    expect(await relay.log.backlog()).toMatchObject({ pending: 1 });
    expect(await relay.runOnce()).toBe(1);
    expect(bus.published.map((e) => e.key)).toEqual(['journal:j-1']);
    expect(await relay.runOnce()).toBe(0);
    expect(await relay.log.backlog()).toEqual({ pending: 0 });
    const text = await metrics.text();
    expect(text).toMatch(/events_published_total\{type="PointsChanged",service="loyalty"\} 1/);
    expect(text).toMatch(/outbox_pending_messages\{outbox="events",service="loyalty"\} 0/);
  });

  maybe('logs a failing publish once (not every poll) and says when it publishes again, losing nothing', async () => {
    const { db } = store;
    await db.transaction((tx) => appendEvent(tx, pointsEvent(1)));
    let down = true;
    let refused = 0;
    const published: string[] = [];
    const lines: Array<{ msg: string; failedPasses?: number }> = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const relay = new EventRelay({
      db,
      producer: 'loyalty',
      log,
      publisher: {
        publish: async (_p, events) => {
          if (down) {
            refused++;
            throw new Error('connect ECONNREFUSED');
          }
          published.push(...events.map((e) => e.key));
        },
      },
    });
    relay.start(5);
    await until(() => refused >= 20);
    down = false;
    await until(() => published.length === 1);
    await relay.stop();
    expect(lines.filter((l) => l.msg === 'event relay pass failed')).toHaveLength(1);
    expect(lines.filter((l) => l.msg === 'event relay publishing again')).toEqual([expect.objectContaining({ failedPasses: expect.any(Number) })]);
    expect(published).toEqual(['journal:j-1']);
  });

  maybe('runs afterCommit hooks once after COMMIT, never after a rollback, and at once outside a transaction', async () => {
    const { db } = store;
    const ran: string[] = [];
    const hook = () => ran.push('committed');
    await db.transaction(async (tx) => {
      tx.afterCommit(hook);
      tx.afterCommit(hook);
      await tx.query('SELECT 1');
      // still inside: nothing is durable yet
      expect(ran).toEqual([]);
    });
    expect(ran).toEqual(['committed']);
    await expect(
      db.transaction(async (tx) => {
        tx.afterCommit(() => ran.push('rolled back'));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    db.afterCommit(() => ran.push('autocommit'));
    expect(ran).toEqual(['committed', 'autocommit']);
  });

  maybe("writes a transaction's events in one statement just before COMMIT, in the order appended; none after a rollback; at once outside one", async () => {
    const { db } = store;
    const keysInOutbox = async () => (await db.query<{ event_key: string }>('SELECT event_key FROM event_outbox ORDER BY seq')).map((r) => r.event_key);
    const before = await keysInOutbox();
    const inserts: string[] = [];
    await db.transaction(async (raw) => {
      const tx = { ...raw, query: ((text: string, params?: readonly unknown[]) => (inserts.push(text), raw.query(text, params))) as typeof raw.query };
      for (const n of [902, 901, 903]) await appendEvent(tx, pointsEvent(n));
      // appended, not written yet: the transaction's last statement writes them
      expect(inserts).toEqual([]);
      await tx.query('SELECT 1');
    });
    expect(inserts.filter((q) => q.startsWith('INSERT INTO event_outbox'))).toHaveLength(1);
    expect((await keysInOutbox()).slice(before.length)).toEqual(['journal:j-902', 'journal:j-901', 'journal:j-903']);
    await expect(
      db.transaction(async (tx) => {
        await appendEvent(tx, pointsEvent(904));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await appendEvent(db, pointsEvent(905));
    expect((await keysInOutbox()).slice(before.length)).toEqual(['journal:j-902', 'journal:j-901', 'journal:j-903', 'journal:j-905']);
  });

  maybe('a started relay publishes right after a commit of events, not at its next poll', async () => {
    const { db } = store;
    const bus = new RecordingPublisher();
    const relay = new EventRelay({ db, producer: 'loyalty', publisher: bus, wakeGapMs: 20 });
    // the poll alone would take a minute: only the commit's wake can publish within the wait below
    relay.start(60_000);
    try {
      const woken = relay.log.nextPublish(30_000);
      for (let n = 1; n <= 3; n++) await db.transaction((tx) => appendEvent(tx, pointsEvent(n)));
      await until(() => bus.published.length === 3, 5000);
      await woken;
      expect(bus.published.map((e) => e.key)).toEqual(['journal:j-1', 'journal:j-2', 'journal:j-3']);
      expect(await relay.log.head()).toBe(3n);
    } finally {
      await relay.stop();
    }
    // stopped: a commit no longer wakes it
    await db.transaction((tx) => appendEvent(tx, pointsEvent(4)));
    await new Promise((r) => setTimeout(r, 200));
    expect(bus.published).toHaveLength(3);
  });

  maybe('gives events positions in outbox order, readable after any position', async () => {
    const { db } = store;
    for (let n = 1; n <= 5; n++) await db.transaction((tx) => appendEvent(tx, pointsEvent(n)));
    const relay = new EventRelay({ db, producer: 'loyalty', batchSize: 2 });
    expect(await relay.runOnce()).toBe(5);
    expect(await relay.log.head()).toBe(5n);
    const after2 = await relay.log.after(2n, 10);
    expect(after2.map((e) => [e.position, e.envelope.key])).toEqual([
      [3n, 'journal:j-3'],
      [4n, 'journal:j-4'],
      [5n, 'journal:j-5'],
    ]);
    await db.transaction((tx) => appendEvent(tx, pointsEvent(6)));
    // written but not yet published: not in the log
    expect(await relay.log.after(5n, 10)).toEqual([]);
    await relay.runOnce();
    expect((await relay.log.after(5n, 10)).map((e) => e.position)).toEqual([6n]);
  });

  (open && _name === 'PostgreSQL' ? it : it.skip)('two relays on one schema publish each event once, in order', async () => {
    const { db } = store;
    const second = await openPostgres({ connectionString: DATABASE_URL as string, schema: db.schema });
    try {
      const bus = new RecordingPublisher(5);
      const a = new EventRelay({ db, producer: 'loyalty', publisher: bus, batchSize: 7 });
      const b = new EventRelay({ db: second, producer: 'loyalty', publisher: bus, batchSize: 7 });
      const written: string[] = [];
      // writers and both relays at once
      await Promise.all([
        (async () => {
          for (let n = 1; n <= 60; n++) {
            const e = pointsEvent(n);
            written.push(e.id);
            await db.transaction((tx) => appendEvent(tx, e));
          }
        })(),
        (async () => {
          for (let i = 0; i < 30; i++) await Promise.all([a.runOnce(), b.runOnce()]);
        })(),
      ]);
      await a.runOnce();
      await b.runOnce();
      const ids = bus.published.map((e) => e.id);
      expect(ids).toHaveLength(60);
      expect(ids).toEqual(written);
      const positions = await db.query<{ n: unknown; max: unknown }>(`SELECT count(DISTINCT position) AS n, max(position) AS max FROM event_outbox`);
      expect(positions.map((r) => [Number(r.n), Number(r.max)])).toEqual([[60, 60]]);
    } finally {
      await second.close();
    }
  });
});

describe('EVENT_RELAY_WAKE_GAP_MS', () => {
  it('defaults to 50 ms, takes whole milliseconds (0: no wake) and refuses anything else', () => {
    expect(relayWakeGapMs({})).toBe(50);
    expect(relayWakeGapMs({ EVENT_RELAY_WAKE_GAP_MS: '0' })).toBe(0);
    expect(relayWakeGapMs({ EVENT_RELAY_WAKE_GAP_MS: '120' })).toBe(120);
    for (const bad of ['-1', '1.5', 'soon', '999999']) expect(() => relayWakeGapMs({ EVENT_RELAY_WAKE_GAP_MS: bad })).toThrow(/EVENT_RELAY_WAKE_GAP_MS/);
  });
});
