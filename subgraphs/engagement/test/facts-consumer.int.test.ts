// The consumer hook (adapters/event-consumer.ts): events read from the backbone are applied to the
// customer facts before the triggers, once per event id, and the facts are what RunningEngagement
// exposes to campaigns. Over Redis Streams (REDIS_URL): the events are written to the producers'
// streams as the relay writes them, one of them twice (a relay's re-publish).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import type { DomainEvent } from '../../../lib/events';
import { until } from '../../../lib/test/support/events';
import { freePort, tempDir } from '../../../scripts/lib/processes';
import { startEngagement, type RunningEngagement } from '../src/server';
import { booking, purchase } from './support/fact-events';

const REDIS_URL = process.env.REDIS_URL;
const maybe = REDIS_URL ? describe : describe.skip;
if (!REDIS_URL) process.stdout.write('facts-consumer.int.test.ts: REDIS_URL unset, skipped\n');

maybe('customer facts from the event consumer', () => {
  const prefix = `test:facts:${process.pid}:${Date.now()}:`;
  let svc: RunningEngagement | undefined;
  let redis: Redis;
  let dir: string;

  const publish = async (producer: string, e: DomainEvent) => {
    await redis.xadd(`${prefix}events:${producer}`, '*', 'event', JSON.stringify(e));
  };

  beforeAll(async () => {
    process.env.LOG_LEVEL ??= 'warn';
    dir = tempDir('corebridge-engagement-facts-');
    redis = new Redis(REDIS_URL!);
    svc = await startEngagement({
      port: await freePort(),
      keysDir: join(dir, 'keys'),
      dataDir: 'memory://',
      events: {
        redisUrl: REDIS_URL,
        redisKeyPrefix: prefix,
        sources: {},
        start: 'earliest',
        settings: { homeCurrency: 'EUR', largeCardUse: { minor: 100_000n, currency: 'EUR' } },
      },
    });
  }, 60_000);

  afterAll(async () => {
    await svc?.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps what the events say, an event published twice counted once', async () => {
    const now = new Date();
    const p = purchase('C-000777', new Date(now.getTime() - 3_600_000), 4_200n, '5411', { city: 'Graz', tier: 'PLATINUM' });
    await publish('loyalty', p);
    await publish('loyalty', p);
    // behind the copy on the same stream: once it is kept, the copy was handled (one customer at a time, in stream order)
    await publish('loyalty', purchase('C-000778', now, 100n, '5411'));
    await publish('accounts', booking('C-000777', now, 'SAVINGS'));
    await until(async () => ((await svc!.facts.of('C-000777', new Date()))?.products.length ?? 0) > 0, 15_000);
    await until(async () => (await svc!.facts.of('C-000778', new Date())) !== undefined, 15_000);
    expect(await svc!.facts.of('C-000777', new Date())).toMatchObject({
      tier: 'PLATINUM',
      products: ['SAVINGS'],
      topCity: 'graz',
      card: { GROCERIES: { purchases: 1, spendMinor: 4_200n } },
    });
    expect(await svc!.facts.count({ tiers: ['PLATINUM'], cities: ['GRAZ'], products: ['SAVINGS'] }, new Date())).toBe(1);
  });
});
