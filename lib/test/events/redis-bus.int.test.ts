// The Redis Streams bus against the real Redis (REDIS_URL; skipped without it), each case under a
// key prefix of its own: a group gets every event at least once, a member that dies before its
// XACK has its event taken over by another, an idempotent handler applies it once, and a poison
// event is parked with its reason while the events behind it still arrive.
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { Database } from '../../db/database';
import { migrate } from '../../db/migrate';
import { openPglite } from '../../db/pglite-database';
import { ServiceMetrics } from '../../service-metrics';
import { assertPgliteUsableUnderJest } from '../../../test/support/pglite-under-jest';
import { type DomainEvent, type EventEnvelope, newEvent } from '../../events/catalogue';
import { eventConsumerMigration, processOnce } from '../../events/consumer';
import { RedisEventBus } from '../../events/redis-bus';

import { pointsEvent, twoCustomersOneSlow, until } from '../support/events';

jest.setTimeout(60_000);

const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) console.warn('redis-bus.int.test.ts skipped: REDIS_URL is not set (these tests need a real Redis)');
const describeWithRedis = REDIS_URL ? describe : describe.skip;

describeWithRedis('Redis Streams event bus', () => {
  let prefix: string;
  let redis: Redis;
  const buses: RedisEventBus[] = [];
  const bus = (over: Partial<ConstructorParameters<typeof RedisEventBus>[0]> = {}) => {
    const b = new RedisEventBus({ redisUrl: REDIS_URL as string, keyPrefix: prefix, blockMs: 200, retry: { attempts: 3, backoffMs: 10 }, ...over });
    buses.push(b);
    return b;
  };

  beforeAll(() => {
    redis = new Redis(REDIS_URL as string);
  });
  afterAll(async () => {
    await redis.quit();
  });
  beforeEach(() => {
    prefix = `test:events:${randomUUID()}:`;
  });
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((b) => b.close()));
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
  });

  it('publishes to the producer stream, bounded, and a group reads each event', async () => {
    const producer = bus({ maxLen: 1000 });
    const seen: string[] = [];
    const sub = bus().subscribe({ group: 'g1', types: ['PointsChanged'], start: 'earliest' }, async (e) => {
      seen.push(e.key);
    });
    await producer.publish('loyalty', [pointsEvent(1), pointsEvent(2), pointsEvent(3)]);
    await until(() => seen.length === 3);
    expect(seen).toEqual(['journal:j-1', 'journal:j-2', 'journal:j-3']);
    expect(await redis.xlen(`${prefix}events:loyalty`)).toBe(3);
    await until(async () => ((await redis.xpending(`${prefix}events:loyalty`, 'g1')) as [number])[0] === 0);
    await sub.close();
  });

  it('with concurrency, handles another customer while one is slow, keeps each customer in order, and acknowledges all', async () => {
    const { events, handler, seen } = twoCustomersOneSlow();
    const sub = bus().subscribe({ group: 'g-lanes', types: ['PointsChanged'], start: 'earliest', concurrency: 4 }, handler);
    await bus().publish('loyalty', events);
    await until(() => seen.length === 4);
    expect(seen.slice(0, 2)).toEqual(['C-1002:journal:j-2', 'C-1002:journal:j-4']);
    expect(seen.slice(2)).toEqual(['C-1001:journal:j-1', 'C-1001:journal:j-3']);
    await until(async () => ((await redis.xpending(`${prefix}events:loyalty`, 'g-lanes')) as [number])[0] === 0);
    await sub.close();
  });

  it('hands the event a dead member never acknowledged to another member, whose idempotent handler applies it once', async () => {
    assertPgliteUsableUnderJest();
    const db: Database = await openPglite('memory://', 'consumer');
    try {
      await migrate(db, [eventConsumerMigration(1), { id: 2, name: 'effects', sql: 'CREATE TABLE effects (event_id UUID, points TEXT);' }]);
      const apply = (e: DomainEvent) =>
        processOnce(db, 'g-idem', e, async (tx) => {
          await tx.query('INSERT INTO effects (event_id, points) VALUES ($1, $2)', [e.id, (e.payload as { delta: string }).delta]);
        });
      let release!: () => void;
      const stuck = new Promise<void>((r) => (release = r));
      let firstGot = 0;
      // the first member takes the event, applies it, and "dies" before it acknowledges
      const first = bus({ claimIdleMs: 60_000 }).subscribe({ group: 'g-idem', types: ['PointsChanged'], start: 'earliest' }, async (e) => {
        firstGot++;
        await apply(e);
        await stuck;
      });
      const event = pointsEvent(7);
      await bus().publish('loyalty', [event]);
      await until(() => firstGot === 1);
      const secondGot: string[] = [];
      const second = bus({ claimIdleMs: 300 }).subscribe({ group: 'g-idem', types: ['PointsChanged'], start: 'earliest' }, async (e) => {
        secondGot.push(e.id);
        await apply(e);
      });
      await until(() => secondGot.length === 1);
      expect(secondGot).toEqual([event.id]);
      await until(async () => ((await redis.xpending(`${prefix}events:loyalty`, 'g-idem')) as [number])[0] === 0);
      // the same event delivered once more (a relay that published twice) changes nothing either
      await bus().publish('loyalty', [event]);
      await until(() => secondGot.length === 2);
      expect(await db.query('SELECT event_id, points FROM effects')).toEqual([{ event_id: event.id, points: '7' }]);
      release();
      await first.close();
      await second.close();
      expect(firstGot).toBe(1);
    } finally {
      await db.close();
    }
  });

  it('parks a poison event with its reason, counts it, and delivers the next one', async () => {
    const metrics = new ServiceMetrics('engagement', { defaultMetrics: false });
    const consumer = bus({ metrics });
    const handled: string[] = [];
    const sub = consumer.subscribe({ group: 'g-poison', types: ['PointsChanged'], start: 'earliest' }, async (e) => {
      if (e.key === 'journal:j-2') throw Object.assign(new Error('cannot apply'), { code: 'BROKEN' });
      handled.push(e.key);
    });
    const invalid = { ...pointsEvent(9), payload: { journalId: '9', reason: 'CARD_PURCHASE', delta: '1.5', balance: '1' } } as EventEnvelope;
    const stream = `${prefix}events:loyalty`;
    await redis.xadd(stream, '*', 'event', 'not json at all');
    await bus().publish('loyalty', [invalid, pointsEvent(2), pointsEvent(3)]);
    await until(() => handled.includes('journal:j-3'));
    expect(handled).toEqual(['journal:j-3']);
    const parked = await redis.xrange(`${prefix}events:parked`, '-', '+');
    const reasons = parked.map(
      ([, fields]) => Object.fromEntries(fields.flatMap((v, i, all) => (i % 2 === 0 ? [[v, all[i + 1]]] : []))) as Record<string, string>,
    );
    expect(reasons.map((r) => [r.group, r.type, r.reason])).toEqual([
      ['g-poison', 'invalid', 'not JSON'],
      ['g-poison', 'PointsChanged', expect.stringMatching(/^PointsChanged v1 payload: delta/)],
      ['g-poison', 'PointsChanged', 'handler failed 3 times: BROKEN'],
    ]);
    const text = await metrics.text();
    expect(text).toMatch(/events_parked_total\{group="g-poison",type="PointsChanged",service="engagement"\} 2/);
    expect(text).toMatch(/events_parked_total\{group="g-poison",type="invalid",service="engagement"\} 1/);
    expect(text).toMatch(/events_consumed_total\{group="g-poison",type="PointsChanged",outcome="handled",service="engagement"\} 1/);
    await until(async () => ((await redis.xpending(stream, 'g-poison')) as [number])[0] === 0);
    await sub.close();
  });

  it('skips types the group did not ask for, and a new group starts at the latest event by default', async () => {
    const producer = bus();
    await producer.publish('loyalty', [pointsEvent(1)]);
    const seen: string[] = [];
    const sub = bus().subscribe({ group: 'g-latest', types: ['CardPurchaseRecorded'] }, async (e) => {
      seen.push(e.type);
    });
    await until(
      async () => (await redis.exists(`${prefix}events:loyalty`)) === 1 && ((await redis.xinfo('GROUPS', `${prefix}events:loyalty`)) as unknown[]).length === 1,
    );
    await producer.publish('loyalty', [
      pointsEvent(2),
      newEvent({
        type: 'CardPurchaseRecorded',
        key: 'card-purchase:k',
        customerId: 'C-1001',
        occurredAt: new Date(),
        payload: {
          cardId: 'CARD-1',
          amount: { amountMinor: '100', currency: 'EUR' },
          merchant: { id: 'M-1', mcc: '5411' },
          cashBack: { amountMinor: '2', currency: 'EUR' },
          points: '1',
          purchasedAt: new Date().toISOString(),
        },
      }),
    ]);
    await until(() => seen.length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual(['CardPurchaseRecorded']);
    await sub.close();
  });
});
