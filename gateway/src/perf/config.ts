// Switches for the gateway's subgraph performance features, validated at start. Both are on by
// default; the switches exist so `npm run bench` can show what each one is worth.
import { z } from 'zod';
import { loadConfig } from '../../../lib/config';

const onOff = z.enum(['on', 'off']).default('on');

const shape = {
  /** keep-alive socket pool with buffered responses instead of @apollo/gateway's default fetcher */
  GATEWAY_SUBGRAPH_POOL: onOff,
  /** share identical in-flight subgraph reads of the same caller (needs the pool) */
  GATEWAY_SUBGRAPH_DEDUP: onOff,
};

export interface SubgraphPerfOptions {
  pool: boolean;
  dedup: boolean;
}

export function subgraphPerfFromEnv(env: NodeJS.ProcessEnv = process.env): SubgraphPerfOptions {
  const cfg = loadConfig(shape, env);
  return { pool: cfg.GATEWAY_SUBGRAPH_POOL === 'on', dedup: cfg.GATEWAY_SUBGRAPH_POOL === 'on' && cfg.GATEWAY_SUBGRAPH_DEDUP === 'on' };
}
