// The one-client workload (issue 18, item 1): latency without queueing. One customer at a time, a
// customer nobody has asked about (cold in the gateway and the subgraphs), then the same customer
// again at once (repeat: within every cache's lifetime). Beside the cold latency, the core's own
// floor for it: the simulator's timeline of the request's calls gives how many ran one after another
// (sequential round trips: what batching cannot remove), and that many times the simulator's mean
// latency is the critical path. Targets: cold p50 <= critical path + 25 ms, repeat p50 <= 15 ms.
import { sequentialRounds } from '../../core-simulator/src/stats';
import { hasGraphqlErrors, spreadOf } from './load';
import { coreStats } from './stacks';

export interface OneClientSettings {
  /** cold customers, each asked twice */
  customers: number;
}

export const DEFAULT_ONE_CLIENT: OneClientSettings = { customers: 60 };
export const QUICK_ONE_CLIENT: OneClientSettings = { customers: 6 };
export const COLD_MARGIN_MS = 25;
export const REPEAT_TARGET_MS = 15;

export interface OneClientResult {
  customers: number;
  failed: number;
  coldMs: { p50: number; p95: number };
  repeatMs: { p50: number; p95: number };
  /** the most frequent number of sequential core round trips of a cold dashboard, and the critical path it makes */
  sequentialRounds: number;
  criticalPathMs: number;
  coldCoreCalls: number;
  repeatCoreCalls: number;
}

export interface OneClientRun {
  url: string;
  body: string;
  coreUrl: string;
  /** the simulator's mean latency per call */
  coreMeanMs: number;
  /** the i-th customer's Authorization header */
  authorization: (i: number) => string;
  settings: OneClientSettings;
}

async function timedAnswer(run: OneClientRun, authorization: string): Promise<{ ms: number; ok: boolean }> {
  const started = performance.now();
  const res = await fetch(run.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: run.body });
  const text = await res.text();
  return { ms: performance.now() - started, ok: res.ok && !hasGraphqlErrors(text) };
}

const mode = (values: number[]) => {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
};

export async function measureOneClient(run: OneClientRun): Promise<OneClientResult> {
  const cold: number[] = [];
  const repeat: number[] = [];
  const rounds: number[] = [];
  let coldCalls = 0;
  let repeatCalls = 0;
  let failed = 0;
  for (let i = 0; i < run.settings.customers; i++) {
    const authorization = run.authorization(i);
    await coreStats(run.coreUrl, true);
    const first = await timedAnswer(run, authorization);
    // read, then reset: the reset answers with the figures after it
    const afterFirst = await coreStats(run.coreUrl);
    await coreStats(run.coreUrl, true);
    const again = await timedAnswer(run, authorization);
    const afterAgain = await coreStats(run.coreUrl);
    if (!first.ok || !again.ok) {
      failed++;
      continue;
    }
    cold.push(first.ms);
    repeat.push(again.ms);
    rounds.push(sequentialRounds(afterFirst.recentCalls ?? []));
    coldCalls += afterFirst.totals.calls;
    repeatCalls += afterAgain.totals.calls;
  }
  const c = spreadOf(cold);
  const r = spreadOf(repeat);
  const n = Math.max(1, cold.length);
  const sequential = mode(rounds);
  return {
    customers: run.settings.customers,
    failed,
    coldMs: { p50: c.at(50), p95: c.at(95) },
    repeatMs: { p50: r.at(50), p95: r.at(95) },
    sequentialRounds: sequential,
    criticalPathMs: sequential * run.coreMeanMs,
    coldCoreCalls: Math.round((coldCalls / n) * 100) / 100,
    repeatCoreCalls: Math.round((repeatCalls / n) * 100) / 100,
  };
}
