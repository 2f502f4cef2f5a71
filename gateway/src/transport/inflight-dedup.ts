// De-duplication of identical in-flight subgraph reads, only ever within one caller: when the same
// customer's app fires the same dashboard twice (a double tap, two tabs, a refresh storm), the
// second request waits for the first one's subgraph fetch instead of sending its own, and so the
// core sees one set of calls. The key (fetch-key.ts) holds everything that decides what a subgraph
// answers: the verified caller (token-caller.ts), the subgraph, the query text and the variables.
// Two callers never share a key, so never share data. Mutations are never merged
// (read-or-write.ts). Each waiter gets its own copy of the answer: nobody can change another's result.

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
