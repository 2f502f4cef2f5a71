import { DEFAULT_PORTS, localServiceUrl, opsPortOf, runMain } from '../../../lib/config';

// the service's modules load inside runMain's callback, after tracing has started (lib/config.ts)
runMain('offers', async () => {
  const { coreClientConfigFromEnv } = await import('../../../legacy-adapters/soap/src');
  const { offersConfigFromEnv } = await import('./config');
  const { startOffers } = await import('./server');
  const cfg = offersConfigFromEnv();
  return startOffers({
    port: cfg.OFFERS_PORT,
    host: cfg.OFFERS_HOST,
    opsPort: opsPortOf('OFFERS_OPS_PORT', cfg.OFFERS_PORT, cfg.OFFERS_OPS_PORT),
    core: coreClientConfigFromEnv(),
    dataDir: cfg.DATA_DIR,
    databaseUrl: cfg.DATABASE_URL,
    redisUrl: cfg.REDIS_URL,
    redisKeyPrefix: cfg.REDIS_KEY_PREFIX,
    dbSchema: cfg.OFFERS_DB_SCHEMA,
    loyaltyUrl: cfg.LOYALTY_SERVICE_URL,
    partnersUrl: cfg.PARTNERS_SERVICE_URL,
    accountsUrl: cfg.ACCOUNTS_SERVICE_URL,
    signalsTtlMs: cfg.OFFERS_SIGNALS_TTL_MS,
    suppression: { capPerDay: cfg.OFFERS_CAP_PER_DAY, capPerWeek: cfg.OFFERS_CAP_PER_WEEK },
    dispatchIntervalMs: cfg.OFFERS_DISPATCH_INTERVAL_MS,
    // engagement's churn flags make the retention offer (docs/offers.md "Churn flags")
    consumer: {
      sources: { engagement: cfg.ENGAGEMENT_SERVICE_URL ?? localServiceUrl(DEFAULT_PORTS.engagement) },
      start: cfg.OFFERS_EVENTS_START,
    },
  });
});
