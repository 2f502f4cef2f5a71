// One load phase with autocannon: a fixed number of connections for a fixed time, each request
// with the next client token. Latency percentiles are computed from every response's own time
// (autocannon's summary has no p95); errors are non-2xx answers, transport errors/timeouts, and
// 2xx answers whose body carries GraphQL `errors`.
import type { EventEmitter } from 'node:events';
import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  /** the JSON request body (the same operation for every request) */
  body: string;
  /** the next request's client: its Authorization header and, optionally, the customer its answer must be about */
  nextClient: () => { authorization: string; customerId?: string };
  connections: number;
  durationSeconds: number;
  timeoutSeconds?: number;
}

export interface LoadResult {
  /** answers received within the phase */
  requests: number;
  /** requests sent (the gateway finishes those still in flight when the phase ends) */
  sent: number;
  durationSeconds: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; mean: number; max: number };
  /** wrongCustomer: a 2xx answer whose `me.id` is not the caller's customer (must always be 0) */
  errors: { total: number; non2xx: number; graphql: number; transport: number; wrongCustomer: number };
  /** the first error body seen (truncated), to tell what went wrong */
  errorSample?: string;
}

const SAMPLE_CHARS = 400;

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? 0;
}

/**
 * The samples' percentiles and largest value, rounded to `decimals` places (one by default: the
 * tables print tenths of a millisecond): what every workload's latency columns are made of.
 */
export function spreadOf(samples: ArrayLike<number>, decimals = 1): { at: (p: number) => number; max: number } {
  const sorted = Float64Array.from(samples).sort();
  const scale = 10 ** decimals;
  const round = (v: number) => Math.round(v * scale) / scale;
  return { at: (p) => round(percentile(sorted, p)), max: round(sorted.at(-1) ?? 0) };
}

/** A 2xx body that is GraphQL with errors (partial data included): the cheap text test suffices. */
export const hasGraphqlErrors = (body: string) => body.includes('"errors"');

const ME_ID = /"me"\s*:\s*\{\s*"id"\s*:\s*"([^"]*)"/;

/** The customer a dashboard answer is about (`me.id`), if it has one. */
export function meIdOf(body: string): string | undefined {
  return ME_ID.exec(body)?.[1];
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  let latencies = new Float64Array(16384);
  let count = 0;
  let graphqlErrors = 0;
  let non2xx = 0;
  let wrongCustomer = 0;
  let sent = 0;
  let errorSample: string | undefined;
  const started = process.hrtime.bigint();

  // without a callback autocannon returns an emitter that is also a promise of the result
  const instance = autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.durationSeconds,
    timeout: opts.timeoutSeconds ?? 30,
    requests: [
      {
        method: 'POST',
        path: new URL(opts.url).pathname,
        // a connection sends its next request only after the answer (no pipelining), so the
        // connection's context knows whose answer comes back
        setupRequest: (req, context: { customerId?: string }) => {
          const client = opts.nextClient();
          sent++;
          context.customerId = client.customerId;
          return { ...req, headers: { 'content-type': 'application/json', authorization: client.authorization }, body: opts.body };
        },
        onResponse: (status, body, context: { customerId?: string }) => {
          const text = String(body);
          if (status < 200 || status > 299) {
            non2xx++;
            errorSample ??= `HTTP ${status}: ${text.slice(0, SAMPLE_CHARS)}`;
          } else if (hasGraphqlErrors(text)) {
            graphqlErrors++;
            errorSample ??= text.slice(0, SAMPLE_CHARS);
          }
          if (status >= 200 && status <= 299 && context.customerId !== undefined) {
            const me = meIdOf(text);
            if (me !== undefined && me !== context.customerId) {
              wrongCustomer++;
              errorSample ??= `answer for ${me} to a request of ${context.customerId}`;
            }
          }
        },
      },
    ],
  }) as unknown as Promise<autocannon.Result> & EventEmitter;
  const events: EventEmitter = instance; // .on() returns the emitter, which is also a promise
  events.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    if (count === latencies.length) {
      const bigger = new Float64Array(latencies.length * 2);
      bigger.set(latencies);
      latencies = bigger;
    }
    latencies[count++] = responseTime;
  });
  const result = await instance;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const measured = latencies.subarray(0, count);
  const latency = spreadOf(measured);
  let sum = 0;
  for (const v of measured) sum += v;
  const transport = (result.errors ?? 0) + (result.timeouts ?? 0);
  if (transport > 0) errorSample ??= `${result.errors} transport errors, ${result.timeouts} timeouts`;
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    requests: count,
    sent,
    durationSeconds: round(seconds),
    requestsPerSecond: round(count / Math.max(seconds, 1e-9)),
    latencyMs: {
      p50: latency.at(50),
      p95: latency.at(95),
      p99: latency.at(99),
      mean: round(count ? sum / count : 0),
      max: latency.max,
    },
    errors: { total: non2xx + graphqlErrors + transport + wrongCustomer, non2xx, graphql: graphqlErrors, transport, wrongCustomer },
    ...(errorSample ? { errorSample } : {}),
  };
}
