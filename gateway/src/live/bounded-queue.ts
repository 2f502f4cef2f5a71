// The hand-over between a subscription's upstream events and the client's connection. Events wait
// here while the connection is busy; a client that falls `capacity` events behind is dropped (the
// stream ends with SUBSCRIPTION_CONSUMER_TOO_SLOW) instead of the gateway buffering for it without
// bound. Returning the iterator (the client went away) runs `onClose` once, which closes upstream.
import { GraphQLError } from 'graphql';

export const CONSUMER_TOO_SLOW_CODE = 'SUBSCRIPTION_CONSUMER_TOO_SLOW';

export function consumerTooSlow(capacity: number): GraphQLError {
  return new GraphQLError(`The connection fell ${capacity} events behind and was closed; subscribe again.`, {
    extensions: { code: CONSUMER_TOO_SLOW_CODE },
  });
}

export class BoundedQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private waiting?: (r: IteratorResult<T>) => void;
  private failed?: (err: unknown) => void;
  private ended = false;
  private error?: Error;
  private closed = false;

  constructor(
    private readonly capacity: number,
    private readonly onClose: () => void,
  ) {}

  /** Hands an event on; false once the stream has ended (overflow included). */
  push(item: T): boolean {
    if (this.ended) return false;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.failed = undefined;
      resolve({ value: item, done: false });
      return true;
    }
    if (this.items.length >= this.capacity) {
      this.fail(consumerTooSlow(this.capacity));
      return false;
    }
    this.items.push(item);
    return true;
  }

  /** Ends the stream after what is queued; with `error`, the client gets it once the queue is read. */
  end(error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.error = error;
    if (this.waiting) this.settleWaiting();
  }

  /** Ends the stream now, dropping what is queued (a client that cannot keep up). */
  private fail(error: Error): void {
    this.items.length = 0;
    this.end(error);
    this.close();
  }

  private settleWaiting(): void {
    const resolve = this.waiting;
    const reject = this.failed;
    this.waiting = this.failed = undefined;
    if (this.error !== undefined) {
      const err = this.error;
      this.error = undefined;
      reject?.(err);
    } else resolve?.({ value: undefined, done: true });
    this.close();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }

  next(): Promise<IteratorResult<T>> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve({ value: item, done: false });
    if (this.ended) {
      if (this.error !== undefined) {
        const err = this.error;
        this.error = undefined;
        this.close();
        return Promise.reject(err);
      }
      this.close();
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failed = reject;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.items.length = 0;
    this.ended = true;
    this.error = undefined;
    if (this.waiting) this.settleWaiting();
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** how many events wait for the client */
  get size(): number {
    return this.items.length;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
