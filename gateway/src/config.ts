// The gateway's settings from the environment, validated once at start.
import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, DEFAULT_PORTS, loadConfig, port, positiveInt, serviceUrl, url } from '../../lib/config';
import { keysDir } from '../../lib/keys';
import { ALLOWED_ALGORITHMS, CLOCK_TOLERANCE_SECONDS, DEFAULT_ALGORITHMS, DEFAULT_AUDIENCE, DEFAULT_ISSUER, MAX_CLOCK_TOLERANCE_SECONDS } from './auth';
import { DEFAULT_LIMITS } from './limits';
import { DEFAULT_RATE_LIMITS } from './rate-limit';
import { DEFAULT_SUBGRAPH_TIMEOUT_MS } from './subgraph-data-source';
import type { GatewayOptions } from './server';

export const DEFAULT_SUPERGRAPH_PATH = resolve(__dirname, '..', '..', 'schema', 'supergraph.graphql');

/** Subgraph name in the supergraph -> the variable that overrides its routing URL. */
export const SUBGRAPH_URL_VARIABLES = {
  accounts: 'ACCOUNTS_URL',
  loyalty: 'LOYALTY_URL',
  offers: 'OFFERS_URL',
  partners: 'PARTNERS_URL',
} as const;

const algorithms = z
  .string()
  .default(DEFAULT_ALGORITHMS.join(','))
  .transform((s) => s.split(',').map((a) => a.trim()).filter(Boolean))
  .refine((list) => list.length > 0 && list.every((a) => (ALLOWED_ALGORITHMS as readonly string[]).includes(a)), {
    message: `comma-separated list of ${ALLOWED_ALGORITHMS.join(', ')}`,
  });

const shape = {
  GATEWAY_PORT: port(DEFAULT_PORTS.gateway),
  GATEWAY_HOST: z.string().min(1).default('127.0.0.1'),
  SUPERGRAPH_PATH: z.string().min(1).optional(),
  ACCOUNTS_URL: url().optional(),
  LOYALTY_URL: url().optional(),
  OFFERS_URL: url().optional(),
  PARTNERS_URL: url().optional(),
  JWKS_FILE: z.string().min(1).optional(),
  JWKS_URL: url().optional(),
  JWT_ISSUER: z.string().min(1).default(DEFAULT_ISSUER),
  JWT_AUDIENCE: z.string().min(1).default(DEFAULT_AUDIENCE),
  JWT_ALGORITHMS: algorithms,
  JWT_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(MAX_CLOCK_TOLERANCE_SECONDS).default(CLOCK_TOLERANCE_SECONDS),
  NODE_ENV: z.string().default('development'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL').optional().or(z.literal('').transform(() => undefined)),
  REDIS_KEY_PREFIX: z.string().min(1).default('corebridge:'),
  PERSISTED_DIR: z.string().min(1).optional(),
  PARTNERS_SERVICE_URL: serviceUrl(DEFAULT_PORTS.partners),
  AUDIT_LOG_FILE: z.string().min(1).optional(),
  SUBGRAPH_TIMEOUT_MS: positiveInt(DEFAULT_SUBGRAPH_TIMEOUT_MS),
  APQ_TTL_SECONDS: positiveInt(24 * 3600),
  GATEWAY_MAX_DEPTH: positiveInt(DEFAULT_LIMITS.maxDepth),
  GATEWAY_MAX_ALIASES: positiveInt(DEFAULT_LIMITS.maxAliases),
  GATEWAY_MAX_ROOT_FIELDS: positiveInt(DEFAULT_LIMITS.maxRootFields),
  GATEWAY_MAX_DIRECTIVES: positiveInt(DEFAULT_LIMITS.maxDirectives),
  GATEWAY_MAX_TOKENS: positiveInt(DEFAULT_LIMITS.maxTokens),
  GATEWAY_MAX_COST: positiveInt(DEFAULT_LIMITS.maxCost),
  GATEWAY_MAX_BODY_BYTES: positiveInt(DEFAULT_LIMITS.maxBodyBytes),
  RATE_LIMIT_CLIENT_PER_SECOND: z.coerce.number().min(0).default(DEFAULT_RATE_LIMITS.client.perSecond),
  RATE_LIMIT_CLIENT_BURST: positiveInt(DEFAULT_RATE_LIMITS.client.burst),
  RATE_LIMIT_CUSTOMER_PER_SECOND: z.coerce.number().min(0).default(DEFAULT_RATE_LIMITS.customer.perSecond),
  RATE_LIMIT_CUSTOMER_BURST: positiveInt(DEFAULT_RATE_LIMITS.customer.burst),
  GATEWAY_TOKEN_CACHE: z.enum(['on', 'off']).default('on'),
};

export function gatewayOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayOptions {
  const cfg = loadConfig(shape, env);
  if (cfg.JWKS_FILE && cfg.JWKS_URL) throw new ConfigError('invalid configuration:\n  JWKS_FILE, JWKS_URL: set one of them, not both');
  // the dev key pair is for laptops and tests; production must trust the bank's IdP
  if (cfg.NODE_ENV === 'production' && !cfg.JWKS_FILE && !cfg.JWKS_URL) {
    throw new ConfigError('invalid configuration:\n  JWKS_FILE / JWKS_URL: one is required when NODE_ENV=production');
  }
  const subgraphUrls: Record<string, string> = {};
  for (const [name, variable] of Object.entries(SUBGRAPH_URL_VARIABLES)) {
    const value = cfg[variable];
    if (value) subgraphUrls[name] = value;
  }
  return {
    port: cfg.GATEWAY_PORT,
    host: cfg.GATEWAY_HOST,
    supergraphPath: cfg.SUPERGRAPH_PATH ? resolve(cfg.SUPERGRAPH_PATH) : DEFAULT_SUPERGRAPH_PATH,
    subgraphUrls,
    auth: {
      jwksFile: cfg.JWKS_FILE ? resolve(cfg.JWKS_FILE) : undefined,
      jwksUrl: cfg.JWKS_URL,
      issuer: cfg.JWT_ISSUER,
      audience: cfg.JWT_AUDIENCE,
      algorithms: cfg.JWT_ALGORITHMS,
      clockToleranceSeconds: cfg.JWT_CLOCK_SKEW_SECONDS,
      tokenCache: cfg.GATEWAY_TOKEN_CACHE === 'on',
    },
    redisUrl: cfg.REDIS_URL,
    redisKeyPrefix: cfg.REDIS_KEY_PREFIX,
    persistedDir: cfg.PERSISTED_DIR ? resolve(cfg.PERSISTED_DIR) : undefined,
    partnersServiceUrl: cfg.PARTNERS_SERVICE_URL,
    auditLogFile: cfg.AUDIT_LOG_FILE ? resolve(cfg.AUDIT_LOG_FILE) : undefined,
    subgraphTimeoutMs: cfg.SUBGRAPH_TIMEOUT_MS,
    apqTtlSeconds: cfg.APQ_TTL_SECONDS,
    limits: {
      maxDepth: cfg.GATEWAY_MAX_DEPTH,
      maxAliases: cfg.GATEWAY_MAX_ALIASES,
      maxRootFields: cfg.GATEWAY_MAX_ROOT_FIELDS,
      maxDirectives: cfg.GATEWAY_MAX_DIRECTIVES,
      maxTokens: cfg.GATEWAY_MAX_TOKENS,
      maxCost: cfg.GATEWAY_MAX_COST,
      maxBodyBytes: cfg.GATEWAY_MAX_BODY_BYTES,
    },
    rateLimits: {
      client: { perSecond: cfg.RATE_LIMIT_CLIENT_PER_SECOND, burst: cfg.RATE_LIMIT_CLIENT_BURST },
      customer: { perSecond: cfg.RATE_LIMIT_CUSTOMER_PER_SECOND, burst: cfg.RATE_LIMIT_CUSTOMER_BURST },
    },
    keysDir: keysDir(env),
    nodeEnv: cfg.NODE_ENV,
  };
}
