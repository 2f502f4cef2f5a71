// `npm start`: the whole system on its embedded defaults, each service its own process, logs
// prefixed with the service name. Stops everything when one process dies or on Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { ConfigError, loadConfig, opsPortOf, opsPortSetting, port, runMain, DEFAULT_PORTS } from '../lib/config';
import { ensureKeyPair, ensureSecret, keysDir } from '../lib/keys';
import { sleep } from '../lib/sleep';
import { DEFAULT_SHUTDOWN_DRAIN_MS } from '../lib/shutdown';
import { APP_PORTS, appNames } from '../apps/server';

// Built (`npm start`: dist/scripts/start-all.js) it starts the services built beside it with plain
// node; from source (`npm run dev`, tsx) it starts their sources through tsx.
const BUILT = __filename.endsWith('.js');
const CODE_ROOT = resolve(__dirname, '..');
// the services' working directory (./data, ./data/keys): the checkout or the installed package, not dist/
const ROOT = BUILT ? resolve(CODE_ROOT, '..') : CODE_ROOT;
const DEV_FUNDING_ACCOUNTS = 'EUR=GL-LOYALTY-EUR,GBP=GL-LOYALTY-GBP,USD=GL-LOYALTY-USD,CHF=GL-LOYALTY-CHF,PLN=GL-LOYALTY-PLN';

interface Service {
  name: string;
  script: string;
  readyUrl: string;
}

const children: ChildProcess[] = [];
let stopping = false;

function launch(svc: Service, env: NodeJS.ProcessEnv): ChildProcess {
  const args = BUILT ? [resolve(CODE_ROOT, svc.script.replace(/\.ts$/, '.js'))] : ['--import', 'tsx', resolve(CODE_ROOT, svc.script)];
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `[${svc.name}]`.padEnd(11);
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${prefix} ${line}\n`));
  }
  child.on('exit', (code, signal) => {
    if (stopping) return;
    process.stderr.write(`${prefix} exited (${signal ?? code}); stopping everything\n`);
    void stopAll(1);
  });
  children.push(child);
  return child;
}

// generous: on a loaded machine a subgraph's first start (migrations, WASM) can take a minute
async function waitFor(url: string, name: string, timeoutMs = 120000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) throw new Error('stopping');
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(150);
  }
  throw new Error(`${name} did not become ready at ${url} within ${timeoutMs / 1000} s`);
}

const drainMs = Number(process.env.SHUTDOWN_DRAIN_MS || DEFAULT_SHUTDOWN_DRAIN_MS);

async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((res) => {
          if (c.exitCode !== null || c.signalCode !== null) return res();
          c.once('exit', () => res());
          c.kill('SIGTERM');
          // each process drains for SHUTDOWN_DRAIN_MS (lib/shutdown.ts) and then exits by itself
          setTimeout(() => c.kill('SIGKILL'), drainMs + 5000).unref();
        }),
    ),
  );
  process.exit(exitCode);
}

runMain(
  'start',
  async () => {
    const started = Date.now();
    const cfg = loadConfig({
      CORE_PORT: port(DEFAULT_PORTS.core),
      ACCOUNTS_PORT: port(DEFAULT_PORTS.accounts),
      LOYALTY_PORT: port(DEFAULT_PORTS.loyalty),
      OFFERS_PORT: port(DEFAULT_PORTS.offers),
      PARTNERS_PORT: port(DEFAULT_PORTS.partners),
      ENGAGEMENT_PORT: port(DEFAULT_PORTS.engagement),
      GATEWAY_PORT: port(DEFAULT_PORTS.gateway),
      // the gateway's /ready is on its operations port (the gateway validates the value itself)
      GATEWAY_OPS_PORT: opsPortSetting(),
      // each process's /metrics (its own setting, validated again there): printed below
      CORE_OPS_PORT: opsPortSetting(),
      ACCOUNTS_OPS_PORT: opsPortSetting(),
      LOYALTY_OPS_PORT: opsPortSetting(),
      OFFERS_OPS_PORT: opsPortSetting(),
      PARTNERS_OPS_PORT: opsPortSetting(),
      ENGAGEMENT_OPS_PORT: opsPortSetting(),
      // the browser apps (apps/server.ts), each on its own port
      WEB_PORT: port(APP_PORTS.web?.port ?? 3000),
      KIOSK_PORT: port(APP_PORTS.kiosk?.port ?? 3001),
    });
    // keys first, so the processes below don't race to create them
    const dir = keysDir();
    await ensureKeyPair(dir, 'dev-user');
    await ensureKeyPair(dir, 'internal');
    ensureSecret(dir, 'core-notify');

    const local = (p: number, path: string) => `http://127.0.0.1:${p}${path}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      KEYS_DIR: dir,
      CORE_WSDL_URL: process.env.CORE_WSDL_URL ?? local(cfg.CORE_PORT, '/core?wsdl'),
      ACCOUNTS_URL: process.env.ACCOUNTS_URL ?? local(cfg.ACCOUNTS_PORT, '/graphql'),
      LOYALTY_URL: process.env.LOYALTY_URL ?? local(cfg.LOYALTY_PORT, '/graphql'),
      OFFERS_URL: process.env.OFFERS_URL ?? local(cfg.OFFERS_PORT, '/graphql'),
      PARTNERS_URL: process.env.PARTNERS_URL ?? local(cfg.PARTNERS_PORT, '/graphql'),
      ENGAGEMENT_URL: process.env.ENGAGEMENT_URL ?? local(cfg.ENGAGEMENT_PORT, '/graphql'),
      // service-to-service routes (/internal/...): follow the ports chosen here, not each service's defaults
      ACCOUNTS_SERVICE_URL: process.env.ACCOUNTS_SERVICE_URL ?? local(cfg.ACCOUNTS_PORT, ''),
      LOYALTY_SERVICE_URL: process.env.LOYALTY_SERVICE_URL ?? local(cfg.LOYALTY_PORT, ''),
      OFFERS_SERVICE_URL: process.env.OFFERS_SERVICE_URL ?? local(cfg.OFFERS_PORT, ''),
      PARTNERS_SERVICE_URL: process.env.PARTNERS_SERVICE_URL ?? local(cfg.PARTNERS_PORT, ''),
      // engagement's event log, read without REDIS_URL by offers (ChurnRiskRaised) and loyalty (FeedbackGiven: points for feedback)
      ENGAGEMENT_SERVICE_URL: process.env.ENGAGEMENT_SERVICE_URL ?? local(cfg.ENGAGEMENT_PORT, ''),
      // the simulator's GL accounts fund loyalty payouts here; not loyalty's own default, a real core has other ids
      LOYALTY_FUNDING_ACCOUNTS: process.env.LOYALTY_FUNDING_ACCOUNTS ?? DEV_FUNDING_ACCOUNTS,
      // the simulator notifies accounts of every booking, and books a little traffic of its own (one every 5 s) so the demo is live
      CORE_NOTIFY_URL: process.env.CORE_NOTIFY_URL ?? local(cfg.ACCOUNTS_PORT, '/core/notifications'),
      CORE_BOOKING_INTERVAL_MS: process.env.CORE_BOOKING_INTERVAL_MS ?? '5000',
      // the app server proxies the apps' /graphql here
      GATEWAY_URL: process.env.GATEWAY_URL ?? local(cfg.GATEWAY_PORT, '/graphql'),
    };
    process.once('SIGINT', () => void stopAll(0));
    process.once('SIGTERM', () => void stopAll(0));

    try {
      await startInOrder(cfg, env, local);
      await startApps(cfg, env, local);
    } catch (err) {
      process.stderr.write(`[start] ${err instanceof Error ? err.message : String(err)}\n`);
      await stopAll(1);
    }
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `\nCorebridge is ready in ${secs} s: gateway ${local(cfg.GATEWAY_PORT, '/graphql')} (operations ${local(gatewayOpsPort(cfg), '/metrics')}), core simulator ${local(cfg.CORE_PORT, '/core?wsdl')}\n` +
        `Metrics (Prometheus): ${metricsUrls(cfg, local)}\n` +
        appsLine(cfg, local) +
        `Get a token: npm run token -- --sub C-000001 --channel web\n\n`,
    );
  },
  // a launcher: each service it starts traces itself
  { traced: false },
);

/** Each process's /metrics (lib/ops-server.ts): its *_OPS_PORT, else its port + 1000; "a free port" when 0 (the process logs it). */
function metricsUrls(
  cfg: Ports & Partial<Record<`${'CORE' | 'ACCOUNTS' | 'LOYALTY' | 'OFFERS' | 'PARTNERS' | 'ENGAGEMENT'}_OPS_PORT`, number>>,
  local: (p: number, path: string) => string,
): string {
  const at = (p: number) => (p === 0 ? 'a free port' : local(p, '/metrics'));
  return [
    `core simulator ${at(opsPortOf('CORE_OPS_PORT', cfg.CORE_PORT, cfg.CORE_OPS_PORT))}`,
    `accounts ${at(opsPortOf('ACCOUNTS_OPS_PORT', cfg.ACCOUNTS_PORT, cfg.ACCOUNTS_OPS_PORT))}`,
    `loyalty ${at(opsPortOf('LOYALTY_OPS_PORT', cfg.LOYALTY_PORT, cfg.LOYALTY_OPS_PORT))}`,
    `offers ${at(opsPortOf('OFFERS_OPS_PORT', cfg.OFFERS_PORT, cfg.OFFERS_OPS_PORT))}`,
    `partners ${at(opsPortOf('PARTNERS_OPS_PORT', cfg.PARTNERS_PORT, cfg.PARTNERS_OPS_PORT))}`,
    `engagement ${at(opsPortOf('ENGAGEMENT_OPS_PORT', cfg.ENGAGEMENT_PORT, cfg.ENGAGEMENT_OPS_PORT))}`,
  ].join(', ');
}

type Ports = Record<'CORE_PORT' | 'ACCOUNTS_PORT' | 'LOYALTY_PORT' | 'OFFERS_PORT' | 'PARTNERS_PORT' | 'ENGAGEMENT_PORT' | 'GATEWAY_PORT', number> & {
  GATEWAY_OPS_PORT?: number;
};

/** Where the gateway serves /ready and /metrics: GATEWAY_OPS_PORT, else its default next to GATEWAY_PORT. */
function gatewayOpsPort(cfg: Ports): number {
  const ops = opsPortOf('GATEWAY_OPS_PORT', cfg.GATEWAY_PORT, cfg.GATEWAY_OPS_PORT);
  // a free port chosen by the gateway could not be waited on from here
  if (ops === 0)
    throw new ConfigError(
      'invalid configuration:\n  GATEWAY_OPS_PORT / GATEWAY_PORT: npm start waits for the gateway on its operations port; give it a port (not 0)',
    );
  return ops;
}

async function startInOrder(cfg: Ports, env: NodeJS.ProcessEnv, local: (p: number, path: string) => string): Promise<void> {
  const core: Service = { name: 'core', script: 'core-simulator/src/main.ts', readyUrl: local(cfg.CORE_PORT, '/health') };
  launch(core, env);
  await waitFor(core.readyUrl, core.name);

  // each subgraph's /ready (its store answers), then the gateway's (which no longer asks the
  // subgraphs): "ready" is printed only once the whole system can answer
  const subgraphs: Service[] = [
    { name: 'accounts', script: 'subgraphs/accounts/src/main.ts', readyUrl: local(cfg.ACCOUNTS_PORT, '/ready') },
    { name: 'loyalty', script: 'subgraphs/loyalty/src/main.ts', readyUrl: local(cfg.LOYALTY_PORT, '/ready') },
    { name: 'offers', script: 'subgraphs/offers/src/main.ts', readyUrl: local(cfg.OFFERS_PORT, '/ready') },
    { name: 'partners', script: 'subgraphs/partners/src/main.ts', readyUrl: local(cfg.PARTNERS_PORT, '/ready') },
    { name: 'engagement', script: 'subgraphs/engagement/src/main.ts', readyUrl: local(cfg.ENGAGEMENT_PORT, '/ready') },
  ];
  subgraphs.forEach((s) => launch(s, env));
  await Promise.all(subgraphs.map((s) => waitFor(s.readyUrl, s.name)));

  const gateway: Service = { name: 'gateway', script: 'gateway/src/main.ts', readyUrl: local(gatewayOpsPort(cfg), '/ready') };
  launch(gateway, env);
  await waitFor(gateway.readyUrl, gateway.name);
}

/** The browser apps, once the gateway answers: one app server for every built app (apps/server.ts). */
async function startApps(cfg: Record<'WEB_PORT' | 'KIOSK_PORT', number>, env: NodeJS.ProcessEnv, local: (p: number, path: string) => string): Promise<void> {
  const apps = appNames();
  if (apps.length === 0) return;
  launch({ name: 'apps', script: 'apps/server.ts', readyUrl: '' }, env);
  await Promise.all(apps.filter((a) => a in APP_PORTS).map((a) => waitFor(local(appPort(cfg, a), '/health'), `app ${a}`)));
}

function appPort(cfg: Record<'WEB_PORT' | 'KIOSK_PORT', number>, app: string): number {
  return app === 'kiosk' ? cfg.KIOSK_PORT : app === 'web' ? cfg.WEB_PORT : (APP_PORTS[app]?.port ?? 0);
}

function appsLine(cfg: Record<'WEB_PORT' | 'KIOSK_PORT', number>, local: (p: number, path: string) => string): string {
  const apps = appNames().filter((a) => a in APP_PORTS);
  return apps.length ? `Apps: ${apps.map((a) => `${a} ${local(appPort(cfg, a), '/')}`).join(', ')} (demo sign-in: any customer number, e.g. C-000001)\n` : '';
}
