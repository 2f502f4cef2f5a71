import { loadConfig, port, runMain, DEFAULT_PORTS } from '../../../lib/config';
import { coreClientConfigFromEnv } from '../../../legacy-adapters/soap/src';
import { startAccounts } from './server';

runMain('accounts', async () => {
  const cfg = loadConfig({ ACCOUNTS_PORT: port(DEFAULT_PORTS.accounts) });
  const running = await startAccounts({ port: cfg.ACCOUNTS_PORT, core: coreClientConfigFromEnv() });
  const stop = () => void running.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
});
