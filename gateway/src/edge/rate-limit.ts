// Token buckets per client application and per customer. With Redis every replica draws from
// the same bucket (one atomic Lua script per check, on Redis's clock); without it each replica
// keeps its own buckets in memory.
import type Redis from 'ioredis';
import type { Caller } from '../../../lib/internal-auth';

export interface BucketSettings {
  /** tokens added per second; 0 turns the bucket off */
  perSecond: number;
  /** bucket size: how many requests may come at once */
  burst: number;
}

export interface RateLimits {
  client: BucketSettings;
  customer: BucketSettings;
}

export const DEFAULT_RATE_LIMITS: Readonly<RateLimits> = Object.freeze({
  // one web app serves every customer: its bucket is wide, it only stops a runaway client
  client: { perSecond: 500, burst: 1000 },
  customer: { perSecond: 10, burst: 30 },
});

/**
 * Each worker's share of the limits when GATEWAY_WORKERS > 1 and there is no Redis: the buckets are
 * in each process's memory, and connections are spread over the workers, so 1/N of every bucket per
 * worker keeps the whole gateway's limits about what they were (bursts rounded up, at least 1).
 */
export function perWorkerRateLimits(limits: RateLimits, workers: number): RateLimits {
  if (workers <= 1) return limits;
  const share = (b: BucketSettings): BucketSettings => ({ perSecond: b.perSecond / workers, burst: Math.max(1, Math.ceil(b.burst / workers)) });
  return { client: share(limits.client), customer: share(limits.customer) };
}

export interface Decision {
  allowed: boolean;
  /** when refused: how long until one token is back */
  retryAfterMs: number;
  /** which bucket refused */
  bucket?: 'client' | 'customer';
}

export interface BucketStore {
  take(key: string, settings: BucketSettings): Promise<{ allowed: boolean; retryAfterMs: number }>;
}

export class MemoryBucketStore implements BucketStore {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  async take(key: string, s: BucketSettings): Promise<{ allowed: boolean; retryAfterMs: number }> {
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: s.burst, at: now };
    b.tokens = Math.min(s.burst, b.tokens + (Math.max(0, now - b.at) / 1000) * s.perSecond);
    b.at = now;
    this.buckets.set(key, b);
    if (this.buckets.size > 100_000) this.evictFull(s);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { allowed: true, retryAfterMs: 0 };
    }
    return { allowed: false, retryAfterMs: Math.ceil(((1 - b.tokens) / s.perSecond) * 1000) };
  }

  // a full bucket holds no information: dropping it is the same as keeping it
  private evictFull(s: BucketSettings): void {
    for (const [k, v] of this.buckets) if (v.tokens >= s.burst - 1) this.buckets.delete(k);
  }
}

const TOKEN_BUCKET_LUA = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local data = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(data[1]) or burst
local at = tonumber(data[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) / 1000 * rate)
local allowed = 0
local retry = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  retry = math.ceil((1 - tokens) / rate * 1000)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return {allowed, retry}
`;

type RedisWithBucket = Redis & { corebridgeTokenBucket(key: string, rate: string, burst: string): Promise<[number, number]> };

export class RedisBucketStore implements BucketStore {
  private readonly redis: RedisWithBucket;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    if (!('corebridgeTokenBucket' in redis)) redis.defineCommand('corebridgeTokenBucket', { numberOfKeys: 1, lua: TOKEN_BUCKET_LUA });
    this.redis = redis as RedisWithBucket;
  }

  async take(key: string, s: BucketSettings): Promise<{ allowed: boolean; retryAfterMs: number }> {
    const [allowed, retry] = await this.redis.corebridgeTokenBucket(this.prefix + key, String(s.perSecond), String(s.burst));
    return { allowed: allowed === 1, retryAfterMs: Number(retry) };
  }
}

export class RateLimiter {
  constructor(
    private readonly store: BucketStore,
    private readonly limits: RateLimits,
  ) {}

  /** Draws one token from the caller's client bucket, then from its customer bucket. */
  async check(caller: Caller): Promise<Decision> {
    if (this.limits.client.perSecond > 0) {
      const client = caller.clientName ?? `${caller.channel}:${caller.partnerId ?? 'anonymous-client'}`;
      const d = await this.store.take(`rl:client:${client}`, this.limits.client);
      if (!d.allowed) return { ...d, bucket: 'client' };
    }
    const customer = caller.customerId ?? (caller.channel === 'staff' ? `staff:${caller.subject}` : undefined);
    if (customer && this.limits.customer.perSecond > 0) {
      const d = await this.store.take(`rl:customer:${customer}`, this.limits.customer);
      if (!d.allowed) return { ...d, bucket: 'customer' };
    }
    return { allowed: true, retryAfterMs: 0 };
  }
}
