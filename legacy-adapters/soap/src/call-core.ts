// The one path every call to the core takes: header block, a concurrency cap across all
// operations, a circuit breaker per operation, a deadline per attempt that holds even if the SOAP
// library ignores the abort, retries for reads only, metrics and stats. Nothing here logs a
// request or response body. The breaker sees one outcome per logical call (its retries included)
// and counts only the core's own failures, so no caller's bad requests open it for everyone.
//
// The request's deadline (ctx.deadline, the client's budget from the gateway) is the caller's
// time, not the core's, and the two are kept apart:
// - No attempt starts with less than MIN_ATTEMPT_MS of it left, no retry either, and no waiting
//   for a free session past it: such a call fails with CORE_UNAVAILABLE, never sent, and is no
//   failure of the core's (nothing reached it): refused before the breaker, or, cut in the session
//   queue, counted like any other call the core did not fail.
// - A read's caller stops waiting when the deadline passes (CORE_UNAVAILABLE: the core did not
//   answer within the time the request had; CORE_TIMEOUT stays "within CORE_TIMEOUT_MS"). The
//   attempt under way is not cut short: it runs on to its own CORE_TIMEOUT_MS, and the breaker
//   counts what it ends as. So running out of a caller's budget never counts against the core,
//   while a core that does not answer within CORE_TIMEOUT_MS still does, even when every caller's
//   budget is shorter than CORE_TIMEOUT_MS (the default: 3 s each) and would otherwise hide a hung
//   core from the breaker for good.
// - An attempt the core has at CORE_TIMEOUT_MS fails its caller with CORE_TIMEOUT, but keeps its
//   session until the core answers or has had it for 2 x CORE_TIMEOUT_MS (then it is aborted): the core
//   is still working on it, and a retry or another call must not take its place at the core. So the
//   core never has more of this process's calls than CORE_MAX_CONCURRENCY, however slow it gets.
// - A write, once sent, is waited for to its own CORE_TIMEOUT_MS: giving up early would only
//   turn a booking into an unknown outcome; the gateway answers the client at the budget anyway.
import { randomUUID } from 'node:crypto';
import CircuitBreaker from 'opossum';
import { trace } from '@opentelemetry/api';
import { asArray } from '../../../lib/as-array';
import type { Deadline } from '../../../lib/deadline';
import type { Logger } from '../../../lib/logger';
import { sleep } from '../../../lib/sleep';
import { inSpan, SpanKind } from '../../../lib/tracing';
import { CORE_OPERATIONS, type CoreOperation } from './contract';
import { CoreError } from './errors';
import { BREAKER_STATE, type CallOutcome, type CoreMetrics } from './metrics';
import { Semaphore, SemaphoreAbortedError } from '../../../lib/semaphore';
import { classifyTransportError, timeoutError } from './transport-errors';
import type { BreakerConfig } from './config';
import type { CoreCallContext } from './types';
import { assertSendable } from './xml-text';

/**
 * Operations that change the core: never retried (a lost answer does not mean a lost transfer).
 * SetCardStatus changes the core too but is not here: it names the state the card ends in, not a
 * change to apply, so a second attempt after a lost answer finds the card already there and
 * answers unchanged (core.xsd v1.4). Retrying it, and leaving it at the request's deadline, can
 * at worst leave the card in the state the customer asked for, never twice in it.
 */
const WRITES: ReadonlySet<CoreOperation> = new Set(['CreateTransaction']);

/** Sends one SOAP request; `signal` aborts it. Returns the parsed response element. */
/** `requestId` travels as the `x-request-id` HTTP header so the core's logs join the gateway's. */
export type SoapInvoke = (operation: CoreOperation, args: Record<string, unknown>, signal: AbortSignal, requestId?: string) => Promise<unknown>;

export interface CoreErrorItem {
  code: string;
  message: string;
  ref?: string;
}

/** A response the core gave: SUCCESS or FAILURE (business errors); the caller interprets it. */
export interface CoreResponse {
  operation: CoreOperation;
  status: 'SUCCESS' | 'FAILURE';
  errors: CoreErrorItem[];
  /** the response element (Header and Errors included) */
  body: Record<string, unknown>;
  messageId: string;
}

export interface OperationStats {
  /** requests sent to the core (retries included) */
  calls: number;
  /** sent requests that did not come back SUCCESS: faults, timeouts, broken connections, FAILURE */
  errors: number;
  /** attempts never sent: breaker open, or no free session before the deadline */
  rejected: number;
  /** attempts that were retries */
  retries: number;
}

interface CoreCallerOptions {
  invoke: SoapInvoke;
  timeoutMs: number;
  maxConcurrency: number;
  readRetries: number;
  breaker: BreakerConfig;
  sourceSystem: string;
  branch: string;
  metrics: CoreMetrics;
  log?: Logger;
  /** backoff before retry n (0-based); default: short, jittered, capped */
  backoffMs?: (retry: number) => number;
}

const DEFAULT_USER = 'corebridge';

/**
 * However many retries fast faults allow, a read stops retrying when another attempt could end
 * later than this many attempt deadlines (plus backoff slack) after it started: against a hung
 * core a read waits no longer than three timeouts, as before retries became more numerous.
 */
const READ_BUDGET_ATTEMPTS = 3;
const READ_BUDGET_SLACK_MS = 1000;

/** Less of the request's time than this, and an attempt is not started: it could hardly come back in time. */
export const MIN_ATTEMPT_MS = 50;

/** One breaker per operation; it runs a whole logical call (retries included). */
type Breaker = CircuitBreaker<[() => Promise<CoreResponse>], CoreResponse>;

/** Equal jitter around 50, 100, 200 ms ... capped at 400: short, the caller is waiting. */
function defaultBackoffMs(retry: number): number {
  const base = Math.min(400, 50 * 2 ** retry);
  return base / 2 + Math.random() * (base / 2);
}

export class CoreCaller {
  private readonly semaphore: Semaphore;
  private readonly breakers = new Map<CoreOperation, Breaker>();
  private readonly counts = new Map<CoreOperation, OperationStats>();
  private closed = false;
  /** cancels of attempts under way, for close() */
  private readonly live = new Set<() => void>();
  /** errors of attempts the core failed (sent, then a retryable system error): what the breaker counts */
  private readonly coreFailures = new WeakSet<CoreError>();

  constructor(private readonly opts: CoreCallerOptions) {
    this.semaphore = new Semaphore(opts.maxConcurrency, opts.metrics.queued);
    for (const op of CORE_OPERATIONS) {
      this.counts.set(op, { calls: 0, errors: 0, rejected: 0, retries: 0 });
      this.breakers.set(op, this.createBreaker(op));
    }
  }

  /** Calls `operation` with `body` (everything after the Header, in schema order). */
  async call(operation: CoreOperation, body: Record<string, unknown>, ctx: CoreCallContext): Promise<CoreResponse> {
    // refused before the breaker and the cap: such a request never reaches the core nor counts against it
    assertSendable(operation, body);
    assertSendable(operation, ctx.userId ?? '', 'Header.UserId');
    const breaker = this.breakers.get(operation)!;
    return inSpan(
      `core ${operation}`,
      () => spanAttributes(operation, body, breaker),
      () => this.callThrough(operation, body, ctx, breaker),
      {
        kind: SpanKind.CLIENT,
      },
    );
  }

  private async callThrough(operation: CoreOperation, body: Record<string, unknown>, ctx: CoreCallContext, breaker: Breaker): Promise<CoreResponse> {
    const { deadline } = ctx;
    if (deadline && deadline.remainingMs() < MIN_ATTEMPT_MS) {
      const error = outOfBudget(operation, 'no time left in the request for a core call');
      this.record(operation, 'out_of_budget', false, ctx, undefined, 0, error);
      throw error;
    }
    try {
      const call = breaker.fire(() => this.withRetries(operation, body, ctx, breaker));
      // the call runs on to its own outcome, which is what the breaker counts; only the caller leaves
      return deadline && !WRITES.has(operation) ? await this.untilDeadline(call, deadline, operation, ctx) : await call;
    } catch (err) {
      if (!isOpenBreaker(err)) throw err;
      // retryable=false: retrying now would fail fast again
      const error = new CoreError('CORE_UNAVAILABLE', operation, 'circuit breaker open: core calls suspended');
      this.record(operation, 'short_circuit', false, ctx, undefined, 0, error);
      throw error;
    }
  }

  /** One logical call: the attempts of a read, or the single attempt of a write. */
  private async withRetries(operation: CoreOperation, body: Record<string, unknown>, ctx: CoreCallContext, breaker: Breaker): Promise<CoreResponse> {
    const maxAttempts = WRITES.has(operation) ? 1 : 1 + this.opts.readRetries;
    const { timeoutMs } = this.opts;
    const startedAt = performance.now();
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) {
        this.stat(operation).retries++;
        trace.getActiveSpan()?.setAttribute('core.retries', attempt);
      }
      try {
        return await this.attempt(operation, body, ctx);
      } catch (err) {
        const backoffMs = (this.opts.backoffMs ?? defaultBackoffMs)(attempt);
        const outOfTime = performance.now() - startedAt + backoffMs + timeoutMs > READ_BUDGET_ATTEMPTS * timeoutMs + READ_BUDGET_SLACK_MS;
        // nobody would wait for a retry that starts after the request's deadline (or just before it)
        const callerGone = ctx.deadline !== undefined && ctx.deadline.remainingMs() - backoffMs < MIN_ATTEMPT_MS;
        // once other calls have opened the breaker the core is failing: a retry would only add load;
        // a half-open breaker's trial is one attempt, so a still-failing core answers it at once
        const last = attempt + 1 >= maxAttempts || outOfTime || callerGone || this.closed || breaker.opened || breaker.halfOpen;
        if (!(err instanceof CoreError) || !err.retryable || last) throw err;
        await sleep(backoffMs);
      }
    }
  }

  /** The call's result, or CORE_UNAVAILABLE once the request's deadline passes; the call itself goes on. */
  private async untilDeadline(call: Promise<CoreResponse>, deadline: Deadline, operation: CoreOperation, ctx: CoreCallContext): Promise<CoreResponse> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(outOfBudget(operation, 'the request ran out of time before the core answered')), deadline.remainingMs());
    });
    // the outcome nobody waits for any more is still counted (breaker, stats), just not thrown
    call.catch(() => undefined);
    try {
      return await Promise.race([call, late]);
    } catch (err) {
      // core_calls_total counts attempts: the one under way is recorded when it ends
      if (err instanceof OutOfBudgetError)
        this.opts.log?.info({ operation, requestId: ctx.requestId, outcome: 'out_of_budget' }, 'caller stopped waiting for the core');
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  stats(): Record<string, OperationStats> {
    const out: Record<string, OperationStats> = {};
    for (const [op, s] of this.counts) out[op] = { ...s };
    return out;
  }

  get inFlight(): number {
    return this.semaphore.inFlight;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.semaphore.drain(new ClientClosedError());
    for (const cancel of [...this.live]) cancel();
    for (const b of this.breakers.values()) b.shutdown();
  }

  private async attempt(operation: CoreOperation, body: Record<string, unknown>, ctx: CoreCallContext): Promise<CoreResponse> {
    if (this.closed) throw new CoreError('CORE_UNAVAILABLE', operation, 'core client closed');
    const messageId = randomUUID();
    const args = {
      Header: {
        SourceSystem: this.opts.sourceSystem,
        UserId: ctx.userId || DEFAULT_USER,
        Branch: this.opts.branch,
        Operation: operation,
        MessageId: messageId,
      },
      ...body,
    };
    const { timeoutMs, metrics } = this.opts;
    const controller = new AbortController();
    let sent = false;
    let startedAt = 0;
    let timer: NodeJS.Timeout | undefined;
    let lingering: NodeJS.Timeout | undefined;
    let fail: (err: Error) => void = () => undefined;
    // Rejects at the deadline whatever the library does with the abort: a hung core never hangs
    // the caller. An attempt still waiting for a session is dropped then; one the core has is not
    // cut yet: the core is still working on it, so its session stays held (the cap counts what the
    // core holds, not what we wait for) until the core answers or has had it for twice the deadline.
    const deadline = new Promise<never>((_resolve, reject) => {
      fail = reject;
      timer = setTimeout(() => {
        // counted from the send, not from the attempt's start: time spent waiting for a session
        // must not shorten the core's, or a call sent late would be cut while the core still has it
        if (sent) lingering = setTimeout(() => controller.abort(), Math.max(0, startedAt + 2 * timeoutMs - performance.now()));
        else controller.abort();
        reject(timeoutError(operation, messageId, timeoutMs));
      }, timeoutMs);
    });
    const cancel = () => {
      clearTimeout(timer);
      clearTimeout(lingering);
      controller.abort();
      fail(new ClientClosedError());
    };
    this.live.add(cancel);
    // a free session is waited for until the attempt's deadline, or the request's when that comes first
    const queue = queueSignal(controller, ctx.deadline, timeoutMs);
    const work = (async () => {
      const release = await this.semaphore.acquire(queue.signal);
      queue.done();
      sent = true;
      startedAt = performance.now();
      metrics.inflight.inc();
      try {
        return await this.opts.invoke(operation, args, controller.signal, ctx.requestId);
      } finally {
        release();
        metrics.inflight.dec();
        metrics.duration.observe({ operation }, (performance.now() - startedAt) / 1000);
      }
    })();
    // the loser of the race below must not surface as an unhandled rejection; a call outlives its
    // caller's wait until the core lets go of it, and close() can still cut it until then
    void work
      .catch(() => undefined)
      .finally(() => {
        clearTimeout(lingering);
        this.live.delete(cancel);
      });

    let raw: unknown;
    try {
      raw = await Promise.race([work, deadline]);
    } catch (err) {
      const error = this.toCoreError(err, operation, messageId, controller.signal.aborted);
      // the core's own failure: it got the request and timed out, broke the connection or faulted
      // (SYSTEM_ERROR, SESSION_LIMIT); what the request caused (refused, too large) is not retryable
      if (sent && error.retryable) this.coreFailures.add(error);
      this.record(operation, sent ? outcomeOf(error) : neverSentOutcome(error), sent, ctx, messageId, startedAt, error);
      throw error;
    } finally {
      clearTimeout(timer);
      queue.done();
    }
    let response: CoreResponse;
    try {
      response = readResponse(operation, raw, messageId);
    } catch (err) {
      this.record(operation, 'error', true, ctx, messageId, startedAt, err as CoreError);
      throw err;
    }
    this.record(operation, response.status === 'SUCCESS' ? 'success' : 'failure', true, ctx, messageId, startedAt);
    return response;
  }

  private toCoreError(err: unknown, operation: CoreOperation, messageId: string, timedOut: boolean): CoreError {
    if (err instanceof CoreError) return err;
    if (err instanceof SemaphoreAbortedError) {
      // the request's deadline, not the attempt's, ended the wait: the caller's time, not the core's
      if (!timedOut) return outOfBudget(operation, 'the request ran out of time waiting for a core session', messageId);
      return timeoutError(operation, messageId, this.opts.timeoutMs);
    }
    if (err instanceof ClientClosedError) return new CoreError('CORE_UNAVAILABLE', operation, err.message, { messageId });
    return classifyTransportError(err, operation, messageId, timedOut);
  }

  private record(
    operation: CoreOperation,
    outcome: CallOutcome,
    sent: boolean,
    ctx: CoreCallContext,
    /** undefined: refused before an attempt had one */
    messageId: string | undefined,
    startedAt: number,
    error?: CoreError,
  ): void {
    this.opts.metrics.calls.inc({ operation, outcome });
    trace.getActiveSpan()?.setAttribute('core.outcome', outcome);
    const s = this.stat(operation);
    if (sent) {
      s.calls++;
      if (outcome !== 'success') s.errors++;
    } else {
      s.rejected++;
    }
    const fields = {
      operation,
      messageId,
      requestId: ctx.requestId,
      outcome,
      durationMs: sent ? Math.round(performance.now() - startedAt) : 0,
      ...(error ? { code: error.code } : {}),
    };
    if (error && outcome !== 'failure') this.opts.log?.warn(fields, 'core call failed');
    else this.opts.log?.debug(fields, 'core call');
  }

  private stat(operation: CoreOperation): OperationStats {
    return this.counts.get(operation)!;
  }

  private createBreaker(operation: CoreOperation): Breaker {
    const cfg = this.opts.breaker;
    const breaker: Breaker = new CircuitBreaker((fn: () => Promise<CoreResponse>) => fn(), {
      name: operation,
      // the deadline is ours (per attempt, waiting for a session included)
      timeout: false,
      errorThresholdPercentage: cfg.errorThresholdPercentage,
      resetTimeout: cfg.resetTimeoutMs,
      volumeThreshold: cfg.volumeThreshold,
      // true: not a failure of the core. opossum then counts a success, as cockatiel does: the
      // core answered, or the request never reached it
      errorFilter: (err: unknown) => !(err instanceof CoreError && this.coreFailures.has(err)),
    });
    const gauge = this.opts.metrics.breakerState;
    gauge.set({ operation }, BREAKER_STATE.closed);
    breaker.on('open', () => {
      gauge.set({ operation }, BREAKER_STATE.open);
      this.opts.log?.warn({ operation }, 'core circuit breaker open');
    });
    breaker.on('halfOpen', () => gauge.set({ operation }, BREAKER_STATE.halfOpen));
    breaker.on('close', () => {
      gauge.set({ operation }, BREAKER_STATE.closed);
      this.opts.log?.info({ operation }, 'core circuit breaker closed');
    });
    return breaker;
  }
}

class ClientClosedError extends Error {
  constructor() {
    super('core client closed');
  }
}

function isOpenBreaker(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'EOPENBREAKER' || code === 'ESHUTDOWN';
}

/** An attempt that never reached the core: the deadline passed in the queue, or the breaker (or close) refused it. */
function neverSentOutcome(error: CoreError): CallOutcome {
  if (error instanceof OutOfBudgetError) return 'out_of_budget';
  return error.code === 'CORE_TIMEOUT' ? 'queue_timeout' : 'short_circuit';
}

/** The request's deadline, not the core, ended the call: CORE_UNAVAILABLE to the client, not retried. */
class OutOfBudgetError extends CoreError {
  constructor(operation: string, message: string, messageId?: string) {
    super('CORE_UNAVAILABLE', operation, message, { messageId });
  }
}

function outOfBudget(operation: string, message: string, messageId?: string): CoreError {
  return new OutOfBudgetError(operation, message, messageId);
}

/**
 * The signal a session wait listens to: the attempt's own abort, and the request's deadline when
 * that comes before the attempt's. `done()` drops the timer once the wait is over.
 */
function queueSignal(attempt: AbortController, deadline: Deadline | undefined, timeoutMs: number): { signal: AbortSignal; done(): void } {
  if (!deadline || deadline.remainingMs() >= timeoutMs) return { signal: attempt.signal, done: () => undefined };
  const queue = new AbortController();
  const abort = () => queue.abort();
  attempt.signal.addEventListener('abort', abort, { once: true });
  const timer = setTimeout(abort, deadline.remainingMs());
  return {
    signal: queue.signal,
    done: () => {
      clearTimeout(timer);
      attempt.signal.removeEventListener('abort', abort);
    },
  };
}

function outcomeOf(error: CoreError): CallOutcome {
  switch (error.code) {
    case 'CORE_TIMEOUT':
      return 'timeout';
    case 'CORE_UNAVAILABLE':
      return 'unavailable';
    case 'CORE_BUSY':
      return 'busy';
    default:
      return 'error';
  }
}

function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') {
    // an element with attributes parses as { attributes, $value }
    const inner = (v as { $value?: unknown }).$value;
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- an element's $value is text or a number
    return inner === undefined ? undefined : String(inner);
  }
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- only primitives reach here
  return String(v);
}

/** Header Status and the Errors list of any response; the rest stays for the operation to read. */
function readResponse(operation: CoreOperation, raw: unknown, messageId: string): CoreResponse {
  if (!raw || typeof raw !== 'object') throw new CoreError('CORE_ERROR', operation, `malformed ${operation} response: no response element`, { messageId });
  const body = raw as Record<string, unknown>;
  const header = body.Header as Record<string, unknown> | undefined;
  const status = text(header?.Status);
  if (status !== 'SUCCESS' && status !== 'FAILURE') {
    throw new CoreError('CORE_ERROR', operation, `malformed ${operation} response: header status ${status ?? 'missing'}`, { messageId });
  }
  const list = body.Errors as { Error?: unknown } | undefined;
  const errors = asArray(list?.Error as Record<string, unknown> | Record<string, unknown>[] | undefined).map((e) => ({
    code: text(e.Code) ?? '',
    message: text(e.Message) ?? '',
    ...(text(e.Ref) !== undefined ? { ref: text(e.Ref) } : {}),
  }));
  return { operation, status, errors, body, messageId };
}

/** What a core call's span says: the operation, how many items one call carries, the breaker's state. */
function spanAttributes(operation: CoreOperation, body: Record<string, unknown>, breaker: Breaker): Record<string, string | number> {
  return {
    'rpc.system': 'soap',
    'rpc.service': 'core',
    'rpc.method': operation,
    'core.batch_size': batchSize(body),
    'core.breaker_state': breaker.opened ? 'open' : breaker.halfOpen ? 'half_open' : 'closed',
  };
}

/** The length of the body's one list (AccountIds.AccountId, Queries.Query), else 1. */
export function batchSize(body: Record<string, unknown>): number {
  const values = Object.values(body);
  if (values.length !== 1 || typeof values[0] !== 'object' || values[0] === null) return 1;
  const inner = Object.values(values[0]);
  return inner.length === 1 && Array.isArray(inner[0]) ? inner[0].length : 1;
}
