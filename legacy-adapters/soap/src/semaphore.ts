// Caps calls in flight to the core across all operations: the core has few sessions and answers
// SESSION_LIMIT faults beyond them. Waiters leave the queue when their deadline passes.

export class SemaphoreAbortedError extends Error {
  constructor() {
    super('gave up waiting for a free core session');
    this.name = 'SemaphoreAbortedError';
  }
}

/** Told of every waiter that joins (inc) and leaves (dec) the queue, whatever it leaves for: a gauge. */
export interface WaitingObserver {
  inc(): void;
  dec(): void;
}

interface Waiter {
  grant: () => void;
  reject: (err: Error) => void;
}

export class Semaphore {
  private active = 0;
  private readonly queue: Waiter[] = [];

  constructor(
    readonly capacity: number,
    private readonly observer?: WaitingObserver,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  get inFlight(): number {
    return this.active;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves with a release function once a slot is free; rejects if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new SemaphoreAbortedError());
    if (this.active < this.capacity) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          this.observer?.dec();
          resolve(this.releaser());
        },
        reject: (err) => {
          signal?.removeEventListener('abort', onAbort);
          this.observer?.dec();
          reject(err);
        },
      };
      const onAbort = () => {
        const i = this.queue.indexOf(waiter);
        if (i < 0) return;
        this.queue.splice(i, 1);
        waiter.reject(new SemaphoreAbortedError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      this.observer?.inc();
    });
  }

  /** Rejects everyone still waiting (shutdown). */
  drain(err: Error): void {
    for (const w of this.queue.splice(0)) w.reject(err);
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      // the slot passes straight to the next waiter, so `active` never dips below a busy count
      if (next) next.grant();
      else this.active--;
    };
  }
}
