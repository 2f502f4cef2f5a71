// Load shedding: the gateway works on at most GATEWAY_MAX_IN_FLIGHT operations at once; the others
// wait in arrival order, but only while they can still be answered within the request budget. On
// arrival, a request's finish is estimated from the queue ahead of it and the time an admitted
// request has recently taken (a moving average): one that would not finish within three quarters of
// the budget (room for the spread around that average) is refused at once with 503
// SERVICE_OVERLOADED and Retry-After, before its body is read. The slots and their queue are
// lib/semaphore.ts, as the core adapter's sessions are. So a burst
// beyond what the stack can do costs a client a fast "try again" instead of a timeout, the
// subgraphs and the core only ever get work that can still be finished, and once the burst is over
// there is no backlog of hopeless requests to work through. A refusal moves nothing: mutations are
// refused before they are read, and a retry with the same idempotency key is safe.
//
// Event streams (subscriptions) are long-lived and hold no slot; their own cap is live/'s (WebSocket
// upgrades never reach a route hook).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Semaphore } from '../../../lib/semaphore';
import { wantsEventStream } from '../live/sse';
import type { GatewayMetrics } from '../ops/metrics';

/** GATEWAY_MAX_IN_FLIGHT's default: well above what two cores of subgraphs work through at once, well below what queues past a budget. */
export const DEFAULT_MAX_IN_FLIGHT = 64;
export const SERVICE_OVERLOADED_CODE = 'SERVICE_OVERLOADED';

/** Weight of the newest sample in the moving average of an admitted request's time. */
const SMOOTHING = 0.1;
/**
 * The share of the budget the estimate may fill: it is an average, and the last in line must still
 * finish when requests take longer than that (a loaded machine spreads them widely).
 */
const BUDGET_SHARE = 0.75;

export interface LoadShedderOptions {
  /** operations worked on at once; the rest wait */
  maxInFlight: number;
  /** what a request may take from arrival (GATEWAY_REQUEST_BUDGET_MS) */
  budgetMs: number;
  /** the most that may wait at once, whatever the estimate (default 16 x maxInFlight) */
  maxWaiting?: number;
  now?: () => number;
}

export interface Ticket {
  /** true when the request may go on (at once when a slot was free); false when it left while waiting */
  ready: Promise<boolean>;
  /** the request is over (answered or abandoned): frees its slot, or its place in the queue */
  done(): void;
}

export class LoadShedder {
  /** the slots, and the queue in arrival order for them */
  private readonly slots: Semaphore;
  /** moving average of an admitted request's time, ms; 0 until one has finished */
  private serviceMs = 0;
  private readonly now: () => number;
  private readonly maxWaiting: number;

  constructor(private readonly opts: LoadShedderOptions) {
    this.slots = new Semaphore(opts.maxInFlight);
    this.now = opts.now ?? (() => performance.now());
    this.maxWaiting = opts.maxWaiting ?? opts.maxInFlight * 16;
  }

  get stats(): { inFlight: number; waiting: number; serviceMs: number } {
    return { inFlight: this.slots.inFlight, waiting: this.slots.waiting, serviceMs: Math.round(this.serviceMs) };
  }

  /** Seconds a refused client should wait: about the time the queue takes to drain, at least 1. */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.serviceMs * (1 + this.slots.waiting / this.opts.maxInFlight)) / 1000));
  }

  /** A ticket, or undefined when this request is to be refused now. */
  enter(): Ticket | undefined {
    const free = this.slots.tryAcquire();
    if (free) return { ready: Promise.resolve(true), done: this.timed(free) };
    const waiting = this.slots.waiting;
    // each slot frees about every serviceMs, so the n-th in line waits about n / slots of that
    const finishMs = ((waiting + 1) / this.opts.maxInFlight) * this.serviceMs + this.serviceMs;
    if (finishMs > this.opts.budgetMs * BUDGET_SHARE || waiting >= this.maxWaiting) return undefined;
    const leave = new AbortController();
    let finish: (() => void) | undefined;
    let left = false;
    const ready = this.slots.acquire(leave.signal).then(
      (release) => {
        // gone between the slot's grant and now: the slot goes on at once
        if (left) {
          release();
          return false;
        }
        finish = this.timed(release);
        return true;
      },
      () => false,
    );
    return {
      ready,
      done: () => {
        if (finish) return finish();
        // left while waiting (the client hung up): its place is given up
        left = true;
        leave.abort();
      },
    };
  }

  /** Starts an admitted request's clock; the function returned ends it and frees the slot, once. */
  private timed(release: () => void): () => void {
    const started = this.now();
    let over = false;
    return () => {
      if (over) return;
      over = true;
      const took = this.now() - started;
      this.serviceMs = this.serviceMs === 0 ? took : this.serviceMs + SMOOTHING * (took - this.serviceMs);
      release();
    };
  }
}

/** Fastify onRequest hook for /graphql: holds a request until it has a slot, or refuses it now. */
export function loadSheddingHook(shedder: LoadShedder, metrics: GatewayMetrics) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (req.routeOptions.url !== '/graphql' || wantsEventStream(req)) return;
    const ticket = shedder.enter();
    if (!ticket) {
      metrics.shedRequest();
      req.gatewayState?.errorCodes.push(SERVICE_OVERLOADED_CODE);
      await reply
        .code(503)
        .header('retry-after', String(shedder.retryAfterSeconds()))
        .header('content-type', 'application/json; charset=utf-8')
        .send({ errors: [{ message: 'The service is busy; retry shortly.', extensions: { code: SERVICE_OVERLOADED_CODE } }] });
      return;
    }
    // 'close' comes once the answer is sent, or when the client hangs up first
    reply.raw.once('close', ticket.done);
    // nobody is listening any more: answered without a slot, and nothing is read or planned
    if (!(await ticket.ready)) await reply.code(503).send();
  };
}
