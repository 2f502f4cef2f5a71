// Prometheus metrics of one gateway (its own registry, so several gateways in one test process do
// not mix). Per operation and client: requests, latency, errors by code; per subgraph: fetches and
// their latency; refusals at the edge (authentication, limits, safelists, rate limits).
import type { FastifyPluginAsync } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { GatewayWorker } from '../config';

/** Operation names come from clients: past this many distinct ones, the rest count as "(other)". */
const MAX_OPERATION_LABELS = 500;

export interface RequestOutcome {
  operation: string | null;
  client: string;
  status: number;
  seconds: number;
  errorCodes: string[];
}

export interface PrivateCacheReport {
  hits: number;
  misses: number;
  stores: number;
  evictions: number;
  entries: number;
  bytes: number;
}

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();
  private readonly requests: Counter<'operation' | 'client' | 'status'>;
  private readonly duration: Histogram<'operation' | 'client'>;
  private readonly errors: Counter<'operation' | 'client' | 'code'>;
  private readonly rateLimited: Counter<'client' | 'bucket'>;
  private readonly shed: Counter;
  private readonly subgraphFetches: Counter<'subgraph' | 'outcome'>;
  private readonly subgraphDuration: Histogram<'subgraph'>;
  private readonly batchedFetches: Counter<'subgraph'>;
  private readonly representationsSaved: Counter<'subgraph'>;
  private readonly subscriptionEvents: Histogram<'subgraph'>;

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'gateway_requests_total',
      help: 'GraphQL requests by operation, client and HTTP status',
      labelNames: ['operation', 'client', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: 'gateway_request_duration_seconds',
      help: 'GraphQL request latency by operation and client',
      labelNames: ['operation', 'client'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.errors = new Counter({
      name: 'gateway_errors_total',
      help: 'Errors returned to clients, by operation, client and stable code',
      labelNames: ['operation', 'client', 'code'],
      registers,
    });
    this.rateLimited = new Counter({
      name: 'gateway_rate_limited_total',
      help: 'Requests refused by a rate limit (429)',
      labelNames: ['client', 'bucket'],
      registers,
    });
    this.shed = new Counter({
      name: 'gateway_shed_total',
      help: 'Requests refused on arrival because they could not finish within their budget (503 SERVICE_OVERLOADED)',
      registers,
    });
    this.subgraphFetches = new Counter({
      name: 'gateway_subgraph_fetches_total',
      help: 'Fetches from the gateway to each subgraph, by outcome',
      labelNames: ['subgraph', 'outcome'],
      registers,
    });
    this.subgraphDuration = new Histogram({
      name: 'gateway_subgraph_fetch_duration_seconds',
      help: 'Subgraph fetch latency',
      labelNames: ['subgraph'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.batchedFetches = new Counter({
      name: 'gateway_subgraph_fetches_batched_total',
      help: 'Entity fetches that went to a subgraph together with others of the same request, in one call (each call is one of gateway_subgraph_fetches_total)',
      labelNames: ['subgraph'],
      registers,
    });
    this.representationsSaved = new Counter({
      name: 'gateway_subgraph_representations_not_sent_total',
      help: 'Entity representations an entity fetch did not send because the same entity was already in it (transport/entity-dedupe.ts)',
      labelNames: ['subgraph'],
      registers,
    });
    this.subscriptionEvents = new Histogram({
      name: 'gateway_subscription_event_duration_seconds',
      help: "Subscription events delivered, by owning subgraph: from the subgraph's event to the result with the rest of the plan resolved",
      labelNames: ['subgraph'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'gateway_' });
  }

  private operationLabel(name: string | null): string {
    if (!name) return '(anonymous)';
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATION_LABELS || name.length > 100) return '(other)';
    this.operations.add(name);
    return name;
  }

  request(o: RequestOutcome): void {
    const operation = this.operationLabel(o.operation);
    this.requests.inc({ operation, client: o.client, status: String(o.status) });
    this.duration.observe({ operation, client: o.client }, o.seconds);
    for (const code of o.errorCodes) this.errors.inc({ operation, client: o.client, code });
  }

  rateLimitedRequest(client: string, bucket: string): void {
    this.rateLimited.inc({ client, bucket });
  }

  shedRequest(): void {
    this.shed.inc();
  }

  subgraphFetch(subgraph: string, outcome: 'ok' | 'error' | 'timeout', seconds: number): void {
    this.subgraphFetches.inc({ subgraph, outcome });
    this.subgraphDuration.observe({ subgraph }, seconds);
  }

  /** `fetches` entity fetches of one request sent to `subgraph` as one call (transport/entity-batch.ts) */
  subgraphFetchesBatched(subgraph: string, fetches: number): void {
    this.batchedFetches.inc({ subgraph }, fetches);
  }

  representationsNotSent(subgraph: string, count: number): void {
    this.representationsSaved.inc({ subgraph }, count);
  }

  /** Exposes the private cache's counters (transport/private-cache.ts), read from it at each scrape. */
  subscriptionEvent(subgraph: string, seconds: number): void {
    this.subscriptionEvents.observe({ subgraph }, seconds);
  }

  /** open subscriptions (SSE and WebSocket), read when scraped */
  openSubscriptions(read: () => number): void {
    new Gauge({
      name: 'gateway_subscriptions_open',
      help: 'Subscriptions open on this gateway process',
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }

  /** the load shedder's in-flight and waiting requests (edge/load-shedding.ts), read when scraped */
  loadShedding(read: () => { inFlight: number; waiting: number }): void {
    this.gauges(read, [
      ['inFlight', 'gateway_requests_in_flight', 'GraphQL requests being worked on (at most GATEWAY_MAX_IN_FLIGHT)'],
      ['waiting', 'gateway_requests_waiting', 'GraphQL requests waiting for a slot'],
    ]);
  }

  /** Gauges over fields of what `read` gives at each scrape. */
  private gauges<T>(read: () => T, fields: ReadonlyArray<readonly [keyof T & string, string, string]>): void {
    for (const [field, name, help] of fields) {
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(Number(read()[field]));
        },
      });
    }
  }

  privateCache(read: () => PrivateCacheReport): void {
    const registers = [this.registry];
    const counters: [keyof PrivateCacheReport, string, string][] = [
      ['hits', 'gateway_private_cache_hits_total', 'Subgraph reads answered from the private per-caller cache'],
      ['misses', 'gateway_private_cache_misses_total', 'Subgraph reads of a known caller not found fresh in the private cache'],
      ['stores', 'gateway_private_cache_stores_total', 'Subgraph answers kept in the private cache'],
      ['evictions', 'gateway_private_cache_evictions_total', 'Private cache entries dropped for the byte bound before they expired'],
    ];
    for (const [field, name, help] of counters) {
      new Counter({
        name,
        help,
        registers,
        collect() {
          this.reset();
          this.inc(read()[field]);
        },
      });
    }
    this.gauges(read, [
      ['entries', 'gateway_private_cache_entries', 'Entries in the private cache (expired ones included until dropped)'],
      ['bytes', 'gateway_private_cache_bytes', 'Bytes the private cache accounts for'],
    ]);
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }
}

export interface MetricsRouteOptions {
  metrics: GatewayMetrics;
  /** a cluster worker answers with every worker's metrics (ops/cluster.ts) */
  worker?: GatewayWorker;
}

/** `/metrics` for Prometheus. */
export const metricsPlugin: FastifyPluginAsync<MetricsRouteOptions> = async (app, { metrics, worker }) => {
  const text = worker?.metricsText ?? (() => metrics.text());
  app.get('/metrics', async (_req, reply) => reply.header('content-type', metrics.registry.contentType).send(await text()));
};
