// POST /core/notifications over the real store (PGlite, and PostgreSQL when DATABASE_URL is set):
// one movement per transaction detail, a repeat changes nothing, a bad signature or an unreadable
// message is refused and changes nothing, a mismatched entry is parked while the others apply,
// the hook runs inside the store transaction, and the counters in accounts' registry move.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { migrate } from '../../../lib/db/migrate';
import type { Queryable } from '../../../lib/db/database';
import { createLogger } from '../../../lib/logger';
import { ServiceMetrics } from '../../../lib/service-metrics';
import { NOTIFICATION_SIGNATURE_HEADER, signNotification } from '../../../legacy-adapters/iso20022/src';
import { accountsStores, type OpenedStore } from './support/stores';
import { logSink } from '../../../test/support/log-sink';
import { coreNotificationRoutes, CORE_NOTIFICATIONS_PATH, NotificationMetrics } from '../src/adapters/core-notifications';
import { CoreMovements, type MovementsBookedHook } from '../src/db/core-movements';
import { MIGRATIONS } from '../src/db/migrations';
import type { CoreMovement } from '../src/domain/core-movements';

const SECRET = 'accounts-test-notification-secret';
const FIXTURES = join(__dirname, '..', '..', '..', 'legacy-adapters', 'iso20022', 'test', 'fixtures', 'batched');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const IBAN = 'DE89370400440532013000';

type Opened = OpenedStore;
const STORES = accountsStores('core notifications');

describe.each(STORES)('core notifications on %s', (_name, open) => {
  let opened: Opened;
  let app: FastifyInstance;
  let store: CoreMovements;
  let metrics: ServiceMetrics;
  let booked: CoreMovement[][];
  let hook: MovementsBookedHook;

  // one store per engine (PGlite takes seconds to start), emptied before each case
  beforeAll(async () => {
    opened = await open();
    await migrate(opened.db, MIGRATIONS);
  });
  afterAll(async () => opened.dispose());

  beforeEach(async () => {
    await opened.db.exec('DELETE FROM core_movements; DELETE FROM core_parked_entries;');
    booked = [];
    hook = async (_tx: Queryable, movements) => void booked.push([...movements]);
    store = new CoreMovements(opened.db, (tx, m) => hook(tx, m));
    metrics = new ServiceMetrics('accounts', { defaultMetrics: false });
    app = Fastify();
    await coreNotificationRoutes({
      store,
      secret: SECRET,
      metrics: new NotificationMetrics(metrics.registry),
      log: createLogger('accounts', logSink().stream),
    })(app);
    // listening for real: fastify.inject needs require(esm), which jest has from Node 24.9 only
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterEach(async () => app.close());

  /** signature null: none sent */
  const post = async (body: string, signature: string | null = signNotification(body, SECRET)) => {
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const res = await fetch(`http://127.0.0.1:${port}${CORE_NOTIFICATIONS_PATH}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/xml; charset=utf-8', ...(signature ? { [NOTIFICATION_SIGNATURE_HEADER]: signature } : {}) },
    });
    const json = (await res.json()) as Record<string, unknown>;
    return { statusCode: res.status, json: () => json };
  };
  const count = async (table: string) => Number((await opened.db.query<{ n: unknown }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n);
  const counter = async (name: string, outcome: string) => {
    const line = (await metrics.text()).split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(`outcome="${outcome}"`));
    return line ? Number(line.split(' ').pop()) : 0;
  };

  it('stores a salary run as one movement per detail, each with its own reference and amount; a repeat changes nothing', async () => {
    const body = fixture('salary-run.camt054.v8.xml');
    const first = await post(body);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ applied: 3, duplicates: 0, parked: 0 });
    const rows = await store.ofAccount(IBAN);
    expect(rows.map((r) => [r.entryReference, r.detailIndex, r.amountMinor, r.creditDebit, r.servicerReference]).sort()).toEqual([
      ['SALRUN-2026-11-0007', 0, 285000n, 'CRDT', 'TX-9001'],
      ['SALRUN-2026-11-0007', 1, 30000n, 'CRDT', 'TX-9002'],
      ['SALRUN-2026-11-0007', 2, 5000n, 'CRDT', 'TX-9003'],
    ]);
    expect(booked).toHaveLength(1);
    expect(booked[0]?.map((m) => m.detailIndex)).toEqual([0, 1, 2]);

    const again = await post(body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ applied: 0, duplicates: 3, parked: 0 });
    expect(await count('core_movements')).toBe(3);
    // the hook sees only what is new: nothing, so the next step writes no second event
    expect(booked[1]).toEqual([]);
    expect(await counter('core_notifications_total', 'received')).toBe(2);
    expect(await counter('core_notifications_total', 'applied')).toBe(1);
    expect(await counter('core_notifications_total', 'duplicate')).toBe(1);
    expect(await counter('core_notification_movements_total', 'applied')).toBe(3);
  });

  it('refuses a missing or wrong signature with 401 and changes nothing', async () => {
    const body = fixture('salary-run.camt054.v8.xml');
    for (const signature of [null, signNotification(body, 'another-secret-entirely'), signNotification(body.replace('3200.00', '3300.00'), SECRET)]) {
      const res = await post(body, signature);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'NOTIFICATION_SIGNATURE_INVALID' });
    }
    expect(await count('core_movements')).toBe(0);
    expect(booked).toEqual([]);
    expect(await counter('core_notifications_total', 'refused')).toBe(3);
  });

  it('refuses an unreadable or wrong message with a stable code and changes nothing', async () => {
    const truncated = fixture('salary-run.camt054.v8.xml').slice(0, 900);
    expect((await post(truncated)).json()).toMatchObject({ code: 'CAMT_MALFORMED_XML' });
    const statement = fixture('card-settlement.camt053.v2.xml');
    const res = await post(statement);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'NOTIFICATION_INVALID' });
    expect(await count('core_movements')).toBe(0);
    expect(await count('core_parked_entries')).toBe(0);
  });

  it('parks an entry whose details do not add up, with the reason, and applies the others of the message', async () => {
    const body = fixture('mismatch.camt054.v4.xml');
    const res = await post(body);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ applied: 1, duplicates: 0, parked: 1 });
    expect(await store.parked()).toEqual([
      {
        messageId: 'NTF-MIS-0001',
        entryReference: 'CARDSET-20261127-01',
        reason: 'CAMT_DETAILS_MISMATCH',
        detail: expect.stringMatching(/add up to -5000, the entry is -6000/),
      },
    ]);
    expect((await store.ofAccount(IBAN)).map((r) => [r.entryReference, r.amountMinor, r.endToEndId])).toEqual([['TRF-20261127-09', 12500n, 'INV-2026-0042']]);
    // the repeat parks nothing twice and applies nothing twice
    expect((await post(body)).json()).toEqual({ applied: 0, duplicates: 1, parked: 1 });
    expect(await count('core_parked_entries')).toBe(1);
    expect(await counter('core_notifications_total', 'parked')).toBe(2);
    expect(await counter('core_notification_movements_total', 'parked')).toBe(2);
  });

  it('answers 503 and keeps nothing when the transaction fails (the core sends again)', async () => {
    hook = async () => {
      throw new Error('outbox unavailable');
    };
    const body = fixture('salary-run.camt054.v8.xml');
    const res = await post(body);
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'NOTIFICATION_NOT_STORED' });
    expect(await count('core_movements')).toBe(0);
    hook = async (_tx, movements) => void booked.push([...movements]);
    expect((await post(body)).json()).toEqual({ applied: 3, duplicates: 0, parked: 0 });
  });

  it('the hook writes in the same transaction as the movements', async () => {
    let seenInside = -1;
    hook = async (tx) => {
      // what the hook reads inside the transaction is what the notification just stored
      const [row] = await tx.query<{ n: unknown }>('SELECT count(*) AS n FROM core_movements');
      seenInside = Number(row?.n);
    };
    await post(fixture('salary-run.camt054.v8.xml'));
    expect(seenInside).toBe(3);
  });
});
