// The subgraph side of a bench run, on free loopback ports (never the dev defaults):
// - banking: the core simulator (20 ms ± 5 ms per call) and the four Corebridge subgraphs, started
//   once and shared by the peers (each peer reads its own block of customers, so none inherits
//   another's warm caches); `naive` starts them with CORE_BATCHING=off (one core call per key,
//   no cache);
// - classic: the four federation-classic subgraphs in one process (stateless, shared by all peers).
import { writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../scripts/lib/processes';
import { setCoreFaults } from '../../scripts/lib/core-admin';
export { coreQuiet, coreStats, type CoreStats } from '../../scripts/lib/core-admin';
import { routeSupergraph, composeClassic, withoutSecurityLinks } from './supergraph';
import { type BenchProcess, httpOk, ROOT, startBenchProcess } from './processes';
import { CLASSIC_SUBGRAPH_NAMES, type ClassicSubgraphName } from '../federation-classic/subgraphs';

export interface CoreLatency {
  /** mean per-call latency in ms */
  meanMs: number;
  /** ± spread in ms (uniform) */
  spreadMs: number;
}

export const DEFAULT_CORE_LATENCY: CoreLatency = { meanMs: 20, spreadMs: 5 };

export interface Stack {
  kind: 'banking' | 'classic';
  supergraphPath: string;
  /** the same supergraph as peers can load it (see withoutSecurityLinks) */
  peerSupergraphPath: string;
  supergraphSdl: string;
  /** the simulator's base URL (banking only) */
  coreUrl?: string;
  /** loyalty's ISO 8583 card feed on 127.0.0.1 (banking only) */
  cardFeedPort?: number;
  /** where the classic subgraphs count the requests they served (classic only): GET -> { requests } */
  subgraphStatsUrl?: string;
  processes: BenchProcess[];
  stop(): Promise<void>;
}

async function stopAll(processes: BenchProcess[]): Promise<void> {
  await Promise.all(processes.map((p) => p.stop()));
}

/** The simulator's knobs are latency + uniform 0..jitter: mean ± spread maps to (mean - spread, 2 × spread). */
export function faultSettingsFor(latency: CoreLatency): { latencyMs: number; jitterMs: number } {
  return { latencyMs: Math.max(0, latency.meanMs - latency.spreadMs), jitterMs: 2 * latency.spreadMs };
}

export interface BankingStackOptions {
  runDir: string;
  keysDir: string;
  naive?: boolean;
  coreLatency?: CoreLatency;
  /** customers the simulator holds (default 10 000) */
  coreCustomers?: number;
  /** extra environment for the subgraphs */
  env?: Record<string, string>;
}

export async function startBankingStack(opts: BankingStackOptions): Promise<Stack> {
  const processes: BenchProcess[] = [];
  try {
    const [core, accounts, loyalty, offers, partners, engagement] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort(), freePort()]);
    const feed = await freePort();
    const local = (port: number) => `http://127.0.0.1:${port}`;
    const coreUrl = local(core);
    const dataDir = join(opts.runDir, 'data');
    mkdirSync(dataDir, { recursive: true });
    const common: Record<string, string> = {
      KEYS_DIR: opts.keysDir,
      DATA_DIR: dataDir,
      // the embedded stores and no Redis, like `npm start`, whatever the caller's shell has
      DATABASE_URL: '',
      REDIS_URL: '',
      NODE_ENV: '',
      CORE_WSDL_URL: `${coreUrl}/core?wsdl`,
      ACCOUNTS_PORT: String(accounts),
      LOYALTY_PORT: String(loyalty),
      OFFERS_PORT: String(offers),
      PARTNERS_PORT: String(partners),
      ENGAGEMENT_PORT: String(engagement),
      ACCOUNTS_SERVICE_URL: local(accounts),
      LOYALTY_SERVICE_URL: local(loyalty),
      OFFERS_SERVICE_URL: local(offers),
      PARTNERS_SERVICE_URL: local(partners),
      // the card feed (the live workload's input) on a free port, never the dev default; no nightly run mid-bench
      LOYALTY_FEED_PORT: String(feed),
      // /metrics of every process on a free port too: port + 1000 may be taken
      CORE_OPS_PORT: '0',
      ACCOUNTS_OPS_PORT: '0',
      LOYALTY_OPS_PORT: process.env.BENCH_LOYALTY_OPS_PORT ?? '0',
      OFFERS_OPS_PORT: '0',
      PARTNERS_OPS_PORT: '0',
      ENGAGEMENT_OPS_PORT: process.env.BENCH_ENGAGEMENT_OPS_PORT ?? '0',
      LOYALTY_SETTLEMENT_TIME: 'off',
      ...(opts.naive ? { CORE_BATCHING: 'off' } : {}),
      ...opts.env,
    };
    processes.push(
      await startBenchProcess({
        name: 'core',
        script: 'core-simulator/src/main.ts',
        env: { ...common, CORE_PORT: String(core), CORE_SEED: '42', CORE_CUSTOMERS: String(opts.coreCustomers ?? 10_000) },
        ready: httpOk(`${coreUrl}/health`),
      }),
    );
    await setCoreFaults(coreUrl, faultSettingsFor(opts.coreLatency ?? DEFAULT_CORE_LATENCY));

    const subgraphs = [
      { name: 'accounts', script: 'subgraphs/accounts/src/main.ts', port: accounts },
      { name: 'loyalty', script: 'subgraphs/loyalty/src/main.ts', port: loyalty },
      { name: 'offers', script: 'subgraphs/offers/src/main.ts', port: offers },
      { name: 'partners', script: 'subgraphs/partners/src/main.ts', port: partners },
      { name: 'engagement', script: 'subgraphs/engagement/src/main.ts', port: engagement },
    ];
    const started = await Promise.allSettled(
      subgraphs.map((s) => startBenchProcess({ name: s.name, script: s.script, env: common, ready: httpOk(`${local(s.port)}/health`) })),
    );
    for (const r of started) if (r.status === 'fulfilled') processes.push(r.value);
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;

    const sdl = routeSupergraph(
      readFileSync(join(ROOT, 'schema', 'supergraph.graphql'), 'utf8'),
      Object.fromEntries(subgraphs.map((s) => [s.name, `${local(s.port)}/graphql`])),
    );
    const supergraphPath = join(opts.runDir, 'supergraph.graphql');
    writeFileSync(supergraphPath, sdl);
    const peerSupergraphPath = join(opts.runDir, 'supergraph-peers.graphql');
    writeFileSync(peerSupergraphPath, withoutSecurityLinks(sdl));
    return { kind: 'banking', supergraphPath, peerSupergraphPath, supergraphSdl: sdl, coreUrl, cardFeedPort: feed, processes, stop: () => stopAll(processes) };
  } catch (err) {
    await stopAll(processes);
    throw err;
  }
}

export async function startClassicStack(runDir: string): Promise<Stack> {
  const ports = Object.fromEntries(await Promise.all(CLASSIC_SUBGRAPH_NAMES.map(async (n) => [n, await freePort()] as const))) as Record<
    ClassicSubgraphName,
    number
  >;
  const urls = Object.fromEntries(CLASSIC_SUBGRAPH_NAMES.map((n) => [n, `http://127.0.0.1:${ports[n]}/graphql`])) as Record<ClassicSubgraphName, string>;
  const proc = await startBenchProcess({
    name: 'federation-classic',
    script: 'bench/federation-classic/main.ts',
    env: { BENCH_CLASSIC_PORTS: CLASSIC_SUBGRAPH_NAMES.map((n) => `${n}:${ports[n]}`).join(',') },
    ready: async () => {
      for (const n of CLASSIC_SUBGRAPH_NAMES) if (!(await httpOk(`http://127.0.0.1:${ports[n]}/health`)())) return false;
      return true;
    },
  });
  const sdl = composeClassic(urls);
  const supergraphPath = join(runDir, 'classic-supergraph.graphql');
  writeFileSync(supergraphPath, sdl);
  return {
    kind: 'classic',
    supergraphPath,
    peerSupergraphPath: supergraphPath,
    supergraphSdl: sdl,
    subgraphStatsUrl: `http://127.0.0.1:${ports.accounts}/stats`,
    processes: [proc],
    stop: () => stopAll([proc]),
  };
}

/**
 * Counts the classic subgraphs' requests from now on: the meter gives those served since, per
 * request sent (2 decimals); undefined for a stack that does not count them (banking).
 */
export async function subgraphCallMeter(stack: Stack): Promise<(sent: number) => Promise<number | undefined>> {
  const url = stack.subgraphStatsUrl;
  if (!url) return async () => undefined;
  const served = async () => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`classic subgraphs' /stats answered ${res.status}`);
    return ((await res.json()) as { requests: number }).requests;
  };
  const before = await served();
  return async (sent) => (sent > 0 ? Math.round((((await served()) - before) / sent) * 100) / 100 : undefined);
}
