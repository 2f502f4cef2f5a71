// What a bench run reports: one row per (workload, peer), the machine and the versions, as a
// plain-text table for the terminal and as JSON.
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './processes';
import type { LoadResult } from './load';
import type { LiveResult, LiveSettings } from './live';
import type { CardFeedResult, CardFeedSettings } from './card-feed';
import { type BurstPhase, type BurstResult, type BurstSettings, SHED_TARGET_MS } from './burst';
import { COLD_MARGIN_MS, type OneClientResult, type OneClientSettings, REPEAT_TARGET_MS } from './one-client';
import { type WebFirstLoadResult, type WebFirstLoadSettings, WEB_FIRST_LOAD_TARGET_MS } from './web-first-load-settings';

export interface BenchRow {
  workload: string;
  peer: string;
  status: 'ok' | 'missing';
  /** why a peer could not run (missing) */
  reason?: string;
  load?: LoadResult;
  /** the live workload's figures (instead of load) */
  live?: LiveResult;
  /** the card-feed workload's figures: one line per rate (instead of load) */
  cardFeed?: CardFeedResult;
  /** the web-first-load workload's figures (instead of load) */
  webFirstLoad?: WebFirstLoadResult;
  /** the burst workload's figures: before, during and after (instead of load) */
  burst?: BurstResult;
  /** the one-client workload's figures (instead of load) */
  oneClient?: OneClientResult;
  /** subgraph requests during the measured phase / requests sent (federation-classic: what the plan costs the subgraphs) */
  subgraphCallsPerRequest?: number;
  /** core calls during the measured phase / responses (banking workloads) */
  coreCallsPerRequest?: number;
  coreCallsByOperation?: Record<string, number>;
  /** gateway process CPU seconds during the measured phase, and as a share of one core */
  gatewayCpuSeconds?: number;
  /** CPU of the gateway, the subgraphs and the simulator over the phase, per request sent (ms of one core) */
  stackCpuMsPerRequest?: number;
  /** the same, per process (gateway, each subgraph, the simulator, PostgreSQL): where a request's CPU goes */
  stackCpuMsPerRequestByProcess?: Record<string, number>;
  gatewayCpuPercent?: number;
  /** gateway peak RSS (VmHWM) over its whole life, MiB */
  gatewayPeakRssMiB?: number;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  command: string;
  mode: 'quick' | 'full';
  settings: {
    connections: number;
    stackWarmupSeconds: number;
    warmupSeconds: number;
    durationSeconds: number;
    customers: number;
    coreLatency: string;
    zipfS: number;
    live?: LiveSettings;
    cardFeed?: CardFeedSettings;
    webFirstLoad?: WebFirstLoadSettings;
    burst?: BurstSettings;
    oneClient?: OneClientSettings;
    store: 'embedded' | 'postgres';
  };
  machine: { nproc: number; cpuModel: string; memoryGiB: number; node: string; platform: string };
  versions: Record<string, string>;
  rows: BenchRow[];
}

export const REPORTED_PACKAGES = [
  '@apollo/gateway',
  '@apollo/server',
  '@graphql-hive/gateway',
  '@graphql-hive/gateway-runtime',
  '@graphql-hive/router-runtime',
  '@graphql-hive/router-query-planner',
  '@mercuriusjs/gateway',
  'mercurius',
  'fastify',
  'graphql',
  'autocannon',
  'undici',
];

export function installedVersions(names = REPORTED_PACKAGES): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    try {
      out[name] = (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      out[name] = 'not installed';
    }
  }
  return out;
}

export function machine(): BenchReport['machine'] {
  return {
    nproc: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** The first line of an error, with the child's last error line when there is one: the reason a peer is missing. */
export function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  // the child's last error line says more than "exited with 1"
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const cause = lines
    .slice(1)
    .reverse()
    .find((l) => /error|Error|cannot|Cannot|failed|refus/.test(l));
  return cause ? `${lines[0]} — ${cause}`.slice(0, 400) : (lines[0]?.slice(0, 400) ?? 'unknown error');
}

const fmt = (v: number | undefined, digits = 1) => (v === undefined ? '-' : v.toFixed(digits));

function table(header: string[], lines: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [row(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(row)].join('\n');
}

/**
 * The live workload's rows: subscriptions open, advices, deliveries against what was owed, the
 * latency from acknowledgement to delivery and its last part (engagement's inbox write to the
 * client), and each peer's p50/p99 against Corebridge's in the same run.
 */
export function formatLiveTable(rows: BenchRow[]): string {
  const header = [
    'peer',
    'subs open',
    'advices/s',
    'delivered/expected',
    'lost',
    'errors',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
    'inbox->stream p50/p99 ms',
    'vs corebridge p50/p99',
    'gw CPU %',
    'gw peak RSS MiB',
  ];
  const base = rows.find((r) => r.peer === 'corebridge' && r.live)?.live;
  const ratio = (v: number, b: number | undefined) => (b && b > 0 ? `${(v / b).toFixed(2)}x` : '-');
  const lines = rows.map((r) => {
    const l = r.live;
    if (r.status === 'missing' || !l) return [r.peer, 'missing', '', '', '', '', '', '', '', '', '', '', '', (r.reason?.split('\n')[0] ?? '').slice(0, 60)];
    return [
      r.peer,
      `${l.subscriptionsOpen}/${l.subscriptionsWanted}`,
      fmt(l.advicesPerSecond),
      `${l.delivered}/${l.expected}`,
      String(l.lost),
      String(l.notAcknowledged + l.wrongCustomer + l.duplicates + l.unexpected),
      fmt(l.latencyMs.p50),
      fmt(l.latencyMs.p95),
      fmt(l.latencyMs.p99),
      fmt(l.latencyMs.max),
      `${fmt(l.streamHopMs.p50)} / ${fmt(l.streamHopMs.p99)}`,
      r.peer === 'corebridge' ? '' : `${ratio(l.latencyMs.p50, base?.latencyMs.p50)} / ${ratio(l.latencyMs.p99, base?.latencyMs.p99)}`,
      fmt(r.gatewayCpuPercent, 0),
      fmt(r.gatewayPeakRssMiB, 0),
    ];
  });
  return table(header, lines);
}

/** The card-feed workload: a line per offered rate, and the sustained rate (the last step kept) with its latency. */
export function formatCardFeedTable(rows: BenchRow[]): string {
  const header = ['store', 'offered/s', 'acknowledged', 'ack/s', 'ack p50 ms', 'ack p99 ms', 'ack max ms', 'loyalty CPU ms/advice', 'kept', 'sustained/s'];
  const lines = rows.flatMap((r) => {
    const c = r.cardFeed;
    if (r.status === 'missing' || !c) return [['', 'missing', '', '', '', '', '', '', '', (r.reason ?? '').slice(0, 60)]];
    return c.steps.map((s, i) => [
      i === 0 ? c.store : '',
      String(s.offeredPerSecond),
      `${s.acknowledged}/${s.sent}`,
      fmt(s.acknowledgedPerSecond),
      fmt(s.ackMs.p50),
      fmt(s.ackMs.p99),
      fmt(s.ackMs.max),
      fmt(s.loyaltyCpuMsPerAdvice),
      s.kept ? 'yes' : 'no',
      i === c.steps.length - 1 ? `${c.sustainedPerSecond}${c.sustainedAckMs ? ` (p99 ${fmt(c.sustainedAckMs.p99)} ms)` : ''}` : '',
    ]);
  });
  return table(header, lines);
}

/** The web-first-load workload: sign-in to dashboard in a real browser, per peer, against the 1 s target. */
export function formatWebFirstLoadTable(rows: BenchRow[]): string {
  const header = [
    'peer',
    'sign-ins',
    'failed',
    'cold p50 ms',
    'cold p95 ms',
    'cold max ms',
    'of which query p50/p95 ms',
    'again p50 ms',
    'vs corebridge p50',
    'first-load JS KiB gz',
    `p95 <= ${WEB_FIRST_LOAD_TARGET_MS} ms`,
  ];
  const base = rows.find((r) => r.peer === 'corebridge' && r.webFirstLoad)?.webFirstLoad;
  const lines = rows.map((r) => {
    const w = r.webFirstLoad;
    if (r.status === 'missing' || !w) return [r.peer, 'missing', '', '', '', '', '', '', '', '', (r.reason?.split('\n')[0] ?? '').slice(0, 60)];
    return [
      r.peer,
      String(w.signIns),
      String(w.failed),
      String(w.coldMs.p50),
      String(w.coldMs.p95),
      String(w.coldMs.max),
      `${w.coldDashboardQueryMs.p50} / ${w.coldDashboardQueryMs.p95}`,
      String(w.againMs.p50),
      r.peer === 'corebridge' || !base ? '' : `${(w.coldMs.p50 / Math.max(1, base.coldMs.p50)).toFixed(2)}x`,
      fmt(w.firstLoadKiB),
      w.failed === 0 && w.coldMs.p95 <= WEB_FIRST_LOAD_TARGET_MS ? 'met' : 'missed',
    ];
  });
  return table(header, lines);
}

/**
 * The burst workload: a line per phase and peer (served, shed, latency of what was served, how fast
 * a refusal came), then what held over the whole run: the core's peak calls in flight against the
 * adapters' cap, whether the p50 came back, and the largest process against its memory limit.
 */
export function formatBurstTable(rows: BenchRow[]): string {
  const header = ['peer', 'phase', 'connections', 'served', 'shed', 'failed', 'served p50 ms', 'served p99 ms', `shed p99 ms (<= ${SHED_TARGET_MS})`, 'holds'];
  const lines = rows.flatMap((r) => {
    const b = r.burst;
    if (r.status === 'missing' || !b) return [[r.peer, 'missing', '', '', '', '', '', '', '', (r.reason?.split('\n')[0] ?? '').slice(0, 60)]];
    const back = b.after.servedP50Ms <= b.before.servedP50Ms * 1.2 + 5;
    const worst = [...b.memory].sort((x, y) => y.peakRssMiB / (y.limitMiB ?? Infinity) - x.peakRssMiB / (x.limitMiB ?? Infinity))[0];
    const over = b.memory.filter((m) => m.limitMiB !== undefined && m.peakRssMiB > m.limitMiB).map((m) => m.process);
    const holds = [
      `core in flight ${b.corePeakInFlight}/${b.coreCap}`,
      `p50 back: ${back ? 'yes' : 'no'}`,
      over.length
        ? `over memory limit: ${over.join(', ')}`
        : worst
          ? `peak RSS ${worst.process} ${worst.peakRssMiB}${worst.limitMiB ? `/${worst.limitMiB}` : ''} MiB`
          : '',
      b.wrongCustomer ? `WRONG CUSTOMER ${b.wrongCustomer}` : '',
    ].filter(Boolean);
    const line = (name: string, p: BurstPhase, i: number) => [
      i === 0 ? r.peer : '',
      name,
      String(p.connections),
      String(p.served),
      String(p.shed),
      String(p.failed),
      fmt(p.servedP50Ms),
      fmt(p.servedP99Ms),
      p.shed > 0 ? fmt(p.shedP99Ms) : '-',
      holds[i] ?? '',
    ];
    const out = [line('before', b.before, 0), line('burst', b.during, 1), line('after', b.after, 2)];
    if (holds[3]) out.push(['', '', '', '', '', '', '', '', '', holds[3]]);
    return out;
  });
  return table(header, lines);
}

/** The one-client workload: cold and repeat latency per peer against the core's critical path. */
export function formatOneClientTable(rows: BenchRow[]): string {
  const header = [
    'peer',
    'customers',
    'failed',
    'cold p50 ms',
    'cold p95 ms',
    'sequential core trips',
    'critical path ms',
    `cold p50 <= path + ${COLD_MARGIN_MS}`,
    'repeat p50 ms',
    'repeat p95 ms',
    `repeat p50 <= ${REPEAT_TARGET_MS}`,
    'core calls cold / repeat',
  ];
  const lines = rows.map((r) => {
    const o = r.oneClient;
    if (r.status === 'missing' || !o) return [r.peer, 'missing', '', '', '', '', '', '', '', '', '', (r.reason?.split('\n')[0] ?? '').slice(0, 60)];
    return [
      r.peer,
      String(o.customers),
      String(o.failed),
      fmt(o.coldMs.p50),
      fmt(o.coldMs.p95),
      String(o.sequentialRounds),
      fmt(o.criticalPathMs, 0),
      o.coldMs.p50 <= o.criticalPathMs + COLD_MARGIN_MS ? 'met' : `missed (+${fmt(o.coldMs.p50 - o.criticalPathMs, 0)})`,
      fmt(o.repeatMs.p50),
      fmt(o.repeatMs.p95),
      o.repeatMs.p50 <= REPEAT_TARGET_MS ? 'met' : 'missed',
      `${fmt(o.coldCoreCalls, 2)} / ${fmt(o.repeatCoreCalls, 2)}`,
    ];
  });
  return table(header, lines);
}

export function formatTable(rows: BenchRow[]): string {
  const header = ['workload', 'peer', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'core calls/req', 'gw CPU %', 'stack CPU ms/req', 'gw peak RSS MiB'];
  const lines = rows.map((r) =>
    r.status === 'missing' || !r.load
      ? [r.workload, r.peer, 'missing', '', '', '', '', '', '', '', (r.reason?.split('\n')[0] ?? '').slice(0, 60)]
      : [
          r.workload,
          r.peer,
          fmt(r.load.requestsPerSecond),
          fmt(r.load.latencyMs.p50),
          fmt(r.load.latencyMs.p95),
          fmt(r.load.latencyMs.p99),
          `${r.load.errors.total}/${r.load.requests}`,
          fmt(r.coreCallsPerRequest, 2),
          fmt(r.gatewayCpuPercent, 0),
          fmt(r.stackCpuMsPerRequest, 2),
          fmt(r.gatewayPeakRssMiB, 0),
        ],
  );
  return table(header, lines);
}

/** A peer's result on a workload as the bench logs it: throughput, latency, errors, calls, CPU by process. */
export function peerResultLine(peer: string, result: LoadResult, row: BenchRow): string {
  return (
    `  ${peer}: ${result.requestsPerSecond} req/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, errors ${result.errors.total}/${result.requests}` +
    (row.coreCallsPerRequest !== undefined ? `, core calls/req ${row.coreCallsPerRequest}` : '') +
    (row.subgraphCallsPerRequest !== undefined ? `, subgraph calls/req ${row.subgraphCallsPerRequest}` : '') +
    cpuByProcessLine(row) +
    (result.errorSample ? `\n    first error: ${result.errorSample.slice(0, 200)}` : '')
  );
}

/** The log line under a peer's result: its stack's CPU per request, process by process ('' without). */
export function cpuByProcessLine(row: BenchRow): string {
  const by = row.stackCpuMsPerRequestByProcess;
  if (!by) return '';
  return `\n    CPU ms/req: ${Object.entries(by)
    .map(([name, ms]) => `${name} ${ms}`)
    .join(', ')}`;
}
