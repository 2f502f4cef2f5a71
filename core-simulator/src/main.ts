// `npm run start:core`: the simulated legacy core on CORE_HOST:CORE_PORT.
import { opsPortOf, runMain } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { coreSimulatorConfigFromEnv } from './config';
import { startCoreSimulator } from './server';

runMain('core-simulator', async () => {
  const cfg = coreSimulatorConfigFromEnv();
  return startCoreSimulator({
    port: cfg.CORE_PORT,
    host: cfg.CORE_HOST,
    opsPort: opsPortOf('CORE_OPS_PORT', cfg.CORE_PORT, cfg.CORE_OPS_PORT),
    seed: cfg.CORE_SEED,
    customers: cfg.CORE_CUSTOMERS,
    anchorDate: cfg.CORE_ANCHOR_DATE,
    logger: createLogger('core-simulator'),
  });
});
