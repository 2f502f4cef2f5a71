// Configuration is read from the environment once, validated, and a wrong setting stops the
// process with a message that names it.
import { isIP } from 'node:net';
import { z } from 'zod';
import { SCHEMA_NAME } from './db/database';
import { DEFAULT_SHUTDOWN_DRAIN_MS, stopOnSignals, type Stoppable } from './shutdown';
import { startTracing, type Tracing } from './tracing';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
export const url = () => z.url();
export const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** true/false/1/0 with a default. */
export const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

/** DATABASE_URL: PostgreSQL when set; an empty value means "no server": the embedded store. */
export const optionalPostgresUrl = () =>
  z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^postgres(ql)?:\/\/.+/.test(v), 'must be a postgres:// or postgresql:// URL');

/** REDIS_URL of a service: Redis when set; empty or absent, each process does without (the event backbone's embedded log). */
export const optionalRedisUrl = () =>
  z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^rediss?:\/\/.+/.test(v), 'a redis:// or rediss:// URL');

/** REDIS_KEY_PREFIX: every key of a deployment starts with it, so deployments and tests can share one Redis. */
export const redisKeyPrefix = () => z.string().min(1).default('corebridge:');

/** The PostgreSQL schema a service keeps its tables in. */
export const dbSchema = (fallback: string) => z.string().regex(SCHEMA_NAME, 'lower-case letters, digits and _ only').default(fallback);

/** RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens. */
const HOST_NAME = /^(?=.{1,253}$)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** An address a listener can bind: an IP address (0.0.0.0 / :: for every interface) or a host name. */
export const hostAddress = () => z.string().refine((h) => isIP(h) !== 0 || HOST_NAME.test(h), 'an IP address or a host name (no scheme, no port)');

/** Where a process listens (`*_HOST`): loopback by default, so nothing is reachable from outside unless someone says so. */
export const host = (fallback = '127.0.0.1') => hostAddress().default(fallback);

/** Where another service is when nothing says otherwise: its default port on this host. */
export const localServiceUrl = (servicePort: number) => `http://127.0.0.1:${servicePort}`;

/** Base URL of another service on this host by default (service-to-service calls). */
export const serviceUrl = (fallbackPort: number) => url().default(localServiceUrl(fallbackPort));

/** `<SERVICE>_OPS_PORT`: where a process serves `/metrics`; unset, its public port + OPS_PORT_OFFSET (opsPortOf). */
export const opsPortSetting = () => z.coerce.number().int().min(0).max(65535).optional();

/** A process's operations port defaults to its public port + this (4001 -> 5001), as the gateway's does. */
export const OPS_PORT_OFFSET = 1000;

/**
 * The operations port of a process whose public port is `publicPort` (`variable` names the setting
 * in a refusal): the one set, else the public port + OPS_PORT_OFFSET (a free port for a process on
 * port 0). The operations endpoints never share the public listener.
 */
export function opsPortOf(variable: string, publicPort: number, set: number | undefined): number {
  if (set !== undefined) {
    if (set !== 0 && set === publicPort) throw new ConfigError(`invalid configuration:\n  ${variable}: must differ from the public port (${publicPort})`);
    return set;
  }
  if (publicPort === 0) return 0;
  const ops = publicPort + OPS_PORT_OFFSET;
  if (ops > 65535) throw new ConfigError(`invalid configuration:\n  ${variable}: required when the public port + ${OPS_PORT_OFFSET} is past 65535`);
  return ops;
}

/** Parses `env` with `shape`; throws ConfigError naming every bad variable. */
/** settings whose value must not be echoed when it is wrong (a key is a key even when malformed) */
const SECRET_SETTING = /(KEY|SECRET|PASSWORD|TOKEN)$/;

export function loadConfig<S extends Record<string, z.ZodType>>(shape: S, env: NodeJS.ProcessEnv = process.env): z.infer<z.ZodObject<S>> {
  const result = z.object(shape).safeParse(env);
  if (!result.success) {
    const got = (name: string) => (SECRET_SETTING.test(name) ? '[redacted]' : JSON.stringify(env[name]));
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message} (got ${got(String(i.path[0]))})`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

/**
 * Runs a service entry point: a ConfigError prints its message and exits 78 (EX_CONFIG). When
 * `main` returns what it started, SIGTERM / SIGINT close it: stop accepting, let in-flight work
 * finish for up to SHUTDOWN_DRAIN_MS, close the stores, exit 0 (lib/shutdown.ts). Tracing starts
 * first when asked for (lib/tracing.ts): `main` must load the service's modules itself (dynamic
 * import), so that the instrumented ones (http, pg, ioredis, graphql) load after it. A launcher
 * that only starts other processes says `traced: false`.
 */
export function runMain(name: string, main: () => Promise<Stoppable | void>, opts: { traced?: boolean } = {}): void {
  const run = async () => {
    // read before anything starts, so a bad value stops the process like any other setting
    const { SHUTDOWN_DRAIN_MS: drainMs } = loadConfig({
      SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(600_000).default(DEFAULT_SHUTDOWN_DRAIN_MS),
      // read by lib/logger.ts; checked here so a typo stops the process by name instead of inside pino
      LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
    });
    // before `main` loads the service's modules: the instrumentations patch them as they load
    const tracing = opts.traced === false ? undefined : await startTracing(name);
    const running = await main();
    if (running) stopOnSignals(name, tracing ? flushingOnClose(running, tracing) : running, drainMs);
  };
  run().catch((err: unknown) => {
    if (err instanceof ConfigError) {
      process.stderr.write(`[${name}] ${err.message}\n`);
      process.exit(78);
    }
    process.stderr.write(`[${name}] failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}

/** Stops as `running` does, then exports the spans still buffered (the last requests' traces). */
function flushingOnClose(running: Stoppable, tracing: Tracing): Stoppable {
  return {
    close: async (drainMs) => {
      try {
        await running.close(drainMs);
      } finally {
        await tracing.shutdown().catch(() => undefined);
      }
    },
  };
}

/** Default ports of every process (each overridable by its own variable). */
export const DEFAULT_PORTS = Object.freeze({
  gateway: 4000,
  accounts: 4001,
  loyalty: 4002,
  offers: 4003,
  partners: 4004,
  engagement: 4005,
  core: 8081,
  cardFeed: 8583,
});
