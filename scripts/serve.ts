// The container's entry point (Dockerfile ENTRYPOINT): one image for every process, the process
// named by the argument.
//
//   node dist/scripts/serve.js <service>           runs it: core-simulator, accounts, loyalty, offers, partners, engagement, gateway
//   node dist/scripts/serve.js health [<service>]  the image's HEALTHCHECK: exit 0 when it is ready
//   node dist/scripts/serve.js migrate <service>... brings each named subgraph's store up to date and exits
//                                                  (the Kubernetes migration Job, before a rollout)
//
// The service's main module is loaded into this process rather than started as a child, so the
// service itself is PID 1: the runtime's SIGTERM reaches its graceful shutdown (lib/shutdown.ts)
// with nothing in between to forward or lose it, and the gateway's cluster workers fork this same
// command line.
import { readdirSync, readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { basename, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, DEFAULT_PORTS, dbSchema, loadConfig, optionalPostgresUrl, port } from '../lib/config';
import type { Migration } from '../lib/db/database';

interface Probe {
  hostVariable: string;
  port: number;
  path: string;
}

interface Service {
  main: string;
  probe(env: NodeJS.ProcessEnv): Promise<Probe>;
}

const portOf = (variable: string, fallback: number, env: NodeJS.ProcessEnv) => loadConfig({ [variable]: port(fallback) }, env)[variable] ?? fallback;
const subgraph = (name: string, fallback: number): Service => ({
  main: `subgraphs/${name}/src/main`,
  // readiness: its own store is open and it serves (lib/subgraph-server.ts)
  probe: async (env) => ({ hostVariable: `${name.toUpperCase()}_HOST`, port: portOf(`${name.toUpperCase()}_PORT`, fallback, env), path: '/ready' }),
});

export const SERVICES: Readonly<Record<string, Service>> = Object.freeze({
  'core-simulator': {
    main: 'core-simulator/src/main',
    probe: async (env) => ({ hostVariable: 'CORE_HOST', port: portOf('CORE_PORT', DEFAULT_PORTS.core, env), path: '/health' }),
  },
  accounts: subgraph('accounts', DEFAULT_PORTS.accounts),
  loyalty: subgraph('loyalty', DEFAULT_PORTS.loyalty),
  offers: subgraph('offers', DEFAULT_PORTS.offers),
  partners: subgraph('partners', DEFAULT_PORTS.partners),
  engagement: subgraph('engagement', DEFAULT_PORTS.engagement),
  gateway: {
    main: 'gateway/src/main',
    // readiness is on the operations listener, which the public port does not serve
    probe: async (env) => {
      const { gatewayOptionsFromEnv } = await import('../gateway/src/config');
      const opts = gatewayOptionsFromEnv(env);
      return { hostVariable: env.GATEWAY_OPS_HOST ? 'GATEWAY_OPS_HOST' : 'GATEWAY_HOST', port: opts.opsPort, path: '/ready' };
    },
  },
});

/**
 * The subgraphs that keep a store: the migrations list each applies at start, and the variable
 * naming its PostgreSQL schema. Loaded only by `migrate`, so `health` stays light.
 */
export const STORES: Readonly<Record<string, { schemaVariable: string; migrations: () => Promise<readonly Migration[]> }>> = Object.freeze({
  accounts: { schemaVariable: 'ACCOUNTS_DB_SCHEMA', migrations: async () => (await import('../subgraphs/accounts/src/db/migrations')).MIGRATIONS },
  loyalty: { schemaVariable: 'LOYALTY_DB_SCHEMA', migrations: async () => (await import('../subgraphs/loyalty/src/db/migrations')).MIGRATIONS },
  offers: { schemaVariable: 'OFFERS_DB_SCHEMA', migrations: async () => (await import('../subgraphs/offers/src/db/migrations')).MIGRATIONS },
  partners: { schemaVariable: 'PARTNERS_DB_SCHEMA', migrations: async () => (await import('../subgraphs/partners/src/db/migrations')).MIGRATIONS },
  engagement: {
    schemaVariable: 'ENGAGEMENT_DB_SCHEMA',
    migrations: async () => (await import('../subgraphs/engagement/src/db/migrations')).MIGRATIONS,
  },
});

/**
 * Applies a service's pending migrations to the store it opens at start (DATABASE_URL and its
 * `*_DB_SCHEMA`, else the embedded store under DATA_DIR) and closes it. The service still migrates
 * at start: after this the start finds nothing to apply, and the advisory lock (lib/db/migrate.ts)
 * keeps the Job and a starting replica from applying the same migration twice.
 */
export async function migrateService(name: string, env: NodeJS.ProcessEnv): Promise<{ schema: string; store: 'pglite' | 'postgres'; applied: number[] }> {
  const store = Object.hasOwn(STORES, name) ? STORES[name] : undefined;
  if (!store) throw new Error(`no store to migrate for ${JSON.stringify(name)} (stores: ${Object.keys(STORES).join(', ')})`);
  const cfg = loadConfig({ DATABASE_URL: optionalPostgresUrl(), DATA_DIR: z.string().min(1).default('./data'), [store.schemaVariable]: dbSchema(name) }, env);
  const schema = String(cfg[store.schemaVariable]);
  const [{ openStore }, { migrate }, migrations] = await Promise.all([import('../lib/db/open'), import('../lib/db/migrate'), store.migrations()]);
  const db = await openStore({ service: name, databaseUrl: cfg.DATABASE_URL, dataDir: String(cfg.DATA_DIR), schema });
  try {
    const { applied } = await migrate(db, migrations);
    return { schema, store: db.kind, applied };
  } finally {
    await db.close();
  }
}

async function migrateAll(names: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (names.length === 0) usage('name the services whose stores to migrate');
  const unknown = names.filter((n) => !Object.hasOwn(STORES, n));
  if (unknown.length) usage(`no store to migrate for ${unknown.join(', ')} (stores: ${Object.keys(STORES).join(', ')})`);
  for (const name of names) {
    try {
      const { schema, store, applied } = await migrateService(name, env);
      process.stdout.write(`serve: ${name}: ${store} schema ${schema}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}\n`);
    } catch (err) {
      process.stderr.write(`serve: ${name}: migration failed: ${err instanceof Error ? err.message : String(err)}\n`);
      return err instanceof ConfigError ? 78 : 1;
    }
  }
  return 0;
}

const HEALTH_TIMEOUT_MS = 3000;
const EX_USAGE = 64;
const SELF = basename(__filename);
// serve.js built, serve.ts from source (tsx, the tests)
const isSelf = (arg: string) => basename(arg).replace(/\.[jt]s$/, '') === basename(__filename).replace(/\.[jt]s$/, '');

function usage(problem: string): never {
  process.stderr.write(
    `serve: ${problem}\nusage: ${SELF} <service> | ${SELF} health [<service>] | ${SELF} migrate <service>...\nservices: ${Object.keys(SERVICES).join(', ')}\n`,
  );
  process.exit(EX_USAGE);
}

/** The address a local probe reaches a listener at: loopback for "every interface". */
export function probeHost(listenHost: string | undefined): string {
  if (!listenHost || listenHost === '0.0.0.0') return '127.0.0.1';
  if (listenHost === '::') return '[::1]';
  return isIPv6(listenHost) ? `[${listenHost}]` : listenHost;
}

/**
 * The service this container runs, for a HEALTHCHECK that cannot see the container's arguments:
 * the one `serve.js <service>` process in /proc (the gateway's workers name the same service).
 */
export function runningService(procDir = '/proc'): string {
  const names = new Set<string>();
  for (const pid of readdirSync(procDir).filter((d) => /^\d+$/.test(d))) {
    let argv: string[];
    try {
      argv = readFileSync(`${procDir}/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone, or not ours to read
    }
    const at = argv.findIndex(isSelf);
    const name = at > 0 ? argv[at + 1] : undefined;
    if (serviceNamed(name) && name) names.add(name);
  }
  const [only, ...others] = names;
  if (!only || others.length) throw new Error(only ? `several services run here (${[...names].join(', ')}): name one` : 'no service runs here: name one');
  return only;
}

const serviceNamed = (name: string | undefined): Service | undefined => (name !== undefined && Object.hasOwn(SERVICES, name) ? SERVICES[name] : undefined);

async function health(name: string, service: Service, env: NodeJS.ProcessEnv): Promise<number> {
  const { hostVariable, port: at, path } = await service.probe(env);
  const url = `http://${probeHost(env[hostVariable])}:${at}${path}`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    if (res.ok) return 0;
    process.stderr.write(`serve: ${name} not ready: ${res.status} from ${url}\n`);
  } catch (err) {
    process.stderr.write(`serve: ${name} not ready: ${err instanceof Error ? err.message : String(err)} (${url})\n`);
  }
  return 1;
}

async function main(argv: string[]): Promise<void> {
  const [first, second, ...rest] = argv;
  if (first === 'health') {
    if (rest.length) usage(`unexpected ${rest.join(' ')}`);
    let name = second;
    if (name === undefined) {
      try {
        name = runningService();
      } catch (err) {
        process.stderr.write(`serve: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      }
    }
    const service = serviceNamed(name);
    if (!service) usage(`no service ${JSON.stringify(name)}`);
    process.exit(await health(name, service, process.env));
  }
  if (first === 'migrate') process.exit(await migrateAll(argv.slice(1), process.env));
  if (first === undefined) usage('name the service to run');
  const service = serviceNamed(first);
  if (!service || second !== undefined) usage(`no service ${JSON.stringify(argv.join(' '))}`);
  // built: dist/scripts/serve.js loads dist/<service>/src/main.js; from source (tsx) the .ts beside it
  const ext = __filename.endsWith('.js') ? '.js' : '.ts';
  await import(resolve(__dirname, '..', service.main + ext));
}

if (require.main === module) void main(process.argv.slice(2));
