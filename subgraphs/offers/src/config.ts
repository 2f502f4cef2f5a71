// The offers process's settings, validated at start (a wrong one stops it naming the variable).
import { z } from 'zod';
import {
  DEFAULT_PORTS,
  loadConfig,
  port,
  positiveInt,
  optionalPostgresUrl,
  optionalRedisUrl,
  redisKeyPrefix,
  dbSchema,
  serviceUrl,
  host,
  opsPortSetting,
} from '../../../lib/config';

/** Default lifetime of a customer's signal data in the process (OFFERS_SIGNALS_TTL_MS). */
export const DEFAULT_SIGNALS_TTL_MS = 300_000;

export const OFFERS_ENV = {
  OFFERS_PORT: port(DEFAULT_PORTS.offers),
  /** the address it listens on: 0.0.0.0 in a container */
  OFFERS_HOST: host(),
  /** `/metrics` (lib/ops-server.ts), on OFFERS_HOST: default OFFERS_PORT + 1000; 0 = a free port */
  OFFERS_OPS_PORT: opsPortSetting(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: optionalPostgresUrl(),
  /** domain events go to Redis Streams when set; else this service serves its event log itself (docs/events.md) */
  REDIS_URL: optionalRedisUrl(),
  REDIS_KEY_PREFIX: redisKeyPrefix(),
  OFFERS_DB_SCHEMA: dbSchema('offers'),
  LOYALTY_SERVICE_URL: serviceUrl(DEFAULT_PORTS.loyalty),
  /** accounts' relationship route: the customer record and account list it already holds */
  ACCOUNTS_SERVICE_URL: serviceUrl(DEFAULT_PORTS.accounts),
  PARTNERS_SERVICE_URL: serviceUrl(DEFAULT_PORTS.partners),
  /** engagement's event log (ChurnRiskRaised), read without REDIS_URL only (unset: this host's engagement port) */
  ENGAGEMENT_SERVICE_URL: z.url().optional(),
  /** where offers' consumer group starts the first time it runs: `latest` (only what is raised from now) or `earliest` */
  OFFERS_EVENTS_START: z.enum(['latest', 'earliest']).default('latest'),
  /** frequency caps: impressions of one offer on one channel per 24 h and per 7 days */
  OFFERS_CAP_PER_DAY: positiveInt(2),
  OFFERS_CAP_PER_WEEK: positiveInt(5),
  /** how often the outbox is polled for activations to (re)deliver */
  OFFERS_DISPATCH_INTERVAL_MS: positiveInt(1000),
  /** how long a customer's signal data (relationship + 60 days of transactions) is reused; 0 = off */
  OFFERS_SIGNALS_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(DEFAULT_SIGNALS_TTL_MS),
};

export function offersConfigFromEnv(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(OFFERS_ENV, env);
}
