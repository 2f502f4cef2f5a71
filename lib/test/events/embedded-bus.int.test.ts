// The embedded bus (no REDIS_URL) over real HTTP: a producer serves its committed log at
// /internal/events, a consumer in another server reads it with a service token, keeps its position
// in its own store (so a restart neither repeats nor loses events) and parks a poison event in its
// event_parked table while the events behind it still arrive.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Database } from '../../db/database';
import { migrate } from '../../db/migrate';
import { openPglite } from '../../db/pglite-database';
import { InternalTokenSigner, InternalTokenVerifier } from '../../internal-auth';
import { registerServiceRoutes } from '../../subgraph-server';
import { freePort, tempDir } from '../../../scripts/lib/processes';
import { assertPgliteUsableUnderJest } from '../../../test/support/pglite-under-jest';
import type { DomainEvent } from '../../events/catalogue';
import { eventConsumerMigration, StoreParkingLot } from '../../events/consumer';
import { EmbeddedEventBus, eventLogRoutes, StorePositions } from '../../events/embedded-bus';
import { appendEvent, eventOutboxMigration } from '../../events/outbox';
import { EventRelay } from '../../events/relay';

import { pointsEvent, twoCustomersOneSlow, until } from '../support/events';

jest.setTimeout(60_000);

let dir: string;
let producerDb: Database;
let consumerDb: Database;
let app: FastifyInstance;
let baseUrl: string;
let signer: InternalTokenSigner;
let relay: EventRelay;

const write = async (...events: DomainEvent[]) => {
  for (const e of events) await producerDb.transaction((tx) => appendEvent(tx, e));
  await relay.runOnce();
};

beforeAll(async () => {
  assertPgliteUsableUnderJest();
  dir = tempDir('corebridge-embedded-events-');
  const keys = join(dir, 'keys');
  signer = await InternalTokenSigner.fromKeysDir(keys);
  producerDb = await openPglite('memory://', 'loyalty');
  consumerDb = await openPglite('memory://', 'engagement');
  await migrate(producerDb, [eventOutboxMigration(1)]);
  await migrate(consumerDb, [eventConsumerMigration(1)]);
  relay = new EventRelay({ db: producerDb, producer: 'loyalty' });
  app = Fastify({ logger: false });
  await registerServiceRoutes(app, await InternalTokenVerifier.fromKeysDir(keys), eventLogRoutes(relay.log));
  const port = await freePort();
  await app.listen({ port, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await app?.close();
  await producerDb?.close();
  await consumerDb?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const consumerBus = () =>
  new EmbeddedEventBus({
    service: 'engagement',
    signer,
    sources: { loyalty: baseUrl },
    positions: new StorePositions(consumerDb),
    parking: new StoreParkingLot(consumerDb),
    retry: { attempts: 2, backoffMs: 10 },
    waitMs: 300,
  });

describe('embedded event bus', () => {
  it('starts a new group at the head, delivers in order, and resumes from its stored position after a restart', async () => {
    await write(pointsEvent(1));
    const seen: string[] = [];
    let bus = consumerBus();
    let sub = bus.subscribe({ group: 'g-resume', types: ['PointsChanged'] }, async (e) => {
      seen.push(e.key);
    });
    await until(async () => (await new StorePositions(consumerDb).get('g-resume', 'loyalty')) !== undefined);
    await write(pointsEvent(2), pointsEvent(3));
    await until(() => seen.length === 2);
    await sub.close();
    await bus.close();
    // written while the consumer was down
    await write(pointsEvent(4));
    bus = consumerBus();
    sub = bus.subscribe({ group: 'g-resume', types: ['PointsChanged'] }, async (e) => {
      seen.push(e.key);
    });
    await write(pointsEvent(5));
    await until(() => seen.length === 4);
    await sub.close();
    await bus.close();
    expect(seen).toEqual(['journal:j-2', 'journal:j-3', 'journal:j-4', 'journal:j-5']);
  });

  it('parks a poison event in the consumer store and delivers the next one', async () => {
    const handled: string[] = [];
    const bus = consumerBus();
    const sub = bus.subscribe({ group: 'g-poison', types: ['PointsChanged'], start: 'earliest' }, async (e) => {
      if (e.key === 'journal:j-7') throw Object.assign(new Error('no'), { code: 'BROKEN' });
      handled.push(e.key);
    });
    // a row a producer of another build wrote: a version this one does not know
    const bad = { ...pointsEvent(6), version: 2 };
    await producerDb.query(`INSERT INTO event_outbox (event_id, type, event_key, envelope, created_at) VALUES ($1, $2, $3, $4, now())`, [
      bad.id,
      bad.type,
      bad.key,
      JSON.stringify(bad),
    ]);
    await write(pointsEvent(7), pointsEvent(8));
    await until(() => handled.includes('journal:j-8'));
    await sub.close();
    await bus.close();
    const parked = await consumerDb.query<{ consumer_group: string; type: string; reason: string }>(
      `SELECT consumer_group, type, reason FROM event_parked ORDER BY id`,
    );
    expect(parked).toEqual([
      { consumer_group: 'g-poison', type: 'PointsChanged', reason: 'PointsChanged has no version 2' },
      { consumer_group: 'g-poison', type: 'PointsChanged', reason: 'handler failed 2 times: BROKEN' },
    ]);
    expect(handled).toContain('journal:j-8');
    expect(handled).not.toContain('journal:j-7');
  });

  it('with concurrency, handles another customer while one is slow, keeps each customer in order, and stores the position past all', async () => {
    const { events, handler, seen } = twoCustomersOneSlow();
    const bus = consumerBus();
    const sub = bus.subscribe({ group: 'g-lanes', types: ['PointsChanged'], concurrency: 4 }, handler);
    await until(async () => (await new StorePositions(consumerDb).get('g-lanes', 'loyalty')) !== undefined);
    await write(...events);
    const head = await relay.log.head();
    await until(() => seen.length === 4);
    await until(async () => (await new StorePositions(consumerDb).get('g-lanes', 'loyalty')) === head);
    await sub.close();
    await bus.close();
    expect(seen.slice(0, 2)).toEqual(['C-1002:journal:j-2', 'C-1002:journal:j-4']);
    expect(seen.slice(2)).toEqual(['C-1001:journal:j-1', 'C-1001:journal:j-3']);
  });

  it('serves the log to service callers only', async () => {
    const res = await fetch(`${baseUrl}/internal/events?after=0`);
    expect(res.status).toBe(401);
  });
});
