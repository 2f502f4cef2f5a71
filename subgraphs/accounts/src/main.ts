import { runMain } from '../../../lib/config';

// the service's modules load inside runMain's callback, after tracing has started (lib/config.ts)
runMain('accounts', async () => {
  const { accountsConfigFromEnv } = await import('./config');
  const { startAccounts } = await import('./server');
  return startAccounts(accountsConfigFromEnv());
});
