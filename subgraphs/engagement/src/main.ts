import { opsPortOf, runMain } from '../../../lib/config';

// the service's modules load inside runMain's callback, after tracing has started (lib/config.ts)
runMain('engagement', async () => {
  const { engagementConfigFromEnv } = await import('./config');
  const { startEngagement } = await import('./server');
  const cfg = engagementConfigFromEnv();
  return startEngagement({
    port: cfg.ENGAGEMENT_PORT,
    host: cfg.ENGAGEMENT_HOST,
    opsPort: opsPortOf('ENGAGEMENT_OPS_PORT', cfg.ENGAGEMENT_PORT, cfg.ENGAGEMENT_OPS_PORT),
    dataDir: cfg.DATA_DIR,
    databaseUrl: cfg.DATABASE_URL,
    dbSchema: cfg.ENGAGEMENT_DB_SCHEMA,
    caps: { marketingPerDay: cfg.ENGAGEMENT_MARKETING_CAP_PER_DAY, marketingPerWeek: cfg.ENGAGEMENT_MARKETING_CAP_PER_WEEK },
  });
});
