// prom-client metrics of the core calls. Reuses metrics already registered under the same name
// so several clients (or a restart in tests) can share one registry.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type CallOutcome =
  | 'success' // Status SUCCESS
  | 'failure' // Status FAILURE: a business answer, the core is fine
  | 'timeout'
  | 'unavailable'
  | 'busy'
  | 'error'
  | 'queue_timeout' // deadline passed while waiting for a session: never sent
  | 'short_circuit' // breaker open: never sent
  | 'out_of_budget'; // the request's own deadline: not started, or the caller stopped waiting (call-core.ts)

export const BREAKER_STATE = { closed: 0, halfOpen: 1, open: 2 } as const;

export interface CoreMetrics {
  calls: Counter<'operation' | 'outcome'>;
  duration: Histogram<'operation'>;
  breakerState: Gauge<'operation'>;
  inflight: Gauge<string>;
  /** calls waiting for a free core session (semaphore.ts) */
  queued: Gauge<string>;
  /** answers read by response-parser.ts ('scanner') or handed to the `soap` library's parser ('library') */
  answers: Counter<'parser'>;
}

function reuse<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

export function createCoreMetrics(registry: Registry): CoreMetrics {
  const registers = [registry];
  return {
    calls: reuse(
      registry,
      'core_calls_total',
      () =>
        new Counter({
          name: 'core_calls_total',
          help: 'Calls to the legacy core per operation and outcome (short_circuit and queue_timeout were never sent)',
          labelNames: ['operation', 'outcome'] as const,
          registers,
        }),
    ),
    duration: reuse(
      registry,
      'core_call_duration_seconds',
      () =>
        new Histogram({
          name: 'core_call_duration_seconds',
          help: 'Duration of calls sent to the legacy core, per operation',
          labelNames: ['operation'] as const,
          buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
          registers,
        }),
    ),
    breakerState: reuse(
      registry,
      'core_breaker_state',
      () =>
        new Gauge({
          name: 'core_breaker_state',
          help: 'Circuit breaker per core operation: 0 closed, 1 half-open, 2 open',
          labelNames: ['operation'] as const,
          registers,
        }),
    ),
    inflight: reuse(
      registry,
      'core_inflight',
      () =>
        new Gauge({
          name: 'core_inflight',
          help: 'Calls to the legacy core in flight',
          registers,
        }),
    ),
    queued: reuse(
      registry,
      'core_queued',
      () =>
        new Gauge({
          name: 'core_queued',
          help: 'Calls to the legacy core waiting for a free session (CORE_MAX_CONCURRENCY); they end sent, or as queue_timeout or out_of_budget',
          registers,
        }),
    ),
    answers: reuse(
      registry,
      'core_answers_parsed_total',
      () =>
        new Counter({
          name: 'core_answers_parsed_total',
          help: "Core answers read by the adapter's own scanner or, for what it does not read plainly (faults among them), by the soap library's parser (CORE_FAST_PARSE=on only)",
          labelNames: ['parser'] as const,
          registers,
        }),
    ),
  };
}
