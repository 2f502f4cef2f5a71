// The accounts process's settings, validated at start (a wrong one stops it naming the variable).
// The only place accounts reads its environment.
import { z } from 'zod';
import {
  DEFAULT_PORTS,
  dbSchema,
  host,
  loadConfig,
  opsPortOf,
  opsPortSetting,
  optionalPostgresUrl,
  optionalRedisUrl,
  port,
  redisKeyPrefix,
  serviceUrl,
} from '../../../lib/config';
import { keysDir } from '../../../lib/keys';
import { coreClientConfigFromEnv, type CoreClientConfig } from '../../../legacy-adapters/soap/src';
import { statementsBeside } from './adapters/core-statements';

/** Default lifetime of cached profiles, account and card lists (ACCOUNTS_CACHE_TTL_MS). */
export const DEFAULT_CACHE_TTL_MS = 30_000;
/** Default lifetime of a customer's cached recent activity (ACCOUNTS_ACTIVITY_TTL_MS): as long as offers kept its own signal data. */
export const DEFAULT_ACTIVITY_TTL_MS = 300_000;

export const ACCOUNTS_ENV = {
  ACCOUNTS_PORT: port(DEFAULT_PORTS.accounts),
  /** the address it listens on: 0.0.0.0 in a container */
  ACCOUNTS_HOST: host(),
  /** `/metrics` (lib/ops-server.ts): default ACCOUNTS_PORT + 1000; 0 = a free port */
  ACCOUNTS_OPS_PORT: opsPortSetting(),
  /** lifetime of the per-customer cache of profiles, account and card lists; 0 = off */
  ACCOUNTS_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(DEFAULT_CACHE_TTL_MS),
  /** lifetime of the recent activity offers' signals read (Customer.recentActivity); 0 = read with every answer */
  ACCOUNTS_ACTIVITY_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(DEFAULT_ACTIVITY_TTL_MS),
  /** off: Customer.recentActivity answers null, and offers reads its 60 days from the core itself, as before */
  ACCOUNTS_RECENT_ACTIVITY: z.enum(['on', 'off']).default('on'),
  /** base URL of the core's end-of-day statement files; default: `statements` beside the core's SOAP path */
  CORE_STATEMENTS_URL: z.url().optional(),
  /** accounts' own store (statement preferences): PGlite under DATA_DIR/accounts, or PostgreSQL */
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: optionalPostgresUrl(),
  ACCOUNTS_DB_SCHEMA: dbSchema('accounts'),
  /** where engagement facts (e-statements chosen) are reported */
  LOYALTY_SERVICE_URL: serviceUrl(DEFAULT_PORTS.loyalty),
  /** HMAC key of the core's notifications (POST /core/notifications); unset: KEYS_DIR/core-notify.secret, as the simulator */
  CORE_NOTIFY_SECRET: z.string().min(16).optional(),
  /** TransactionBooked events go to Redis Streams; unset: accounts serves its event log at /internal/events */
  REDIS_URL: optionalRedisUrl(),
  REDIS_KEY_PREFIX: redisKeyPrefix(),
};

export interface AccountsConfig {
  port: number;
  host: string;
  /** ACCOUNTS_OPS_PORT */
  opsPort: number;
  cacheTtlMs: number;
  activityTtlMs: number;
  recentActivity: boolean;
  /** CORE_* (legacy-adapters/soap coreClientConfigFromEnv), CORE_BATCHING among them */
  core: CoreClientConfig;
  /** without a trailing slash */
  statementsUrl: string;
  /** KEYS_DIR (lib/keys): where the internal token key pair is */
  keysDir: string;
  dataDir: string;
  databaseUrl?: string;
  dbSchema: string;
  loyaltyUrl: string;
  /** CORE_NOTIFY_SECRET; absent: the development secret under keysDir */
  notifySecret?: string;
  redisUrl?: string;
  redisKeyPrefix: string;
}

export function accountsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AccountsConfig {
  const cfg = loadConfig(ACCOUNTS_ENV, env);
  const core = coreClientConfigFromEnv(env);
  return {
    port: cfg.ACCOUNTS_PORT,
    host: cfg.ACCOUNTS_HOST,
    opsPort: opsPortOf('ACCOUNTS_OPS_PORT', cfg.ACCOUNTS_PORT, cfg.ACCOUNTS_OPS_PORT),
    cacheTtlMs: cfg.ACCOUNTS_CACHE_TTL_MS,
    activityTtlMs: cfg.ACCOUNTS_ACTIVITY_TTL_MS,
    recentActivity: cfg.ACCOUNTS_RECENT_ACTIVITY === 'on',
    core,
    statementsUrl: (cfg.CORE_STATEMENTS_URL ?? statementsBeside(core.wsdlUrl)).replace(/\/+$/, ''),
    keysDir: keysDir(env),
    dataDir: cfg.DATA_DIR,
    ...(cfg.DATABASE_URL ? { databaseUrl: cfg.DATABASE_URL } : {}),
    dbSchema: cfg.ACCOUNTS_DB_SCHEMA,
    loyaltyUrl: cfg.LOYALTY_SERVICE_URL,
    ...(cfg.CORE_NOTIFY_SECRET ? { notifySecret: cfg.CORE_NOTIFY_SECRET } : {}),
    ...(cfg.REDIS_URL ? { redisUrl: cfg.REDIS_URL } : {}),
    redisKeyPrefix: cfg.REDIS_KEY_PREFIX,
  };
}
