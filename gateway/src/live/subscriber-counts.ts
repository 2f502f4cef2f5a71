// Open subscriptions per customer (a staff or partner caller counts as one "customer" of its own):
// each holds an upstream stream and a place in every subgraph's live feed, so one customer's
// runaway app cannot hold thousands. Counted per gateway process; a client spread over replicas by
// the balancer may hold the cap on each.
import type { Caller } from '../../../lib/internal-auth';

export const DEFAULT_SUBSCRIPTIONS = Object.freeze({ perCustomer: 5, queue: 100 });

export class SubscriberCounts {
  private readonly open = new Map<string, number>();

  constructor(private readonly perCustomer: number) {}

  /** Takes a place for `caller`; undefined at the cap. The returned release gives it back once. */
  acquire(caller: Caller): (() => void) | undefined {
    const key = caller.customerId ? `customer:${caller.customerId}` : `${caller.channel}:${caller.subject}`;
    const now = this.open.get(key) ?? 0;
    if (now >= this.perCustomer) return undefined;
    this.open.set(key, now + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(key) ?? 1) - 1;
      if (left <= 0) this.open.delete(key);
      else this.open.set(key, left);
    };
  }

  /** subscriptions open in this process */
  get total(): number {
    let n = 0;
    for (const v of this.open.values()) n += v;
    return n;
  }
}
