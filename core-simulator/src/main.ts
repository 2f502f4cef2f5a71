// `npm run start:core`: the simulated legacy core on CORE_HOST:CORE_PORT.
import { z } from 'zod';
import { DEFAULT_PORTS, loadConfig, port, runMain } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { parseIsoDay } from './data/calendar';
import { DEMO_CUSTOMERS } from './data/demo';
import { startCoreSimulator } from './server';

runMain('core-simulator', async () => {
  const cfg = loadConfig({
    CORE_PORT: port(DEFAULT_PORTS.core),
    CORE_HOST: z.string().min(1).default('127.0.0.1'),
    CORE_SEED: z.coerce.number().int().min(0).max(0xffffffff).default(42),
    CORE_CUSTOMERS: z.coerce.number().int().min(DEMO_CUSTOMERS.length).max(1_000_000).default(10_000),
    CORE_ANCHOR_DATE: z
      .string()
      .refine((s) => parseIsoDay(s) !== undefined, 'must be a date YYYY-MM-DD')
      .optional(),
  });
  const logger = createLogger('core-simulator');
  const sim = await startCoreSimulator({
    port: cfg.CORE_PORT,
    host: cfg.CORE_HOST,
    seed: cfg.CORE_SEED,
    customers: cfg.CORE_CUSTOMERS,
    anchorDate: cfg.CORE_ANCHOR_DATE,
    logger,
  });
  const stop = (signal: string) => {
    logger.info({ signal }, 'stopping');
    void sim.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
});
