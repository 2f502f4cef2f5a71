// The Redis live feed against the real Redis (REDIS_URL; skipped without it), under a key prefix
// of its own: the shared cases, and two feeds (two replicas) seeing each other's publishes on
// `<prefix>live:<topic>` with one subscriber connection each.
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { RedisLiveFeed } from '../live-feed';
import { describeLiveFeed } from './support/live-feed-cases';

jest.setTimeout(30_000);

const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) console.warn('live-feed-redis.int.test.ts skipped: REDIS_URL is not set (these tests need a real Redis)');
const describeWithRedis = REDIS_URL ? describe : describe.skip;

describeWithRedis('Redis live feed', () => {
  const prefix = `test:live:${randomUUID()}:`;
  describeLiveFeed('redis', async () => new RedisLiveFeed({ redisUrl: REDIS_URL as string, keyPrefix: prefix, maxQueued: 4 }));

  it('carries a publish of one replica to the subscribers of another, on the prefixed channel', async () => {
    const a = new RedisLiveFeed({ redisUrl: REDIS_URL as string, keyPrefix: prefix });
    const b = new RedisLiveFeed({ redisUrl: REDIS_URL as string, keyPrefix: prefix });
    const spy = new Redis(REDIS_URL as string);
    try {
      const seen: string[] = [];
      await spy.subscribe(`${prefix}live:customer-1`);
      spy.on('message', (channel: string) => seen.push(channel));
      const sub = b.subscribe('customer-1');
      await sub.ready;
      await a.publish('customer-1', { amount: '12.50' });
      expect(await sub.next()).toEqual({ done: false, value: { amount: '12.50' } });
      for (let i = 0; i < 100 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(seen).toEqual([`${prefix}live:customer-1`]);
      await sub.return();
    } finally {
      await Promise.all([a.close(), b.close(), spy.quit()]);
    }
  });
});
