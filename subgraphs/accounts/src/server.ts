// Assembles the accounts subgraph: the core client, the per-customer cache, the statement files,
// its store (statement preferences, the core's notified movements) and the engagement reports to
// loyalty, the schema, the /internal routes and the core's notification route, on one server.
import { startApolloSubgraph, type RunningSubgraph } from '../../../lib/subgraph-server';
import { InternalTokenSigner, InternalTokenVerifier } from '../../../lib/internal-auth';
import { ServiceClient } from '../../../lib/service-client';
import type { Database } from '../../../lib/db/database';
import { migrate } from '../../../lib/db/migrate';
import { openStore } from '../../../lib/db/open';
import { openPglite } from '../../../lib/db/pglite-database';
import { createLogger, type Logger } from '../../../lib/logger';
import { ServiceMetrics } from '../../../lib/service-metrics';
import { ensureSecret } from '../../../lib/keys';
import { CoreClient, type CoreClientConfig } from '../../../legacy-adapters/soap/src';
import { isValidIban, normaliseIban, buildPain001 } from '../../../legacy-adapters/iso20022/src';
import { statementsBeside, StatementService } from './adapters/core-statements';
import { CustomerCache } from './adapters/customer-cache';
import { referenceRates } from './adapters/reference-rates';
import { accountsServiceRoutes } from './adapters/service-routes';
import { EngagementReporter, loyaltyEngagements, type ReporterOptions } from './adapters/engagement-reporter';
import { coreNotificationRoutes, NotificationMetrics } from './adapters/core-notifications';
import { CoreMovements, type MovementsBookedHook } from './db/core-movements';
import { coreBalanceNow, movementBalances, type MovementBalances } from './adapters/movement-balances';
import { eventLogRoutes, type RunningRelay, startEventRelay } from '../../../lib/events';
import { MIGRATIONS } from './db/migrations';
import { StatementPreferences } from './db/statement-preferences';
import { DEFAULT_ACTIVITY_TTL_MS, DEFAULT_CACHE_TTL_MS } from './config';
import { accountsContext, type AccountsContext } from './graphql/context';
import { accountsSchema } from './graphql/schema';
import type { PaymentMessageBuilder } from './graphql/transfer';
import { createLiveFeed, type LiveFeed } from '../../../lib/live-feed';
import { publishActivity } from './graphql/account-activity';

export interface AccountsOptions {
  port: number;
  host?: string;
  /** `/metrics` on this port (ACCOUNTS_OPS_PORT; 0: a free one); absent: no operations listener */
  opsPort?: number;
  /** where this process's metrics go (default: a registry of its own) */
  metrics?: ServiceMetrics;
  core: CoreClientConfig;
  /** where the internal token key pair is (KEYS_DIR) */
  keysDir: string;
  /** lifetime of the per-customer cache of slow-changing core data; 0 disables it (default 30 s) */
  cacheTtlMs?: number;
  /** lifetime of the cached recent activity offers read; 0 = read with every answer (default 5 min) */
  activityTtlMs?: number;
  /** false: Customer.recentActivity is always null and offers reads the core itself (ACCOUNTS_RECENT_ACTIVITY=off) */
  recentActivity?: boolean;
  /** clock (tests pin "this month") */
  now?: () => Date;
  /** pain.001 builder (tests may substitute one) */
  buildPaymentMessage?: PaymentMessageBuilder;
  /** default: the process logger (stdout) */
  log?: Logger;
  /** base URL of the core's end-of-day statement files (default: <core>/statements) */
  statementsUrl?: string;
  /** PGlite in `<dataDir>/accounts`, or PostgreSQL at databaseUrl; neither: in memory (tests) */
  dataDir?: string;
  databaseUrl?: string;
  /** PostgreSQL schema of the accounts tables (default accounts) */
  dbSchema?: string;
  /** loyalty's base URL for engagement reports; absent: reports stay due (tests) */
  loyaltyUrl?: string;
  engagementReports?: ReporterOptions;
  /** HMAC key of the core's notifications (CORE_NOTIFY_SECRET); absent: KEYS_DIR/core-notify.secret */
  notifySecret?: string;
  /** called in the transaction storing notified movements (default: db/core-movements onMovementsBooked, the TransactionBooked events) */
  onMovementsBooked?: MovementsBookedHook;
  /** REDIS_URL: events go to Redis Streams; absent: this service serves its event log at /internal/events */
  redisUrl?: string;
  /** REDIS_KEY_PREFIX (default corebridge:) */
  redisKeyPrefix?: string;
  /** how often the event relay publishes the outbox (default 200 ms, DEFAULT_RELAY_INTERVAL_MS); 0: tests drive `events.relay.runOnce()` */
  eventRelayIntervalMs?: number;
}

export interface RunningAccounts extends RunningSubgraph {
  core: CoreClient;
  db: Database;
  cache: CustomerCache;
  preferences: StatementPreferences;
  engagementReporter: EngagementReporter;
  /** the core's notified movements (POST /core/notifications) */
  movements: CoreMovements;
  metrics: ServiceMetrics;
  /** the relay of accounts' event outbox (TransactionBooked) */
  events: RunningRelay;
  /** what accountActivity subscriptions read: Redis PUBLISH/SUBSCRIBE with redisUrl, else this process */
  live: LiveFeed;
}

function openAccountsStore(opts: AccountsOptions): Promise<Database> {
  const schema = opts.dbSchema ?? 'accounts';
  if (!opts.databaseUrl && !opts.dataDir) return openPglite('memory://', schema);
  return openStore({ service: 'accounts', databaseUrl: opts.databaseUrl, dataDir: opts.dataDir ?? './data', schema });
}

/** loyalty's client for engagement reports; absent without loyaltyUrl (reports stay due) */
async function loyaltyClient(opts: AccountsOptions): Promise<ServiceClient | undefined> {
  if (!opts.loyaltyUrl) return undefined;
  return new ServiceClient({ service: 'accounts', baseUrl: opts.loyaltyUrl, signer: await InternalTokenSigner.fromKeysDir(opts.keysDir), retries: 1 });
}

/** The core's notified movements, each committed one published to its owner's accountActivity subscriptions. */
function notifiedMovements(
  db: Database,
  opts: AccountsOptions,
  now: () => Date,
  log: Logger,
  balances: MovementBalances,
): { live: LiveFeed; movements: CoreMovements } {
  const live = createLiveFeed({ redisUrl: opts.redisUrl, keyPrefix: opts.redisKeyPrefix ?? 'corebridge:', log });
  return { live, movements: new CoreMovements(db, opts.onMovementsBooked, now, publishActivity(live, log), balances) };
}

function customerCacheFor(opts: AccountsOptions, batching: boolean): CustomerCache {
  // the naive baseline (CORE_BATCHING=off) caches nothing either
  if (!batching) return new CustomerCache({ ttlMs: 0 });
  return new CustomerCache({ ttlMs: opts.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS, activityTtlMs: opts.activityTtlMs ?? DEFAULT_ACTIVITY_TTL_MS });
}

export async function startAccounts(opts: AccountsOptions): Promise<RunningAccounts> {
  const log = opts.log ?? createLogger('accounts');
  const rates = referenceRates(); // a broken rate table stops the start, not a customer's request
  const metrics = opts.metrics ?? new ServiceMetrics('accounts');
  const core = await CoreClient.create(opts.core, { log, registry: metrics.registry });
  const cache = customerCacheFor(opts, core.batching);
  const now = opts.now ?? (() => new Date());
  const verifier = await InternalTokenVerifier.fromKeysDir(opts.keysDir);
  const statements = new StatementService({ baseUrl: opts.statementsUrl ?? statementsBeside(opts.core.wsdlUrl), log });
  const db = await openAccountsStore(opts);
  await migrate(db, MIGRATIONS);
  const preferences = new StatementPreferences(db, now);
  // TransactionBooked.balanceAfterMinor (engagement's low-balance alerts): read from the core, a camt.054 has none
  const { live, movements } = notifiedMovements(db, opts, now, log, movementBalances(coreBalanceNow(core, cache), log));
  const notifySecret = opts.notifySecret ?? ensureSecret(opts.keysDir, 'core-notify');
  metrics.cache('customer', () => cache);
  metrics.outbox('loyalty_engagements', () => preferences.backlog());
  const loyalty = await loyaltyClient(opts);
  const engagementReporter = new EngagementReporter(preferences, loyalty ? loyaltyEngagements(loyalty, log) : async () => false, log, opts.engagementReports);
  const events = startEventRelay({
    db,
    producer: 'accounts',
    redisUrl: opts.redisUrl,
    keyPrefix: opts.redisKeyPrefix,
    metrics,
    log,
    intervalMs: opts.eventRelayIntervalMs,
  });
  const schema = accountsSchema({
    buildPaymentMessage: opts.buildPaymentMessage ?? buildPain001,
    isValidIban,
    normaliseIban,
    rates,
    statements,
    preferences,
    engagementReporter,
    recentActivity: opts.recentActivity ?? true,
  });
  const running = await startApolloSubgraph<AccountsContext>({
    name: 'accounts',
    ...schema,
    port: opts.port,
    host: opts.host,
    verifier,
    log,
    context: accountsContext({ core, cache, now, live }),
    // its own store only: the core being down makes answers partial, not this process unable to serve
    ready: async () => (await db.query('SELECT 1 AS ok')).length === 1,
    serviceRoutes: (scope) => {
      accountsServiceRoutes({ core, cache, log })(scope);
      eventLogRoutes(events.relay.log)(scope);
    },
    ownAuthRoutes: coreNotificationRoutes({ store: movements, secret: notifySecret, metrics: new NotificationMetrics(metrics.registry), log }),
    ...(opts.opsPort !== undefined ? { ops: { port: opts.opsPort, metrics } } : {}),
  }).catch(async (err: unknown) => {
    // a start that fails leaves no relay timer (nor feed connection) behind
    await Promise.all([events.close(), live.close()]);
    throw err;
  });
  // reporting starts once the process serves: a start that fails leaves no timer behind
  if (loyalty) engagementReporter.start();
  let closing: Promise<void> | undefined;
  const closeAll = async (drainMs?: number) => {
    engagementReporter.stop();
    live.endSubscriptions(); // open subscription streams complete first: they would hold the drain to its end
    await running.close(drainMs);
    // after the server: what a notification committed while draining is still published (event and feed)
    await Promise.all([events.close(), live.close()]);
    await core.close();
    await db.close();
  };
  return {
    ...running,
    core,
    db,
    cache,
    preferences,
    engagementReporter,
    movements,
    metrics,
    events,
    live,
    // tests close a subgraph and then the harness closes it again: the store closes once
    close: (drainMs?: number) => (closing ??= closeAll(drainMs)),
  };
}
