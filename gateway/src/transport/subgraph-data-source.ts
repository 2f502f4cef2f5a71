// How the gateway calls a subgraph: with the verified caller as a short-lived internal token and
// the request id, never with the client's own credentials. A subgraph that cannot be reached (or
// answers with an HTTP error) fails only the fields it owns: they come back null with an error
// at their path, and the rest of the response stands. Each fetch gets what is left of its request's
// budget (edge/request-budget.ts): the subgraph learns it in DEADLINE_HEADER (less a margin for the
// way back), the fetch gives up when it runs out, and one started after it fails without sending.
import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
// the enum is not re-exported from the package root
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { GatewayGraphQLRequest, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { type DocumentNode, type FragmentDefinitionNode, Kind, parse, type SelectionSetNode } from 'graphql';
import { DEADLINE_HEADER } from '../../../lib/deadline';
import { INTERNAL_TOKEN_HEADER, REQUEST_ID_HEADER } from '../../../lib/internal-auth';
import type { Logger } from '../../../lib/logger';
import { DOWNSTREAM_ERROR_MESSAGE } from '../errors';
import type { GatewayContext } from '../context';
import type { GatewayMetrics } from '../ops/metrics';
import type { WriteGenerations } from './write-generations';
import type { PrivateCache } from './private-cache';
import { createSubgraphFetcher, FETCH_DEADLINE_HEADER, fetchTimeoutMs, type SubgraphFetcher, SubgraphTimeoutError } from './subgraph-fetcher';
import { isEntityRead, mergeFetches, splitResponse } from './entity-batch';
import { answerPerPlace, distinctRepresentations } from './entity-dedupe';
import { READS_FOR_HEADER, SHARED_GENERATION_HEADER } from './fetch-key';
import type { SharedGenerations } from './shared-generations';
import { callerOfToken } from './token-caller';

/** Headers a client may send that must never travel on to a subgraph. */
const CLIENT_CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];
/** Enough to point a client at every failed field of a small fetch, without flooding a big one. */
const MAX_FIELD_ERRORS = 20;
/** A subgraph that has not answered by then fails its fields (partial data), not the whole request. */
export const DEFAULT_SUBGRAPH_TIMEOUT_MS = 10_000;

export interface SubgraphDataSourceOptions {
  timeoutMs?: number;
  metrics?: GatewayMetrics;
  /** keep-alive socket pool and buffered responses (subgraph-fetcher.ts); default on */
  pool?: boolean;
  /** share identical in-flight reads of the same caller (inflight-dedup.ts); default on, needs pool */
  dedup?: boolean;
  /** the gateway's private per-caller cache of reads (private-cache.ts), shared by all subgraphs; needs pool */
  cache?: PrivateCache;
  /** the gateway's write generations, shared by all subgraphs, so a write anywhere outdates the caller's reads everywhere */
  generations?: WriteGenerations;
  /** a request's entity fetches started together go as one call (entity-batch.ts); default on */
  batch?: boolean;
  /** an entity fetch sends each distinct representation once (entity-dedupe.ts); default on */
  distinct?: boolean;
  /** this subgraph's `Cache-Control: public` answers serve every caller (see private-cache.ts) */
  sharePublic?: boolean;
  /** write generations shared with the other replicas through Redis (shared-generations.ts); needs pool */
  shared?: SharedGenerations;
}

export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  readonly subgraph: string;
  private readonly log: Logger;
  private readonly metrics?: GatewayMetrics;
  /** the shared generations, when this subgraph's reads may be cached or de-duplicated */
  private readonly sharedReads?: SharedGenerations;
  private readonly batch: boolean;
  private readonly distinct: boolean;
  /** per request (its context): the entity fetches of this turn, sent together at its end */
  private readonly batches = new WeakMap<object, Batch>();

  constructor(subgraph: string, url: string, log: Logger, opts: SubgraphDataSourceOptions = {}) {
    // the subgraphs' Cache-Control is for the gateway's private cache only: passed on to clients, a
    // browser would keep a balance that the gateway knows the customer's own transfer has changed
    super({ url, honorSubgraphCacheControlHeader: false });
    this.subgraph = subgraph;
    this.log = log;
    this.metrics = opts.metrics;
    this.batch = opts.batch ?? true;
    // replaces the base class's private sendRequest (see sendWithoutRequestObject)
    Object.defineProperty(this, 'sendRequest', { value: this.sendWithoutRequestObject.bind(this) });
    this.distinct = opts.distinct ?? true;
    const timeout = opts.timeoutMs ?? DEFAULT_SUBGRAPH_TIMEOUT_MS;
    if (opts.pool ?? true) {
      this.pooled = createSubgraphFetcher({
        timeoutMs: timeout,
        dedup: opts.dedup ?? true,
        cache: opts.cache,
        generations: opts.generations,
        sharePublic: opts.sharePublic,
        shared: opts.shared,
      });
      this.fetcher = this.pooled.fetch;
      if (opts.cache || (opts.dedup ?? true)) this.sharedReads = opts.shared;
    } else {
      const base = this.fetcher;
      // make-fetch-happen (minipass-fetch) aborts the request and rejects once `timeout` ms pass
      this.fetcher = (url, init = {}) => {
        const { [FETCH_DEADLINE_HEADER]: deadlineAt, ...headers } = init.headers ?? {};
        const ms = fetchTimeoutMs(deadlineAt, timeout);
        if (ms <= 0) return Promise.reject(new SubgraphTimeoutError(url, 0));
        return base(url, { ...init, headers, timeout: ms } as typeof init);
      };
    }
  }

  /**
   * RemoteGraphQLDataSource's sendRequest (@apollo/gateway 2.14) less the node-fetch Request it
   * builds for its hooks' sake: parseBody and didEncounterError, which never read it here. Building
   * it (a URL parse, a Headers, a copy of the body) on every fetch was 2 % of the gateway's time on
   * federation-classic. Everything else is as the base class does it.
   */
  private async sendWithoutRequestObject(request: GatewayGraphQLRequest, context: GatewayContext): Promise<GatewayGraphQLResponse> {
    if (!request.http) throw new Error("Internal error: Only 'http' requests are supported.");
    const { http, ...withoutHttp } = request;
    const init = { method: http.method, headers: Object.fromEntries(http.headers), body: JSON.stringify(withoutHttp) };
    let response: Awaited<ReturnType<RemoteGraphQLDataSource['fetcher']>> | undefined;
    try {
      response = await this.fetcher(http.url, init);
      if (!response.ok) throw await this.errorFromResponse(response);
      const body = await this.parseBody(response, undefined, context);
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error(`Expected JSON response body, but received: ${String(body)}`);
      return { ...body, http: response };
    } catch (error) {
      this.didEncounterError(error as Error, undefined as never, response, context, request);
      throw error;
    }
  }

  /** the pooled fetcher, when on: its de-duplication counters, and close() for idle sockets */
  readonly pooled?: SubgraphFetcher;

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    // only client operations travel, and only with a verified caller
    if (options.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION || !options.context?.internalToken) {
      throw new Error(`refusing a ${options.kind} call to ${this.subgraph} without a verified caller`);
    }
    const headers = options.request.http!.headers;
    for (const name of CLIENT_CREDENTIAL_HEADERS) headers.delete(name);
    const token = await options.context.internalToken();
    headers.set(INTERNAL_TOKEN_HEADER, token);
    headers.set(REQUEST_ID_HEADER, options.context.requestId);
    const deadline = options.context.deadline;
    if (deadline) {
      // a fetch the plan reaches after the budget is spent fails here, before any socket
      if (deadline.expired) throw new SubgraphTimeoutError(this.subgraph, 0);
      headers.set(DEADLINE_HEADER, deadline.headerValue());
      headers.set(FETCH_DEADLINE_HEADER, String(deadline.at));
    } else headers.delete(DEADLINE_HEADER);
    // only the pooled fetcher reads it (and takes it off); the default fetcher would send it on
    const readsFor = options.context.readsFor;
    if (this.pooled && readsFor !== undefined) headers.set(READS_FOR_HEADER, readsFor === 'any' ? 'any' : readsFor.join(','));
    // a write fetch needs none (its bumps are the fetcher's); reads after it in the same request ask afresh
    if (this.sharedReads && !/^\s*mutation\b/.test(options.request.query ?? '')) {
      // once per request, whichever subgraph asks first (one Redis round trip per request, not per fetch)
      const shared = this.sharedReads;
      const generation = await (options.context.sharedGeneration ??= readSharedGeneration(shared, token, readsFor));
      if (generation !== undefined) headers.set(SHARED_GENERATION_HEADER, generation);
      else headers.delete(SHARED_GENERATION_HEADER);
    }
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const entityRead = options.kind === GraphQLDataSourceRequestKind.INCOMING_OPERATION && isEntityRead(options.request.query);
    const distinct = this.distinct && entityRead ? distinctRepresentations(options.request.variables) : null;
    if (!distinct) return this.route(options, entityRead);
    this.metrics?.representationsNotSent(this.subgraph, distinct.saved);
    // the parsed document stays valid: only the variables' list is shorter
    const response = await this.route({ ...options, request: { ...options.request, variables: distinct.variables } }, entityRead);
    return answerPerPlace(response, distinct.places);
  }

  /** Alone, or with the request's other entity fetches of this turn. */
  private route(options: GraphQLDataSourceProcessOptions<GatewayContext>, entityRead: boolean): Promise<GatewayGraphQLResponse> {
    const context = options.context;
    if (!this.batch || !entityRead || !context) {
      return this.processOne(options);
    }
    return new Promise((resolve) => {
      let batch = this.batches.get(context);
      if (!batch) {
        const started: Batch = [];
        batch = started;
        this.batches.set(context, started);
        // at the end of this turn of the event loop: a Parallel node's fetches start in one synchronous
        // pass, and fetches that answers arriving together start (sibling branches of a plan level) are
        // started within the same I/O phase; a microtask would catch only the first
        setImmediate(() => {
          this.batches.delete(context);
          void this.processBatch(started);
        });
      }
      batch.push({ options, resolve });
    });
  }

  /** The entity fetches of one request that reached this subgraph in the same turn, as one call. */
  private async processBatch(batch: Batch): Promise<void> {
    const [first] = batch;
    if (!first) return;
    if (batch.length === 1) return first.resolve(this.processOne(first.options));
    const fetches = batch.map(({ options }) => ({ query: options.request.query ?? '', variables: options.request.variables ?? {} }));
    const merged = mergeFetches(fetches);
    const options = { ...first.options, request: { ...first.options.request, ...merged, operationName: undefined }, document: undefined };
    const failed = (i: number) => fieldErrors(parseQuietly(fetches[i]?.query), fetches[i]?.variables);
    this.metrics?.subgraphFetchesBatched(this.subgraph, batch.length);
    try {
      const parts = splitResponse(await this.send(options), batch.length, failed);
      // a fetch whose answer another one's failure took with it goes again, alone
      batch.forEach((b, i) => b.resolve(parts[i] ?? this.processOne(b.options)));
    } catch (err) {
      this.failed(options, err);
      batch.forEach((b, i) => b.resolve({ errors: failed(i) }));
    }
  }

  private async processOne(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    try {
      return await this.send(options);
    } catch (err) {
      if (options.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION) throw err;
      this.failed(options, err);
      return { errors: fieldErrors(options.document ?? parseQuietly(options.request.query), options.request.variables) };
    }
  }

  /** One call to the subgraph, counted by outcome; a failure is thrown. */
  private async send(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const started = performance.now();
    try {
      const response = await super.process(options);
      this.metrics?.subgraphFetch(this.subgraph, 'ok', (performance.now() - started) / 1000);
      return response;
    } catch (err) {
      this.metrics?.subgraphFetch(this.subgraph, isTimeout(err) ? 'timeout' : 'error', (performance.now() - started) / 1000);
      throw err;
    }
  }

  private failed(options: GraphQLDataSourceProcessOptions<GatewayContext>, err: unknown): void {
    const status = (err as { extensions?: { response?: { status?: number } } }).extensions?.response?.status;
    // a 401/403 means the gateway and the subgraph disagree on the internal keys: an operator's problem
    const level = status === 401 || status === 403 ? 'error' : 'warn';
    this.log[level](
      {
        reqId: options.context?.requestId,
        subgraph: this.subgraph,
        status,
        timedOut: isTimeout(err),
        reason: err instanceof Error ? err.message : String(err),
      },
      'subgraph call failed',
    );
  }
}

/** Entity fetches waiting for the end of the turn, each with the answer its caller waits for. */
type Batch = Array<{
  options: GraphQLDataSourceProcessOptions<GatewayContext>;
  resolve: (response: GatewayGraphQLResponse | Promise<GatewayGraphQLResponse>) => void;
}>;

function readSharedGeneration(shared: SharedGenerations, token: string, readsFor: GatewayContext['readsFor']): Promise<string | undefined> {
  const caller = callerOfToken(token);
  return caller ? shared.read(caller, readsFor) : Promise.resolve(undefined);
}

/** The pooled fetcher's SubgraphTimeoutError and AbortSignal.timeout are TimeoutErrors; make-fetch-happen's is a FetchError of type request-timeout. */
function isTimeout(err: unknown): boolean {
  const e = err as { type?: string; name?: string } | null;
  return e?.type === 'request-timeout' || e?.name === 'TimeoutError';
}

/**
 * One error per field this fetch would have filled in, at that field's path. For entity fetches
 * the `_entities` paths are mapped back to the entity's place in the response by the gateway.
 */
export function fieldErrors(document: DocumentNode | undefined, variables: Record<string, unknown> | undefined): GatewayGraphQLResponse['errors'] {
  const error = (path?: (string | number)[]) => ({
    message: DOWNSTREAM_ERROR_MESSAGE,
    extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' },
    ...(path ? { path } : {}),
  });
  const operation = document?.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!document || !operation || operation.kind !== Kind.OPERATION_DEFINITION) return [error()];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

  const top = responseKeys(operation.selectionSet, fragments);
  const entities = operation.selectionSet.selections.find((s) => s.kind === Kind.FIELD && s.name.value === '_entities');
  const errors: ReturnType<typeof error>[] = [];
  if (entities && entities.kind === Kind.FIELD && entities.selectionSet) {
    const keys = responseKeys(entities.selectionSet, fragments);
    const representations = Array.isArray(variables?.representations) ? variables.representations.length : 0;
    for (let i = 0; i < representations; i++) {
      for (const key of keys) if (errors.length < MAX_FIELD_ERRORS) errors.push(error(['_entities', i, key]));
    }
  } else {
    for (const key of top) if (errors.length < MAX_FIELD_ERRORS) errors.push(error([key]));
  }
  return errors.length > 0 ? errors : [error()];
}

// the planner keeps the fetch's DocumentNode only when configured to; on this rare path parsing is fine
function parseQuietly(query: string | undefined): DocumentNode | undefined {
  try {
    return query ? parse(query) : undefined;
  } catch {
    return undefined;
  }
}

function responseKeys(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): string[] {
  const keys: string[] = [];
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value !== '__typename') keys.push(sel.alias?.value ?? sel.name.value);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      keys.push(...responseKeys(sel.selectionSet, fragments, seen));
    } else {
      const fragment = fragments.get(sel.name.value);
      if (fragment && !seen.has(sel.name.value)) {
        seen.add(sel.name.value);
        keys.push(...responseKeys(fragment.selectionSet, fragments, seen));
      }
    }
  }
  return [...new Set(keys)];
}
