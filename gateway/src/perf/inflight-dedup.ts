// De-duplication of identical in-flight subgraph reads, only ever within one caller: when the same
// customer's app fires the same dashboard twice (a double tap, two tabs, a refresh storm), the
// second request waits for the first one's subgraph fetch instead of sending its own, and so the
// core sees one set of calls. The key holds everything that decides what a subgraph answers: the
// verified caller (subject, customer, channel, scopes, partner, client), the subgraph, the query
// text and the variables. Two callers never share a key, so never share data. Mutations are never
// merged. Each waiter gets its own copy of the answer: nobody can change another's result.
// The caller comes from the internal token the gateway has just signed for this request (so the
// fetcher needs no access to the request context): its claims are exactly what the subgraph will
// authorize by. Only the claims that vary per request (request id, times, token id) are left out.

/** The claims of a JWT's payload, without verifying it: only for tokens this process signed. */
function claimsOf(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const PER_REQUEST_CLAIMS = new Set(['rid', 'iat', 'exp', 'nbf', 'jti']);

/** The caller's identity from an internal token, or undefined when it cannot be read. */
export function callerKeyOfToken(token: string | undefined): string | undefined {
  const claims = token ? claimsOf(token) : undefined;
  if (!claims || typeof claims.sub !== 'string') return undefined;
  const stable = Object.keys(claims)
    .filter((k) => !PER_REQUEST_CLAIMS.has(k))
    .sort()
    .map((k) => [k, k === 'scp' && Array.isArray(claims[k]) ? [...(claims[k] as string[])].sort() : claims[k]]);
  return JSON.stringify(stable);
}

const READ_OPERATION = /^\s*(?:query\b|\{)/;

/** Whether a GraphQL-over-HTTP JSON body carries a query (not a mutation or subscription). */
export function isReadBody(body: string): boolean {
  try {
    const parsed: unknown = JSON.parse(body);
    const query = parsed && typeof parsed === 'object' ? (parsed as { query?: unknown }).query : undefined;
    return typeof query === 'string' && READ_OPERATION.test(query);
  } catch {
    return false;
  }
}

/**
 * The de-duplication key of a read: URL + caller + the caller's write generation + the exact body
 * (query text and variables). The generation moves whenever that caller sends a mutation, so a
 * read that starts after one of the caller's writes never joins a read started before it.
 */
export function fetchKey(url: string, callerKey: string, generation: number, body: string): string {
  return `${url}\u0000${callerKey}\u0000${generation}\u0000${body}`;
}

const MAX_TRACKED_CALLERS = 100_000;

/** Per-caller write generations (bounded: forgetting one only starts that caller afresh). */
export class WriteGenerations {
  private readonly byCaller = new Map<string, number>();

  of(callerKey: string): number {
    return this.byCaller.get(callerKey) ?? 0;
  }

  bump(callerKey: string): void {
    if (this.byCaller.size >= MAX_TRACKED_CALLERS && !this.byCaller.has(callerKey)) this.byCaller.clear();
    this.byCaller.set(callerKey, this.of(callerKey) + 1);
  }
}

export interface DedupStats {
  /** fetches actually sent */
  leaders: number;
  /** fetches answered by another one in flight */
  followers: number;
}

export class InflightDedup<T> {
  private readonly inflight = new Map<string, Promise<T>>();
  readonly stats: DedupStats = { leaders: 0, followers: 0 };

  /**
   * Runs `fetch` unless the same key is in flight, then shares that one. Every caller, the first
   * included, receives `copy(result)`: whoever changes their answer changes only their own.
   */
  async run(key: string | undefined, fetch: () => Promise<T>, copy: (value: T) => T): Promise<T> {
    if (key === undefined) return fetch();
    let shared = this.inflight.get(key);
    if (shared) {
      this.stats.followers++;
    } else {
      this.stats.leaders++;
      shared = fetch();
      this.inflight.set(key, shared);
      // settle-and-forget: the next request after this one finishes fetches afresh (no caching)
      const forget = () => {
        if (this.inflight.get(key) === shared) this.inflight.delete(key);
      };
      shared.then(forget, forget);
    }
    return copy(await shared);
  }

  get size(): number {
    return this.inflight.size;
  }
}
