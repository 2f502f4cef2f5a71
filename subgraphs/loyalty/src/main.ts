import { runMain } from '../../../lib/config';
import { loyaltyConfigFromEnv } from './config';
import { startLoyalty } from './server';

runMain('loyalty', async () => {
  const cfg = loyaltyConfigFromEnv();
  const running = await startLoyalty({
    port: cfg.LOYALTY_PORT,
    dataDir: cfg.DATA_DIR,
    databaseUrl: cfg.DATABASE_URL,
    dbSchema: cfg.LOYALTY_DB_SCHEMA,
    currency: cfg.LOYALTY_CURRENCY,
    seedDemo: cfg.LOYALTY_SEED_DEMO,
  });
  const stop = () => void running.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
});
