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
import { ROOT } from './lib/processes';
import { cpuMeter, localPostgresPid, peakRssBytes } from './lib/proc-stats';
import {
  type BenchReport,
  type BenchRow,
  peerResultLine,
  firstLine,
  formatBurstTable,
  formatOneClientTable,
  formatCardFeedTable,
  formatLiveTable,
  formatTable,
  formatWebFirstLoadTable,
  installedVersions,
  machine,
} from './lib/report';
import { coreQuiet, coreStats, type Stack, startClassicStack, subgraphCallMeter } from './lib/stacks';
import { bankingStackPool } from './lib/stack-pool';
import { measureLive } from './lib/live-peer';
import { measureCardFeed } from './lib/card-feed';
import { type BenchOptions, parseBenchArgs, QUICK_PEERS, UsageError, USAGE, WEB_FIRST_LOAD_PEERS, type WorkloadName } from './lib/options';
import { measureWebFirstLoad } from './lib/web-first-load';
import { type BurstRun, measureBurst } from './lib/burst';
import { measureOneClient } from './lib/one-client';
import { CLASSIC_QUERY } from './federation-classic/subgraphs';

export { WORKLOADS, type WorkloadName, type BenchOptions, QUICK_PEERS, defaultOptions, UsageError, parseBenchArgs } from './lib/options';

const workloadOrder: Record<WorkloadName, CustomerOrder> = {
  dashboard: 'round-robin',
  'dashboard-refresh': 'zipf',
  'federation-classic': 'round-robin',
  live: 'round-robin',
  'card-feed': 'round-robin',
  'web-first-load': 'round-robin',
  burst: 'round-robin',
  'one-client': 'round-robin',
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

/** Where this peer's gateway writes its CPU profiles, when it is the peer profiled (--profile). */
function profileDirFor(opts: BenchOptions, peerName: PeerName): string | undefined {
  if (opts.profilePeer !== peerName) return undefined;
  const dir = resolve(opts.profileDir ?? join(ROOT, '.bench', 'profiles'));
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The peer's gateway for one workload, or the row saying why it could not start. */
async function startMeasuredPeer(
  workload: WorkloadName,
  peerName: PeerName,
  stack: Stack,
  token: string,
  opts: BenchOptions,
  runDir: string,
  keysDir: string,
): Promise<{ peer: Awaited<ReturnType<typeof startPeer>> } | { missing: BenchRow }> {
  const profileDir = profileDirFor(opts, peerName);
  try {
    const peer = await startPeer(PEERS[peerName], {
      supergraphPath: stack.supergraphPath,
      peerSupergraphPath: stack.peerSupergraphPath,
      keysDir,
      runDir,
      token,
      // one folder per run: node writes a profile per thread (tsx's loader runs in its own)
      nodeArgs: profileDir ? ['--cpu-prof', '--cpu-prof-dir', join(profileDir, `${workload}-${peerName}-${Date.now()}`)] : undefined,
      env: opts.gatewayEnv,
    });
    return { peer };
  } catch (err) {
    (opts.log ?? (() => undefined))(`  ${peerName}: could not start: ${firstLine(err)}`);
    return { missing: { workload, peer: peerName, status: 'missing', reason: firstLine(err) } };
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
  const log = opts.log ?? (() => undefined);
  const started = await startMeasuredPeer(workload, peerName, stack, firstOf(tokens), opts, runDir, keysDir);
  if ('missing' in started) return started.missing;
  const { peer } = started;
  try {
    if (workload === 'live') return await measureLive({ peerName, peer, stack, tokens, opts, firstCustomer });
    if (workload === 'web-first-load') return await webFirstLoadRow(peerName, peer.url, keysDir, opts, firstCustomer);
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
    if (workload === 'one-client') return await oneClientRow(peerName, peer.url, body, stack, tokens, opts);
    if (workload === 'burst') return await burstRow(peerName, peer, stack, { url: peer.url, body, nextClient }, load, opts);

    if (opts.warmupSeconds > 0) await load(opts.warmupSeconds);
    if (stack.coreUrl) {
      await coreQuiet(stack.coreUrl);
      await coreStats(stack.coreUrl, true);
    }
    // the whole stack's CPU (gateway, subgraphs, simulator, and the local PostgreSQL server with --store postgres; not the load generator) over the phase
    const postgres = opts.store === 'postgres' ? localPostgresPid() : undefined;
    const stackCpu = cpuMeter([peer.process.pid, ...stack.processes.map((p) => p.pid)], postgres ? [postgres] : []);
    const gatewayCpu = cpuMeter([peer.process.pid]);
    const processCpu = [...[{ name: 'gateway', pid: peer.process.pid }, ...stack.processes].map((p) => [p.name, cpuMeter([p.pid])] as const)];
    if (postgres) processCpu.push(['postgres', cpuMeter([], [postgres])]);
    const subgraphCalls = await subgraphCallMeter(stack);
    const result = await load(opts.durationSeconds);
    const cpuUsed = gatewayCpu();
    const rss = peakRssBytes(peer.process.pid);
    const row: BenchRow = {
      ...{ workload, peer: peerName, status: 'ok', load: result },
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
    row.subgraphCallsPerRequest = await subgraphCalls(result.sent);
    // read once the stragglers are done (coreQuiet above): their work belongs to the phase's requests
    if (result.sent > 0) {
      const msPerRequest = (seconds: number) => Math.round((seconds * 1000 * 100) / result.sent) / 100;
      row.stackCpuMsPerRequest = msPerRequest(stackCpu());
      row.stackCpuMsPerRequestByProcess = Object.fromEntries(processCpu.map(([name, meter]) => [name, msPerRequest(meter())]));
    }
    log(peerResultLine(peerName, result, row));
    return row;
  } finally {
    await peer.process.stop();
  }
}

async function oneClientRow(peerName: PeerName, url: string, body: string, stack: Stack, tokens: string[], opts: BenchOptions): Promise<BenchRow> {
  const log = opts.log ?? (() => undefined);
  if (!stack.coreUrl) return { workload: 'one-client', peer: peerName, status: 'missing', reason: 'needs the banking stack' };
  const measured = opts.oneClient.customers;
  // the peer's own warm-up (its JIT, its plan cache) on customers from the end of its block, never one it measures
  for (let i = 1; i <= Math.min(20, tokens.length - measured); i++) await preflight(url, body, tokens[tokens.length - i] ?? '');
  const oneClient = await measureOneClient({
    url,
    body,
    coreUrl: stack.coreUrl,
    coreMeanMs: opts.coreLatency.meanMs,
    authorization: (i) => `Bearer ${tokens[i]}`,
    settings: opts.oneClient,
  });
  log(
    `  ${peerName}: cold p50 ${oneClient.coldMs.p50} ms (critical path ${oneClient.criticalPathMs} ms: ${oneClient.sequentialRounds} sequential core round trips), ` +
      `repeat p50 ${oneClient.repeatMs.p50} ms, core calls ${oneClient.coldCoreCalls} / ${oneClient.repeatCoreCalls}`,
  );
  return { workload: 'one-client', peer: peerName, status: 'ok', oneClient };
}

async function burstRow(
  peerName: PeerName,
  peer: { process: Stack['processes'][number] },
  stack: Stack,
  target: BurstRun['load'],
  load: (seconds: number) => Promise<unknown>,
  opts: BenchOptions,
): Promise<BenchRow> {
  const log = opts.log ?? (() => undefined);
  if (opts.warmupSeconds > 0) await load(opts.warmupSeconds);
  const burst = await measureBurst({ load: target, gateway: peer.process, stack, settings: opts.burst, store: opts.store });
  log(
    `  ${peerName}: burst ${burst.during.connections} connections: served ${burst.during.served}, shed ${burst.during.shed}, failed ${burst.during.failed}; ` +
      `served p50 ${burst.before.servedP50Ms} -> ${burst.during.servedP50Ms} -> ${burst.after.servedP50Ms} ms; core in flight ${burst.corePeakInFlight}/${burst.coreCap}` +
      (burst.during.errorSample ? `\n    first failure: ${burst.during.errorSample}` : ''),
  );
  return { workload: 'burst', peer: peerName, status: 'ok', burst };
}

async function cardFeedRow(stack: Stack, opts: BenchOptions, firstCustomer: number, log: (line: string) => void): Promise<BenchRow> {
  try {
    const cardFeed = await measureCardFeed({ stack, settings: opts.cardFeed, store: opts.store, firstCustomer, log });
    return { workload: 'card-feed', peer: 'corebridge', status: 'ok', cardFeed };
  } catch (err) {
    log(`  card-feed: ${firstLine(err)}`);
    return { workload: 'card-feed', peer: 'corebridge', status: 'missing', reason: firstLine(err) };
  }
}

async function webFirstLoadRow(peerName: PeerName, gatewayUrl: string, keysDir: string, opts: BenchOptions, firstCustomer: number): Promise<BenchRow> {
  const log = opts.log ?? (() => undefined);
  try {
    const webFirstLoad = await measureWebFirstLoad({ gatewayUrl, keysDir, firstCustomer, settings: opts.webFirstLoad });
    log(`  ${peerName}: dashboard after sign-in p50 ${webFirstLoad.coldMs.p50} ms, p95 ${webFirstLoad.coldMs.p95} ms (${webFirstLoad.failed} failed)`);
    return { workload: 'web-first-load', peer: peerName, status: 'ok', webFirstLoad };
  } catch (err) {
    log(`  ${peerName}: web-first-load: ${firstLine(err)}`);
    return { workload: 'web-first-load', peer: peerName, status: 'missing', reason: firstLine(err) };
  }
}

/** The settings a report records beside its figures. */
function settingsOf(opts: BenchOptions): BenchReport['settings'] {
  return {
    connections: opts.connections,
    stackWarmupSeconds: opts.stackWarmupSeconds,
    warmupSeconds: opts.warmupSeconds,
    durationSeconds: opts.durationSeconds,
    customers: opts.customers,
    coreLatency: `${opts.coreLatency.meanMs} ms ± ${opts.coreLatency.spreadMs} ms`,
    zipfS: opts.zipfS,
    ...(opts.workloads.includes('live') ? { live: opts.live } : {}),
    ...(opts.workloads.includes('card-feed') ? { cardFeed: opts.cardFeed } : {}),
    ...(opts.workloads.includes('web-first-load') ? { webFirstLoad: opts.webFirstLoad } : {}),
    ...(opts.workloads.includes('burst') ? { burst: opts.burst } : {}),
    ...(opts.workloads.includes('one-client') ? { oneClient: opts.oneClient } : {}),
    store: opts.store,
  };
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
    return {
      workload,
      peers: wanted.filter(
        (p) => !(workload === 'federation-classic' && PEERS[p].bankingOnly) && (workload !== 'web-first-load' || WEB_FIRST_LOAD_PEERS.includes(p)),
      ),
    };
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
      if (workload === 'card-feed') {
        // the card switch to loyalty's feed: no gateway in the path, one row for the stack itself
        rows.push(await cardFeedRow(await bankingStack(false), opts, ++nextBlock * opts.customers, log));
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
    settings: settingsOf(opts),
    machine: machine(),
    versions: installedVersions(),
    rows,
  };
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
  const cardFeedRows = report.rows.filter((r) => r.workload === 'card-feed');
  const webRows = report.rows.filter((r) => r.workload === 'web-first-load');
  const burstRows = report.rows.filter((r) => r.workload === 'burst');
  const oneClientRows = report.rows.filter((r) => r.workload === 'one-client');
  const otherRows = report.rows.filter((r) => !['live', 'card-feed', 'web-first-load', 'burst', 'one-client'].includes(r.workload));
  if (otherRows.length > 0) log(`\n${formatTable(otherRows)}\n`);
  if (liveRows.length > 0)
    log(
      `\nlive: ${options.live.ratePerSecond} purchase advices/s for ${options.durationSeconds} s; latency from each advice's acknowledgement to its notification on each stream of its customer\n` +
        `${formatLiveTable(liveRows)}\n`,
    );
  if (cardFeedRows.length > 0)
    log(
      `\ncard-feed (${options.store} stores): purchase advices over ${options.cardFeed.connections} connections, ${options.cardFeed.stepSeconds} s per rate; ` +
        `acknowledged = answered 00 (after commit) within the switch's ${options.cardFeed.ackTimeoutMs / 1000} s\n${formatCardFeedTable(cardFeedRows)}\n`,
    );
  if (webRows.length > 0)
    log(
      `\nweb-first-load: the web app's production build in chromium, ${options.webFirstLoad.signIns} cold sign-ins per peer (fresh browser context each), ` +
        `from pressing "Sign in" to the dashboard's first account; again = the same customer signing in once more\n${formatWebFirstLoadTable(webRows)}\n`,
    );
  if (oneClientRows.length > 0)
    log(
      `\none-client: ${options.oneClient.customers} cold customers one at a time, each asked again at once (repeat); critical path = the cold dashboard's ` +
        `sequential core round trips (the simulator's timeline) x ${options.coreLatency.meanMs} ms\n${formatOneClientTable(oneClientRows)}\n`,
    );
  if (burstRows.length > 0)
    log(
      `\nburst: the dashboard at ${options.burst.baseConnections} connections for ${options.burst.beforeSeconds} s, ${options.burst.burstConnections} for ${options.burst.burstSeconds} s, ` +
        `then ${options.burst.baseConnections} again (after = measured from ${options.burst.settleSeconds} s after the burst); shed = 503/429 answers\n${formatBurstTable(burstRows)}\n`,
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
