// Group commit: work items that arrive while a transaction is under way wait, and the next
// transaction runs all of them, one after the other, and commits once. On the embedded store a
// commit (BEGIN, COMMIT and the write-ahead log's flush to its files) costs about a millisecond,
// as much as several statements; on PostgreSQL it is the WAL flush. Each item's promise settles
// only after the commit that made its work durable, so a caller that acknowledges on it (the card
// feed) never acknowledges what a later rollback undid.
//
// A failure in one item must not fail the others: when a batch of several throws, it is rolled
// back whole and every item runs again in a transaction of its own, which settles it alone.
//
// `begin` does, once a batch, what each item would otherwise do alone at its start (the card
// feed's customer locks and boost reads: one statement for the batch instead of one an item); what
// it returns is handed to every item of that batch, and to `finish`, which does last what the
// items left to be done together (the card feed's journals: one ledger statement for the batch).
import type { Database, Queryable } from './database';

export interface GroupCommitOptions<I, B> {
  /** run first in each batch's transaction, with the batch's items in their order; its result goes to each item's work */
  begin?: (tx: Queryable, items: readonly I[]) => Promise<B>;
  /** run last in each batch's transaction, after every item's work (work the items left to be done together) */
  finish?: (tx: Queryable, batch: B) => Promise<void>;
  /** items in one transaction at most (default 16) */
  maxBatch?: number;
  /** transactions under way at once (default 1: the embedded store has one connection anyway) */
  concurrency?: number;
  /**
   * the order items run in within a batch (a stable sort keeps arrival order among equals): items
   * that take locks (a customer's) sorted by the lock's key take them in one order in every batch,
   * so two batches never wait on each other in a cycle
   */
  order?: (a: I, b: I) => number;
}

interface Waiting<I, O> {
  item: I;
  resolve: (out: O) => void;
  reject: (err: unknown) => void;
}

export class GroupCommit<I, O, B = undefined> {
  private readonly queue: Array<Waiting<I, O>> = [];
  private running = 0;
  private readonly maxBatch: number;
  private readonly concurrency: number;

  constructor(
    private readonly db: Database,
    /** one item's work inside the batch's transaction; throwing rolls the batch back */
    private readonly work: (tx: Queryable, item: I, batch: B) => Promise<O>,
    private readonly opts: GroupCommitOptions<I, B> = {},
  ) {
    this.maxBatch = Math.max(1, opts.maxBatch ?? 16);
    this.concurrency = Math.max(1, opts.concurrency ?? 1);
  }

  /** Runs `item` in the next transaction; resolves with its result once that transaction committed. */
  run(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      if (this.opts.order) {
        const order = this.opts.order;
        batch.sort((a, b) => order(a.item, b.item));
      }
      this.running++;
      void this.commit(batch).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async commit(batch: Array<Waiting<I, O>>): Promise<void> {
    let results: O[];
    try {
      results = await this.db.transaction(async (tx) => {
        const items = batch.map((w) => w.item);
        const begun = (this.opts.begin ? await this.opts.begin(tx, items) : undefined) as B;
        const out: O[] = [];
        for (const item of items) out.push(await this.work(tx, item, begun));
        await this.opts.finish?.(tx, begun);
        return out;
      });
    } catch (err) {
      const [only] = batch;
      if (batch.length === 1 && only) {
        only.reject(err);
        return;
      }
      // whichever item failed, the others are not to blame: each alone, settled by its own outcome
      for (const w of batch) await this.commit([w]);
      return;
    }
    batch.forEach((w, i) => w.resolve(results[i] as O));
  }
}
