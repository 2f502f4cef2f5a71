// The live fan-out subscription resolvers read from: `publish(topic, payload)` after a write has
// committed, `subscribe(topic)` per open GraphQL subscription. At most once and only while a
// subscriber is connected: what a customer missed stays readable from the list fields (inbox,
// transactions), so nothing here is stored. With REDIS_URL it rides Redis PUBLISH/SUBSCRIBE (one
// subscriber connection per process), so every replica of a subgraph sees what any replica
// publishes; without it, the process's own subscribers only. Payloads go through JSON either way,
// so both behave alike (a Date arrives as its ISO string).
import Redis from 'ioredis';
import { BoundedQueue } from './bounded-queue';
import type { Logger } from './logger';

/** Events a subscriber may have waiting; one further behind is ended (SUBSCRIPTION_CONSUMER_TOO_SLOW). */
export const LIVE_FEED_MAX_QUEUED = 256;

/** One subscriber's events. `return()` ends it at once (a disconnected client), also while a `next()` waits. */
export interface LiveSubscription extends AsyncIterableIterator<unknown> {
  /** settles once what is published to the topic from now on reaches this subscriber (Redis: SUBSCRIBE acknowledged) */
  readonly ready: Promise<void>;
  return(): Promise<IteratorResult<unknown>>;
}

export interface LiveFeed {
  publish(topic: string, payload: unknown): Promise<void>;
  subscribe(topic: string): LiveSubscription;
  /** subscribers open in this process (tests: a closed stream leaves none behind) */
  activeSubscriptions(): number;
  /** ends every subscriber (their streams complete); publishing still works, so a draining process still reaches other replicas */
  endSubscriptions(): void;
  close(): Promise<void>;
}

export interface LiveFeedOptions {
  /** REDIS_URL; absent: in-process */
  redisUrl?: string;
  /** REDIS_KEY_PREFIX: channels are `<prefix>live:<topic>` */
  keyPrefix?: string;
  maxQueued?: number;
  log?: Logger;
}

export function createLiveFeed(opts: LiveFeedOptions = {}): LiveFeed {
  return opts.redisUrl ? new RedisLiveFeed({ ...opts, redisUrl: opts.redisUrl }) : new InProcessLiveFeed(opts);
}

/** One subscriber: a bounded queue that leaves its topic when it ends, however it ends. */
class Subscriber extends BoundedQueue<unknown> implements LiveSubscription {
  constructor(
    maxQueued: number,
    onEnd: (s: Subscriber) => void,
    readonly ready: Promise<void>,
  ) {
    super(maxQueued, () => onEnd(this));
    // a SUBSCRIBE that failed ends the subscriber; whoever awaits `ready` sees why
    ready.catch((err: unknown) => this.fail(err instanceof Error ? err : new Error(String(err))));
  }
}

/** Subscribers by topic; what both implementations share. */
abstract class SubscriberRegistry implements LiveFeed {
  protected readonly topics = new Map<string, Set<Subscriber>>();
  /** per topic, the listen() its first subscriber started: later ones are ready when it is */
  private readonly listening = new Map<string, Promise<void>>();
  protected readonly maxQueued: number;

  constructor(opts: LiveFeedOptions) {
    this.maxQueued = opts.maxQueued ?? LIVE_FEED_MAX_QUEUED;
  }

  abstract publish(topic: string, payload: unknown): Promise<void>;
  /** the topic's first subscriber arrived: start listening (settles when listening) */
  protected abstract listen(topic: string): Promise<void>;
  /** the topic's last subscriber left */
  protected abstract unlisten(topic: string): void;
  abstract close(): Promise<void>;

  subscribe(topic: string): LiveSubscription {
    let subs = this.topics.get(topic);
    const first = !subs;
    if (!subs) this.topics.set(topic, (subs = new Set()));
    const ready = first ? this.listen(topic) : (this.listening.get(topic) ?? Promise.resolve());
    if (first) this.listening.set(topic, ready);
    const sub = new Subscriber(this.maxQueued, (s) => this.remove(topic, s), ready);
    subs.add(sub);
    return sub;
  }

  private remove(topic: string, sub: Subscriber): void {
    const subs = this.topics.get(topic);
    if (!subs?.delete(sub) || subs.size > 0) return;
    this.topics.delete(topic);
    this.listening.delete(topic);
    this.unlisten(topic);
  }

  protected deliver(topic: string, raw: string): void {
    const subs = this.topics.get(topic);
    if (!subs) return;
    const payload: unknown = JSON.parse(raw);
    for (const s of [...subs]) s.push(payload);
  }

  activeSubscriptions(): number {
    let n = 0;
    for (const subs of this.topics.values()) n += subs.size;
    return n;
  }

  endSubscriptions(): void {
    for (const subs of [...this.topics.values()]) for (const s of [...subs]) s.end();
  }
}

/** One process: a publish reaches this process's subscribers only. */
export class InProcessLiveFeed extends SubscriberRegistry {
  publish(topic: string, payload: unknown): Promise<void> {
    this.deliver(topic, JSON.stringify(payload));
    return Promise.resolve();
  }

  protected listen(): Promise<void> {
    return Promise.resolve();
  }

  protected unlisten(): void {}

  close(): Promise<void> {
    this.endSubscriptions();
    return Promise.resolve();
  }
}

/** Redis PUBLISH/SUBSCRIBE: one subscriber connection for every topic of the process, one for publishing. */
export class RedisLiveFeed extends SubscriberRegistry {
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly prefix: string;
  private closed = false;

  constructor(private readonly opts: LiveFeedOptions & { redisUrl: string }) {
    super(opts);
    this.prefix = `${opts.keyPrefix ?? ''}live:`;
    // a publish is best effort after a commit: a bounded wait, never a request held on a hung Redis
    this.pub = new Redis(opts.redisUrl, { maxRetriesPerRequest: 2, commandTimeout: 2000 });
    // ioredis subscribes again on its own after a reconnect (autoResubscribe)
    this.sub = new Redis(opts.redisUrl, { maxRetriesPerRequest: 2 });
    this.pub.on('error', () => undefined);
    this.sub.on('error', (err: Error) => opts.log?.warn({ err: err.message }, 'live feed: Redis subscriber connection error'));
    this.sub.on('message', (channel: string, message: string) => {
      if (!channel.startsWith(this.prefix)) return;
      try {
        this.deliver(channel.slice(this.prefix.length), message);
      } catch (err) {
        opts.log?.warn({ err: (err as Error).message }, 'live feed: unreadable message dropped');
      }
    });
  }

  async publish(topic: string, payload: unknown): Promise<void> {
    if (this.closed) return;
    await this.pub.publish(this.prefix + topic, JSON.stringify(payload));
  }

  protected async listen(topic: string): Promise<void> {
    await this.sub.subscribe(this.prefix + topic);
  }

  protected unlisten(topic: string): void {
    if (this.closed) return;
    // commands on one connection run in order: a SUBSCRIBE sent after this one still holds
    this.sub.unsubscribe(this.prefix + topic).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.endSubscriptions();
    this.closed = true;
    await Promise.all([this.sub.quit().catch(() => this.sub.disconnect()), this.pub.quit().catch(() => this.pub.disconnect())]);
  }
}
