// The container's entry point (Dockerfile ENTRYPOINT): one image for every process, the process
// named by the argument.
//
//   node dist/scripts/serve.js <service>           runs it: core-simulator, accounts, loyalty, offers, partners, gateway
//   node dist/scripts/serve.js health [<service>]  the image's HEALTHCHECK: exit 0 when it is ready
//
// The service's main module is loaded into this process rather than started as a child, so the
// service itself is PID 1: the runtime's SIGTERM reaches its graceful shutdown (lib/shutdown.ts)
// with nothing in between to forward or lose it, and the gateway's cluster workers fork this same
// command line.
import { readdirSync, readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { basename, resolve } from 'node:path';
import { DEFAULT_PORTS, loadConfig, port } from '../lib/config';

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

const HEALTH_TIMEOUT_MS = 3000;
const EX_USAGE = 64;
const SELF = basename(__filename);
// serve.js built, serve.ts from source (tsx, the tests)
const isSelf = (arg: string) => basename(arg).replace(/\.[jt]s$/, '') === basename(__filename).replace(/\.[jt]s$/, '');

function usage(problem: string): never {
  process.stderr.write(`serve: ${problem}\nusage: ${SELF} <service> | ${SELF} health [<service>]\nservices: ${Object.keys(SERVICES).join(', ')}\n`);
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
  if (first === undefined) usage('name the service to run');
  const service = serviceNamed(first);
  if (!service || second !== undefined) usage(`no service ${JSON.stringify(argv.join(' '))}`);
  // built: dist/scripts/serve.js loads dist/<service>/src/main.js; from source (tsx) the .ts beside it
  const ext = __filename.endsWith('.js') ? '.js' : '.ts';
  await import(resolve(__dirname, '..', service.main + ext));
}

if (require.main === module) void main(process.argv.slice(2));
