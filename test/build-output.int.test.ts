// Production runs the build, not the sources (issue 14, item 1): `npm run build`'s output with
// package.json and the lockfile, installed into an empty folder with `npm ci --omit=dev` (so no
// tsx, no TypeScript), starts every process with plain node and serves a complete dashboard, both
// started one by one with the container image's own command and environment (the Dockerfile's
// ENTRYPOINT with each service's name, its ENV; issue 14, item 8: base images cannot be pulled
// here) and all at once by the built start-all (`npm start`).
// Needs the npm registry or a warm npm cache; the install takes about a minute.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { dashboardQuery } from '../bench/lib/dashboard-query';
import { freePort, ROOT, spawnBuilt, tempDir, type RunningProcess } from '../scripts/lib/processes';
import { parseTokenArgs, signDevToken } from '../scripts/token';
import { ensureKeyPair } from '../lib/keys';
import { gql } from './support/stack';
import { envOf, execForm, healthcheckOf, lastOf, parseDockerfile, type Stage } from './support/dockerfile';

const run = promisify(execFile);
const INSTALL_TIMEOUT_MS = 8 * 60_000;
const STACK_TIMEOUT_MS = 4 * 60_000;
const SERVICES = ['accounts', 'loyalty', 'offers', 'partners', 'engagement'] as const;
const FUNDING_ACCOUNTS = 'EUR=GL-LOYALTY-EUR,GBP=GL-LOYALTY-GBP,USD=GL-LOYALTY-USD,CHF=GL-LOYALTY-CHF,PLN=GL-LOYALTY-PLN';

let app: string;
// a few hundred MB: the install and the services' stores
const scratch: string[] = [];

beforeAll(async () => {
  app = join(tempDir('corebridge-build-'), 'app');
  scratch.push(dirname(app));
  await run(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--out-dir', join(app, 'dist')], { cwd: ROOT });
  for (const f of ['package.json', 'package-lock.json']) copyFileSync(join(ROOT, f), join(app, f));
  await run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: app, timeout: INSTALL_TIMEOUT_MS });
}, INSTALL_TIMEOUT_MS + 60_000);

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

async function ports() {
  const p = { core: 0, accounts: 0, loyalty: 0, offers: 0, partners: 0, engagement: 0, gateway: 0, gatewayOps: 0, cardFeed: 0 };
  for (const k of Object.keys(p) as Array<keyof typeof p>) p[k] = await freePort();
  return p;
}
type Ports = Awaited<ReturnType<typeof ports>>;

const local = (port: number, path = '') => `http://127.0.0.1:${port}${path}`;

/** What every process reads (as test/support/stack.ts), with the ports chosen here. */
function envFor(p: Ports): Record<string, string> {
  return {
    CORE_PORT: String(p.core),
    CORE_WSDL_URL: local(p.core, '/core?wsdl'),
    ACCOUNTS_PORT: String(p.accounts),
    LOYALTY_PORT: String(p.loyalty),
    OFFERS_PORT: String(p.offers),
    PARTNERS_PORT: String(p.partners),
    ENGAGEMENT_PORT: String(p.engagement),
    GATEWAY_PORT: String(p.gateway),
    GATEWAY_OPS_PORT: String(p.gatewayOps),
    // the subgraphs' and the simulator's /metrics on free ports: their default (port + 1000) may be taken
    CORE_OPS_PORT: '0',
    ACCOUNTS_OPS_PORT: '0',
    LOYALTY_OPS_PORT: '0',
    OFFERS_OPS_PORT: '0',
    PARTNERS_OPS_PORT: '0',
    ENGAGEMENT_OPS_PORT: '0',
    LOYALTY_FEED_PORT: String(p.cardFeed),
    ACCOUNTS_URL: local(p.accounts, '/graphql'),
    LOYALTY_URL: local(p.loyalty, '/graphql'),
    OFFERS_URL: local(p.offers, '/graphql'),
    PARTNERS_URL: local(p.partners, '/graphql'),
    ENGAGEMENT_URL: local(p.engagement, '/graphql'),
    ACCOUNTS_SERVICE_URL: local(p.accounts),
    LOYALTY_SERVICE_URL: local(p.loyalty),
    OFFERS_SERVICE_URL: local(p.offers),
    PARTNERS_SERVICE_URL: local(p.partners),
    LOYALTY_FUNDING_ACCOUNTS: FUNDING_ACCOUNTS,
    // what is checked here is the build, not the request budget (test/resilience covers it): a cold
    // first dashboard on a CI machine running two whole stacks at once can outlast the 3 s default
    GATEWAY_REQUEST_BUDGET_MS: '30000',
    // the embedded stores, whatever the CI run's environment says
    DATABASE_URL: '',
    REDIS_URL: '',
  };
}

const isUp = (url: string) => async () => (await fetch(url)).ok;

async function token(keysDir: string, sub: string, channel: string): Promise<string> {
  const req = parseTokenArgs(['--sub', sub, '--channel', channel]);
  if (req === 'help') throw new Error('unreachable');
  return signDevToken(req, keysDir);
}

/** The bench's dashboard, built from the supergraph the build copied, answered in full. */
async function expectCompleteDashboard(gatewayPort: number, keysDir: string): Promise<void> {
  const query = dashboardQuery(readFileSync(join(app, 'dist', 'schema', 'supergraph.graphql'), 'utf8'));
  // the mobile app's token: the image runs NODE_ENV=production, where the web client may run only its app's manifest
  const { status, body } = await gql(local(gatewayPort, '/graphql'), query, { token: await token(keysDir, 'C-000001', 'mobile') });
  expect(body.errors).toBeUndefined();
  expect(status).toBe(200);
  const me = body.data.me;
  expect(me.id).toBe('C-000001');
  expect(me.accounts.length).toBeGreaterThan(0);
  for (const a of me.accounts) {
    expect(a.balance.available.currency).toBe(a.currency);
    expect(a.transactions.edges.length).toBeGreaterThan(0);
  }
  // the MCC list (accounts' data folder) names the merchants' categories
  expect(me.accounts.flatMap((a: any) => a.transactions.edges.map((e: any) => e.node.merchant?.category)).filter(Boolean).length).toBeGreaterThan(0);
  expect(me.cards.length).toBeGreaterThan(0);
  expect(me.loyalty.tier).toMatchObject({ tier: 'GOLD', score: 60 });
  expect(me.offers.length).toBeGreaterThan(0);
  // a partner offer's partner comes from the partners subgraph
  for (const o of me.offers) if (o.kind === 'PARTNER') expect(o.partner.name).toEqual(expect.any(String));
}

it('installs the production dependencies only: no tsx, TypeScript, esbuild or jest', () => {
  const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const name of Object.keys(pkg.dependencies)) expect([name, existsSync(join(app, 'node_modules', name))]).toEqual([name, true]);
  for (const name of ['tsx', 'typescript', 'esbuild', 'jest', '@swc/core']) expect([name, existsSync(join(app, 'node_modules', name))]).toEqual([name, false]);
});

/** The image that runs: the Dockerfile's last stage (test/container-files.test.ts checks the rest). */
const image = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).stages.at(-1) as Stage;
const ENTRYPOINT = execForm(lastOf(image, 'ENTRYPOINT') ?? 'null');
const IMAGE_SERVICES = ['core-simulator', ...SERVICES, 'gateway'] as const;

/** Runs the image's command (`node`, as in the Dockerfile, is this node) with `args` to its end. */
async function runImageCommand(args: string[], env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  const [node, ...rest] = ENTRYPOINT;
  if (node !== 'node') throw new Error(`the image's entry point starts ${node}, not node`);
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === '') delete merged[k];
  try {
    await run(process.execPath, [...rest, ...args], { cwd: app, env: merged, timeout: 30_000 });
    return { code: 0, stderr: '' };
  } catch (err) {
    const e = err as { code?: number; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stderr: e.stderr ?? '' };
  }
}

describe("every process started on its own with the image's command: the Dockerfile's ENTRYPOINT <service>, with its ENV", () => {
  const processes = new Map<string, RunningProcess>();
  let p: Ports;
  let keysDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    p = await ports();
    const dir = tempDir('corebridge-build-run-');
    scratch.push(dir);
    keysDir = join(dir, 'keys');
    const devUser = await ensureKeyPair(keysDir, 'dev-user');
    // NODE_ENV=production (the image's): the gateway trusts the bank's IdP key set, here a file
    // holding the development user's public key
    const jwksFile = join(dir, 'idp-jwks.json');
    writeFileSync(jwksFile, JSON.stringify({ keys: [devUser.publicJwk] }));
    const imageEnv = envOf(image);
    const loopback = Object.fromEntries(
      Object.keys(imageEnv)
        .filter((k) => k.endsWith('_HOST'))
        .map((k) => [k, '127.0.0.1']),
    );
    // the image's settings, with what a container gets from its runtime instead: loopback and free
    // ports for 0.0.0.0 and the defaults, temporary folders for /app/data, a key set
    env = { ...imageEnv, ...loopback, ...envFor(p), KEYS_DIR: keysDir, DATA_DIR: join(dir, 'data'), JWKS_FILE: jwksFile };
    const start = async (name: (typeof IMAGE_SERVICES)[number], readyUrl: string) => {
      const proc = await spawnBuilt(app, {
        name,
        script: ENTRYPOINT[1] ?? '',
        args: [...ENTRYPOINT.slice(2), name],
        env,
        ready: isUp(readyUrl),
        timeoutMs: STACK_TIMEOUT_MS,
        waitingFor: `at ${readyUrl}`,
      });
      processes.set(name, proc);
    };
    await start('core-simulator', local(p.core, '/health'));
    // each subgraph creates the internal key pair if it is the first: as in compose's shared keys volume
    const subgraphs = await Promise.allSettled(SERVICES.map((s) => start(s, local(p[s], '/ready'))));
    for (const s of subgraphs) if (s.status === 'rejected') throw s.reason;
    await start('gateway', local(p.gatewayOps, '/ready'));
  }, STACK_TIMEOUT_MS * 3);

  afterAll(async () => {
    await Promise.all([...processes.values()].map((proc) => proc.stop()));
  });

  it('serves a complete dashboard', async () => {
    await expectCompleteDashboard(p.gateway, keysDir);
  });

  it('keeps a kiosk to its manifest (schema/persisted came along: without it the gateway would run anything)', async () => {
    const { status, body } = await gql(local(p.gateway, '/graphql'), '{ me { id } }', { token: await token(keysDir, 'C-000001', 'kiosk') });
    expect([status, body.errors?.[0]?.extensions?.code]).toEqual([400, 'PERSISTED_QUERY_NOT_IN_SAFELIST']);
  });

  it("answers the image's HEALTHCHECK for each service named, and refuses to guess among several", async () => {
    const check = healthcheckOf(image)?.command ?? [];
    expect(check.slice(0, ENTRYPOINT.length)).toEqual(ENTRYPOINT);
    const healthArgs = check.slice(ENTRYPOINT.length);
    for (const name of IMAGE_SERVICES) expect([name, (await runImageCommand([...healthArgs, name], env)).code]).toEqual([name, 0]);
    // a container runs one service and the check finds it; here six run, so it must not pick one
    const unnamed = await runImageCommand(healthArgs, env);
    expect([unnamed.code, unnamed.stderr]).toEqual([1, expect.stringContaining('several services run here')]);
  });

  it('refuses to start without a service, or with one it does not know, naming the services', async () => {
    for (const args of [[], ['ledger'], ['accounts', 'loyalty']]) {
      const { code, stderr } = await runImageCommand(args, env);
      expect([args, code, stderr]).toEqual([
        args,
        64,
        expect.stringContaining('services: core-simulator, accounts, loyalty, offers, partners, engagement, gateway'),
      ]);
    }
  });

  it("stops on the image's STOPSIGNAL (SIGTERM) with exit 0, after which its health check fails", async () => {
    expect(lastOf(image, 'STOPSIGNAL')).toBe('SIGTERM');
    const gateway = processes.get('gateway') as RunningProcess;
    await gateway.stop();
    expect([gateway.child.exitCode, gateway.child.signalCode]).toEqual([0, null]);
    const after = await runImageCommand([...(healthcheckOf(image)?.command ?? []).slice(ENTRYPOINT.length), 'gateway'], env);
    expect([after.code, after.stderr]).toEqual([1, expect.stringContaining('gateway not ready')]);
  });
});

describe('npm start: the built start-all from the installed folder', () => {
  let all: RunningProcess | undefined;
  let p: Ports;

  beforeAll(async () => {
    p = await ports();
    // no KEYS_DIR nor DATA_DIR: start-all's defaults, under the folder it was installed in
    all = await spawnBuilt(app, {
      name: 'start-all',
      script: 'dist/scripts/start-all.js',
      env: envFor(p),
      ready: isUp(local(p.gatewayOps, '/ready')),
      timeoutMs: STACK_TIMEOUT_MS,
      // start-all waits for its children's graceful stop before it exits: a SIGKILL would orphan them
      killAfterMs: 60_000,
    });
  }, STACK_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    await all?.stop();
  });

  it('serves a complete dashboard, with its data beside dist/, not in it', async () => {
    await expectCompleteDashboard(p.gateway, join(app, 'data', 'keys'));
    expect(existsSync(join(app, 'data', 'loyalty'))).toBe(true);
    expect(existsSync(join(app, 'dist', 'data'))).toBe(false);
  });

  it('stops every process it started', async () => {
    await all?.stop();
    all = undefined;
    for (const port of [p.core, p.accounts, p.loyalty, p.offers, p.partners, p.engagement, p.gateway]) {
      await expect(fetch(local(port, '/health'))).rejects.toThrow();
    }
  });
});
