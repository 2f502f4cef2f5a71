// startEngagement: store (PGlite or PostgreSQL) -> migrations -> the notification engine with its
// channel deliveries (the inbox; push, email and SMS through the delivery outbox when their providers
// are configured) -> subgraph on Fastify -> event consumer and outbox dispatcher.
import { startApolloSubgraph, type RunningSubgraph } from '../../../lib/subgraph-server';
import { InternalTokenSigner, InternalTokenVerifier } from '../../../lib/internal-auth';
import { ensureSecret, keysDir } from '../../../lib/keys';
import { loadSdl } from '../../../lib/sdl';
import { createLogger, type Logger } from '../../../lib/logger';
import { ServiceMetrics } from '../../../lib/service-metrics';
import type { Database } from '../../../lib/db/database';
import { migrate } from '../../../lib/db/migrate';
import type { EngagementContext } from './graphql/context';
import { resolvers } from './graphql/resolvers';
import { MIGRATIONS } from './db/migrations';
import { MessageStore } from './db/message-store';
import { PreferencesStore } from './db/preferences-store';
import { openEngagementStore, type EngagementStoreLocation } from './db/open';
import { NotificationEngine, type ChannelDelivery } from './domain/engine';
import { DEFAULT_FREQUENCY_CAPS, type FrequencyCaps } from './domain/rules';
import { InboxDelivery } from './adapters/inbox-delivery';
import { startEventConsumer, type RunningEventConsumer, type TriggerSettings } from './adapters/event-consumer';
import { eventLogRoutes, type Producer, type RunningRelay, startEventRelay } from '../../../lib/events';
import { DeliveryOutbox } from './db/delivery-outbox';
import { DeliveryDispatcher, type DeliveryDispatcherOptions } from './adapters/delivery-dispatcher';
import type { ChannelProvider } from './domain/delivery';
import { createLiveFeed, type LiveFeed } from '../../../lib/live-feed';
import { publishNotifications } from './graphql/live-notifications';
import { NO_CUSTOMER_ACCOUNTS, type CustomerAccounts } from './adapters/customer-accounts';
import type { RewardCatalogue } from './adapters/partner-rewards';
import { CustomerFactsStore, type CustomerFactsOptions } from './db/customer-facts';
import { startRetentionPass, type RetentionPass, type RetentionPassOptions } from './adapters/retention-pass';
import { startChurnPass, type ChurnPass, type ChurnPassOptions } from './adapters/churn-pass';
import { ChurnStore } from './db/churn-store';
import { ContactHousekeeping, type ContactHousekeepingOptions } from './adapters/contact-housekeeping';
import { CampaignStore } from './db/campaign-store';
import { CampaignSender, type CampaignSenderOptions } from './adapters/campaign-sender';
import type { AudienceSource } from './domain/segment';
import { ContactStore } from './db/contact-store';
import { StaffReadStore } from './db/staff-read-store';
import { staffPseudonym } from './domain/staff-pseudonym';
import { staffReadRoutes } from './adapters/staff-read-routes';
import { FeedbackStore, requestIn } from './db/feedback-store';
import { FeedbackRequester } from './adapters/feedback-requests';
import { CxFactStore } from './db/cx-facts';
import { contactMoment } from './domain/feedback';

export interface EngagementOptions extends EngagementStoreLocation {
  port: number;
  host?: string;
  /** `/metrics` on this port (ENGAGEMENT_OPS_PORT; 0: a free one); absent: no operations listener */
  opsPort?: number;
  /** where this process's metrics go (default: a registry of its own) */
  metrics?: ServiceMetrics;
  keysDir?: string;
  clock?: () => Date;
  log?: Logger;
  /** marketing frequency caps (default DEFAULT_FREQUENCY_CAPS) */
  caps?: Partial<FrequencyCaps>;
  /** deliveries besides the inbox and the outbox's channels (tests) */
  deliveries?: readonly ChannelDelivery[];
  /**
   * push, email and SMS through the delivery outbox (adapters/channel-providers.ts builds the providers
   * from the settings): a channel without a provider stays CHANNEL_UNAVAILABLE. `pollMs`: how often the
   * dispatcher looks for due messages (default 1000; 0: only when runOnce is called, tests)
   */
  delivery?: DeliveryDispatcherOptions & { providers: readonly ChannelProvider[]; pollMs?: number };
  /**
   * the live feed of `notificationAdded` (lib/live-feed.ts): Redis PUBLISH/SUBSCRIBE at redisUrl
   * (every replica's subscribers see what any replica stores), else in this process only
   */
  live?: { redisUrl?: string; redisKeyPrefix?: string };
  /** whose account an id is, for low-balance alerts on one account (main.ts: accounts' relationship route); absent: such alerts fail with ACCOUNTS_UNAVAILABLE */
  accounts?: CustomerAccounts;
  /** the event consumer (adapters/event-consumer.ts); absent: no events are read (tests driving engine.handle) */
  /** the customer facts (db/customer-facts.ts): spend kept in `homeCurrency` (default the events' home currency, else EUR) */
  facts?: Partial<CustomerFactsOptions>;
  /** the daily RETENTION pass (adapters/retention-pass.ts); absent: none runs (tests call RunningEngagement.retention.run) */
  retention?: RetentionPassOptions & { enabled: boolean };
  /** the daily churn early warning pass (adapters/churn-pass.ts); absent or not enabled: none runs (tests call RunningEngagement.churn.run) */
  churn?: ChurnPassOptions & { enabled: boolean };
  /**
   * abandoned self-service sessions and unnotified feedback requests (adapters/contact-housekeeping.ts),
   * every `intervalMs` (absent or 0: none runs; tests call RunningEngagement.housekeeping.run)
   */
  housekeeping?: Omit<ContactHousekeepingOptions, 'clock' | 'log'> & { intervalMs?: number };
  /**
   * the staff campaigns' sender (adapters/campaign-sender.ts): polls every `pollMs` for due
   * campaigns (absent or 0: none runs; tests call RunningEngagement.campaignSender.runOnce).
   * `audience`: who a segment names (default: the customer facts)
   */
  campaigns?: Omit<CampaignSenderOptions, 'clock' | 'log'> & { pollMs?: number; audience?: AudienceSource };
  /**
   * the key of the agent pseudonyms customers see in `Customer.staffReads` (ENGAGEMENT_STAFF_PSEUDONYM_KEY,
   * 16+ characters); absent: the development secret KEYS_DIR/staff-pseudonym.secret (created when missing)
   */
  staffPseudonymKey?: string;
  /**
   * engagement's own events (FeedbackGiven): published to Redis at `redisUrl` (default the consumer's
   * events.redisUrl), else served from its log at /internal/events. `intervalMs`: the relay's poll
   * (default the library's; 0: tests call RunningEngagement.eventRelay.runOnce)
   */
  eventRelay?: { redisUrl?: string; redisKeyPrefix?: string; intervalMs?: number };
  events?: {
    /** REDIS_URL: Redis Streams; absent: the producers' logs at `sources` */
    redisUrl?: string;
    redisKeyPrefix?: string;
    sources: Partial<Record<Producer, string>>;
    start?: 'latest' | 'earliest';
    /** customers handled at once (default 1) */
    concurrency?: number;
    settings: TriggerSettings;
    /** partners' reward catalogue for PARTNER_REWARD_IN_REACH (main.ts: adapters/partner-rewards.ts); absent: no such trigger */
    rewards?: RewardCatalogue;
  };
}

export interface RunningEngagement extends RunningSubgraph {
  port: number;
  db: Database;
  messages: MessageStore;
  preferences: PreferencesStore;
  /** where triggers go: `engine.handle(trigger)` (the event consumer attaches here) */
  engine: NotificationEngine;
  metrics: ServiceMetrics;
  outbox: DeliveryOutbox;
  /** present when a provider was given */
  dispatcher?: DeliveryDispatcher;
  /** what `notificationAdded` subscriptions read */
  live: LiveFeed;
  /** engagement's view of the customers, kept from events: campaigns' segments are answered here (AudienceSource) */
  facts: CustomerFactsStore;
  /** the RETENTION pass (started when `retention.enabled`) */
  retention: RetentionPass;
  /** the churn early warning pass (started when `churn.enabled`) and its store */
  churn: ChurnPass;
  churnStore: ChurnStore;
  /** the contacts' and feedback requests' repairs (started when `housekeeping.intervalMs`) */
  housekeeping: ContactHousekeeping;
  /** staff campaigns (db/campaign-store.ts) and their sender */
  campaigns: CampaignStore;
  campaignSender: CampaignSender;
  /** the staff reads the gateway records (POST /internal/staff-reads), listed by `Customer.staffReads` */
  staffReads: StaffReadStore;
  /** feedback requests and answers (db/feedback-store.ts) */
  feedback: FeedbackStore;
  /** the relay of engagement's own events (FeedbackGiven) */
  eventRelay: RunningRelay['relay'];
}

// eslint-disable-next-line max-lines-per-function -- assembly only, one step per part in start order (store, engine, subgraph, consumer, dispatcher, passes) with one cleanup path
export async function startEngagement(opts: EngagementOptions): Promise<RunningEngagement> {
  const log = opts.log ?? createLogger('engagement');
  const clock = opts.clock ?? (() => new Date());
  const metrics = opts.metrics ?? new ServiceMetrics('engagement');
  const db = await openEngagementStore(opts);
  const live = createLiveFeed({ redisUrl: opts.live?.redisUrl, keyPrefix: opts.live?.redisKeyPrefix ?? 'corebridge:', log });
  let dispatcher: DeliveryDispatcher | undefined;
  let relay: RunningRelay | undefined;
  try {
    const { applied } = await migrate(db, MIGRATIONS);
    log.info({ store: db.kind, schema: db.schema, applied }, 'engagement store ready');
    const messages = new MessageStore(db);
    const preferences = new PreferencesStore(db, clock);
    const outbox = new DeliveryOutbox(db, clock);
    if (opts.delivery?.providers.length) dispatcher = new DeliveryDispatcher(outbox, opts.delivery.providers, { log, metrics, ...opts.delivery });
    const facts = new CustomerFactsStore(db, { homeCurrency: opts.events?.settings.homeCurrency ?? 'EUR', ...opts.facts });
    const feedbackStore = new FeedbackStore(db);
    // an ended contact's feedback request is written in the same transaction as its end
    const [campaigns, contacts] = [new CampaignStore(db), new ContactStore(db, (tx, ended, at) => requestIn(tx, contactMoment(ended, at), at))];
    const staffReads = new StaffReadStore(db, clock);
    const cxFacts = new CxFactStore(db);
    const churnStore = new ChurnStore(db, facts.homeCurrency);
    const audience = opts.campaigns?.audience ?? facts;
    const engine = new NotificationEngine({
      store: messages,
      deliveries: [new InboxDelivery(messages, publishNotifications(live, log)), ...(dispatcher?.deliveries() ?? []), ...(opts.deliveries ?? [])],
      clock,
      caps: { ...DEFAULT_FREQUENCY_CAPS, ...opts.caps },
    });
    const feedback = new FeedbackRequester(feedbackStore, engine, clock);
    // FeedbackGiven, written with each answer, leaves through the event outbox
    relay = startEventRelay({
      db,
      producer: 'engagement',
      redisUrl: opts.eventRelay?.redisUrl ?? opts.events?.redisUrl,
      keyPrefix: opts.eventRelay?.redisKeyPrefix ?? opts.events?.redisKeyPrefix,
      metrics,
      log,
      intervalMs: opts.eventRelay?.intervalMs,
    });
    const eventLog = relay.relay.log;
    const keys = opts.keysDir ?? keysDir();
    const pseudonym = staffPseudonym(opts.staffPseudonymKey ?? ensureSecret(keys, 'staff-pseudonym'));
    const verifier = await InternalTokenVerifier.fromKeysDir(keys);
    const signer = opts.events ? await InternalTokenSigner.fromKeysDir(keys) : undefined;
    const running = await startApolloSubgraph<EngagementContext>({
      name: 'engagement',
      typeDefs: loadSdl('engagement'),
      resolvers,
      port: opts.port,
      host: opts.host,
      verifier,
      log,
      context: (base) => ({
        ...base,
        now: clock(),
        messages,
        preferences,
        live,
        accounts: opts.accounts ?? NO_CUSTOMER_ACCOUNTS,
        campaigns,
        audience,
        contacts,
        staffReads,
        pseudonym,
        feedback: { store: feedbackStore, requester: feedback },
        cxFacts,
        churn: churnStore,
      }),
      ready: async () => (await db.query('SELECT 1 AS ok')).length === 1,
      serviceRoutes: (scope) => {
        staffReadRoutes({ staffReads, log })(scope);
        eventLogRoutes(eventLog)(scope);
      },
      ...(opts.opsPort !== undefined ? { ops: { port: opts.opsPort, metrics } } : {}),
    });
    // events are read once the process serves: a start that fails leaves no reader behind
    let consumer: RunningEventConsumer | undefined;
    if (opts.events && signer)
      consumer = startEventConsumer({
        db,
        engine,
        preferences,
        facts: { apply: (e) => facts.apply(e, clock()) },
        feedback,
        ...opts.events,
        signer,
        metrics,
        log,
      });
    const pollMs = opts.delivery?.pollMs ?? 1000;
    if (dispatcher && pollMs > 0) dispatcher.start(pollMs);
    const retention = startRetentionPass(facts, engine, { clock, log, ...opts.retention });
    const churn = startChurnPass(churnStore, { clock, log, ...opts.churn });
    const housekeeping = new ContactHousekeeping(contacts, feedbackStore, engine, { clock, log, ...opts.housekeeping });
    if (opts.housekeeping?.intervalMs) housekeeping.start(opts.housekeeping.intervalMs);
    const campaignSender = new CampaignSender(campaigns, audience, engine, { clock, log, ...opts.campaigns });
    if (opts.campaigns?.pollMs) campaignSender.start(opts.campaigns.pollMs);
    return {
      ...running,
      port: Number(new URL(running.url).port),
      db,
      messages,
      preferences,
      engine,
      metrics,
      outbox,
      ...(dispatcher ? { dispatcher } : {}),
      live,
      facts,
      retention,
      churn,
      churnStore,
      housekeeping,
      campaigns,
      campaignSender,
      staffReads,
      feedback: feedbackStore,
      eventRelay: relay.relay,
      close: async (drainMs?: number) => {
        // open subscription streams complete first: they would hold the drain to its end
        // the reader first: an event being handled finishes while the store is still open
        await consumer?.close();
        await retention.stop();
        await churn.stop();
        await housekeeping.stop();
        // a campaign under way stops after its current customer and gives its lease up (resumed on the next start)
        await campaignSender.stop();
        // then the dispatcher: a send under way is settled before the store closes
        await dispatcher?.stop();
        // and the relay: an event being published is settled before the store closes
        await relay?.close();
        live.endSubscriptions();
        await running.close(drainMs);
        await live.close();
        await db.close();
      },
    };
  } catch (err) {
    await live.close().catch(() => undefined);
    await dispatcher?.stop().catch(() => undefined);
    await relay?.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw err;
  }
}
