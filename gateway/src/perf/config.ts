// Switches for the gateway's subgraph performance features, validated at start. All are on by
// default; the switches exist so `npm run bench` can show what each one is worth.
import { z } from 'zod';
import { loadConfig, positiveInt } from '../../../lib/config';

const onOff = z.enum(['on', 'off']).default('on');

const shape = {
  /** keep-alive socket pool with buffered responses instead of @apollo/gateway's default fetcher */
  GATEWAY_SUBGRAPH_POOL: onOff,
  /** share identical in-flight subgraph reads of the same caller (needs the pool) */
  GATEWAY_SUBGRAPH_DEDUP: onOff,
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

export interface SubgraphPerfOptions {
  pool: boolean;
  dedup: boolean;
  /** the private per-caller cache (private-cache.ts) */
  privateCache: boolean;
  privateCacheMaxTtlMs: number;
  privateCacheMaxBytes: number;
  /** subgraph names whose public answers are shared between callers */
  sharedCacheSubgraphs: string[];
}

export function subgraphPerfFromEnv(env: NodeJS.ProcessEnv = process.env): SubgraphPerfOptions {
  const cfg = loadConfig(shape, env);
  const pool = cfg.GATEWAY_SUBGRAPH_POOL === 'on';
  return {
    pool,
    dedup: pool && cfg.GATEWAY_SUBGRAPH_DEDUP === 'on',
    privateCache: pool && cfg.GATEWAY_PRIVATE_CACHE === 'on',
    privateCacheMaxTtlMs: cfg.GATEWAY_PRIVATE_CACHE_MAX_TTL_MS,
    privateCacheMaxBytes: cfg.GATEWAY_PRIVATE_CACHE_MAX_BYTES,
    sharedCacheSubgraphs: cfg.GATEWAY_SHARED_CACHE_SUBGRAPHS.split(',').map((s) => s.trim()).filter(Boolean),
  };
}
