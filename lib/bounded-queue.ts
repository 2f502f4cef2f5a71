// The hand-over between a subscription's events and whoever reads them (a subgraph's live feed and
// its GraphQL subscription, the gateway's upstream stream and its client). Events wait here while
// the reader is busy; a reader that falls `capacity` events behind is dropped (the stream ends with
// SUBSCRIPTION_CONSUMER_TOO_SLOW, what was queued is discarded) instead of being buffered for without
// bound. Whatever ends it (the reader returns, the source ends or fails, an overflow), `onClose`
// runs once, at once: the source is let go. A hand-made iterator rather than an async generator: a
// generator waiting for its next event would not see return() until one came.
import { appError } from './errors';

export class BoundedQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private waiting?: { resolve: (r: IteratorResult<T>) => void; reject: (err: Error) => void };
  private ended = false;
  private error?: Error;
  private closed = false;

  constructor(
    private readonly capacity: number,
    private readonly onClose: () => void,
  ) {}

  /** Hands an event on; false once the stream has ended (an overflow included). */
  push(item: T): boolean {
    if (this.ended) return false;
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting.resolve({ value: item, done: false });
      return true;
    }
    if (this.items.length >= this.capacity) {
      this.fail(appError('SUBSCRIPTION_CONSUMER_TOO_SLOW'));
      return false;
    }
    this.items.push(item);
    return true;
  }

  /** Ends the stream after what is queued; with `error`, the reader gets it once the queue is read. */
  end(error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.error = error;
    this.close();
    if (this.waiting) this.settleWaiting();
  }

  /** Ends the stream now, dropping what is queued: the reader's next read fails with `error`. */
  fail(error: Error): void {
    if (this.ended) return;
    this.items.length = 0;
    this.end(error);
  }

  private settleWaiting(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    const error = this.error;
    this.error = undefined;
    if (error) waiting?.reject(error);
    else waiting?.resolve({ value: undefined, done: true });
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) return Promise.resolve({ value: this.items.shift() as T, done: false });
    if (this.ended) {
      const error = this.error;
      this.error = undefined;
      return error ? Promise.reject(error) : Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.items.length = 0;
    this.error = undefined;
    this.end();
    if (this.waiting) this.settleWaiting();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** how many events wait for the reader */
  get size(): number {
    return this.items.length;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
