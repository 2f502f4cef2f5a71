import { runMain } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { gatewayOptionsFromEnv } from './config';
import { startGateway } from './server';

runMain('gateway', async () => {
  const opts = gatewayOptionsFromEnv();
  const log = createLogger('gateway');
  const running = await startGateway({ ...opts, log });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
});
