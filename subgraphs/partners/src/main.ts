import { opsPortOf, runMain } from '../../../lib/config';

// the service's modules load inside runMain's callback, after tracing has started (lib/config.ts)
runMain('partners', async () => {
  const { coreClientConfigFromEnv } = await import('../../../legacy-adapters/soap/src/lite');
  const { partnersConfigFromEnv } = await import('./config');
  const { startPartners } = await import('./server');
  const cfg = partnersConfigFromEnv();
  // validated now, used on the first partner read that needs the core
  const core = coreClientConfigFromEnv();
  return startPartners({
    port: cfg.PARTNERS_PORT,
    host: cfg.PARTNERS_HOST,
    opsPort: opsPortOf('PARTNERS_OPS_PORT', cfg.PARTNERS_PORT, cfg.PARTNERS_OPS_PORT),
    dataDir: cfg.DATA_DIR,
    databaseUrl: cfg.DATABASE_URL,
    dbSchema: cfg.PARTNERS_DB_SCHEMA,
    seedDemo: cfg.PARTNERS_SEED_DEMO,
    partnerAppsFile: cfg.PARTNER_APPS_FILE,
    loyaltyServiceUrl: cfg.LOYALTY_SERVICE_URL,
    core,
  });
});
