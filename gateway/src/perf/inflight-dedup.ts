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
  return callerOfToken(token)?.key;
}

export interface TokenCaller {
  /** everything that decides what a subgraph answers this caller (see the top of this file) */
  key: string;
  /**
   * Whose data a write by this caller changes: the customer when there is one, else the subject.
   * Write generations are kept per subject, not per key: a transfer made in the web app must
   * also end the reads of that customer cached through the mobile app or by staff viewing them.
   */
  subject: string;
}

export function callerOfToken(token: string | undefined): TokenCaller | undefined {
  const claims = token ? claimsOf(token) : undefined;
  if (!claims || typeof claims.sub !== 'string') return undefined;
  const stable = Object.keys(claims)
    .filter((k) => !PER_REQUEST_CLAIMS.has(k))
    .sort()
    .map((k) => [k, k === 'scp' && Array.isArray(claims[k]) ? [...(claims[k] as string[])].sort() : claims[k]]);
  const subject = typeof claims.cid === 'string' && claims.cid !== '' ? `customer:${claims.cid}` : `subject:${claims.sub}`;
  return { key: JSON.stringify(stable), subject };
}

const READ_OPERATION = /^\s*(?:query\b|\{)/;

// @apollo/gateway's data source serialises { query, variables } in that order: the operation
// keyword can be read at the start of the JSON text, instead of parsing a body that may carry
// 100 KB of entity representations (it showed in the gateway's profile). Escaped or plain
// whitespace may come first; anything else is decided by parsing.
const QUERY_FIELD = '{"query":"';
const JSON_READ = /^(?:\\[nrt]|[ \t])*(?:query\b|\{)/;
const JSON_NOT_READ = /^(?:\\[nrt]|[ \t])*(?:mutation|subscription)\b/;

/** Whether a GraphQL-over-HTTP JSON body carries a query (not a mutation or subscription). */
export function isReadBody(body: string): boolean {
  if (body.startsWith(QUERY_FIELD)) {
    const head = body.slice(QUERY_FIELD.length, QUERY_FIELD.length + 64);
    if (JSON_READ.test(head)) return true;
    if (JSON_NOT_READ.test(head)) return false;
  }
  try {
    const parsed: unknown = JSON.parse(body);
    const query = parsed && typeof parsed === 'object' ? (parsed as { query?: unknown }).query : undefined;
    return typeof query === 'string' && READ_OPERATION.test(query);
  } catch {
    return false;
  }
}

/**
 * The key of a read, for de-duplication and the private cache alike: URL + caller + the write
 * generation of the caller's subject + the exact body (query text and variables). The generation
 * moves whenever a write is sent for that subject, so a read that starts after one of the
 * subject's writes never joins a read started before it, nor finds an answer cached before it.
 */
export function fetchKey(url: string, callerKey: string, generation: number, body: string): string {
  return `${url}\u0000${callerKey}\u0000${generation}\u0000${body}`;
}

const MAX_TRACKED_SUBJECTS = 100_000;

export type BumpListener = (subject: string) => void;

/**
 * Write generations per subject (TokenCaller.subject), one instance shared by all the gateway's
 * subgraph fetchers: a mutation sent to loyalty (a CASH redemption moves money on an accounts
 * balance) must end the caller's cached reads of accounts as well.
 *
 * Generations only ever grow, also when the table is full and forgets everybody: a forgotten
 * subject comes back at the highest generation handed out so far (`floor`), never at an older
 * one, so no answer cached before one of its writes can be found again.
 */
export class WriteGenerations {
  private readonly bySubject = new Map<string, number>();
  private readonly listeners = new Set<BumpListener>();
  private last = 0;
  private floor = 0;

  constructor(private readonly maxSubjects = MAX_TRACKED_SUBJECTS) {}

  of(subject: string): number {
    return this.bySubject.get(subject) ?? this.floor;
  }

  /** A write for this subject is under way or done here: its earlier reads are outdated. Tells the listeners. */
  bump(subject: string): void {
    this.advance(subject);
    for (const listener of this.listeners) listener(subject);
  }

  /** Another gateway process saw a write for this subject: the same, without telling the listeners again. */
  bumpFromPeer(subject: string): void {
    this.advance(subject);
  }

  /** Called after every local bump (e.g. to tell other processes); returns the unsubscribe function. */
  onBump(listener: BumpListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private advance(subject: string): void {
    if (this.bySubject.size >= this.maxSubjects && !this.bySubject.has(subject)) {
      this.floor = this.last;
      this.bySubject.clear();
    }
    this.bySubject.set(subject, ++this.last);
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
