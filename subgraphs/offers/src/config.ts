// The offers process's settings, validated at start (a wrong one stops it naming the variable).
import { z } from 'zod';
import { DEFAULT_PORTS, loadConfig, port, positiveInt, optionalPostgresUrl, dbSchema, serviceUrl } from '../../../lib/config';

export const OFFERS_ENV = {
  OFFERS_PORT: port(DEFAULT_PORTS.offers),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: optionalPostgresUrl(),
  OFFERS_DB_SCHEMA: dbSchema('offers'),
  LOYALTY_SERVICE_URL: serviceUrl(DEFAULT_PORTS.loyalty),
  PARTNERS_SERVICE_URL: serviceUrl(DEFAULT_PORTS.partners),
  /** frequency caps: impressions of one offer on one channel per 24 h and per 7 days */
  OFFERS_CAP_PER_DAY: positiveInt(2),
  OFFERS_CAP_PER_WEEK: positiveInt(5),
  /** how often the outbox is polled for activations to (re)deliver */
  OFFERS_DISPATCH_INTERVAL_MS: positiveInt(1000),
};

export function offersConfigFromEnv(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(OFFERS_ENV, env);
}
export type OffersConfig = ReturnType<typeof offersConfigFromEnv>;
