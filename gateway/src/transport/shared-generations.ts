// Write generations shared by every gateway replica through Redis, so that a customer's write
// through one replica ends every replica's cached and de-duplicated reads of that customer before
// the write's answer returns (docs/gateway.md, "Several replicas").
//
// - A write bumps its subject in Redis (one Lua script: the global counter INCR, its value stored
//   as the subject's generation with a TTL longer than any cached answer) before it is sent and
//   again after it answers, and the fetcher waits for both: the answer leaves only once every
//   replica's next read of the subject will key by the new generation.
// - A read request asks Redis once (one MGET, auto-pipelined with everyone else's) for the
//   generations it depends on; the answer is part of every cache and de-duplication key of that
//   request. No answer within `timeoutMs`, or no connection: `undefined`, and the request
//   neither reads nor fills the cache nor joins another's fetch (it is answered, only not from
//   the cache). Nothing here ever throws into a request.
// - Generations only grow: values come from one counter that is never reset while Redis keeps its
//   data. Redis losing its data (a restart, FLUSHALL, a failover) is covered by the epoch key, a
//   random id set when missing and part of every generation: a new one makes every earlier key
//   unreachable. A connection of ours that breaks moves our own epoch, for the same reason: what
//   happened in Redis while we could not see it is unknown, so nothing cached before counts.
// - A subject's key may expire (TTL > the longest a cached answer lives): a missing key reads as
//   0, and every answer cached before that subject's last write expired before the key did.
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { Logger } from '../../../lib/logger';
import type { TokenCaller } from './token-caller';

/** How long a request waits for Redis before it reads without the cache. */
export const DEFAULT_SHARED_GENERATIONS_TIMEOUT_MS = 100;
/** How often a bump that could not reach Redis is tried again. */
const RETRY_EVERY_MS = 500;
/** Failed bumps remembered for retries at most (each is one subject). */
const MAX_PENDING_BUMPS = 100_000;

const BUMP_LUA = `
local g = redis.call('INCR', KEYS[1])
redis.call('SET', KEYS[2], g, 'PX', ARGV[1])
return g`;

type RedisWithBump = Redis & { corebridgeBumpGeneration(global: string, subject: string, ttlMs: string): Promise<number> };

export interface SharedGenerationsOptions {
  redisUrl: string;
  /** REDIS_KEY_PREFIX; the keys are `<prefix>gen:...` */
  keyPrefix: string;
  /** the longest any replica keeps a cached answer (GATEWAY_PRIVATE_CACHE_MAX_TTL_MS): keys live longer, failed bumps are retried that long */
  maxCacheTtlMs: number;
  /** a Redis answer later than this counts as no answer (default 100 ms) */
  timeoutMs?: number;
  log: Logger;
}

export interface SharedGenerationStats {
  /** reads that got their generation from Redis */
  reads: number;
  /** reads that could not (the request bypassed the cache) */
  unavailable: number;
  /** bumps that did not reach Redis at the first attempt */
  failedBumps: number;
}

export class SharedGenerations {
  private readonly redis: RedisWithBump;
  private readonly epochKey: string;
  private readonly globalKey: string;
  private readonly prefix: string;
  private readonly keyTtlMs: number;
  private readonly retryForMs: number;
  private readonly log: Logger;
  /** moves whenever our connection breaks: nothing keyed before may be found after */
  private connection = 0;
  private readonly pending = new Map<string, number>();
  private retryTimer?: NodeJS.Timeout;
  readonly stats: SharedGenerationStats = { reads: 0, unavailable: 0, failedBumps: 0 };

  constructor(opts: SharedGenerationsOptions) {
    this.prefix = `${opts.keyPrefix}gen:`;
    this.epochKey = `${this.prefix}epoch`;
    this.globalKey = `${this.prefix}all`;
    // an hour at least, and always past the longest-lived cached answer of any replica
    this.keyTtlMs = Math.max(3_600_000, 2 * opts.maxCacheTtlMs);
    this.retryForMs = opts.maxCacheTtlMs;
    this.log = opts.log;
    const timeoutMs = opts.timeoutMs ?? DEFAULT_SHARED_GENERATIONS_TIMEOUT_MS;
    // own connection: no offline queue (a command while disconnected fails at once instead of
    // waiting), a per-command timeout, one round trip for all commands of a tick
    const redis = new Redis(opts.redisUrl, {
      enableAutoPipelining: true,
      enableOfflineQueue: false,
      commandTimeout: timeoutMs,
      maxRetriesPerRequest: 0,
      connectTimeout: 2000,
    });
    redis.defineCommand('corebridgeBumpGeneration', { numberOfKeys: 2, lua: BUMP_LUA });
    redis.on('error', (err: Error) => this.log.warn({ reason: err.message }, 'redis unavailable: reads bypass the private cache'));
    redis.on('close', () => this.connection++);
    // every (re)connection makes sure there is an epoch before our first read on it (same pipeline)
    redis.on('ready', () => void redis.set(this.epochKey, randomUUID(), 'NX').catch(() => undefined));
    this.redis = redis as RedisWithBump;
  }

  /** Resolves once connected (or rejects after `ms`): start-up waits, so the first requests can use the cache. */
  async connected(ms = 5000): Promise<boolean> {
    if (this.redis.status === 'ready') return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(false), ms);
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.redis.off('ready', onReady);
        resolve(ok);
      };
      const onReady = () => done(true);
      this.redis.once('ready', onReady);
    });
  }

  /**
   * The generation a read of `caller` depends on across replicas (the same subjects as
   * fetch-key.ts readGeneration), or undefined when Redis does not answer in time: then the read
   * must bypass the cache and de-duplication.
   */
  async read(caller: TokenCaller, readsFor: readonly string[] | 'any' | undefined): Promise<string | undefined> {
    const keys = [this.epochKey];
    if (!caller.actsForOthers) keys.push(this.subjectKey(caller.subject));
    else if (readsFor === undefined || readsFor === 'any' || readsFor.length === 0) keys.push(this.globalKey);
    else keys.push(this.subjectKey(caller.subject), ...readsFor.map((id) => this.subjectKey(`customer:${id}`)));
    const connection = this.connection;
    try {
      if (this.redis.status !== 'ready') throw new Error('not connected');
      const [epoch, ...values] = await this.redis.mget(...keys);
      if (!epoch) {
        // a Redis without our epoch (new, or it lost its data): set one; until then, no cache
        await this.redis.set(this.epochKey, randomUUID(), 'NX');
        throw new Error('no epoch yet');
      }
      // the connection broke while we waited: the answer may predate writes we cannot see
      if (connection !== this.connection) throw new Error('reconnected');
      this.stats.reads++;
      return `${connection}:${epoch}:${values.map((v) => v ?? '0').join('.')}`;
    } catch {
      this.stats.unavailable++;
      return undefined;
    }
  }

  /**
   * This subject wrote: every replica's reads keyed by its earlier generation are outdated. Never
   * throws; when Redis cannot be reached the bump is retried until it is, or until every answer
   * cached before the write has expired anyway.
   */
  async bump(subject: string): Promise<void> {
    try {
      await this.bumpNow(subject);
    } catch (err) {
      this.stats.failedBumps++;
      this.log.error({ reason: err instanceof Error ? err.message : String(err) }, 'write generation not shared (redis): retrying');
      if (this.pending.size < MAX_PENDING_BUMPS || this.pending.has(subject)) this.pending.set(subject, Date.now() + this.retryForMs);
      this.retryTimer ??= setInterval(() => void this.retryPending(), RETRY_EVERY_MS).unref();
    }
  }

  close(): Promise<void> {
    if (this.retryTimer) clearInterval(this.retryTimer);
    return this.redis.quit().then(
      () => undefined,
      () => this.redis.disconnect(),
    );
  }

  private bumpNow(subject: string): Promise<number> {
    if (this.redis.status !== 'ready') return Promise.reject(new Error('not connected'));
    return this.redis.corebridgeBumpGeneration(this.globalKey, this.subjectKey(subject), String(this.keyTtlMs));
  }

  private async retryPending(): Promise<void> {
    const now = Date.now();
    for (const [subject, until] of [...this.pending]) {
      if (until <= now) {
        this.pending.delete(subject);
        continue;
      }
      try {
        await this.bumpNow(subject);
        this.pending.delete(subject);
      } catch {
        return; // still unreachable: the next round tries again
      }
    }
    if (this.pending.size === 0 && this.retryTimer) {
      clearInterval(this.retryTimer);
      this.retryTimer = undefined;
    }
  }

  private subjectKey(subject: string): string {
    return this.prefix + subject;
  }
}
