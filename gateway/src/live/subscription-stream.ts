// One client subscription from open to close: the upstream stream at the owning subgraph, a
// bounded queue of its events (lib/bounded-queue.ts), and for each event the rest of the plan run with
// a fresh request budget, its errors masked as a query's are. Whatever ends it (the client leaves,
// falls too far behind, the subgraph ends or breaks the stream), upstream is closed and the
// subscriber's place is given back, once.
import { type ExecutionResult, GraphQLError, type GraphQLFormattedError } from 'graphql';
import { Deadline } from '../../../lib/deadline';
import type { Caller, InternalTokenSource } from '../../../lib/internal-auth';
import type { Logger } from '../../../lib/logger';
import { gatewayContext } from '../context';
import { DOWNSTREAM_ERROR_MESSAGE } from '../errors';
import { BoundedQueue } from '../../../lib/bounded-queue';
import type { PlannedSubscription } from './federated-subscription';
import { openUpstream } from './upstream';

export interface StreamOptions {
  caller: Caller;
  requestId: string;
  tokens: InternalTokenSource;
  /** the owning subgraph's URL */
  url: string;
  /** each event's budget for the rest of the plan (the request budget a query gets) */
  eventBudgetMs: number;
  /** events that may wait for a slow client before it is dropped */
  capacity: number;
  /** the client's error format (errors.ts formatClientError) */
  format: (error: GraphQLFormattedError) => GraphQLFormattedError;
  log: Logger;
  /** called once when the subscription ends, however it ends */
  onEnd: () => void;
  /** called per event delivered, with ms from the upstream event to the resolved result */
  onEvent?: (ms: number) => void;
}

/** setTimeout's longest delay; a token valid for longer is checked again then */
const MAX_TIMER_MS = 2 ** 31 - 1;

const tokenExpired = (): GraphQLError =>
  new GraphQLError('The token expired: subscribe again with a fresh one.', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });

const upstreamFailed = (): GraphQLError => new GraphQLError(DOWNSTREAM_ERROR_MESSAGE, { extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } });

function formatted(result: ExecutionResult, format: StreamOptions['format']): ExecutionResult {
  if (!result.errors?.length) return result;
  return { ...result, errors: result.errors.map((e) => format(typeof e.toJSON === 'function' ? e.toJSON() : e)) as never };
}

/** Calls `expired` at `expiresAt` (ms since the epoch; never when undefined); returns the cancel. */
function atExpiry(expiresAt: number | undefined, expired: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  const check = (): void => {
    const left = (expiresAt as number) - Date.now();
    if (left <= 0) expired();
    else timer = setTimeout(check, Math.min(left, MAX_TIMER_MS)).unref();
  };
  if (expiresAt !== undefined) check();
  return () => clearTimeout(timer);
}

export async function openSubscriptionStream(planned: PlannedSubscription, opts: StreamOptions): Promise<AsyncGenerator<ExecutionResult>> {
  const internalToken = await opts.tokens.sign(opts.caller);
  let ended = false;
  let stopExpiry = (): void => undefined;
  const end = () => {
    if (ended) return;
    ended = true;
    stopExpiry();
    closeUpstream();
    opts.onEnd();
  };
  const queue = new BoundedQueue<{ event: ExecutionResult; at: number }>(opts.capacity, end);
  // the client's stream opens once upstream's has: an event published after the client saw its
  // answer must not be lost while the gateway was still connecting
  let upstreamSettled!: () => void;
  const upstreamOpen = new Promise<void>((resolve) => (upstreamSettled = resolve));
  const closeUpstream = openUpstream(
    { url: opts.url, ...planned.upstream, internalToken, requestId: opts.requestId },
    {
      connected: () => upstreamSettled(),
      next: (event) => {
        queue.push({ event, at: performance.now() });
      },
      error: (err) => {
        opts.log.warn(
          { reqId: opts.requestId, subgraph: planned.subgraph, reason: err instanceof Error ? err.message : String(err) },
          'subscription upstream failed',
        );
        queue.end(upstreamFailed());
        upstreamSettled();
      },
      complete: () => {
        queue.end();
        upstreamSettled();
      },
    },
  );
  await upstreamOpen;
  // a subscription is authorised by the token it opened with: it lasts no longer than that token would
  if (!ended) stopExpiry = atExpiry(opts.caller.expiresAt, () => queue.end(tokenExpired()));

  // a hand-made iterator, not an async generator: a generator waiting for the next event would
  // not see return() (the client hung up) until an event came, and upstream would stay open
  let finished = false;
  const finish = async (): Promise<IteratorResult<ExecutionResult>> => {
    finished = true;
    await queue.return();
    end();
    return { value: undefined, done: true };
  };
  const iterator: AsyncGenerator<ExecutionResult> = {
    async next(): Promise<IteratorResult<ExecutionResult>> {
      if (finished) return { value: undefined, done: true };
      let item: IteratorResult<{ event: ExecutionResult; at: number }>;
      try {
        item = await queue.next();
      } catch (err) {
        // the reason the stream ends, as the client's last event
        finished = true;
        end();
        const reason = opts.format((err instanceof GraphQLError ? err : upstreamFailed()).toJSON());
        return { value: { errors: [reason] } as never, done: false };
      }
      if (item.done) return finish();
      const context = { ...gatewayContext(opts.caller, opts.requestId, opts.tokens), deadline: Deadline.from(performance.now(), opts.eventBudgetMs) };
      const result = await planned.resolveEvent(item.value.event, context);
      opts.onEvent?.(performance.now() - item.value.at);
      return { value: formatted(result, opts.format), done: false };
    },
    return: finish,
    throw: async (err: unknown) => {
      await finish();
      throw err;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
    [Symbol.asyncDispose]: async () => {
      await finish();
    },
  };
  return iterator;
}
