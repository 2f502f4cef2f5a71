// The burst workload (as the public gateway benchmarks run it): the dashboard at the usual
// connections, then ten times as many for a while, then the usual again. What a bank needs to know
// of it: how much was served and how much shed (503/429 with Retry-After, and how fast a refusal
// came), the latency of what was served during and after, whether the core ever had more calls in
// flight than the adapters allow, and each process's peak memory against its deployment limit.
import type { BenchProcess } from './processes';
import { deploymentMemoryLimits } from './deployments';
import { type LoadOptions, type LoadResult, runLoad } from './load';
import { peakRssBytes } from './proc-stats';
import { coreStats } from './stacks';

export interface BurstSettings {
  baseConnections: number;
  burstConnections: number;
  /** the usual load before the burst (measured: the p50 to come back to) */
  beforeSeconds: number;
  burstSeconds: number;
  /** after the burst: this long at the usual load unmeasured, then afterSeconds measured */
  settleSeconds: number;
  afterSeconds: number;
}

export const DEFAULT_BURST: BurstSettings = {
  baseConnections: 50,
  burstConnections: 500,
  beforeSeconds: 10,
  burstSeconds: 20,
  settleSeconds: 5,
  afterSeconds: 10,
};
export const QUICK_BURST: BurstSettings = { baseConnections: 10, burstConnections: 100, beforeSeconds: 3, burstSeconds: 5, settleSeconds: 2, afterSeconds: 3 };

/** Processes that call the core, each through its adapter's cap (CORE_MAX_CONCURRENCY, default 8). */
const CORE_CALLERS = ['accounts', 'loyalty', 'offers'];
const DEFAULT_CORE_CAP = 8;
/** A shed answer should come within this (issue 18's target). */
export const SHED_TARGET_MS = 50;

export interface BurstPhase {
  connections: number;
  seconds: number;
  served: number;
  shed: number;
  /** failed answers that were not shed: errors, timeouts, 5xx other than 503 */
  failed: number;
  servedP50Ms: number;
  servedP99Ms: number;
  shedP99Ms: number;
  /** the first failure's answer (truncated), when one failed */
  errorSample?: string;
}

export interface BurstResult {
  settings: BurstSettings;
  before: BurstPhase;
  during: BurstPhase;
  after: BurstPhase;
  /** the most core calls in flight at once over the three phases, and what the adapters allow in all */
  corePeakInFlight: number;
  coreCap: number;
  /**
   * peak RSS (VmHWM) per process over its life, MiB, and its memory limit in deploy/kubernetes: the
   * gateway's always, the subgraphs' with --store postgres only (the manifests run them on PostgreSQL;
   * an embedded store holds its database in the process)
   */
  memory: Array<{ process: string; peakRssMiB: number; limitMiB?: number }>;
  /** any answer about another customer than the one asking (must be 0) */
  wrongCustomer: number;
}

function phaseOf(connections: number, r: LoadResult): BurstPhase {
  return {
    connections,
    seconds: r.durationSeconds,
    served: r.served.count,
    shed: r.shed.count,
    failed: r.errors.total - r.shed.count,
    servedP50Ms: r.served.latencyMs.p50,
    servedP99Ms: r.served.latencyMs.p99,
    shedP99Ms: r.shed.latencyMs.p99,
    // runLoad samples a failure before a refusal for load
    ...(r.errors.total > r.shed.count && r.errorSample ? { errorSample: r.errorSample.slice(0, 200) } : {}),
  };
}

export interface BurstRun {
  load: Omit<LoadOptions, 'connections' | 'durationSeconds'>;
  gateway: BenchProcess;
  stack: { coreUrl?: string; processes: BenchProcess[] };
  settings: BurstSettings;
  /** the core's adapter cap per process, as the stack runs it */
  coreCapPerProcess?: number;
  store: 'embedded' | 'postgres';
}

export async function measureBurst(run: BurstRun): Promise<BurstResult> {
  const { settings: s } = run;
  const phase = (connections: number, durationSeconds: number) => runLoad({ ...run.load, connections, durationSeconds });
  if (run.stack.coreUrl) await coreStats(run.stack.coreUrl, true);
  const before = await phase(s.baseConnections, s.beforeSeconds);
  const during = await phase(s.burstConnections, s.burstSeconds);
  if (s.settleSeconds > 0) await phase(s.baseConnections, s.settleSeconds);
  const after = await phase(s.baseConnections, s.afterSeconds);
  const core = run.stack.coreUrl ? await coreStats(run.stack.coreUrl) : undefined;
  const all = deploymentMemoryLimits();
  const limits: Record<string, number | undefined> = run.store === 'postgres' ? all : { gateway: all.gateway };
  const memory = [{ ...run.gateway, name: 'gateway' }, ...run.stack.processes].map((p) => ({
    process: p.name,
    peakRssMiB: Math.round((peakRssBytes(p.pid) ?? 0) / 2 ** 20),
    ...(limits[p.name] !== undefined ? { limitMiB: limits[p.name] } : {}),
  }));
  const callers = run.stack.processes.filter((p) => CORE_CALLERS.includes(p.name)).length;
  return {
    settings: s,
    before: phaseOf(s.baseConnections, before),
    during: phaseOf(s.burstConnections, during),
    after: phaseOf(s.baseConnections, after),
    corePeakInFlight: core?.totals.maxInFlight ?? 0,
    coreCap: callers * (run.coreCapPerProcess ?? DEFAULT_CORE_CAP),
    memory,
    wrongCustomer: before.errors.wrongCustomer + during.errors.wrongCustomer + after.errors.wrongCustomer,
  };
}
