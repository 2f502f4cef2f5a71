// startLoyalty: rules -> store (PGlite or PostgreSQL) -> migrations -> demo seed -> programme
// services (card sink, tiers, settlement, redemption) -> subgraph on Fastify with /internal routes.
import { startApolloSubgraph, type RunningSubgraph } from '../../../lib/subgraph-server';
import { InternalTokenSigner, InternalTokenVerifier } from '../../../lib/internal-auth';
import { keysDir } from '../../../lib/keys';
import { loadSdl } from '../../../lib/sdl';
import { createLogger, type Logger } from '../../../lib/logger';
import { ServiceMetrics } from '../../../lib/service-metrics';
import { LoyaltyMetrics } from './adapters/loyalty-metrics';
import { exponentOf } from '../../../lib/money';
import { ServiceClient } from '../../../lib/service-client';
import type { Database } from '../../../lib/db/database';
import { CoreClient, type CoreClientConfig } from '../../../legacy-adapters/soap/src';
import { openStore } from './db/open';
import { migrate } from './db/migrate';
import { Ledger } from './db/ledger/ledger';
import { seedDemo } from './db/seed';
import type { LoyaltyContext } from './graphql/context';
import { resolvers } from './graphql/resolvers';
import type { EarningRules } from './domain/rules';
import { loadRules } from './config';
import { coreClientPort, type LoyaltyCore } from './adapters/core';
import { partnersPort, type PartnersPort } from './adapters/partners';
import { relationshipAccountsPort } from './adapters/relationship';
import { accountsRelationshipSource, RelationshipReader } from '../../../lib/customer-relationship';
import { PartnerDirectory } from './adapters/partner-directory';
import { TierService } from './domain/tier-service';
import { LedgerCardEventSink } from './db/card-sink';
import { CoreExchangeRates, NO_EXCHANGE_RATES } from './adapters/fx-rates';
import { cardPurchasesSince } from './db/card-purchases';
import { Settlement } from './db/settlement';
import { Redemptions } from './db/redemptions';
import { runExpiry } from './db/points-expiry';
import type { ExpiryReport } from './domain/expiry';
import { type ExpiryWarningReport, warnExpiry } from './db/points-expiry-warnings';
import { loyaltyServiceRoutes } from './adapters/service-routes';
import { DailyJobs } from './domain/daily-jobs';
import { DailyJobRuns } from './db/daily-job-runs';
import { type CardFeedOptions, startCardFeed, type RunningCardFeed } from './adapters/card-feed/card-feed';
import { type CardDirectory, CoreCardDirectory } from './adapters/card-feed/card-directory';
import { ASCII_HEX_BITMAP, BINARY_BITMAP } from '../../../legacy-adapters/iso8583/src';
import { eventLogRoutes, type Producer, type RunningConsumer, type RunningRelay, startEventRelay } from '../../../lib/events';
import { startLoyaltyConsumer } from './adapters/event-consumer';

/** A relationship read from accounts is a cache read there; past this, loyalty reads the core itself. */
const ACCOUNTS_TIMEOUT_MS = 1500;

export interface LoyaltyOptions {
  port: number;
  host?: string;
  /** `/metrics` on this port (LOYALTY_OPS_PORT; 0: a free one); absent: no operations listener */
  opsPort?: number;
  /** where this process's metrics go (default: a registry of its own) */
  metrics?: ServiceMetrics;
  /** PGlite lives in `<dataDir>/loyalty` (default ./data) unless databaseUrl is set */
  dataDir?: string;
  databaseUrl?: string;
  /** PostgreSQL schema for every loyalty table (default loyalty) */
  dbSchema?: string;
  keysDir?: string;
  /** programme currency (default EUR) */
  currency?: string;
  /** post the demo customers' welcome journals (default true) */
  seedDemo?: boolean;
  /** earning rules (default: loaded from rulesFile, or the bundled file) */
  rules?: EarningRules;
  rulesFile?: string;
  /** the core as loyalty uses it; or coreConfig to build the SOAP client here; neither: no core */
  core?: LoyaltyCore;
  coreConfig?: CoreClientConfig;
  /** partners as loyalty uses it; or partnersUrl to call it through the service client */
  partners?: PartnersPort;
  partnersUrl?: string;
  partnersRefreshMs?: number;
  /** base URL of accounts' service routes: the tier standing's account list from there, the core behind it; absent: the core */
  accountsUrl?: string;
  /** currency -> funding account in the core (settlement, cash redemption) */
  fundingAccounts?: Record<string, string>;
  /** daily jobs (settlement of the previous day, hold release, expiry) at HH:MM UTC; default off */
  dailyJobsAt?: string;
  /** the expiry warning pass looks this many days ahead (LOYALTY_EXPIRY_WARNING_DAYS, default 30); 0: no warning job */
  expiryWarningDays?: number;
  /** the ISO 8583 card feed's TCP port (0: a free one); undefined: no feed */
  feedPort?: number;
  feedHost?: string;
  /** bitmaps as 8 raw bytes (default) or 16 hex characters */
  feedDialect?: 'binary' | 'ascii-hex';
  /** connection cap, idle deadline and MAC key of the feed (card-feed.ts defaults when absent) */
  feedAdmission?: Pick<CardFeedOptions, 'maxConnections' | 'idleTimeoutMs' | 'macKey' | 'maxInFlightFrames'>;
  /** PAN -> card -> customer for the feed (default: QueryCard through the core client) */
  cards?: CardDirectory;
  /** REDIS_URL: events go to Redis Streams; absent: this service serves its event log at /internal/events */
  redisUrl?: string;
  /** REDIS_KEY_PREFIX (default corebridge:) */
  redisKeyPrefix?: string;
  /** how often the event relay publishes the outbox (default 200 ms, DEFAULT_RELAY_INTERVAL_MS); 0: tests drive `events.relay.runOnce()` */
  eventRelayIntervalMs?: number;
  /**
   * the consumer of engagement's FeedbackGiven (adapters/event-consumer.ts: points per answered
   * request): over Redis Streams at redisUrl, else engagement's log at `sources.engagement`
   * (ENGAGEMENT_SERVICE_URL); absent: no events are read
   */
  events?: { sources: Partial<Record<Producer, string>>; start?: 'latest' | 'earliest'; concurrency?: number };
  clock?: () => Date;
  log?: Logger;
}

export interface RunningLoyalty extends RunningSubgraph {
  port: number;
  ledger: Ledger;
  db: Database;
  rules: EarningRules;
  sink: LedgerCardEventSink;
  settlement: Settlement;
  redemptions: Redemptions;
  tiers: TierService;
  partnerDirectory: PartnerDirectory;
  relationships: RelationshipReader;
  runExpiry(asOf: Date): Promise<ExpiryReport>;
  /** the expiry warning pass (PointsExpiring events), as the daily jobs run it after runExpiry */
  warnExpiry(asOf: Date): Promise<ExpiryWarningReport>;
  /** the card feed, when feedPort was given */
  feed?: RunningCardFeed;
  /** publishes CardPurchaseRecorded, PointsChanged and the other events the store writes (docs/events.md) */
  events: RunningRelay;
  metrics: ServiceMetrics;
}

// eslint-disable-next-line max-lines-per-function -- assembly only, one step per part in start order (store, core, partners, card feed, GraphQL) with one cleanup path
export async function startLoyalty(opts: LoyaltyOptions): Promise<RunningLoyalty> {
  const log = opts.log ?? createLogger('loyalty');
  const currency = opts.currency ?? 'EUR';
  exponentOf(currency);
  const rules = opts.rules ?? loadRules(opts.rulesFile);
  const clock = opts.clock ?? (() => new Date());
  const dir = opts.keysDir ?? keysDir();
  // the WSDL loads while the store opens: both are slow at start, neither needs the other
  const metrics = opts.metrics ?? new ServiceMetrics('loyalty');
  const loyaltyMetrics = new LoyaltyMetrics(metrics.registry);
  const corePending = !opts.core && opts.coreConfig ? CoreClient.create(opts.coreConfig, { log, registry: metrics.registry }) : undefined;
  corePending?.catch(() => undefined);
  let db: Database;
  try {
    db = await openStore({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir ?? './data', schema: opts.dbSchema ?? 'loyalty' });
  } catch (err) {
    void corePending?.then((c) => c.close()).catch(() => undefined);
    throw err;
  }
  let coreClient: CoreClient | undefined;
  const cleanups: Array<() => Promise<void> | void> = [];
  try {
    const { applied } = await migrate(db);
    log.info({ store: db.kind, schema: db.schema, applied }, 'loyalty store ready');
    const ledger = new Ledger(db, clock, (kind) => loyaltyMetrics.journalPosted(kind));
    if (opts.seedDemo ?? true) {
      const seeded = await seedDemo(ledger, currency, clock());
      log.info(seeded, 'demo loyalty journals');
    }
    // programme accounts' ids, read once: every journal then finds them without a statement
    await ledger.warm();
    if (corePending) coreClient = await corePending;
    const core = opts.core ?? (coreClient ? coreClientPort(coreClient) : undefined);
    let partners = opts.partners;
    // the naive baseline (CORE_BATCHING=off) reads the core itself; without a core there is nothing to fall back to
    const accountsUrl = core && coreClient?.batching !== false ? opts.accountsUrl : undefined;
    const signer = (!partners && opts.partnersUrl) || accountsUrl ? await InternalTokenSigner.fromKeysDir(dir) : undefined;
    if (!partners && opts.partnersUrl) {
      partners = partnersPort(new ServiceClient({ service: 'loyalty', baseUrl: opts.partnersUrl, signer: signer! }));
    }
    const relationships = new RelationshipReader({
      service: 'loyalty',
      log,
      accounts: accountsUrl
        ? accountsRelationshipSource(
            new ServiceClient({ service: 'loyalty', baseUrl: accountsUrl, signer: signer!, retries: 0, timeoutMs: ACCOUNTS_TIMEOUT_MS }),
          )
        : undefined,
    });
    const tierAccounts = core && accountsUrl ? relationshipAccountsPort(relationships, core) : core;
    const partnerDirectory = new PartnerDirectory(partners, log, clock);
    if (partners) {
      await partnerDirectory.refresh();
      partnerDirectory.start(opts.partnersRefreshMs ?? 60_000);
      cleanups.push(() => partnerDirectory.stop());
    }
    // tiers read purchases from the store, not from the sink: the sink depends on tiers, never back
    const tiers = new TierService({
      rules,
      core: tierAccounts,
      clock,
      log,
      recentPurchases: (customerId, since) => cardPurchasesSince(db, customerId, since),
    });
    metrics.cache('tier_standing', () => tiers);
    const fx = core ? new CoreExchangeRates(core) : NO_EXCHANGE_RATES;
    if (fx instanceof CoreExchangeRates) metrics.cache('fx_rates', () => fx);
    const sink = new LedgerCardEventSink({
      db,
      ledger,
      rules,
      partners: partnerDirectory,
      tierMultiplier: (c) => tiers.multiplierFor(c),
      tierOf: (c) => tiers.knownTier(c),
      currency,
      fx,
      clock,
      log,
    });
    const fundingAccounts = opts.fundingAccounts ?? {};
    const settlement = new Settlement({ db, ledger, core, currency, fundingAccounts, clock, log });
    const redemptions = new Redemptions({ db, ledger, core, partners, currency, fundingAccounts, clock, log });
    const expire = (asOf: Date) => runExpiry(db, ledger, rules.points.expiryMonths, asOf, log);
    const warningDays = opts.expiryWarningDays ?? 30;
    const warn = (asOf: Date) => warnExpiry(db, ledger, rules.points.expiryMonths, warningDays, asOf, log);

    if (opts.dailyJobsAt && opts.dailyJobsAt !== 'off') {
      const jobs = new DailyJobs(
        opts.dailyJobsAt,
        clock,
        log,
        {
          settleDay: (d) => settlement.settleDay(d),
          reconcileRedemptions: () => redemptions.reconcilePending(),
          releaseStaleHolds: (at) => sink.releaseStaleHolds(at),
          runExpiry: expire,
          ...(warningDays > 0 ? { warnExpiry: warn } : {}),
        },
        // every replica on the store runs its timer; the claims let one of them run each job a day
        new DailyJobRuns(db),
      );
      jobs.start();
      cleanups.push(() => jobs.stop());
    }

    let feed: RunningCardFeed | undefined;
    if (opts.feedPort !== undefined) {
      const cards = opts.cards ?? (coreClient ? new CoreCardDirectory(coreClient) : undefined);
      if (!cards) throw new Error('the card feed needs the core (QueryCard) to know whose card an advice is for');
      if (cards instanceof CoreCardDirectory) metrics.cache('card_directory', () => cards);
      const dialect = opts.feedDialect === 'ascii-hex' ? ASCII_HEX_BITMAP : BINARY_BITMAP;
      feed = await startCardFeed({
        port: opts.feedPort,
        host: opts.feedHost,
        dialect,
        sink,
        cards,
        log,
        clock,
        onMessage: (mti, code) => loyaltyMetrics.cardFeedMessage(mti, code),
        ...opts.feedAdmission,
      });
      // a start that fails after this closes the feed before the store goes (close() drains it itself)
      cleanups.unshift(() => (feed as RunningCardFeed).close());
    }

    const events = startEventRelay({
      db,
      producer: 'loyalty',
      redisUrl: opts.redisUrl,
      keyPrefix: opts.redisKeyPrefix,
      metrics,
      log,
      intervalMs: opts.eventRelayIntervalMs,
    });
    // after the feed's and the daily jobs' cleanups: what they commit while closing is still published
    cleanups.push(() => events.close());

    const verifier = await InternalTokenVerifier.fromKeysDir(dir);
    const running = await startApolloSubgraph<LoyaltyContext>({
      name: 'loyalty',
      typeDefs: loadSdl('loyalty'),
      resolvers,
      port: opts.port,
      host: opts.host,
      verifier,
      log,
      context: (base) => ({ ...base, ledger, db, currency, rules, tiers, redemptions, now: clock() }),
      ready: async () => (await db.query('SELECT 1 AS ok')).length === 1,
      serviceRoutes: (scope) => {
        loyaltyServiceRoutes({ db, ledger, tiers, currency, rules, clock, log })(scope);
        eventLogRoutes(events.relay.log)(scope);
      },
      ...(opts.opsPort !== undefined ? { ops: { port: opts.opsPort, metrics } } : {}),
    });
    // events are read once the process serves: a start that fails leaves no reader behind
    let consumer: RunningConsumer | undefined;
    try {
      if (opts.events)
        consumer = startLoyaltyConsumer({
          db,
          ledger,
          pointsPerAnswer: BigInt(rules.feedback.pointsPerAnswer),
          redisUrl: opts.redisUrl,
          redisKeyPrefix: opts.redisKeyPrefix,
          ...opts.events,
          signer: await InternalTokenSigner.fromKeysDir(dir),
          metrics,
          log,
        });
    } catch (err) {
      await running.close();
      throw err;
    }
    return {
      ...running,
      port: Number(new URL(running.url).port),
      ledger,
      db,
      rules,
      sink,
      settlement,
      redemptions,
      tiers,
      partnerDirectory,
      relationships,
      runExpiry: expire,
      warnExpiry: warn,
      feed,
      events,
      metrics,
      close: async (drainMs?: number) => {
        // the reader first: an event being handled finishes while the store is still open
        await consumer?.close();
        // the card feed answers the messages it has read while the listener finishes its requests:
        // one drain time for the process, and the store closes only after both
        await Promise.all([feed?.close(drainMs), running.close(drainMs)]);
        for (const c of cleanups) await c();
        await coreClient?.close();
        await db.close();
      },
    };
  } catch (err) {
    for (const c of cleanups) await Promise.resolve(c()).catch(() => undefined);
    await (coreClient ?? (await corePending?.catch(() => undefined)))?.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw err;
  }
}
