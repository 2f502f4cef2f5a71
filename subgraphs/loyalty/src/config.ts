// The loyalty process's settings, validated at start (a wrong one stops it naming the variable),
// and the earning rules file it names.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  ConfigError,
  DEFAULT_PORTS,
  loadConfig,
  port,
  flag,
  optionalPostgresUrl,
  optionalRedisUrl,
  redisKeyPrefix,
  dbSchema,
  serviceUrl,
  host,
  opsPortSetting,
} from '../../../lib/config';
import { type EarningRules, parseRules } from './domain/rules';
import { CURRENCY_EXPONENT } from '../../../lib/money';

export const DEFAULT_RULES_FILE = join(__dirname, '..', 'rules', 'earning-rules.json');

export const LOYALTY_ENV = {
  LOYALTY_PORT: port(DEFAULT_PORTS.loyalty),
  /** the address the GraphQL and /internal listener binds: 0.0.0.0 in a container */
  LOYALTY_HOST: host(),
  /** `/metrics` (lib/ops-server.ts), on LOYALTY_HOST: default LOYALTY_PORT + 1000; 0 = a free port */
  LOYALTY_OPS_PORT: opsPortSetting(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: optionalPostgresUrl(),
  /** domain events go to Redis Streams when set; else this service serves its event log itself (docs/events.md) */
  REDIS_URL: optionalRedisUrl(),
  REDIS_KEY_PREFIX: redisKeyPrefix(),
  LOYALTY_DB_SCHEMA: dbSchema('loyalty'),
  LOYALTY_CURRENCY: z
    .string()
    .default('EUR')
    .refine((c) => CURRENCY_EXPONENT[c] !== undefined, 'must be an ISO 4217 code the bank books in'),
  LOYALTY_SEED_DEMO: flag(true),
  /** earning rules (JSON, validated at start) */
  LOYALTY_RULES_FILE: z.string().min(1).default(DEFAULT_RULES_FILE),
  /** whether loyalty talks to the core (tiers' products and tenure, settlement, cash redemption) */
  LOYALTY_CORE_ENABLED: flag(true),
  PARTNERS_SERVICE_URL: serviceUrl(DEFAULT_PORTS.partners),
  /** accounts' relationship route: the tier standing's account list, without a core call when accounts holds it */
  ACCOUNTS_SERVICE_URL: serviceUrl(DEFAULT_PORTS.accounts),
  /**
   * engagement's service routes: its event log (FeedbackGiven, points for feedback), read without
   * REDIS_URL only (unset: this host's default port; no default here, a cluster reads Redis)
   */
  ENGAGEMENT_SERVICE_URL: z.url().optional(),
  /** where loyalty's FeedbackGiven consumer starts the first time: earliest (default) rewards the answers given before it first ran */
  LOYALTY_EVENTS_START: z.enum(['latest', 'earliest']).default('earliest'),
  LOYALTY_PARTNERS_REFRESH_MS: z.coerce.number().int().min(1000).max(86_400_000).default(60_000),
  /** the bank's funding account in the core per currency, e.g. "EUR=ACC-1,GBP=ACC-2" */
  LOYALTY_FUNDING_ACCOUNTS: z
    .string()
    .default('')
    .refine((v) => v.trim() === '' || v.split(',').every((p) => /^[A-Z]{3}=[^=,\s]+$/.test(p.trim())), 'comma-separated CCY=accountId pairs')
    .transform((v) => parseFundingAccounts(v)),
  /** daily settlement of the previous business day at HH:MM UTC, or "off" */
  LOYALTY_SETTLEMENT_TIME: z
    .string()
    .regex(/^(off|([01]\d|2[0-3]):[0-5]\d)$/, 'HH:MM (UTC) or off')
    .default('00:30'),
  /** the daily expiry warning (PointsExpiring) looks this many days ahead; 0: no warning */
  LOYALTY_EXPIRY_WARNING_DAYS: z.coerce.number().int().min(0).max(366).default(30),
  /** the ISO 8583 card feed (TCP); 0 takes a free port */
  LOYALTY_FEED_PORT: port(DEFAULT_PORTS.cardFeed),
  LOYALTY_FEED_HOST: host(),
  /** how the switch writes bitmaps: binary (8 bytes) or ascii-hex (16 characters) */
  LOYALTY_FEED_DIALECT: z.enum(['binary', 'ascii-hex']).default('binary'),
  /** connections the feed serves at once (the switch opens a few; more is someone else) */
  LOYALTY_FEED_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(10_000).default(64),
  /** frames of different cards one connection has handled at once (1: one after the other) */
  LOYALTY_FEED_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(256).default(32),
  /** a connection that completes no accepted message for this long is dropped */
  LOYALTY_FEED_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  /** the MAC key shared with the switch (hex, at least 128 bits); set, every message must carry a valid MAC */
  LOYALTY_FEED_MAC_KEY: z
    .string()
    .regex(/^(?:[0-9a-fA-F]{2}){16,64}$/, 'hex, 32 to 128 characters (a 128- to 512-bit key)')
    .transform((hex) => Buffer.from(hex, 'hex'))
    .optional(),
};

export function parseFundingAccounts(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [ccy = '', account] = pair.split('=');
    if (account === undefined) throw new ConfigError(`LOYALTY_FUNDING_ACCOUNTS: ${JSON.stringify(pair)} is not CCY=accountId`);
    out[ccy] = account;
  }
  return out;
}

export function loyaltyConfigFromEnv(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(LOYALTY_ENV, env);
}
export type LoyaltyConfig = ReturnType<typeof loyaltyConfigFromEnv>;

/** The rules file, read and validated: a missing or malformed file is a ConfigError (exit 78). */
export function loadRules(file: string = DEFAULT_RULES_FILE): EarningRules {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`LOYALTY_RULES_FILE: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`LOYALTY_RULES_FILE: ${file} is not valid JSON: ${(err as Error).message}`);
  }
  return parseRules(json, file);
}
