// How the gateway reaches its subgraphs: node:http over a keep-alive agent pool, one pool per
// subgraph, with a deadline per request. It replaces @apollo/gateway's default fetcher
// (make-fetch-happen: cache and retry machinery, streams and a node-fetch Request per call) which
// showed up in the gateway's CPU profile on the dashboard; the subgraphs answer small JSON bodies
// that are always read whole, so the response is buffered and handed over as a minimal Fetch
// response. (undici would do as well but is not a direct dependency of this package.) A fetch's
// deadline is the earlier of `timeoutMs` and its request's budget (FETCH_DEADLINE_HEADER).
import { Agent as HttpAgent, request as httpRequest, type RequestOptions, STATUS_CODES } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { urlToHttpOptions } from 'node:url';
import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { INTERNAL_TOKEN_HEADER } from '../../../lib/internal-auth';
import { fetchKey, READS_FOR_HEADER, readGeneration, SHARED_GENERATION_HEADER } from './fetch-key';
import { InflightDedup } from './inflight-dedup';
import { isReadBody } from './read-or-write';
import { callerOfToken } from './token-caller';
import { WriteGenerations } from './write-generations';
import { isPublic, publicKey, type PrivateCache } from './private-cache';

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherResponse = Awaited<ReturnType<Fetcher>>;
type FetcherRequestInit = NonNullable<Parameters<Fetcher>[1]>;

/**
 * Process-internal: when the request this fetch serves runs out of time, on the performance.now()
 * clock (set by the data source from the request's budget). Taken off before sending; the subgraph
 * gets the remaining time in lib/deadline's DEADLINE_HEADER instead.
 */
export const FETCH_DEADLINE_HEADER = 'x-gateway-deadline-at';

/** `timeoutMs`, or less when the request's deadline (FETCH_DEADLINE_HEADER) comes first; 0: out of time. */
export function fetchTimeoutMs(deadlineAt: string | undefined, timeoutMs: number): number {
  const at = deadlineAt === undefined ? NaN : Number(deadlineAt);
  if (!Number.isFinite(at)) return timeoutMs;
  return Math.max(0, Math.min(timeoutMs, Math.ceil(at - performance.now())));
}

export interface SubgraphFetcherOptions {
  /** a request not answered (headers and body) within this many ms (or by its request's deadline) fails with a TimeoutError */
  timeoutMs: number;
  /** sockets kept per subgraph (default 256: above any sane concurrency, below the fd limit) */
  maxSockets?: number;
  /** how long an idle socket stays open (default 30 s; subgraphs keep theirs at least 72 s) */
  keepAliveMsecs?: number;
  /** a response body larger than this fails the fetch (default 64 MiB) */
  maxResponseBytes?: number;
  /** share identical in-flight reads of the same caller (see inflight-dedup.ts); default off */
  dedup?: boolean;
  /** answer repeated reads of the same caller from this cache (see private-cache.ts); default none */
  cache?: PrivateCache;
  /**
   * Write generations per subject. Pass the gateway's single instance so that a write sent to one
   * subgraph outdates the caller's reads of every subgraph; default: one of this fetcher's own.
   */
  generations?: WriteGenerations;
  /**
   * Write generations shared with the other replicas (shared-generations.ts, with REDIS_URL): a
   * write bumps them too and its answer waits for both bumps; a read without the request's shared
   * generation (SHARED_GENERATION_HEADER: Redis did not answer) neither uses the cache nor joins
   * another fetch. Absent: this process's generations alone decide, as with a single replica.
   */
  shared?: { bump(subject: string): Promise<void> };
  /**
   * This subgraph serves the same data to every caller where it says `Cache-Control: public`
   * (the partner catalogue): such answers are kept once for all callers, outside any caller's
   * write generation. Off: a public answer is kept per caller like a private one.
   */
  sharePublic?: boolean;
}

export interface SubgraphFetcher {
  fetch: Fetcher;
  /** present when de-duplication is on: how many fetches were sent and how many shared */
  dedup?: InflightDedup<RawResponse>;
  /** the private cache, when one was given */
  cache?: PrivateCache;
  /** closes idle sockets (tests, shutdown) */
  close(): void;
}

/** The error a fetch fails with when the deadline passes: `name` is what callers test. */
export class SubgraphTimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(url: string, ms: number) {
    super(`subgraph ${url} did not answer within ${ms} ms`);
  }
}

/** What one HTTP exchange gave; shared between de-duplicated waiters and cache hits, never handed out as is. */
export interface RawResponse {
  status: number;
  headers: Headers;
  body: Buffer;
}

class BufferedResponse implements FetcherResponse {
  readonly redirected = false;
  bodyUsed = false;
  constructor(
    readonly url: string,
    readonly status: number,
    readonly headers: Headers,
    private readonly body: Buffer,
  ) {}
  get ok() {
    return this.status >= 200 && this.status < 300;
  }
  get statusText() {
    return STATUS_CODES[this.status] ?? '';
  }
  async text() {
    this.bodyUsed = true;
    return this.body.toString('utf8');
  }
  async json() {
    return JSON.parse(await this.text()) as unknown;
  }
  async arrayBuffer() {
    this.bodyUsed = true;
    return this.body.buffer.slice(this.body.byteOffset, this.body.byteOffset + this.body.byteLength) as ArrayBuffer;
  }
  clone() {
    return new BufferedResponse(this.url, this.status, new Headers(this.headers), this.body);
  }
}

function within<T>(work: Promise<T>, ms: number, url: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new SubgraphTimeoutError(url, ms)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

function responseHeaders(raw: NodeJS.Dict<string | string[]>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return headers;
}

// eslint-disable-next-line max-lines-per-function -- the fetch path of every subgraph call, read top to bottom: cache, de-duplication, pool, invalidation
export function createSubgraphFetcher(opts: SubgraphFetcherOptions): SubgraphFetcher {
  const agentOptions = { keepAlive: true, keepAliveMsecs: opts.keepAliveMsecs ?? 30_000, maxSockets: opts.maxSockets ?? 256, scheduling: 'lifo' as const };
  const http = new HttpAgent(agentOptions);
  const https = new HttpsAgent(agentOptions);
  const maxBytes = opts.maxResponseBytes ?? 64 * 2 ** 20;

  // a gateway calls a handful of subgraph URLs: each is parsed once, not on every fetch
  const targets = new Map<string, { secure: boolean; options: RequestOptions }>();
  const targetOf = (url: string) => {
    let target = targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      target = { secure: parsed.protocol === 'https:', options: urlToHttpOptions(parsed) };
      if (targets.size < 256) targets.set(url, target);
    }
    return target;
  };

  const exchange = (url: string, init: FetcherRequestInit, timeoutMs: number): Promise<RawResponse> =>
    new Promise<RawResponse>((resolve, reject) => {
      const { secure, options } = targetOf(url);
      const body = init.body === undefined ? undefined : typeof init.body === 'string' ? Buffer.from(init.body) : init.body;
      const headers: Record<string, string | number> = { ...init.headers };
      // the gateway's own note on whose data this is: not for the subgraph
      delete headers[READS_FOR_HEADER];
      delete headers[SHARED_GENERATION_HEADER];
      delete headers[FETCH_DEADLINE_HEADER];
      if (body) headers['content-length'] = body.length;
      let settled = false;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        reject(err);
      };
      const req = (secure ? httpsRequest : httpRequest)({ ...options, method: init.method ?? 'POST', headers, agent: secure ? https : http }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) fail(new Error(`subgraph ${url} answered more than ${maxBytes} bytes`));
          else chunks.push(chunk);
        });
        res.on('error', fail);
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: responseHeaders(res.headers), body: Buffer.concat(chunks) });
        });
      });
      const timer = setTimeout(() => fail(new SubgraphTimeoutError(url, timeoutMs)), timeoutMs);
      const signal = init.signal as AbortSignal | undefined;
      if (signal) {
        if (signal.aborted) fail(new Error('aborted'));
        else signal.addEventListener('abort', () => fail(new Error('aborted')), { once: true });
      }
      req.on('error', fail);
      req.end(body);
    });

  // every waiter gets its own response object (own headers, own body reads, own parsed JSON)
  const toResponse = (url: string) => (raw: RawResponse) => new BufferedResponse(url, raw.status, new Headers(raw.headers), raw.body);
  const dedup = opts.dedup ? new InflightDedup<RawResponse>() : undefined;
  const cache = opts.cache;
  const generations = opts.generations ?? new WriteGenerations();
  const shared = opts.shared;
  // a subgraph that never sent a cacheable answer (no hints at all, like the bench's
  // federation-classic ones) has nothing to look up: skip building keys and probing the cache
  let storedAny = false;
  const fetch = async (url: string, init: FetcherRequestInit = {}): Promise<FetcherResponse> => {
    const respond = toResponse(url);
    const timeoutMs = fetchTimeoutMs(init.headers?.[FETCH_DEADLINE_HEADER], opts.timeoutMs);
    // the request's time is up: no socket, no cache, no waiting on someone else's fetch
    if (timeoutMs <= 0) throw new SubgraphTimeoutError(url, 0);
    // with shared generations a write is bumped even here: other replicas may cache what it changes
    if (!dedup && !cache && !shared) return respond(await exchange(url, init, timeoutMs));
    const body = typeof init.body === 'string' ? init.body : init.body?.toString('utf8');
    const caller = callerOfToken(init.headers?.[INTERNAL_TOKEN_HEADER]);
    if (body === undefined || caller === undefined) return respond(await exchange(url, init, timeoutMs));
    if (!isReadBody(body)) {
      // a write: reads for this subject from now on, and after it answers, start afresh; with
      // other replicas, the answer waits until they know it too (a bump never throws)
      generations.bump(caller.subject);
      await shared?.bump(caller.subject);
      try {
        return respond(await exchange(url, init, timeoutMs));
      } finally {
        generations.bump(caller.subject);
        await shared?.bump(caller.subject);
      }
    }
    if (!dedup && !cache) return respond(await exchange(url, init, timeoutMs));
    let generation = readGeneration(generations, caller, init.headers?.[READS_FOR_HEADER]);
    if (shared) {
      const across = init.headers?.[SHARED_GENERATION_HEADER];
      // other replicas' writes are unknown: no cached answer, no joining a fetch that may predate one
      if (!across) {
        cache?.miss();
        return respond(await exchange(url, init, timeoutMs));
      }
      generation = `${generation}/${across}`;
    }
    // the generation is read once, before sending: an answer to a read that a write overtakes is
    // filed under the generation it was sent in, where nobody looks after the write
    const key = fetchKey(url, caller.key, generation, body);
    const sharedKey = cache && opts.sharePublic ? publicKey(url, body) : undefined;
    const cached = !cache ? undefined : storedAny ? cache.get(key, sharedKey) : cache.miss();
    if (cached) return respond(cached);
    const send = cache
      ? async () => {
          const sentAt = cache.now();
          const raw = await exchange(url, init, timeoutMs);
          if (cache.offer(sharedKey !== undefined && isPublic(raw) ? sharedKey : key, raw, sentAt)) storedAny = true;
          return raw;
        }
      : () => exchange(url, init, timeoutMs);
    // a waiter sharing another request's fetch still gives up at its own deadline
    return respond(
      dedup
        ? await within(
            dedup.run(key, send, (raw) => raw),
            timeoutMs,
            url,
          )
        : await send(),
    );
  };

  return {
    fetch,
    dedup,
    cache,
    close() {
      http.destroy();
      https.destroy();
    },
  };
}
