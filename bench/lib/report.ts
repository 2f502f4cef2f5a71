// What a bench run reports: one row per (workload, peer), the machine and the versions, as a
// plain-text table for the terminal and as JSON.
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './processes';
import type { LoadResult } from './load';

export interface BenchRow {
  workload: string;
  peer: string;
  status: 'ok' | 'missing';
  /** why a peer could not run (missing) */
  reason?: string;
  load?: LoadResult;
  /** core calls during the measured phase / responses (banking workloads) */
  coreCallsPerRequest?: number;
  coreCallsByOperation?: Record<string, number>;
  /** gateway process CPU seconds during the measured phase, and as a share of one core */
  gatewayCpuSeconds?: number;
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

const fmt = (v: number | undefined, digits = 1) => (v === undefined ? '-' : v.toFixed(digits));

export function formatTable(rows: BenchRow[]): string {
  const header = ['workload', 'peer', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'core calls/req', 'gw CPU %', 'gw peak RSS MiB'];
  const lines = rows.map((r) =>
    r.status === 'missing' || !r.load
      ? [r.workload, r.peer, 'missing', '', '', '', '', '', '', (r.reason?.split('\n')[0] ?? '').slice(0, 60)]
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
          fmt(r.gatewayPeakRssMiB, 0),
        ],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [row(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(row)].join('\n');
}
