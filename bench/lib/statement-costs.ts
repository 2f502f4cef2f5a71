// Every statement a store runs, timed and counted by its SQL (the first 80 characters, spaces
// folded): the in-process benches (card-sink.ts, engagement-events.ts) print where a unit of work's
// time goes. A statement's time includes its wait for the embedded store's single connection.
import type { Database, Queryable } from '../../lib/db/database';

export interface StatementCost {
  n: number;
  ms: number;
}

export class StatementCosts {
  readonly costs = new Map<string, StatementCost>();
  /** transactions committed through the timed store */
  commits = 0;

  private add(sql: string, ms: number): void {
    const key = sql.replace(/\s+/g, ' ').slice(0, 80);
    const c = this.costs.get(key) ?? { n: 0, ms: 0 };
    c.n++;
    c.ms += ms;
    this.costs.set(key, c);
  }

  private timed(q: Queryable): Queryable {
    return {
      ...q,
      query: async (text, params) => {
        const t = performance.now();
        try {
          return await q.query(text, params);
        } finally {
          this.add(text, performance.now() - t);
        }
      },
    };
  }

  /** `store` with every statement timed; a statement outside a transaction counts as a commit of its own */
  wrap(store: Database): Database {
    const root = this.timed(store);
    return {
      ...store,
      ...root,
      query: async (text, params) => {
        this.commits++;
        return root.query(text, params);
      },
      transaction: async (work) => {
        const out = await store.transaction((tx) => work(this.timed(tx)));
        this.commits++;
        return out;
      },
    };
  }

  clear(): void {
    this.costs.clear();
    this.commits = 0;
  }

  /** one line a statement, most expensive first, per `unit` (an advice, an event) */
  print(units: number, unit: string): void {
    console.log(`${(this.commits / units).toFixed(2)} commits/${unit}`);
    for (const [sql, c] of [...this.costs].sort((a, b) => b[1].ms - a[1].ms)) {
      console.log(`${(c.ms / units).toFixed(3)} ms/${unit}  ${String(c.n).padStart(5)} x ${(c.ms / c.n).toFixed(3)} ms  ${sql}`);
    }
  }
}
