// The transport as one Fastify plugin: everything between a verified caller and the subgraphs. It
// serves no route; the GraphQL plugin (../graphql.ts) builds each subgraph's data source with it
// and takes each request's internal token from it.
import type { ServiceEndpointDefinition } from '@apollo/gateway';
import fp from 'fastify-plugin';
import type { InternalTokenSigner, InternalTokenSource } from '../../../lib/internal-auth';
import { PRODUCERS, type Producer } from '../../../lib/events';
import type { Logger } from '../../../lib/logger';
import type { GatewayMetrics } from '../ops/metrics';
import { startEventFreshness, type EventFreshness } from './event-freshness';
import { ReusedInternalTokens } from './internal-tokens';
import { PrivateCache } from './private-cache';
import { SharedGenerations } from './shared-generations';
import { SubgraphDataSource } from './subgraph-data-source';
import { WriteGenerations } from './write-generations';

/** Whether other gateway replicas may serve the same customers (GATEWAY_REPLICAS). */
export type GatewayReplicas = 'one' | 'many';

/** The subgraph transport's switches (config.ts reads them from GATEWAY_SUBGRAPH_* and GATEWAY_PRIVATE_CACHE*). */
export interface SubgraphTransportOptions {
  /** keep-alive socket pool and buffered responses (subgraph-fetcher.ts) */
  pool: boolean;
  /** same-caller in-flight de-duplication (inflight-dedup.ts); needs the pool */
  dedup: boolean;
  /** a request's entity fetches to one subgraph started together as one call (entity-batch.ts) */
  batch: boolean;
  /** an entity fetch sends each distinct representation once (entity-dedupe.ts) */
  distinct: boolean;
  /** the private per-caller cache (private-cache.ts); needs the pool */
  privateCache: boolean;
  privateCacheMaxTtlMs: number;
  privateCacheMaxBytes: number;
  /** subgraph names whose public answers are shared between callers */
  sharedCacheSubgraphs: string[];
}

export interface TransportPluginOptions {
  /** subgraph name -> URL, replacing the supergraph's routing URL */
  subgraphUrls: Record<string, string>;
  subgraphTimeoutMs: number;
  subgraphTransport: SubgraphTransportOptions;
  writeGenerations?: WriteGenerations;
  /** shares the write generations with the other replicas when set (REDIS_URL) */
  redisUrl?: string;
  redisKeyPrefix: string;
  /** GATEWAY_REPLICAS: `many` without redisUrl turns the private cache and de-duplication off */
  replicas: GatewayReplicas;
  signer: InternalTokenSource;
  /**
   * Follow the domain events (event-freshness.ts): each one about a customer ends their cached
   * reads. Signs the reads of the producers' logs when there is no Redis.
   */
  eventFreshness?: { signer: InternalTokenSigner };
  metrics: GatewayMetrics;
  log: Logger;
}

/** A producing subgraph's service base URL: its routing URL without the /graphql path. */
export function eventSources(routing: ReadonlyMap<string, string>): Partial<Record<Producer, string>> {
  const sources: Partial<Record<Producer, string>> = {};
  for (const producer of PRODUCERS) {
    const url = routing.get(producer);
    if (url) sources[producer] = url.replace(/\/graphql\/?$/, '');
  }
  return sources;
}

export interface SubgraphTransport {
  /** @apollo/gateway's buildService: one data source per subgraph */
  buildService(definition: ServiceEndpointDefinition): SubgraphDataSource;
  /** subgraph name -> the URL the gateway actually calls, filled in as the supergraph loads */
  routing: ReadonlyMap<string, string>;
  /** shared by every subgraph's fetcher: a caller's write to any subgraph outdates their reads of all */
  writeGenerations: WriteGenerations;
  /** one internal token per caller, reused until shortly before it expires */
  internalTokens: ReusedInternalTokens;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** the gateway's way to its subgraphs (transport/plugin.ts) */
    subgraphs: SubgraphTransport;
  }
}

export const transportPlugin = fp<TransportPluginOptions>(
  async (app, opts) => {
    const { log, metrics } = opts;
    const internalTokens = new ReusedInternalTokens(opts.signer);
    // one private cache and one set of write generations for all subgraphs
    const { privateCache: cacheAsked, privateCacheMaxBytes, privateCacheMaxTtlMs, sharedCacheSubgraphs, ...asked } = opts.subgraphTransport;
    const writeGenerations = opts.writeGenerations ?? new WriteGenerations();
    // read-your-writes across replicas: through Redis, else only with one replica (docs/gateway.md)
    const shared =
      opts.redisUrl && asked.pool
        ? new SharedGenerations({ redisUrl: opts.redisUrl, keyPrefix: opts.redisKeyPrefix, maxCacheTtlMs: privateCacheMaxTtlMs, log })
        : undefined;
    const alone = opts.replicas === 'one' || shared !== undefined;
    const switches = { ...asked, dedup: asked.dedup && alone };
    const cacheOn = cacheAsked && alone;
    if (asked.pool) {
      const readYourWrites = shared
        ? 'shared through redis'
        : alone
          ? 'this process only (GATEWAY_REPLICAS=one)'
          : 'no cache: several replicas without REDIS_URL';
      const line = { readYourWrites, privateCache: cacheOn && asked.pool, dedup: switches.dedup };
      if (!alone && (cacheAsked || asked.dedup)) {
        log.warn(
          line,
          'private cache and de-duplication off: other replicas could not end them on a write (set REDIS_URL, or GATEWAY_REPLICAS=one for a single gateway)',
        );
      } else log.info(line, 'subgraph reads: cache and de-duplication');
    }
    if (shared) {
      // start-up waits briefly for Redis; until it answers, reads just bypass the cache
      await shared.connected(2000);
      app.addHook('onClose', () => shared.close());
    }
    const privateCache = cacheOn && switches.pool ? new PrivateCache({ maxBytes: privateCacheMaxBytes, maxTtlMs: privateCacheMaxTtlMs }) : undefined;
    if (privateCache) metrics.privateCache(() => ({ ...privateCache.stats, entries: privateCache.size, bytes: privateCache.bytes }));

    const overrides = opts.subgraphUrls;
    const routing = new Map<string, string>();
    const buildService = ({ name, url }: ServiceEndpointDefinition) => {
      const target = overrides[name] ?? url;
      if (!target) throw new Error(`subgraph ${name} has no routing URL in the supergraph and no override`);
      routing.set(name, target);
      return new SubgraphDataSource(name, target, log, {
        timeoutMs: opts.subgraphTimeoutMs,
        metrics,
        ...switches,
        cache: privateCache,
        generations: writeGenerations,
        shared,
        sharePublic: sharedCacheSubgraphs.includes(name),
      });
    };
    // ready means the supergraph is loaded, and with it every subgraph's routing
    let freshness: EventFreshness | undefined;
    app.addHook('onReady', async () => {
      for (const name of Object.keys(overrides)) {
        if (!routing.has(name)) log.warn({ subgraph: name }, 'routing URL override for a subgraph the supergraph does not have');
      }
      if (opts.eventFreshness && (privateCache || switches.dedup)) {
        freshness = startEventFreshness({
          generations: writeGenerations,
          shared,
          redisUrl: opts.redisUrl,
          redisKeyPrefix: opts.redisKeyPrefix,
          sources: eventSources(routing),
          signer: opts.eventFreshness.signer,
          log,
        });
      }
    });
    app.addHook('onClose', async () => {
      await freshness?.close();
    });
    app.decorate('subgraphs', { buildService, routing, writeGenerations, internalTokens });
  },
  { name: 'gateway-transport' },
);
