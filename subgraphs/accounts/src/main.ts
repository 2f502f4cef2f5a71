import { z } from 'zod';
import { loadConfig, port, runMain, DEFAULT_PORTS } from '../../../lib/config';
import { coreClientConfigFromEnv } from '../../../legacy-adapters/soap/src';
import { DEFAULT_CACHE_TTL_MS, startAccounts } from './server';

runMain('accounts', async () => {
  const cfg = loadConfig({
    ACCOUNTS_PORT: port(DEFAULT_PORTS.accounts),
    ACCOUNTS_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(DEFAULT_CACHE_TTL_MS),
  });
  const running = await startAccounts({ port: cfg.ACCOUNTS_PORT, core: coreClientConfigFromEnv(), cacheTtlMs: cfg.ACCOUNTS_CACHE_TTL_MS });
  const stop = () => void running.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
});
