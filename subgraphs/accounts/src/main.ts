import { runMain } from '../../../lib/config';
import { accountsConfigFromEnv } from './config';
import { startAccounts } from './server';

runMain('accounts', async () => {
  const running = await startAccounts(accountsConfigFromEnv());
  const stop = () => void running.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
});
