// Prometheus metrics of one process: its own registry (tests run several processes' worth in one
// jest process, and a shared default registry would mix them), every series labelled with the
// service, the Node process metrics, and the families every service may feed: cache hits and
// misses, outbox depth and age. What a cache or an outbox holds is read at scrape time, so
// nothing on a request's path pays for it. Served on the operations port (lib/ops-server.ts).
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

export interface CacheCounts {
  hits: number;
  misses: number;
}

export interface OutboxBacklog {
  /** messages not yet delivered nor given up on */
  pending: number;
  /** when the oldest of them was written; undefined when none is pending */
  oldestCreatedAt?: Date;
}

/** Seconds the oldest pending message has waited at `now`: 0 when nothing waits (a clock behind the store's counts as 0). */
export function oldestPendingAgeSeconds(backlog: OutboxBacklog, now: Date): number {
  if (backlog.pending === 0 || !backlog.oldestCreatedAt) return 0;
  return Math.max(0, (now.getTime() - backlog.oldestCreatedAt.getTime()) / 1000);
}

export interface ServiceMetricsOptions {
  /** the Node process metrics (process_*, nodejs_*); default true */
  defaultMetrics?: boolean;
  now?: () => Date;
}

export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly caches = new Map<string, () => CacheCounts>();
  private readonly outboxes = new Map<string, () => Promise<OutboxBacklog>>();
  private readonly now: () => Date;

  constructor(
    readonly service: string,
    opts: ServiceMetricsOptions = {},
  ) {
    this.now = opts.now ?? (() => new Date());
    // a label rather than a name prefix: one dashboard query covers core_calls_total of every subgraph
    this.registry.setDefaultLabels({ service });
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  /** Counts of a cache (`cache` label), read at each scrape; names must be unique per process. */
  cache(name: string, counts: () => CacheCounts): void {
    if (this.caches.has(name)) throw new Error(`cache ${name} is already counted`);
    if (this.caches.size === 0) this.registerCacheCounters();
    this.caches.set(name, counts);
  }

  /** An outbox's depth and the age of its oldest pending message, read at each scrape (keep `read` to one indexed query). */
  outbox(name: string, read: () => Promise<OutboxBacklog>): void {
    if (this.outboxes.has(name)) throw new Error(`outbox ${name} is already measured`);
    if (this.outboxes.size === 0) this.registerOutboxGauges();
    this.outboxes.set(name, read);
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }

  private registerCacheCounters(): void {
    const caches = this.caches;
    const registers = [this.registry];
    for (const [field, name, help] of [
      ['hits', 'cache_hits_total', 'Reads answered from an in-process cache, by cache'],
      ['misses', 'cache_misses_total', 'Reads an in-process cache did not hold (loaded from the core or a service), by cache'],
    ] as const) {
      new Counter({
        name,
        help,
        labelNames: ['cache'],
        registers,
        collect() {
          this.reset();
          for (const [cache, counts] of caches) this.inc({ cache }, counts()[field]);
        },
      });
    }
  }

  private registerOutboxGauges(): void {
    const outboxes = this.outboxes;
    const now = this.now;
    // the registry collects its metrics concurrently: both gauges of one scrape share one read of each outbox
    let reading: Promise<Map<string, OutboxBacklog>> | undefined;
    const backlogs = () =>
      (reading ??= (async () => {
        const read = new Map<string, OutboxBacklog>();
        await Promise.all(
          [...outboxes].map(async ([outbox, backlog]) => {
            // a store that does not answer leaves the series out of this scrape rather than failing /metrics
            const b = await backlog().catch(() => undefined);
            if (b) read.set(outbox, b);
          }),
        );
        return read;
      })().finally(() => (reading = undefined)));
    const registers = [this.registry];
    new Gauge({
      name: 'outbox_pending_messages',
      help: 'Messages in an outbox not yet delivered nor given up on, by outbox',
      labelNames: ['outbox'],
      registers,
      async collect() {
        const read = await backlogs();
        this.reset();
        for (const [outbox, b] of read) this.set({ outbox }, b.pending);
      },
    });
    new Gauge({
      name: 'outbox_oldest_pending_age_seconds',
      help: 'How long the oldest pending message of an outbox has waited (0: none pending), by outbox',
      labelNames: ['outbox'],
      registers,
      async collect() {
        const read = await backlogs();
        this.reset();
        const at = now();
        for (const [outbox, b] of read) this.set({ outbox }, oldestPendingAgeSeconds(b, at));
      },
    });
  }
}
