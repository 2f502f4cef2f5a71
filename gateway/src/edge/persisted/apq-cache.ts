// The APQ cache: Redis when REDIS_URL is set (every replica sees what any replica registered),
// in memory otherwise. Operations from the manifests are always found, whatever the cache holds,
// so a kiosk or partner app can send an id it was built with to a fresh replica.
import { ErrorsAreMissesCache, InMemoryLRUCache, type KeyValueCache, type KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type Redis from 'ioredis';
import type { OperationList } from './manifest';

/** Apollo Server prefixes APQ keys with this before they reach the cache. */
const APOLLO_APQ_PREFIX = 'apq:';
/** Registered operations live a day since their last registration, then a client re-sends them. */
export const DEFAULT_APQ_TTL_SECONDS = 24 * 3600;

export class RedisKeyValueCache implements KeyValueCache<string> {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(this.prefix + key)) ?? undefined;
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    const ttl = options?.ttl;
    if (typeof ttl === 'number' && ttl > 0) await this.redis.set(this.prefix + key, value, 'EX', Math.ceil(ttl));
    else await this.redis.set(this.prefix + key, value);
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.del(this.prefix + key)) > 0;
  }
}

class ManifestBackedCache implements KeyValueCache<string> {
  constructor(
    private readonly registered: OperationList,
    private readonly inner: KeyValueCache<string>,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const id = key.startsWith(APOLLO_APQ_PREFIX) ? key.slice(APOLLO_APQ_PREFIX.length) : key;
    return this.registered.byHash(id)?.body ?? this.inner.get(key);
  }

  set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    return this.inner.set(key, value, options);
  }

  delete(key: string): Promise<boolean | void> {
    return this.inner.delete(key);
  }
}

export function apqCache(registered: OperationList, redis?: Redis, keyPrefix = 'corebridge:'): KeyValueCache<string> {
  // a Redis hiccup is a cache miss: the client re-sends the full query, nothing fails
  const inner = redis ? new ErrorsAreMissesCache(new RedisKeyValueCache(redis, keyPrefix)) : new InMemoryLRUCache<string>({ maxSize: 32 * 1024 * 1024 });
  return new ManifestBackedCache(registered, inner);
}
