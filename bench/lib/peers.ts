// The gateways under test. Each one serves POST /graphql on a free loopback port over the same
// supergraph file; all verify the client's JWT and send the same internal token to subgraphs.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureKeyPair, jwksOf } from '../../lib/keys';
import { freePort } from '../../scripts/lib/processes';
import { deploymentNodeOptions } from './deployments';
import { type BenchProcess, graphqlOk, httpOk, productionBuild, startBenchProcess } from './processes';

export const PEER_NAMES = ['corebridge', 'corebridge-baseline', 'corebridge-mp', 'apollo-stock', 'hive', 'hive-router-runtime', 'mercurius', 'naive'] as const;
export type PeerName = (typeof PEER_NAMES)[number];

export interface PeerSpec {
  name: PeerName;
  description: string;
  /** runs on the banking subgraphs started with CORE_BATCHING=off */
  naiveSubgraphs?: boolean;
  /** banking workloads only */
  bankingOnly?: boolean;
  script: string;
  env?: Record<string, string>;
  /** how to tell it is ready: its own endpoint (Corebridge: on its operations port), or a `{ __typename }` query with a token */
  readyPath?: string;
}

const COREBRIDGE = 'gateway/src/main.ts';
/** the gateway's transport features (gateway/src/transport) off: the baseline and naive peers */
const TRANSPORT_OFF = { GATEWAY_SUBGRAPH_POOL: 'off', GATEWAY_SUBGRAPH_BATCH: 'off', GATEWAY_SUBGRAPH_DISTINCT: 'off' };

export const PEERS: Record<PeerName, PeerSpec> = {
  corebridge: { name: 'corebridge', description: 'Corebridge gateway, all edge features on (NODE_ENV=production)', script: COREBRIDGE, readyPath: '/ready' },
  'corebridge-baseline': {
    name: 'corebridge-baseline',
    description:
      'Corebridge gateway without the subgraph pool, de-duplication, private cache, entity-fetch batching and distinct representations (GATEWAY_SUBGRAPH_POOL=off, GATEWAY_SUBGRAPH_BATCH=off, GATEWAY_SUBGRAPH_DISTINCT=off): what those five in gateway/src/transport buy',
    script: COREBRIDGE,
    readyPath: '/ready',
    env: TRANSPORT_OFF,
  },
  'corebridge-mp': {
    name: 'corebridge-mp',
    description: 'Corebridge gateway in multi-process mode (GATEWAY_WORKERS=2): CPU and RSS summed over the primary and its workers',
    script: COREBRIDGE,
    readyPath: '/ready',
    env: { GATEWAY_WORKERS: '2' },
  },
  'apollo-stock': {
    name: 'apollo-stock',
    description: 'stock @apollo/gateway + @apollo/server standalone, default settings',
    script: 'bench/peers/apollo-stock.ts',
  },
  hive: { name: 'hive', description: 'Hive Gateway runtime (createGatewayRuntime), default JS planner', script: 'bench/peers/hive.ts' },
  'hive-router-runtime': {
    name: 'hive-router-runtime',
    description: 'Hive Gateway runtime with the Rust query planner (@graphql-hive/router-runtime)',
    script: 'bench/peers/hive.ts',
    env: { BENCH_HIVE_ROUTER_RUNTIME: '1' },
  },
  mercurius: {
    name: 'mercurius',
    description: '@mercuriusjs/gateway on Fastify (Federation 1 gateway)',
    script: 'bench/peers/mercurius.ts',
    readyPath: '/health',
  },
  naive: {
    name: 'naive',
    description:
      'Corebridge gateway without its subgraph pool, de-duplication, private cache, entity-fetch batching and distinct representations, over subgraphs with CORE_BATCHING=off (one core call per key, no cache anywhere)',
    script: COREBRIDGE,
    env: TRANSPORT_OFF,
    readyPath: '/ready',
    naiveSubgraphs: true,
    bankingOnly: true,
  },
};

export interface RunningPeer {
  spec: PeerSpec;
  url: string;
  process: BenchProcess;
}

export interface StartPeerOptions {
  /** what the Corebridge gateway serves */
  supergraphPath: string;
  /** what the other peers serve (the same graph without SECURITY links) */
  peerSupergraphPath?: string;
  keysDir: string;
  runDir: string;
  /** any valid client token, for the readiness query */
  token: string;
  nodeArgs?: string[];
  /** extra environment for the Corebridge gateway (e.g. feature switches) */
  env?: Record<string, string>;
}

/** The dev-user public key as a JWKS file, so Corebridge can run with NODE_ENV=production. */
async function devJwksFile(keysDir: string, runDir: string): Promise<string> {
  const file = join(runDir, 'dev-jwks.json');
  writeFileSync(file, JSON.stringify(jwksOf(await ensureKeyPair(keysDir, 'dev-user'))));
  return file;
}

function gatewayNodeOptions(): { NODE_OPTIONS?: string } {
  const options = deploymentNodeOptions().gateway;
  return options === undefined ? {} : { NODE_OPTIONS: [process.env.NODE_OPTIONS, options].filter(Boolean).join(' ') };
}

export async function startPeer(spec: PeerSpec, opts: StartPeerOptions): Promise<RunningPeer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const url = `${base}/graphql`;
  const corebridge = spec.script === COREBRIDGE;
  // Corebridge answers /ready on its operations port only
  const opsPort = corebridge ? await freePort() : port;
  const env: Record<string, string> = corebridge
    ? {
        GATEWAY_PORT: String(port),
        GATEWAY_OPS_PORT: String(opsPort),
        SUPERGRAPH_PATH: opts.supergraphPath,
        KEYS_DIR: opts.keysDir,
        NODE_ENV: 'production',
        JWKS_FILE: await devJwksFile(opts.keysDir, opts.runDir),
        ACCOUNTS_URL: '',
        LOYALTY_URL: '',
        OFFERS_URL: '',
        PARTNERS_URL: '',
        REDIS_URL: '',
        // one gateway process: its private cache and de-duplication stay on (production's default
        // without Redis is GATEWAY_REPLICAS=many, which turns them off)
        GATEWAY_REPLICAS: 'one',
        // the buckets are checked on every request, but sized above the offered load: the bench
        // measures serving, not refusing (one "web-app" client stands for thousands of app users)
        RATE_LIMIT_CLIENT_PER_SECOND: '1000000',
        RATE_LIMIT_CLIENT_BURST: '1000000',
        RATE_LIMIT_CUSTOMER_PER_SECOND: '100000',
        RATE_LIMIT_CUSTOMER_BURST: '100000',
        // the V8 heap its Deployment gives it: without a cap V8 sizes the heap from the host's memory
        // and collects late, so a busy gateway's RSS says more about the host than about the gateway
        ...gatewayNodeOptions(),
        ...opts.env,
      }
    : { BENCH_PORT: String(port), BENCH_SUPERGRAPH: opts.peerSupergraphPath ?? opts.supergraphPath, KEYS_DIR: opts.keysDir, NODE_ENV: 'production' };
  const process = await startBenchProcess({
    name: spec.name,
    script: spec.script,
    // as its container runs it: the production build with plain node (BENCH_GATEWAY_FROM=source:
    // its TypeScript through tsx, whose loader added 17-32 MiB to the gateway's peak RSS)
    ...(corebridge && globalThis.process.env.BENCH_GATEWAY_FROM !== 'source' ? { fromBuild: productionBuild() } : {}),
    env: { ...env, ...spec.env },
    nodeArgs: opts.nodeArgs,
    killAfterMs: opts.nodeArgs?.some((a) => a.startsWith('--cpu-prof')) ? 60_000 : undefined,
    ready: spec.readyPath ? httpOk(`http://127.0.0.1:${opsPort}${spec.readyPath}`) : graphqlOk(url, opts.token),
    timeoutMs: 180_000,
  });
  return { spec, url, process };
}
