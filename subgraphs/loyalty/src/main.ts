import { DEFAULT_PORTS, localServiceUrl, opsPortOf, runMain } from '../../../lib/config';

// the service's modules load inside runMain's callback, after tracing has started (lib/config.ts)
runMain('loyalty', async () => {
  const { coreClientConfigFromEnv } = await import('../../../legacy-adapters/soap/src');
  const { loadRules, loyaltyConfigFromEnv } = await import('./config');
  const { startLoyalty } = await import('./server');
  const cfg = loyaltyConfigFromEnv();
  // a bad rules file stops the process here (exit 78), before anything is opened
  const rules = loadRules(cfg.LOYALTY_RULES_FILE);
  return startLoyalty({
    port: cfg.LOYALTY_PORT,
    host: cfg.LOYALTY_HOST,
    opsPort: opsPortOf('LOYALTY_OPS_PORT', cfg.LOYALTY_PORT, cfg.LOYALTY_OPS_PORT),
    dataDir: cfg.DATA_DIR,
    databaseUrl: cfg.DATABASE_URL,
    redisUrl: cfg.REDIS_URL,
    redisKeyPrefix: cfg.REDIS_KEY_PREFIX,
    dbSchema: cfg.LOYALTY_DB_SCHEMA,
    currency: cfg.LOYALTY_CURRENCY,
    seedDemo: cfg.LOYALTY_SEED_DEMO,
    rules,
    coreConfig: cfg.LOYALTY_CORE_ENABLED ? coreClientConfigFromEnv() : undefined,
    partnersUrl: cfg.PARTNERS_SERVICE_URL,
    partnersRefreshMs: cfg.LOYALTY_PARTNERS_REFRESH_MS,
    accountsUrl: cfg.ACCOUNTS_SERVICE_URL,
    fundingAccounts: cfg.LOYALTY_FUNDING_ACCOUNTS,
    dailyJobsAt: cfg.LOYALTY_SETTLEMENT_TIME,
    expiryWarningDays: cfg.LOYALTY_EXPIRY_WARNING_DAYS,
    // the card feed resolves cards through the core: without it there is no feed
    feedPort: cfg.LOYALTY_CORE_ENABLED ? cfg.LOYALTY_FEED_PORT : undefined,
    feedHost: cfg.LOYALTY_FEED_HOST,
    feedDialect: cfg.LOYALTY_FEED_DIALECT,
    // points for feedback: engagement's FeedbackGiven, from Redis with REDIS_URL, else from engagement's log
    events: { sources: { engagement: cfg.ENGAGEMENT_SERVICE_URL ?? localServiceUrl(DEFAULT_PORTS.engagement) }, start: cfg.LOYALTY_EVENTS_START },
    feedAdmission: {
      maxConnections: cfg.LOYALTY_FEED_MAX_CONNECTIONS,
      maxInFlightFrames: cfg.LOYALTY_FEED_MAX_IN_FLIGHT,
      idleTimeoutMs: cfg.LOYALTY_FEED_IDLE_TIMEOUT_MS,
      macKey: cfg.LOYALTY_FEED_MAC_KEY,
    },
  });
});
