// The system as a deployment with replicas runs it, on one machine: the build's output started with
// plain node (as the image does), several replicas of each service on one PostgreSQL and one Redis,
// each kind behind a round-robin balancer (test/support/balancer.ts) that the others are pointed at,
// as a Kubernetes Service would be.
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureKeyPair } from '../../../lib/keys';
import { freePort, ROOT, spawnBuilt, tempDir, type RunningProcess } from '../../../scripts/lib/processes';
import { dropSchema } from '../postgres';
import { HttpBalancer, TcpBalancer, type Backend } from '../balancer';

const run = promisify(execFile);

export type Kind = 'gateway' | 'accounts' | 'loyalty' | 'offers' | 'partners' | 'engagement';
const SUBGRAPHS = ['accounts', 'loyalty', 'offers', 'partners', 'engagement'] as const;
const FUNDING_ACCOUNTS = 'EUR=GL-LOYALTY-EUR,GBP=GL-LOYALTY-GBP,USD=GL-LOYALTY-USD,CHF=GL-LOYALTY-CHF,PLN=GL-LOYALTY-PLN';

export interface Replica {
  kind: Kind;
  /** e.g. accounts-2 */
  name: string;
  script: string;
  env: Record<string, string>;
  readyUrl: string;
  process?: RunningProcess;
}

export interface Deployment {
  app: string;
  keysDir: string;
  coreUrl: string;
  gatewayUrl: string;
  /** the card switch connects here (the feed's TCP balancer) */
  cardFeedPort: number;
  /** a kind's balancer: http for every kind, and the loyalty feed's tcp one */
  http: Record<Kind, HttpBalancer>;
  feed: TcpBalancer;
  replicas: Replica[];
  /** PostgreSQL schema per service */
  schemas: Record<(typeof SUBGRAPHS)[number], string>;
  start(r: Replica): Promise<void>;
  stop(): Promise<void>;
}

export interface DeploymentOptions {
  databaseUrl: string;
  redisUrl: string;
  /** replicas per kind (default 2 of each, 1 partners and 1 engagement) */
  replicas?: Partial<Record<Kind, number>>;
  /** extra environment for every process */
  env?: Record<string, string>;
}

const local = (port: number, path = '') => `http://127.0.0.1:${port}${path}`;

/** `npm run build` into a folder of its own, with this checkout's node_modules beside it. */
async function buildApp(): Promise<string> {
  const app = join(tempDir('corebridge-scale-'), 'app');
  await run(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--out-dir', join(app, 'dist')], { cwd: ROOT });
  symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'), 'dir');
  return app;
}

/** a replica's own settings (ports, data folder); what all share is added once every balancer listens */
async function replicaOf(kind: Kind, index: number, app: string): Promise<Replica> {
  const name = `${kind}-${index}`;
  const port = await freePort();
  const dataDir = join(app, 'data', name);
  mkdirSync(dataDir, { recursive: true });
  const upper = kind.toUpperCase();
  if (kind === 'gateway') {
    const opsPort = await freePort();
    return {
      kind,
      name,
      script: 'dist/gateway/src/main.js',
      env: { DATA_DIR: dataDir, GATEWAY_PORT: String(port), GATEWAY_OPS_PORT: String(opsPort) },
      readyUrl: local(opsPort, '/ready'),
    };
  }
  const env: Record<string, string> = { DATA_DIR: dataDir, [`${upper}_PORT`]: String(port), [`${upper}_OPS_PORT`]: '0' };
  if (kind === 'loyalty') env.LOYALTY_FEED_PORT = String(await freePort());
  return { kind, name, script: `dist/subgraphs/${kind}/src/main.js`, env, readyUrl: local(port, '/ready') };
}

const portOf = (r: Replica) => Number(r.env[`${r.kind.toUpperCase()}_PORT`]);

export async function deploy(opts: DeploymentOptions): Promise<Deployment> {
  const app = await buildApp();
  const keysDir = join(app, 'keys');
  await ensureKeyPair(keysDir, 'dev-user');
  await ensureKeyPair(keysDir, 'internal');
  const tag = `scale_${process.pid}_${Date.now() % 1_000_000}`;
  const schemas = Object.fromEntries(SUBGRAPHS.map((s) => [s, `${tag}_${s}`])) as Deployment['schemas'];
  const corePort = await freePort();
  const counts: Record<Kind, number> = { gateway: 2, accounts: 2, loyalty: 2, offers: 2, partners: 1, engagement: 1, ...opts.replicas };

  // every kind's balancer listens before any process starts: their addresses are the processes' configuration
  const http = {} as Record<Kind, HttpBalancer>;
  const replicas: Replica[] = [];
  const pending = new Map<Kind, Replica[]>();
  for (const kind of Object.keys(counts) as Kind[]) {
    const rs: Replica[] = [];
    for (let i = 1; i <= counts[kind]; i++) rs.push(await replicaOf(kind, i, app));
    pending.set(kind, rs);
    const backends: Backend[] = rs.map((r) => ({ name: r.name, port: kind === 'gateway' ? Number(r.env.GATEWAY_PORT) : portOf(r), readyUrl: r.readyUrl }));
    http[kind] = new HttpBalancer(backends);
    await http[kind].listen();
    replicas.push(...rs);
  }
  const feed = new TcpBalancer((pending.get('loyalty') ?? []).map((r) => ({ name: r.name, port: Number(r.env.LOYALTY_FEED_PORT), readyUrl: r.readyUrl })));
  await feed.listen();

  const shared: Record<string, string> = {
    KEYS_DIR: keysDir,
    CORE_WSDL_URL: local(corePort, '/core?wsdl'),
    DATABASE_URL: opts.databaseUrl,
    REDIS_URL: opts.redisUrl,
    REDIS_KEY_PREFIX: `${tag}:`,
    GATEWAY_REPLICAS: 'many',
    ...Object.fromEntries(SUBGRAPHS.map((s) => [`${s.toUpperCase()}_DB_SCHEMA`, schemas[s]])),
    ...Object.fromEntries(SUBGRAPHS.map((s) => [`${s.toUpperCase()}_URL`, local(http[s].port, '/graphql')])),
    ACCOUNTS_SERVICE_URL: local(http.accounts.port),
    LOYALTY_SERVICE_URL: local(http.loyalty.port),
    PARTNERS_SERVICE_URL: local(http.partners.port),
    LOYALTY_FUNDING_ACCOUNTS: FUNDING_ACCOUNTS,
    // the daily jobs would pay cash back into the accounts whose balances the test follows
    LOYALTY_SETTLEMENT_TIME: 'off',
    // what is measured is losing a replica, not the budget: ten processes restarting on two cores are slow at times
    GATEWAY_REQUEST_BUDGET_MS: '20000',
    ...opts.env,
  };
  for (const r of replicas) Object.assign(r.env, { ...shared, ...r.env });

  const processes: RunningProcess[] = [];
  const start = async (r: Replica) => {
    r.process = await spawnBuilt(app, {
      name: r.name,
      script: r.script,
      env: r.env,
      ready: async () => (await fetch(r.readyUrl)).ok,
      waitingFor: `at ${r.readyUrl}`,
      timeoutMs: 120_000,
    });
    processes.push(r.process);
  };
  const stop = async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await Promise.all([...Object.values(http).map((b) => b.close()), feed.close()]);
    for (const schema of Object.values(schemas)) await dropSchema(opts.databaseUrl, schema);
    rmSync(join(app, '..'), { recursive: true, force: true });
  };
  try {
    const core = await spawnBuilt(app, {
      name: 'core',
      script: 'dist/core-simulator/src/main.js',
      env: { ...shared, CORE_PORT: String(corePort), CORE_OPS_PORT: '0' },
      ready: async () => (await fetch(local(corePort, '/health'))).ok,
    });
    processes.push(core);
    // one replica of each subgraph first (it runs the migrations), then the rest, then the gateways
    const subgraphReplicas = replicas.filter((r) => r.kind !== 'gateway');
    const firsts = subgraphReplicas.filter((r) => r.name.endsWith('-1'));
    for (const batch of [firsts, subgraphReplicas.filter((r) => !firsts.includes(r)), replicas.filter((r) => r.kind === 'gateway')]) {
      const started = await Promise.allSettled(batch.map(start));
      const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    app,
    keysDir,
    coreUrl: local(corePort),
    gatewayUrl: local(http.gateway.port, '/graphql'),
    cardFeedPort: feed.port,
    http,
    feed,
    replicas,
    schemas,
    start,
    stop,
  };
}
