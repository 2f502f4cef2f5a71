// The gateway's settings from the environment, validated once at start.
import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, DEFAULT_PORTS, loadConfig, port, url } from '../../lib/config';
import { keysDir } from '../../lib/keys';
import { ALLOWED_ALGORITHMS, DEFAULT_ALGORITHMS, DEFAULT_AUDIENCE, DEFAULT_ISSUER } from './auth';
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
  NODE_ENV: z.string().default('development'),
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
    },
    keysDir: keysDir(env),
    nodeEnv: cfg.NODE_ENV,
  };
}
