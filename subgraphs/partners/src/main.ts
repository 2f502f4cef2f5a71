import { runMain } from '../../../lib/config';
import { partnersConfigFromEnv } from './config';
import { startPartners } from './server';

runMain('partners', async () => {
  const cfg = partnersConfigFromEnv();
  const running = await startPartners({
    port: cfg.PARTNERS_PORT,
    dataDir: cfg.DATA_DIR,
    databaseUrl: cfg.DATABASE_URL,
    dbSchema: cfg.PARTNERS_DB_SCHEMA,
    seedDemo: cfg.PARTNERS_SEED_DEMO,
  });
  const stop = () => void running.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
});
