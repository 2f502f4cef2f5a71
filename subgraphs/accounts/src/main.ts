import { runMain } from '../../../lib/config';
import { accountsConfigFromEnv } from './config';
import { startAccounts } from './server';

runMain('accounts', () => startAccounts(accountsConfigFromEnv()));
