// `npm run bench [-- --quick] [-- --json [file]]`: Corebridge against its peers on the same
// subgraphs, on loopback only. For each workload and peer: fresh subgraphs (banking) or the shared
// stateless classic ones, the peer gateway, a warm-up, then a measured load with autocannon.
// Prints a table; --json writes every figure. See docs/performance.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tempDir } from '../scripts/lib/processes';
import { ensureKeyPair } from '../lib/keys';
import { dashboardQuery } from './lib/dashboard-query';
import { type CustomerOrder, customerId, customerSequence, firstOf, mintCustomerTokens } from './lib/customers';
import { runLoad } from './lib/load';
import { PEERS, PEER_NAMES, type PeerName, startPeer } from './lib/peers';
import { cpuSeconds, peakRssBytes } from './lib/proc-stats';
import { type BenchReport, type BenchRow, firstLine, formatLiveTable, formatTable, installedVersions, machine } from './lib/report';
import { coreQuiet, coreStats, type CoreLatency, DEFAULT_CORE_LATENCY, type Stack, startClassicStack } from './lib/stacks';
import { bankingStackPool } from './lib/stack-pool';
import { DEFAULT_LIVE, type LiveSettings, QUICK_LIVE } from './lib/live';
import { measureLive } from './lib/live-peer';
import { CLASSIC_QUERY } from './federation-classic/subgraphs';
import { ROOT } from './lib/processes';

export const WORKLOADS = ['dashboard', 'dashboard-refresh', 'federation-classic', 'live'] as const;
export type WorkloadName = (typeof WORKLOADS)[number];

export interface BenchOptions {
  workloads: WorkloadName[];
  /** peers to run (those that do not apply to a workload are skipped); default: all, or QUICK_PEERS */
  peers?: PeerName[];
  connections: number;
  warmupSeconds: number;
  /** load on freshly started banking subgraphs before any peer is measured */
  stackWarmupSeconds: number;
  durationSeconds: number;
  customers: number;
  zipfS: number;
  coreLatency: CoreLatency;
  /** the live workload: subscriptions, advice rate, grace period (durationSeconds and warmupSeconds apply) */
  live: LiveSettings;
  quick: boolean;
  /** write V8 CPU profiles of this peer's gateway into profileDir */
  profilePeer?: PeerName;
  profileDir?: string;
  /** extra environment for the Corebridge gateway (corebridge and naive peers) */
  gatewayEnv?: Record<string, string>;
  command?: string;
  log?: (line: string) => void;
}

export const QUICK_PEERS: Record<WorkloadName, PeerName[]> = {
  dashboard: ['corebridge', 'apollo-stock', 'naive'],
  'dashboard-refresh': ['corebridge'],
  'federation-classic': ['corebridge', 'apollo-stock', 'hive-router-runtime'],
  live: ['corebridge', 'hive'],
};

export function defaultOptions(quick: boolean): BenchOptions {
  return {
    workloads: [...WORKLOADS],
    connections: 50,
    warmupSeconds: quick ? 0 : 10,
    stackWarmupSeconds: quick ? 0 : 20,
    durationSeconds: quick ? 3 : 20,
    customers: 1000,
    zipfS: 1.1,
    coreLatency: DEFAULT_CORE_LATENCY,
    live: { ...(quick ? QUICK_LIVE : DEFAULT_LIVE) },
    quick,
  };
}

const workloadOrder: Record<WorkloadName, CustomerOrder> = {
  dashboard: 'round-robin',
  'dashboard-refresh': 'zipf',
  'federation-classic': 'round-robin',
  live: 'round-robin',
};

/**
 * One request before the load: a peer that answers the workload's operation with no data at all
 * (it could not build the graph, or refuses the query) is reported missing with the reason,
 * rather than measured on how fast it says no. Partial data with errors is measured (and counted).
 */
export async function preflight(url: string, body: string, token: string): Promise<string | undefined> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    let parsed: { data?: unknown; errors?: { message?: string }[] } | undefined;
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      parsed = undefined;
    }
    if (parsed?.data && typeof parsed.data === 'object') return undefined;
    const message = parsed?.errors?.[0]?.message ?? text.slice(0, 200);
    return `HTTP ${res.status}: ${message}`;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

async function measurePeer(
  workload: WorkloadName,
  peerName: PeerName,
  stack: Stack,
  tokens: string[],
  opts: BenchOptions,
  runDir: string,
  keysDir: string,
  /** index of the customer tokens[0] belongs to */
  firstCustomer = 0,
): Promise<BenchRow> {
  const spec = PEERS[peerName];
  const log = opts.log ?? (() => undefined);
  const profiling = opts.profilePeer === peerName;
  const profileDir = profiling ? resolve(opts.profileDir ?? join(ROOT, '.bench', 'profiles')) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  let peer;
  try {
    peer = await startPeer(spec, {
      supergraphPath: stack.supergraphPath,
      peerSupergraphPath: stack.peerSupergraphPath,
      keysDir,
      runDir,
      token: firstOf(tokens),
      // one folder per run: node writes a profile per thread (tsx's loader runs in its own)
      nodeArgs: profileDir ? ['--cpu-prof', '--cpu-prof-dir', join(profileDir, `${workload}-${peerName}-${Date.now()}`)] : undefined,
      env: opts.gatewayEnv,
    });
  } catch (err) {
    log(`  ${peerName}: could not start: ${firstLine(err)}`);
    return { workload, peer: peerName, status: 'missing', reason: firstLine(err) };
  }
  try {
    if (workload === 'live') return await measureLive({ peerName, peer, stack, tokens, opts, firstCustomer });
    const query = stack.kind === 'classic' ? CLASSIC_QUERY : dashboardQuery(stack.supergraphSdl);
    const body = JSON.stringify({ query });
    const refusal = await preflight(peer.url, body, firstOf(tokens));
    if (refusal) {
      log(`  ${peerName}: cannot serve ${workload}: ${refusal}`);
      return { workload, peer: peerName, status: 'missing', reason: `cannot serve the workload: ${refusal}` };
    }
    const next = customerSequence(workloadOrder[workload], tokens.length, 7, opts.zipfS);
    const banking = stack.kind === 'banking';
    const nextClient = () => {
      const i = next();
      return { authorization: `Bearer ${tokens[i]}`, ...(banking ? { customerId: customerId(firstCustomer + i) } : {}) };
    };
    const load = (durationSeconds: number) => runLoad({ url: peer.url, body, nextClient, connections: opts.connections, durationSeconds });

    if (opts.warmupSeconds > 0) await load(opts.warmupSeconds);
    if (stack.coreUrl) {
      await coreQuiet(stack.coreUrl);
      await coreStats(stack.coreUrl, true);
    }
    const cpuBefore = cpuSeconds(peer.process.pid);
    const result = await load(opts.durationSeconds);
    const cpuUsed = cpuSeconds(peer.process.pid) - cpuBefore;
    const rss = peakRssBytes(peer.process.pid);
    const row: BenchRow = {
      workload,
      peer: peerName,
      status: 'ok',
      load: result,
      gatewayCpuSeconds: Math.round(cpuUsed * 100) / 100,
      gatewayCpuPercent: Math.round((cpuUsed / result.durationSeconds) * 100),
      ...(rss !== undefined ? { gatewayPeakRssMiB: Math.round(rss / 2 ** 20) } : {}),
    };
    if (stack.coreUrl) {
      // every request sent in the phase is finished by the stack, answered in time or not: count
      // all their core calls (wait for the stragglers) over all of them
      await coreQuiet(stack.coreUrl);
      const stats = await coreStats(stack.coreUrl);
      row.coreCallsPerRequest = result.sent > 0 ? Math.round((stats.totals.calls / result.sent) * 100) / 100 : undefined;
      row.coreCallsByOperation = stats.calls;
    }
    log(
      `  ${peerName}: ${result.requestsPerSecond} req/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, errors ${result.errors.total}/${result.requests}` +
        (row.coreCallsPerRequest !== undefined ? `, core calls/req ${row.coreCallsPerRequest}` : '') +
        (result.errorSample ? `\n    first error: ${result.errorSample.slice(0, 200)}` : ''),
    );
    return row;
  } finally {
    await peer.process.stop();
  }
}

export async function runBench(opts: BenchOptions): Promise<BenchReport> {
  const log = opts.log ?? (() => undefined);
  const startedAt = new Date().toISOString();
  const root = tempDir('corebridge-bench-');
  const keysDir = join(root, 'keys');
  await ensureKeyPair(keysDir, 'dev-user');
  await ensureKeyPair(keysDir, 'internal');
  const rows: BenchRow[] = [];
  let runNo = 0;
  const newRunDir = () => {
    const dir = join(root, `run-${++runNo}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  };

  // Every (banking workload, peer) pair gets its own block of customers, so no peer finds the
  // subgraphs' caches warmed by another peer's customers, while the stack starts only once.
  const plan = opts.workloads.map((workload) => {
    const wanted = opts.peers ?? (opts.quick ? QUICK_PEERS[workload] : [...PEER_NAMES]);
    return { workload, peers: wanted.filter((p) => !(workload === 'federation-classic' && PEERS[p].bankingOnly)) };
  });
  const bankingRuns = plan.filter((p) => p.workload !== 'federation-classic').reduce((n, p) => n + p.peers.length, 0);
  let nextBlock = 0;
  const tokensForBlock = (block: number) => mintCustomerTokens(opts.customers, keysDir, block * opts.customers);
  const coreCustomers = Math.max(10_000, (bankingRuns + 1) * opts.customers);
  const stacks = bankingStackPool({ opts, log, keysDir, newRunDir, tokensForBlock, coreCustomers });
  const bankingStack = stacks.get;

  // quick mode only checks that everything works: start every banking stack it needs at once
  // (the first peers are then measured while the other stack starts, which a full run never does)
  if (opts.quick) {
    const kinds = new Set(plan.filter((p) => p.workload !== 'federation-classic').flatMap((p) => p.peers.map((peer) => PEERS[peer].naiveSubgraphs === true)));
    for (const naive of kinds) void bankingStack(naive).catch(() => undefined);
  }
  try {
    for (const { workload, peers } of plan) {
      log(`${workload}: ${peers.join(', ')}`);
      if (workload === 'federation-classic') {
        const runDir = newRunDir();
        const stack = await startClassicStack(runDir);
        const tokens = await tokensForBlock(0);
        try {
          for (const p of peers) rows.push(await measurePeer(workload, p, stack, tokens, opts, runDir, keysDir));
        } finally {
          await stack.stop();
        }
        continue;
      }
      for (const p of peers) {
        let stack: Stack;
        try {
          stack = await bankingStack(PEERS[p].naiveSubgraphs === true);
        } catch (err) {
          log(`  ${p}: subgraphs did not start: ${firstLine(err)}`);
          rows.push({ workload, peer: p, status: 'missing', reason: `subgraphs did not start: ${firstLine(err)}` });
          continue;
        }
        const block = ++nextBlock;
        const tokens = await tokensForBlock(block);
        rows.push(await measurePeer(workload, p, stack, tokens, opts, newRunDir(), keysDir, block * opts.customers));
      }
    }
  } finally {
    await stacks.stopAll();
  }
  return {
    startedAt,
    finishedAt: new Date().toISOString(),
    command: opts.command ?? 'npm run bench',
    mode: opts.quick ? 'quick' : 'full',
    settings: {
      connections: opts.connections,
      stackWarmupSeconds: opts.stackWarmupSeconds,
      warmupSeconds: opts.warmupSeconds,
      durationSeconds: opts.durationSeconds,
      customers: opts.customers,
      coreLatency: `${opts.coreLatency.meanMs} ms ± ${opts.coreLatency.spreadMs} ms`,
      zipfS: opts.zipfS,
      ...(opts.workloads.includes('live') ? { live: opts.live } : {}),
    },
    machine: machine(),
    versions: installedVersions(),
    rows,
  };
}

const USAGE = `usage: npm run bench -- [--quick] [--json [file]] [--workloads a,b] [--peers a,b]
       [--connections N] [--duration S] [--warmup S] [--customers N] [--profile <peer>] [--gateway-env K=V ...]
       [--subscriptions N] [--per-customer N] [--rate N]

  --quick        short phases and a subset of peers; finishes in under 2 minutes
  --json [file]  also write the figures as JSON (default .bench/results.json)
  --workloads    ${WORKLOADS.join(', ')}
  --peers        ${PEER_NAMES.join(', ')}
  --profile      run that peer's gateway with --cpu-prof (profiles in .bench/profiles)
  --gateway-env  extra environment for the Corebridge gateway (repeatable)
  live workload: --subscriptions (default 1000, quick 200), --per-customer (default 2; the gateway
  allows 5), --rate purchase advices per second (default 100)
`;

export class UsageError extends Error {}

function listOf<T extends string>(text: string, allowed: readonly T[], flag: string): T[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = items.filter((i) => !(allowed as readonly string[]).includes(i));
  if (bad.length > 0 || items.length === 0) throw new UsageError(`${flag}: unknown ${bad.join(', ') || '(empty)'}; use ${allowed.join(', ')}`);
  return items as T[];
}

function positive(text: string | undefined, flag: string): number {
  if (!text || !/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`${flag} needs a whole number >= 1`);
  return Number(text);
}

/** Parses the command line; `--json` takes an optional file. */
export function parseBenchArgs(argv: string[]): { options: BenchOptions; jsonFile?: string } | 'help' {
  const quick = argv.includes('--quick');
  const options = defaultOptions(quick);
  let jsonFile: string | undefined;
  const env: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--quick':
        break;
      case '--help':
      case '-h':
        return 'help';
      case '--json': {
        const file = argv[i + 1];
        const given = file !== undefined && !file.startsWith('--');
        if (given) i++;
        jsonFile = given ? file : join(ROOT, '.bench', 'results.json');
        break;
      }
      case '--workloads':
        options.workloads = listOf(value(), WORKLOADS, arg);
        break;
      case '--peers':
        options.peers = listOf(value(), PEER_NAMES, arg);
        break;
      case '--connections':
        options.connections = positive(value(), arg);
        break;
      case '--duration':
        options.durationSeconds = positive(value(), arg);
        break;
      case '--warmup':
        options.warmupSeconds = Number(value());
        if (!Number.isInteger(options.warmupSeconds) || options.warmupSeconds < 0) throw new UsageError('--warmup needs a whole number >= 0');
        break;
      case '--customers':
        options.customers = positive(value(), arg);
        break;
      case '--subscriptions':
        options.live.subscriptions = positive(value(), arg);
        break;
      case '--per-customer':
        options.live.perCustomer = positive(value(), arg);
        break;
      case '--rate':
        options.live.ratePerSecond = positive(value(), arg);
        break;
      case '--profile':
        options.profilePeer = listOf(value(), PEER_NAMES, arg)[0];
        break;
      case '--gateway-env': {
        const kv = value();
        const eq = kv.indexOf('=');
        if (eq < 1) throw new UsageError('--gateway-env takes KEY=VALUE');
        env[kv.slice(0, eq)] = kv.slice(eq + 1);
        break;
      }
      default:
        throw new UsageError(`unknown argument ${arg}`);
    }
  }
  if (Object.keys(env).length > 0) options.gatewayEnv = env;
  options.command = `npm run bench -- ${argv.join(' ')}`.trim();
  return { options, jsonFile };
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseBenchArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`bench: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const { options, jsonFile } = parsed;
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(
    `bench (${options.quick ? 'quick' : 'full'}): ${options.connections} connections, warm-up ${options.warmupSeconds} s, ` +
      `${options.durationSeconds} s measured, ${options.customers} customers, core ${options.coreLatency.meanMs} ms ± ${options.coreLatency.spreadMs} ms per call`,
  );
  const report = await runBench({ ...options, log });
  const liveRows = report.rows.filter((r) => r.workload === 'live');
  const otherRows = report.rows.filter((r) => r.workload !== 'live');
  if (otherRows.length > 0) log(`\n${formatTable(otherRows)}\n`);
  if (liveRows.length > 0)
    log(
      `\nlive: ${options.live.ratePerSecond} purchase advices/s for ${options.durationSeconds} s; latency from each advice's acknowledgement to its notification on each stream of its customer\n` +
        `${formatLiveTable(liveRows)}\n`,
    );
  log(
    `versions: ${Object.entries(report.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  log(`machine: ${report.machine.nproc} CPUs (${report.machine.cpuModel}), ${report.machine.memoryGiB} GiB, Node ${report.machine.node}`);
  if (jsonFile) {
    mkdirSync(dirname(resolve(jsonFile)), { recursive: true });
    writeFileSync(resolve(jsonFile), `${JSON.stringify(report, null, 2)}\n`);
    log(`JSON: ${resolve(jsonFile)}`);
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
