// A counting semaphore with a FIFO queue: at most `capacity` holders at once, a freed slot passes
// straight to the next waiter, and a waiter leaves the queue when its signal aborts. The core
// adapter caps its calls in flight to the core with it (the core has few sessions and answers
// SESSION_LIMIT beyond them); the gateway's load shedding caps the operations it works on at once.

export class SemaphoreAbortedError extends Error {
  constructor() {
    super('gave up waiting for a free slot');
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

  /** A release function when a slot is free now, else undefined (nobody waits while a slot is free). */
  tryAcquire(): (() => void) | undefined {
    if (this.active >= this.capacity) return undefined;
    this.active++;
    return this.releaser();
  }

  /** Resolves with a release function once a slot is free; rejects if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new SemaphoreAbortedError());
    const now = this.tryAcquire();
    if (now) return Promise.resolve(now);
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
