import { loadConfig, port, runMain, DEFAULT_PORTS } from '../../../lib/config';
import { coreClientConfigFromEnv } from '../../../legacy-adapters/soap/src';
import { startOffers } from './server';

runMain('offers', async () => {
  const cfg = loadConfig({ OFFERS_PORT: port(DEFAULT_PORTS.offers) });
  const running = await startOffers({ port: cfg.OFFERS_PORT, core: coreClientConfigFromEnv() });
  const stop = () => void running.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
});
