import { opsPortOf, runMain } from '../../../lib/config';
import { coreClientConfigFromEnv } from '../../../legacy-adapters/soap/src';
import { offersConfigFromEnv } from './config';
import { startOffers } from './server';

runMain('offers', async () => {
  const cfg = offersConfigFromEnv();
  return startOffers({
    port: cfg.OFFERS_PORT,
    host: cfg.OFFERS_HOST,
    opsPort: opsPortOf('OFFERS_OPS_PORT', cfg.OFFERS_PORT, cfg.OFFERS_OPS_PORT),
    core: coreClientConfigFromEnv(),
    dataDir: cfg.DATA_DIR,
    databaseUrl: cfg.DATABASE_URL,
    dbSchema: cfg.OFFERS_DB_SCHEMA,
    loyaltyUrl: cfg.LOYALTY_SERVICE_URL,
    partnersUrl: cfg.PARTNERS_SERVICE_URL,
    accountsUrl: cfg.ACCOUNTS_SERVICE_URL,
    signalsTtlMs: cfg.OFFERS_SIGNALS_TTL_MS,
    suppression: { capPerDay: cfg.OFFERS_CAP_PER_DAY, capPerWeek: cfg.OFFERS_CAP_PER_WEEK },
    dispatchIntervalMs: cfg.OFFERS_DISPATCH_INTERVAL_MS,
  });
});
