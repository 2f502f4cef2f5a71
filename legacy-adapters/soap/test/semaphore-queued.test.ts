// core_queued follows the semaphore's queue: a waiter counts from the moment it queues until it
// leaves, whether it was granted a session, gave up at its deadline, or was drained at shutdown.
import { Registry } from 'prom-client';
import { createCoreMetrics } from '../src/metrics';
import { Semaphore, SemaphoreAbortedError } from '../../../lib/semaphore';

async function queued(registry: Registry): Promise<number> {
  const metric = await registry.getSingleMetric('core_queued')?.get();
  return metric?.values[0]?.value ?? Number.NaN;
}

describe('core_queued', () => {
  let registry: Registry;
  let semaphore: Semaphore;

  beforeEach(() => {
    registry = new Registry();
    semaphore = new Semaphore(1, createCoreMetrics(registry).queued);
  });

  it('counts nobody while sessions are free', async () => {
    const release = await semaphore.acquire();
    expect(await queued(registry)).toBe(0);
    release();
  });

  it('counts a waiter until it is granted the session', async () => {
    const release = await semaphore.acquire();
    const second = semaphore.acquire();
    const third = semaphore.acquire();
    expect(await queued(registry)).toBe(2);
    release();
    const releaseSecond = await second;
    expect(await queued(registry)).toBe(1);
    releaseSecond();
    (await third)();
    expect(await queued(registry)).toBe(0);
  });

  it('stops counting a waiter whose deadline passed, once only', async () => {
    const release = await semaphore.acquire();
    const deadline = new AbortController();
    const waiting = semaphore.acquire(deadline.signal);
    expect(await queued(registry)).toBe(1);
    deadline.abort();
    await expect(waiting).rejects.toBeInstanceOf(SemaphoreAbortedError);
    expect(await queued(registry)).toBe(0);
    // the slot passes to nobody: a later release must not count the gone waiter down again
    release();
    expect(await queued(registry)).toBe(0);
    expect(semaphore.inFlight).toBe(0);
  });

  it('stops counting the waiters drained at shutdown, and an abort after the drain changes nothing', async () => {
    await semaphore.acquire();
    const deadline = new AbortController();
    const waiters = [semaphore.acquire(deadline.signal), semaphore.acquire()];
    expect(await queued(registry)).toBe(2);
    semaphore.drain(new Error('closing'));
    await Promise.all(waiters.map((w) => expect(w).rejects.toThrow('closing')));
    deadline.abort();
    expect(await queued(registry)).toBe(0);
  });

  it('sums the queues of several clients sharing one registry (one per process)', async () => {
    const other = new Semaphore(1, createCoreMetrics(registry).queued);
    await semaphore.acquire();
    await other.acquire();
    const waiting = [semaphore.acquire(), other.acquire()];
    for (const w of waiting) w.catch(() => undefined);
    expect(await queued(registry)).toBe(2);
    semaphore.drain(new Error('closing'));
    other.drain(new Error('closing'));
  });
});
