// Settings of the core client. The environment is validated once at start (lib/config): a wrong
// value stops the process with a message naming the variable.
import { z } from 'zod';
import { loadConfig, positiveInt, url, DEFAULT_PORTS } from '../../../lib/config';

export interface BreakerConfig {
  /** failure percentage in the rolling window (10 s) above which the breaker opens */
  errorThresholdPercentage: number;
  /** how long an open breaker fails fast before letting one trial call through */
  resetTimeoutMs: number;
  /** calls in the window before the breaker may open at all */
  volumeThreshold: number;
}

export interface CoreClientConfig {
  wsdlUrl: string;
  /** where calls go; default: `.../core` for a WSDL at `.../core?wsdl`, else the WSDL's own address */
  endpointUrl?: string;
  /** per attempt, waiting for a session included */
  timeoutMs: number;
  /** calls in flight across all operations */
  maxConcurrency: number;
  /** extra attempts for reads after a retryable system error; writes are never retried */
  readRetries: number;
  /** header SourceSystem (default COREBRIDGE) */
  sourceSystem?: string;
  /** header Branch (default 000, head office) */
  branch?: string;
  /** how long create() keeps trying to load the WSDL (default 30000) */
  wsdlWaitMs?: number;
  breaker?: BreakerConfig;
  /** false: no DataLoader batching or per-request dedup (benchmark baseline); default true */
  batching?: boolean;
  /** false: answers read by the `soap` library's own parser, not response-parser.ts; default true */
  fastParse?: boolean;
  /** what sends the calls (core-http.ts, or the library's axios); default 'node' */
  http?: CoreHttpTransport;
}

/** What sends the calls to the core: `node` (core-http.ts over node:http) or `axios` (the `soap` library's default) */
export type CoreHttpTransport = 'node' | 'axios';

export const DEFAULT_BREAKER: BreakerConfig = { errorThresholdPercentage: 50, resetTimeoutMs: 10000, volumeThreshold: 10 };

const optionalText = () => z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional());
const optionalUrl = () => z.preprocess((v) => (v === '' ? undefined : v), url().optional());
const nonNegativeInt = (fallback: number, max: number) => z.coerce.number().int().min(0).max(max).default(fallback);

export function coreClientConfigFromEnv(env: NodeJS.ProcessEnv = process.env): CoreClientConfig {
  const cfg = loadConfig(
    {
      CORE_WSDL_URL: url().default(`http://127.0.0.1:${DEFAULT_PORTS.core}/core?wsdl`),
      CORE_ENDPOINT_URL: optionalUrl(),
      CORE_TIMEOUT_MS: positiveInt(3000),
      CORE_MAX_CONCURRENCY: positiveInt(8),
      // four: 30 % random faults then fail one read in 400; the read's time budget (call-core.ts)
      // keeps a hung core from holding a read longer than three timeouts
      CORE_READ_RETRIES: nonNegativeInt(4, 10),
      CORE_SOURCE_SYSTEM: optionalText(),
      CORE_BRANCH: optionalText(),
      CORE_WSDL_WAIT_MS: nonNegativeInt(30000, 600000),
      CORE_BREAKER_ERROR_PERCENT: z.coerce.number().int().min(1).max(100).default(DEFAULT_BREAKER.errorThresholdPercentage),
      CORE_BREAKER_RESET_MS: positiveInt(DEFAULT_BREAKER.resetTimeoutMs),
      CORE_BREAKER_VOLUME: positiveInt(DEFAULT_BREAKER.volumeThreshold),
      CORE_BATCHING: z.enum(['on', 'off']).default('on'),
      CORE_FAST_PARSE: z.enum(['on', 'off']).default('on'),
      CORE_HTTP: z.enum(['node', 'axios']).default('node'),
    },
    env,
  );
  return {
    wsdlUrl: cfg.CORE_WSDL_URL,
    endpointUrl: cfg.CORE_ENDPOINT_URL,
    timeoutMs: cfg.CORE_TIMEOUT_MS,
    maxConcurrency: cfg.CORE_MAX_CONCURRENCY,
    readRetries: cfg.CORE_READ_RETRIES,
    sourceSystem: cfg.CORE_SOURCE_SYSTEM,
    branch: cfg.CORE_BRANCH,
    wsdlWaitMs: cfg.CORE_WSDL_WAIT_MS,
    batching: cfg.CORE_BATCHING === 'on',
    fastParse: cfg.CORE_FAST_PARSE === 'on',
    http: cfg.CORE_HTTP,
    breaker: {
      errorThresholdPercentage: cfg.CORE_BREAKER_ERROR_PERCENT,
      resetTimeoutMs: cfg.CORE_BREAKER_RESET_MS,
      volumeThreshold: cfg.CORE_BREAKER_VOLUME,
    },
  };
}

/**
 * `.../core?wsdl` -> `.../core`: a service publishing its WSDL at `?wsdl` answers at that path,
 * while the address written inside the WSDL is often stale (another host or port). A WSDL served
 * as a plain file gives no such hint: its own address is used.
 */
export function defaultEndpoint(wsdlUrl: string): string | undefined {
  const u = new URL(wsdlUrl);
  if (!/^\?wsdl$/i.test(u.search)) return undefined;
  u.search = '';
  u.hash = '';
  return u.toString();
}
