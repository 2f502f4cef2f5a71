// The gateway's options, built here and nowhere else: from the environment (validated once at
// start, a bad setting names itself), or from defaults for a gateway started in-process (tests,
// tools). startGateway takes them fully built and reads no environment of its own.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, DEFAULT_PORTS, host, hostAddress, loadConfig, opsPortOf, opsPortSetting, port, positiveInt, serviceUrl, url } from '../../lib/config';
import { keysDir } from '../../lib/keys';
import { createLogger, type Logger } from '../../lib/logger';
import type { AuditSink } from './edge/audit';
import {
  ALLOWED_ALGORITHMS,
  type AuthOptions,
  CLOCK_TOLERANCE_SECONDS,
  DEFAULT_ALGORITHMS,
  DEFAULT_AUDIENCE,
  DEFAULT_ISSUER,
  MAX_CLOCK_TOLERANCE_SECONDS,
} from './edge/identity';
import { DEFAULT_JWKS_REFRESH_MIN_INTERVAL_SECONDS } from './edge/key-set';
import { DEFAULT_LIMITS, type Limits } from './edge/limits';
import { DEFAULT_APQ_TTL_SECONDS } from './edge/persisted/apq-cache';
import { DEFAULT_PERSISTED_DIR } from './edge/persisted/clients';
import type { PartnerAppDirectory } from './edge/persisted/partner-apps';
import type { StaffReadLedger } from './edge/staff-reads';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './edge/rate-limit';
import { DEFAULT_REQUEST_BUDGET_MS, MAX_REQUEST_BUDGET_MS, MIN_REQUEST_BUDGET_MS } from './edge/request-budget';
import { DEFAULT_MAX_IN_FLIGHT } from './edge/load-shedding';
import { DEFAULT_SUBSCRIPTIONS } from './live/subscriber-counts';
import type { GatewayReplicas, SubgraphTransportOptions } from './transport/plugin';
import { DEFAULT_SUBGRAPH_TIMEOUT_MS } from './transport/subgraph-data-source';
import type { WriteGenerations } from './transport/write-generations';

export const DEFAULT_SUPERGRAPH_PATH = resolve(__dirname, '..', '..', 'schema', 'supergraph.graphql');

export interface GatewayOptions {
  /** GATEWAY_PORT (default 4000); 0 picks a free port */
  port: number;
  /** GATEWAY_HOST (default 127.0.0.1) */
  host: string;
  /** GATEWAY_OPS_PORT: `/metrics`, `/ready`, `/health` (default GATEWAY_PORT + 1000; 0 picks a free port) */
  opsPort: number;
  /** GATEWAY_OPS_HOST (default GATEWAY_HOST) */
  opsHost: string;
  /** the supergraph file (SUPERGRAPH_PATH, default schema/supergraph.graphql) */
  supergraphPath: string;
  /** the supergraph SDL itself, instead of a file (tests) */
  supergraphSdl?: string;
  /** subgraph name -> GraphQL URL, replacing the routing URL in the supergraph (ACCOUNTS_URL, ...) */
  subgraphUrls: Record<string, string>;
  /** how client tokens are verified (JWKS_FILE / JWKS_URL / JWT_*; default: the dev-user key pair under keysDir) */
  auth: AuthOptions;
  /** where the internal (and dev-user) key pairs live (KEYS_DIR, default ./data/keys) */
  keysDir: string;
  /** NODE_ENV; only 'development' turns on introspection, the landing page and schema hints in errors */
  nodeEnv: string;
  /** how long `/ready?verbose` waits for each subgraph's `/ready` (default 2000 ms) */
  readyTimeoutMs: number;
  /** operation limits (GATEWAY_MAX_*; defaults: DEFAULT_LIMITS) */
  limits: Limits;
  /** token buckets per client and per customer (RATE_LIMIT_*); false turns rate limiting off */
  rateLimits: RateLimits | false;
  /** Redis for the APQ cache and the rate limits, shared by every replica (REDIS_URL) */
  redisUrl?: string;
  /**
   * GATEWAY_REPLICAS: whether other gateway processes (replicas) serve the same customers. `many`
   * without redisUrl turns the private cache and de-duplication off, since no replica could end
   * the others' cached reads on a customer's write; with redisUrl the write generations are
   * shared through Redis either way. From the environment: `many` when NODE_ENV=production,
   * else `one`; in-process: `one`.
   */
  replicas: GatewayReplicas;
  /** key prefix in Redis (REDIS_KEY_PREFIX, default corebridge:) so several deployments or tests can share one */
  redisKeyPrefix: string;
  /**
   * GATEWAY_EVENT_FRESHNESS: follow the domain events so that a customer's cached reads end when
   * money moves outside the gateway (a card purchase, an incoming transfer). From the environment
   * `on` unless set `off`; in-process: off unless asked (transport/event-freshness.ts).
   */
  eventFreshness: boolean;
  /** subscriptions (live/): open at once per customer (GATEWAY_SUBSCRIPTIONS_PER_CUSTOMER, default 5) and events a slow client may fall behind (GATEWAY_SUBSCRIPTION_QUEUE, default 100) */
  subscriptions: { perCustomer: number; queue: number };
  /** how long a registered APQ lives (APQ_TTL_SECONDS, default a day) */
  apqTtlSeconds: number;
  /** folder with clients.json and the manifests (PERSISTED_DIR, default schema/persisted) */
  persistedDir: string;
  /** where staff reads are written (default: auditLogFile if given, else the gateway log) */
  audit?: AuditSink;
  /** AUDIT_LOG_FILE */
  auditLogFile?: string;
  /** per subgraph fetch (SUBGRAPH_TIMEOUT_MS, default 10 s); a fetch never outlives its request's budget */
  subgraphTimeoutMs: number;
  /**
   * each request's time budget from arrival (GATEWAY_REQUEST_BUDGET_MS, default 3 s); a client in
   * clients.json may have its own (`requestBudgetMs`). Fetches get what is left and pass it on.
   */
  requestBudgetMs: number;
  /**
   * operations worked on at once before others wait, and are refused with 503 SERVICE_OVERLOADED
   * when they could not finish within the budget (GATEWAY_MAX_IN_FLIGHT, default 64; 0 = no limit):
   * edge/load-shedding.ts
   */
  maxInFlight: number;
  /** the subgraph pool, de-duplication and private cache (GATEWAY_SUBGRAPH_POOL / _DEDUP, GATEWAY_PRIVATE_CACHE*: on) */
  subgraphTransport: SubgraphTransportOptions;
  /** the write generations the subgraph fetchers share (default: a new one); multi-process mode wires its onBump / bumpFromPeer */
  writeGenerations?: WriteGenerations;
  /** where partner apps are registered (PARTNERS_SERVICE_URL); unset: partner tokens get the whole partner manifest */
  partnersServiceUrl?: string;
  /** a partner app registry (tests); overrides partnersServiceUrl */
  partnerApps?: PartnerAppDirectory;
  /**
   * engagement's service routes, where each staff read that names customers is recorded before it
   * runs ("no audit, no access", edge/staff-reads.ts): ENGAGEMENT_SERVICE_URL, else the origin of
   * ENGAGEMENT_URL; `off` or neither set: staff reads go to the audit file or log only, as before
   * (said at start). In-process: unset unless given.
   */
  engagementServiceUrl?: string;
  /** a staff-read ledger (tests); overrides engagementServiceUrl */
  staffReads?: StaffReadLedger;
  /** set when this gateway is one worker of GATEWAY_WORKERS (ops/cluster.ts) */
  worker?: GatewayWorker;
  log: Logger;
}

export interface GatewayWorker {
  /** the cluster worker id; shown with the pid on /health outside production (tests tell workers apart) */
  id: number;
  /** every worker's metrics, aggregated through the primary (instead of this worker's alone) */
  metricsText?: () => Promise<string>;
}

/** What a gateway started in-process may set; everything left out gets its default. */
export type GatewayOverrides = Partial<Omit<GatewayOptions, 'limits' | 'subgraphTransport' | 'subscriptions'>> & {
  limits?: Partial<Limits>;
  subscriptions?: Partial<GatewayOptions['subscriptions']>;
  subgraphTransport?: Partial<SubgraphTransportOptions>;
};

/**
 * The options of a gateway started in-process: the defaults, then `overrides`. From the
 * environment only what an in-process gateway always took from it (NODE_ENV, KEYS_DIR and the
 * subgraph transport switches), never the deployment's settings (REDIS_URL, PARTNERS_SERVICE_URL...).
 */
export function gatewayOptions(overrides: GatewayOverrides = {}, env: NodeJS.ProcessEnv = process.env): GatewayOptions {
  const dir = overrides.keysDir ?? keysDir(env);
  const port = overrides.port ?? DEFAULT_PORTS.gateway;
  const host = overrides.host ?? '127.0.0.1';
  return {
    ...overrides,
    port,
    host,
    opsPort: opsPortOf('GATEWAY_OPS_PORT', port, overrides.opsPort),
    opsHost: overrides.opsHost ?? host,
    supergraphPath: overrides.supergraphPath ?? DEFAULT_SUPERGRAPH_PATH,
    subgraphUrls: overrides.subgraphUrls ?? {},
    keysDir: dir,
    // verified bearer tokens are remembered unless GATEWAY_TOKEN_CACHE=off (edge/identity.ts)
    auth: { keysDir: dir, tokenCache: true, ...overrides.auth },
    nodeEnv: overrides.nodeEnv ?? env.NODE_ENV ?? 'development',
    readyTimeoutMs: overrides.readyTimeoutMs ?? 2000,
    limits: { ...DEFAULT_LIMITS, ...overrides.limits },
    rateLimits: overrides.rateLimits ?? DEFAULT_RATE_LIMITS,
    redisKeyPrefix: overrides.redisKeyPrefix ?? 'corebridge:',
    replicas: overrides.replicas ?? 'one',
    eventFreshness: overrides.eventFreshness ?? false,
    subscriptions: { ...DEFAULT_SUBSCRIPTIONS, ...overrides.subscriptions },
    apqTtlSeconds: overrides.apqTtlSeconds ?? DEFAULT_APQ_TTL_SECONDS,
    persistedDir: overrides.persistedDir ?? DEFAULT_PERSISTED_DIR,
    subgraphTimeoutMs: overrides.subgraphTimeoutMs ?? DEFAULT_SUBGRAPH_TIMEOUT_MS,
    requestBudgetMs: overrides.requestBudgetMs ?? DEFAULT_REQUEST_BUDGET_MS,
    maxInFlight: overrides.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
    subgraphTransport: { ...subgraphTransportFromEnv(env), ...overrides.subgraphTransport },
    log: overrides.log ?? createLogger('gateway'),
  };
}

/** Subgraph name in the supergraph -> the variable that overrides its routing URL. */
export const SUBGRAPH_URL_VARIABLES = {
  accounts: 'ACCOUNTS_URL',
  loyalty: 'LOYALTY_URL',
  offers: 'OFFERS_URL',
  partners: 'PARTNERS_URL',
  engagement: 'ENGAGEMENT_URL',
} as const;

const algorithms = z
  .string()
  .default(DEFAULT_ALGORITHMS.join(','))
  .transform((s) =>
    s
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
  )
  .refine((list) => list.length > 0 && list.every((a) => (ALLOWED_ALGORITHMS as readonly string[]).includes(a)), {
    message: `comma-separated list of ${ALLOWED_ALGORITHMS.join(', ')}`,
  });

const shape = {
  GATEWAY_PORT: port(DEFAULT_PORTS.gateway),
  GATEWAY_HOST: host(),
  GATEWAY_OPS_PORT: opsPortSetting(),
  GATEWAY_OPS_HOST: hostAddress().optional(),
  SUPERGRAPH_PATH: z.string().min(1).optional(),
  ACCOUNTS_URL: url().optional(),
  LOYALTY_URL: url().optional(),
  OFFERS_URL: url().optional(),
  PARTNERS_URL: url().optional(),
  ENGAGEMENT_URL: url().optional(),
  JWKS_FILE: z.string().min(1).optional(),
  JWKS_URL: url().optional(),
  JWT_ISSUER: z.string().min(1).default(DEFAULT_ISSUER),
  JWT_AUDIENCE: z.string().min(1).default(DEFAULT_AUDIENCE),
  JWT_ALGORITHMS: algorithms,
  JWKS_REFRESH_MIN_INTERVAL_SECONDS: positiveInt(DEFAULT_JWKS_REFRESH_MIN_INTERVAL_SECONDS),
  JWT_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(MAX_CLOCK_TOLERANCE_SECONDS).default(CLOCK_TOLERANCE_SECONDS),
  NODE_ENV: z.string().default('development'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  REDIS_KEY_PREFIX: z.string().min(1).default('corebridge:'),
  GATEWAY_REPLICAS: z.enum(['one', 'many']).optional(),
  GATEWAY_EVENT_FRESHNESS: z.enum(['on', 'off']).default('on'),
  GATEWAY_SUBSCRIPTIONS_PER_CUSTOMER: positiveInt(DEFAULT_SUBSCRIPTIONS.perCustomer),
  GATEWAY_SUBSCRIPTION_QUEUE: positiveInt(DEFAULT_SUBSCRIPTIONS.queue),
  PERSISTED_DIR: z.string().min(1).optional(),
  PARTNERS_SERVICE_URL: serviceUrl(DEFAULT_PORTS.partners),
  AUDIT_LOG_FILE: z.string().min(1).optional(),
  ENGAGEMENT_SERVICE_URL: url().or(z.literal('off')).optional(),
  SUBGRAPH_TIMEOUT_MS: positiveInt(DEFAULT_SUBGRAPH_TIMEOUT_MS),
  GATEWAY_REQUEST_BUDGET_MS: z.coerce.number().int().min(MIN_REQUEST_BUDGET_MS).max(MAX_REQUEST_BUDGET_MS).default(DEFAULT_REQUEST_BUDGET_MS),
  GATEWAY_MAX_IN_FLIGHT: z.coerce.number().int().min(0).max(100_000).default(DEFAULT_MAX_IN_FLIGHT),
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

function overridesFromEnv(env: NodeJS.ProcessEnv): GatewayOverrides {
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
    // never the public listener's port (opsPortOf refuses it)
    opsPort: opsPortOf('GATEWAY_OPS_PORT', cfg.GATEWAY_PORT, cfg.GATEWAY_OPS_PORT),
    opsHost: cfg.GATEWAY_OPS_HOST ?? cfg.GATEWAY_HOST,
    supergraphPath: cfg.SUPERGRAPH_PATH ? resolve(cfg.SUPERGRAPH_PATH) : DEFAULT_SUPERGRAPH_PATH,
    subgraphUrls,
    auth: {
      jwksFile: cfg.JWKS_FILE ? resolve(cfg.JWKS_FILE) : undefined,
      jwksUrl: cfg.JWKS_URL,
      jwksRefreshMinIntervalSeconds: cfg.JWKS_REFRESH_MIN_INTERVAL_SECONDS,
      issuer: cfg.JWT_ISSUER,
      audience: cfg.JWT_AUDIENCE,
      algorithms: cfg.JWT_ALGORITHMS,
      clockToleranceSeconds: cfg.JWT_CLOCK_SKEW_SECONDS,
      tokenCache: cfg.GATEWAY_TOKEN_CACHE === 'on',
    },
    redisUrl: cfg.REDIS_URL,
    redisKeyPrefix: cfg.REDIS_KEY_PREFIX,
    // a production gateway is assumed to have company unless it says it has none
    replicas: cfg.GATEWAY_REPLICAS ?? (cfg.NODE_ENV === 'production' ? 'many' : 'one'),
    eventFreshness: cfg.GATEWAY_EVENT_FRESHNESS === 'on',
    subscriptions: { perCustomer: cfg.GATEWAY_SUBSCRIPTIONS_PER_CUSTOMER, queue: cfg.GATEWAY_SUBSCRIPTION_QUEUE },
    persistedDir: cfg.PERSISTED_DIR ? resolve(cfg.PERSISTED_DIR) : undefined,
    partnersServiceUrl: cfg.PARTNERS_SERVICE_URL,
    engagementServiceUrl: engagementServiceUrlOf(cfg.ENGAGEMENT_SERVICE_URL, cfg.ENGAGEMENT_URL),
    auditLogFile: cfg.AUDIT_LOG_FILE ? resolve(cfg.AUDIT_LOG_FILE) : undefined,
    subgraphTimeoutMs: cfg.SUBGRAPH_TIMEOUT_MS,
    requestBudgetMs: cfg.GATEWAY_REQUEST_BUDGET_MS,
    maxInFlight: cfg.GATEWAY_MAX_IN_FLIGHT,
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
    nodeEnv: cfg.NODE_ENV,
  };
}

/**
 * Where staff reads are recorded: ENGAGEMENT_SERVICE_URL, else engagement's own origin as the gateway
 * routes GraphQL to it (its /internal routes share the port), else nowhere. `off`: nowhere, on purpose.
 */
export function engagementServiceUrlOf(serviceUrl: string | undefined, subgraphUrl: string | undefined): string | undefined {
  if (serviceUrl === 'off') return undefined;
  if (serviceUrl) return serviceUrl;
  return subgraphUrl ? new URL(subgraphUrl).origin : undefined;
}

/** One gateway process's options from the environment. */
export function gatewayOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayOptions {
  return gatewayOptions(overridesFromEnv(env), env);
}

export interface GatewayConfig {
  gateway: GatewayOptions;
  /** GATEWAY_WORKERS: more than 1 runs a primary that forks that many gateways (ops/cluster.ts) */
  workers: number;
}

/** Everything `npm run start:gateway` reads from the environment, validated before any worker is forked. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const overrides = overridesFromEnv(env);
  const workers = workerCountFrom(env.GATEWAY_WORKERS);
  return { gateway: gatewayOptions(overrides, env), workers };
}

/** GATEWAY_WORKERS: a whole number >= 1, or `auto` (one per available CPU). Default 1: one process, no cluster. */
export function workerCountFrom(value: string | undefined, cpus: () => number = availableParallelism): number {
  if (value === undefined || value.trim() === '') return 1;
  const v = value.trim().toLowerCase();
  if (v === 'auto') return Math.max(1, cpus());
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new ConfigError('invalid configuration:\n  GATEWAY_WORKERS: a whole number from 1 to 256, or auto');
  return n;
}

const onOff = z.enum(['on', 'off']).default('on');

// all on by default; the switches exist so `npm run bench` can show what each one is worth
const transportShape = {
  /** keep-alive socket pool with buffered responses instead of @apollo/gateway's default fetcher */
  GATEWAY_SUBGRAPH_POOL: onOff,
  /** share identical in-flight subgraph reads of the same caller (needs the pool) */
  GATEWAY_SUBGRAPH_DEDUP: onOff,
  /** a request's entity fetches to one subgraph started together go as one call */
  GATEWAY_SUBGRAPH_BATCH: onOff,
  /** an entity fetch sends each distinct representation once, however often the entity appears */
  GATEWAY_SUBGRAPH_DISTINCT: onOff,
  /** answer a caller's repeated subgraph reads from their own short-lived cache (needs the pool) */
  GATEWAY_PRIVATE_CACHE: onOff,
  /** the longest a cached read is kept, whatever max-age the subgraph allowed */
  GATEWAY_PRIVATE_CACHE_MAX_TTL_MS: positiveInt(30_000),
  /** memory bound of the private cache (bodies, keys and headers); least recently used go first */
  GATEWAY_PRIVATE_CACHE_MAX_BYTES: positiveInt(64 * 2 ** 20),
  /**
   * subgraphs whose `Cache-Control: public` answers may serve every caller (comma list; "" = none).
   * Only subgraphs that serve the same data to everyone (the partner catalogue): a public hint
   * from anywhere else is still kept per caller.
   */
  GATEWAY_SHARED_CACHE_SUBGRAPHS: z.string().default('partners'),
};

export function subgraphTransportFromEnv(env: NodeJS.ProcessEnv = process.env): SubgraphTransportOptions {
  const cfg = loadConfig(transportShape, env);
  const pool = cfg.GATEWAY_SUBGRAPH_POOL === 'on';
  return {
    pool,
    dedup: pool && cfg.GATEWAY_SUBGRAPH_DEDUP === 'on',
    batch: cfg.GATEWAY_SUBGRAPH_BATCH === 'on',
    distinct: cfg.GATEWAY_SUBGRAPH_DISTINCT === 'on',
    privateCache: pool && cfg.GATEWAY_PRIVATE_CACHE === 'on',
    privateCacheMaxTtlMs: cfg.GATEWAY_PRIVATE_CACHE_MAX_TTL_MS,
    privateCacheMaxBytes: cfg.GATEWAY_PRIVATE_CACHE_MAX_BYTES,
    sharedCacheSubgraphs: cfg.GATEWAY_SHARED_CACHE_SUBGRAPHS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}
