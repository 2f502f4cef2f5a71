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
  /** 2xx answers without GraphQL errors, and their time (sent to answered, in this process) */
  served: { count: number; latencyMs: { p50: number; p99: number } };
  /** answers refusing for load (503, 429; counted in errors.non2xx too), and how fast they came */
  shed: { count: number; latencyMs: { p50: number; p99: number; max: number } };
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

/** Statuses that refuse a request for load, asking the client to come back (Retry-After). */
const SHED_STATUSES = new Set([429, 503]);

/** A growable buffer of samples. */
function samples() {
  let values = new Float64Array(1024);
  let count = 0;
  return {
    push(v: number) {
      if (count === values.length) {
        const bigger = new Float64Array(values.length * 2);
        bigger.set(values);
        values = bigger;
      }
      values[count++] = v;
    },
    get count() {
      return count;
    },
    values: () => values.subarray(0, count),
  };
}

/** A 2xx body that is GraphQL with errors (partial data included): the cheap text test suffices. */
export const hasGraphqlErrors = (body: string) => body.includes('"errors"');

const ME_ID = /"me"\s*:\s*\{\s*"id"\s*:\s*"([^"]*)"/;

/** The customer a dashboard answer is about (`me.id`), if it has one. */
export function meIdOf(body: string): string | undefined {
  return ME_ID.exec(body)?.[1];
}

interface AnswerContext {
  customerId?: string;
  sentAt?: number;
}

/** What the answers of a phase were: served, shed, failed and why, each answer classified once. */
function tally() {
  const served = samples();
  const shed = samples();
  const t = { graphqlErrors: 0, non2xx: 0, wrongCustomer: 0, errorSample: undefined as string | undefined, shedSample: undefined as string | undefined };
  const answer = (status: number, text: string, context: AnswerContext) => {
    const took = context.sentAt === undefined ? 0 : performance.now() - context.sentAt;
    // a shed answer is still an error for the other workloads' tables: it served nothing
    if (SHED_STATUSES.has(status)) {
      shed.push(took);
      t.non2xx++;
      t.shedSample ??= `HTTP ${status}: ${text.slice(0, SAMPLE_CHARS)}`;
    } else if (status < 200 || status > 299) {
      t.non2xx++;
      t.errorSample ??= `HTTP ${status}: ${text.slice(0, SAMPLE_CHARS)}`;
    } else if (hasGraphqlErrors(text)) {
      t.graphqlErrors++;
      t.errorSample ??= text.slice(0, SAMPLE_CHARS);
    } else {
      served.push(took);
    }
    if (status >= 200 && status <= 299 && context.customerId !== undefined) {
      const me = meIdOf(text);
      if (me !== undefined && me !== context.customerId) {
        t.wrongCustomer++;
        t.errorSample ??= `answer for ${me} to a request of ${context.customerId}`;
      }
    }
  };
  return { t, served, shed, answer };
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const latencies = samples();
  const { t, served, shed, answer } = tally();
  let sent = 0;
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
        setupRequest: (req, context: AnswerContext) => {
          const client = opts.nextClient();
          sent++;
          context.customerId = client.customerId;
          context.sentAt = performance.now();
          return { ...req, headers: { 'content-type': 'application/json', authorization: client.authorization }, body: opts.body };
        },
        onResponse: (status, body, context: AnswerContext) => answer(status, String(body), context),
      },
    ],
  }) as unknown as Promise<autocannon.Result> & EventEmitter;
  const events: EventEmitter = instance; // .on() returns the emitter, which is also a promise
  events.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  const result = await instance;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const measured = latencies.values();
  const count = latencies.count;
  const latency = spreadOf(measured);
  let sum = 0;
  for (const v of measured) sum += v;
  const transport = (result.errors ?? 0) + (result.timeouts ?? 0);
  if (transport > 0) t.errorSample ??= `${result.errors} transport errors, ${result.timeouts} timeouts`;
  // a failure says more than a refusal for load; a refusal is still a sample when it is all there was
  const errorSample = t.errorSample ?? t.shedSample;
  const round = (v: number) => Math.round(v * 10) / 10;
  const servedSpread = spreadOf(served.values());
  const shedSpread = spreadOf(shed.values());
  return {
    requests: count,
    sent,
    durationSeconds: round(seconds),
    requestsPerSecond: round(count / Math.max(seconds, 1e-9)),
    latencyMs: { p50: latency.at(50), p95: latency.at(95), p99: latency.at(99), mean: round(count ? sum / count : 0), max: latency.max },
    errors: {
      total: t.non2xx + t.graphqlErrors + transport + t.wrongCustomer,
      non2xx: t.non2xx,
      graphql: t.graphqlErrors,
      transport,
      wrongCustomer: t.wrongCustomer,
    },
    ...(errorSample ? { errorSample } : {}),
    served: { count: served.count, latencyMs: { p50: servedSpread.at(50), p99: servedSpread.at(99) } },
    shed: { count: shed.count, latencyMs: { p50: shedSpread.at(50), p99: shedSpread.at(99), max: shedSpread.max } },
  };
}
