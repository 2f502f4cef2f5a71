import { DEFAULT_PORTS, localServiceUrl, opsPortOf, runMain } from '../../../lib/config';

// the service's modules load inside runMain's callback, after tracing has started (lib/config.ts)
runMain('engagement', async () => {
  const { engagementConfigFromEnv } = await import('./config');
  const { startEngagement } = await import('./server');
  const { parseDecimal } = await import('../../../lib/money');
  const { channelProviders } = await import('./adapters/channel-providers');
  const { InternalTokenSigner } = await import('../../../lib/internal-auth');
  const { keysDir } = await import('../../../lib/keys');
  const { ServiceClient } = await import('../../../lib/service-client');
  const { accountsRelationshipSource } = await import('../../../lib/customer-relationship');
  const { relationshipAccounts } = await import('./adapters/customer-accounts');
  const { PartnerRewardCatalogue } = await import('./adapters/partner-rewards');
  const cfg = engagementConfigFromEnv();
  const accountsUrl = cfg.ACCOUNTS_SERVICE_URL ?? localServiceUrl(DEFAULT_PORTS.accounts);
  const signer = await InternalTokenSigner.fromKeysDir(keysDir());
  return startEngagement({
    port: cfg.ENGAGEMENT_PORT,
    host: cfg.ENGAGEMENT_HOST,
    opsPort: opsPortOf('ENGAGEMENT_OPS_PORT', cfg.ENGAGEMENT_PORT, cfg.ENGAGEMENT_OPS_PORT),
    dataDir: cfg.DATA_DIR,
    databaseUrl: cfg.DATABASE_URL,
    dbSchema: cfg.ENGAGEMENT_DB_SCHEMA,
    caps: {
      marketingPerDay: cfg.ENGAGEMENT_MARKETING_CAP_PER_DAY,
      marketingPerWeek: cfg.ENGAGEMENT_MARKETING_CAP_PER_WEEK,
      campaignsPer30Days: cfg.ENGAGEMENT_CAMPAIGN_CAP_PER_30_DAYS,
    },
    campaigns: { pollMs: cfg.ENGAGEMENT_CAMPAIGN_POLL_MS },
    delivery: {
      providers: channelProviders(cfg),
      rates: { EMAIL: cfg.ENGAGEMENT_EMAIL_PER_MINUTE, SMS: cfg.ENGAGEMENT_SMS_PER_MINUTE, PUSH: cfg.ENGAGEMENT_PUSH_PER_MINUTE },
    },
    live: { redisUrl: cfg.REDIS_URL, redisKeyPrefix: cfg.REDIS_KEY_PREFIX },
    retention: { enabled: cfg.ENGAGEMENT_RETENTION, hour: cfg.ENGAGEMENT_RETENTION_HOUR },
    churn: { enabled: cfg.ENGAGEMENT_CHURN, hour: cfg.ENGAGEMENT_CHURN_HOUR, threshold: cfg.ENGAGEMENT_CHURN_THRESHOLD },
    housekeeping: { intervalMs: 60_000, selfServiceMaxMs: cfg.ENGAGEMENT_SELF_SERVICE_MAX_MINUTES * 60_000 },
    ...(cfg.ENGAGEMENT_STAFF_PSEUDONYM_KEY ? { staffPseudonymKey: cfg.ENGAGEMENT_STAFF_PSEUDONYM_KEY } : {}),
    // a customer waits on this answer: one try, short
    accounts: relationshipAccounts(
      accountsRelationshipSource(new ServiceClient({ service: 'engagement', baseUrl: accountsUrl, signer, retries: 0, timeoutMs: 2000 })),
    ),
    events: {
      redisUrl: cfg.REDIS_URL,
      redisKeyPrefix: cfg.REDIS_KEY_PREFIX,
      sources: {
        accounts: accountsUrl,
        loyalty: cfg.LOYALTY_SERVICE_URL ?? localServiceUrl(DEFAULT_PORTS.loyalty),
        offers: cfg.OFFERS_SERVICE_URL ?? localServiceUrl(DEFAULT_PORTS.offers),
      },
      start: cfg.ENGAGEMENT_EVENTS_START,
      concurrency: cfg.ENGAGEMENT_EVENTS_CONCURRENCY,
      settings: {
        homeCurrency: cfg.ENGAGEMENT_HOME_CURRENCY,
        largeCardUse: parseDecimal(cfg.ENGAGEMENT_LARGE_CARD_USE, cfg.ENGAGEMENT_HOME_CURRENCY),
        rewardInReachShareBp: cfg.ENGAGEMENT_REWARD_IN_REACH_SHARE,
      },
      // a marketing nicety on the event path: one short try, cached for minutes (adapters/partner-rewards.ts)
      rewards: new PartnerRewardCatalogue(
        new ServiceClient({
          service: 'engagement',
          baseUrl: cfg.PARTNERS_SERVICE_URL ?? localServiceUrl(DEFAULT_PORTS.partners),
          signer,
          retries: 0,
          timeoutMs: 2000,
        }),
      ),
    },
  });
});
