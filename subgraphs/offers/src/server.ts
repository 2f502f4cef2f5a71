// startOffers: store (PGlite or PostgreSQL) -> migrations -> core client, partner directory,
// activation dispatcher -> subgraph on Fastify -> the consumer of engagement's churn flags.
import { startApolloSubgraph, type RunningSubgraph } from '../../../lib/subgraph-server';
import { InternalTokenSigner, InternalTokenVerifier } from '../../../lib/internal-auth';
import { keysDir } from '../../../lib/keys';
import { loadSdl } from '../../../lib/sdl';
import { createLogger, type Logger } from '../../../lib/logger';
import { ServiceMetrics } from '../../../lib/service-metrics';
import { ServiceClient } from '../../../lib/service-client';
import type { Database } from '../../../lib/db/database';
import { migrate } from '../../../lib/db/migrate';
import { CoreClient, type CoreClientConfig } from '../../../legacy-adapters/soap/src';
import type { OffersContext } from './graphql/context';
import { resolvers } from './graphql/resolvers';
import { MIGRATIONS } from './db/migrations';
import { OffersStore } from './db/offers-store';
import { openOffersStore, type OffersStoreLocation } from './db/open';
import { DEFAULT_SUPPRESSION_RULES, type SuppressionRules } from './domain/responses';
import { CachedPartnerDirectory, type PartnerDirectory } from './adapters/partner-directory';
import { ActivationDispatcher, type Deliver, type DispatcherOptions } from './adapters/activation-dispatcher';
import { loyaltyDelivery } from './adapters/loyalty-delivery';
import { accountsRelationshipSource, RelationshipReader } from '../../../lib/customer-relationship';
import { SignalSource } from './adapters/signal-source';
import { DEFAULT_PORTS, localServiceUrl } from '../../../lib/config';
import { eventLogRoutes, type Producer, type RunningConsumer, type RunningRelay, startEventRelay } from '../../../lib/events';
import { ChurnFlagStore, churnFlagLoader } from './db/churn-flags';
import { startChurnConsumer } from './adapters/churn-consumer';

/** A relationship read from accounts is a cache read there; past this, offers reads the core itself. */
const ACCOUNTS_TIMEOUT_MS = 1500;

export interface OffersOptions extends OffersStoreLocation {
  port: number;
  host?: string;
  /** `/metrics` on this port (OFFERS_OPS_PORT; 0: a free one); absent: no operations listener */
  opsPort?: number;
  /** where this process's metrics go (default: a registry of its own) */
  metrics?: ServiceMetrics;
  core: CoreClientConfig;
  keysDir?: string;
  clock?: () => Date;
  log?: Logger;
  /** base URL of loyalty's service routes (LOYALTY_SERVICE_URL; default its port on this host) */
  loyaltyUrl?: string;
  /** base URL of partners' service routes (PARTNERS_SERVICE_URL; default its port on this host) */
  partnersUrl?: string;
  /** base URL of accounts' service routes (customer record and account list); absent: offers reads them from the core */
  accountsUrl?: string;
  /** how long a customer's signal data is reused (OFFERS_SIGNALS_TTL_MS; the process default is 5 minutes); default 0 = off */
  signalsTtlMs?: number;
  /** replaces the partners service (tests) */
  partners?: PartnerDirectory;
  /** replaces delivery to loyalty (tests) */
  deliver?: Deliver;
  /** frequency caps and how long answers hide an offer (default DEFAULT_SUPPRESSION_RULES) */
  suppression?: Partial<SuppressionRules>;
  /** outbox polling interval; 0 turns the poller off (tests drive `dispatcher.runOnce()`) */
  dispatchIntervalMs?: number;
  dispatcher?: Omit<DispatcherOptions, 'log'>;
  /** REDIS_URL: events go to Redis Streams; absent: this service serves its event log at /internal/events */
  redisUrl?: string;
  /** REDIS_KEY_PREFIX (default corebridge:) */
  redisKeyPrefix?: string;
  /** how often the event relay publishes the outbox (default 200 ms, DEFAULT_RELAY_INTERVAL_MS); 0: tests drive `events.relay.runOnce()` */
  eventRelayIntervalMs?: number;
  /**
   * the consumer of engagement's ChurnRiskRaised (adapters/churn-consumer.ts): from Redis Streams when
   * `redisUrl` is set, else from engagement's log at `sources.engagement` (ENGAGEMENT_SERVICE_URL).
   * Absent: no events are read (tests that write flags themselves)
   */
  consumer?: { sources: Partial<Record<Producer, string>>; start?: 'latest' | 'earliest' };
}

export interface RunningOffers extends RunningSubgraph {
  port: number;
  core: CoreClient;
  db: Database;
  store: OffersStore;
  dispatcher: ActivationDispatcher;
  /** publishes OfferActivated and the other events the store writes (docs/events.md) */
  events: RunningRelay;
  signals: SignalSource;
  relationships: RelationshipReader;
  metrics: ServiceMetrics;
  /** engagement's churn flags as the consumer keeps them (db/churn-flags.ts) */
  churnFlags: ChurnFlagStore;
}

// eslint-disable-next-line max-lines-per-function -- assembly only, one step per part in start order (store, core, partners, outbox, metrics, GraphQL, consumer) with one cleanup path
export async function startOffers(opts: OffersOptions): Promise<RunningOffers> {
  const log = opts.log ?? createLogger('offers');
  const clock = opts.clock ?? (() => new Date());
  const metrics = opts.metrics ?? new ServiceMetrics('offers');
  const db = await openOffersStore(opts);
  let core: CoreClient | undefined;
  let dispatcher: ActivationDispatcher | undefined;
  let events: RunningRelay | undefined;
  try {
    const { applied } = await migrate(db, MIGRATIONS);
    log.info({ store: db.kind, schema: db.schema, applied }, 'offers store ready');
    const store = new OffersStore(db, clock, { ...DEFAULT_SUPPRESSION_RULES, ...opts.suppression });
    const churnFlags = new ChurnFlagStore(db);
    core = await CoreClient.create(opts.core, { log, registry: metrics.registry });
    const keys = opts.keysDir ?? keysDir();
    const verifier = await InternalTokenVerifier.fromKeysDir(keys);
    const signer = await InternalTokenSigner.fromKeysDir(keys);
    const partners =
      opts.partners ??
      new CachedPartnerDirectory({
        client: new ServiceClient({ service: 'offers', baseUrl: opts.partnersUrl ?? localServiceUrl(DEFAULT_PORTS.partners), signer, retries: 1 }),
        log,
      });
    // the outbox does the retrying, with backoff across restarts: one attempt per pass here
    const deliver =
      opts.deliver ??
      loyaltyDelivery(new ServiceClient({ service: 'offers', baseUrl: opts.loyaltyUrl ?? localServiceUrl(DEFAULT_PORTS.loyalty), signer, retries: 0 }));
    dispatcher = new ActivationDispatcher(store, deliver, { ...opts.dispatcher, log });
    // the naive baseline (CORE_BATCHING=off) reads the core itself and caches nothing
    const relationships = new RelationshipReader({
      service: 'offers',
      log,
      accounts:
        core.batching && opts.accountsUrl
          ? accountsRelationshipSource(new ServiceClient({ service: 'offers', baseUrl: opts.accountsUrl, signer, retries: 0, timeoutMs: ACCOUNTS_TIMEOUT_MS }))
          : undefined,
    });
    const signals = new SignalSource({ reader: relationships, ttlMs: core.batching ? (opts.signalsTtlMs ?? 0) : 0 });
    measure(metrics, { signals, partners, store });
    events = startEventRelay({
      db,
      producer: 'offers',
      redisUrl: opts.redisUrl,
      keyPrefix: opts.redisKeyPrefix,
      metrics,
      log,
      intervalMs: opts.eventRelayIntervalMs,
    });
    const eventLog = events.relay.log;
    const running = await startApolloSubgraph<OffersContext>({
      name: 'offers',
      typeDefs: loadSdl('offers'),
      resolvers,
      port: opts.port,
      host: opts.host,
      verifier,
      log,
      context: (base) => ({
        ...base,
        core: core!.loaders({ requestId: base.caller.requestId, userId: base.caller.channel, deadline: base.deadline }),
        now: clock(),
        store,
        partners,
        dispatcher,
        signals,
        churnFlags: churnFlagLoader(churnFlags),
      }),
      ready: async () => (await db.query('SELECT 1 AS ok')).length === 1,
      serviceRoutes: eventLogRoutes(eventLog),
      ...(opts.opsPort !== undefined ? { ops: { port: opts.opsPort, metrics } } : {}),
    });
    // events are read once the process serves: a start that fails leaves no reader behind
    const consumer: RunningConsumer | undefined = opts.consumer
      ? startChurnConsumer({
          db,
          flags: churnFlags,
          redisUrl: opts.redisUrl,
          redisKeyPrefix: opts.redisKeyPrefix,
          sources: opts.consumer.sources,
          start: opts.consumer.start,
          signer,
          metrics,
          log,
        })
      : undefined;
    const interval = opts.dispatchIntervalMs ?? 1000;
    if (interval > 0) dispatcher.start(interval);
    // deliver whatever a previous run left in the outbox
    void dispatcher.runOnce().catch((err: Error) => log.warn({ err: err.message }, 'outbox pass at start failed'));
    const d = dispatcher;
    const c = core;
    const e = events;
    return {
      ...running,
      port: Number(new URL(running.url).port),
      core: c,
      db,
      store,
      dispatcher: d,
      events: e,
      signals,
      relationships,
      metrics,
      churnFlags,
      close: async (drainMs?: number) => {
        // the reader first: an event being handled finishes while the store is still open
        await consumer?.close();
        await running.close(drainMs);
        await d.stop();
        await e.close();
        await c.close();
        await db.close();
      },
    };
  } catch (err) {
    await dispatcher?.stop().catch(() => undefined);
    await events?.close().catch(() => undefined);
    await core?.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw err;
  }
}

/** What offers adds to its metrics: its caches, read at scrape time, and its outbox to loyalty. */
function measure(metrics: ServiceMetrics, parts: { signals: SignalSource; partners: PartnerDirectory; store: OffersStore }): void {
  const { signals, partners, store } = parts;
  metrics.cache('signals', () => signals);
  if (partners instanceof CachedPartnerDirectory) metrics.cache('partner_directory', () => partners);
  metrics.outbox('loyalty_activations', () => store.outboxBacklog());
}
