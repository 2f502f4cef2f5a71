// `npm run start:core`: the simulated legacy core on CORE_HOST:CORE_PORT.
import { opsPortOf, runMain } from '../../lib/config';

// the service's modules load inside runMain's callback, after tracing has started (lib/config.ts)
runMain('core-simulator', async () => {
  const { createLogger } = await import('../../lib/logger');
  const { coreSimulatorConfigFromEnv } = await import('./config');
  const { startCoreSimulator } = await import('./server');
  const { ensureSecret } = await import('../../lib/keys');
  const cfg = coreSimulatorConfigFromEnv();
  return startCoreSimulator({
    port: cfg.CORE_PORT,
    host: cfg.CORE_HOST,
    opsPort: opsPortOf('CORE_OPS_PORT', cfg.CORE_PORT, cfg.CORE_OPS_PORT),
    seed: cfg.CORE_SEED,
    customers: cfg.CORE_CUSTOMERS,
    anchorDate: cfg.CORE_ANCHOR_DATE,
    logger: createLogger('core-simulator'),
    ...(cfg.CORE_NOTIFY_URL ? { notify: { url: cfg.CORE_NOTIFY_URL, secret: cfg.CORE_NOTIFY_SECRET ?? ensureSecret(cfg.keysDir, 'core-notify') } } : {}),
    bookingIntervalMs: cfg.CORE_BOOKING_INTERVAL_MS,
  });
});
