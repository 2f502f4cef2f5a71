// The shared semaphore (lib/semaphore.ts): what the core adapter's sessions and the gateway's load
// shedding slots both stand on. The core adapter's own gauge of its queue is tested beside it
// (legacy-adapters/soap/test/semaphore-queued.test.ts).
import { Semaphore, SemaphoreAbortedError } from '../semaphore';

describe('Semaphore', () => {
  it('gives a free slot at once with tryAcquire, none when all are held, and the freed one to the first waiter', async () => {
    const s = new Semaphore(1);
    const release = s.tryAcquire();
    expect(release).toBeDefined();
    expect(s.tryAcquire()).toBeUndefined();
    const waiter = s.acquire();
    expect(s.waiting).toBe(1);
    release!();
    release!(); // once only
    const next = await waiter;
    // passed straight on: still held, nobody waiting, and not free for a newcomer
    expect(s.inFlight).toBe(1);
    expect(s.waiting).toBe(0);
    expect(s.tryAcquire()).toBeUndefined();
    next();
    expect(s.inFlight).toBe(0);
  });

  it('drops a waiter whose signal aborts, and keeps the order of the rest', async () => {
    const s = new Semaphore(1);
    const release = s.tryAcquire()!;
    const leave = new AbortController();
    const gone = s.acquire(leave.signal);
    const order: string[] = [];
    const stays = s.acquire().then((r) => (order.push('stays'), r));
    leave.abort();
    await expect(gone).rejects.toBeInstanceOf(SemaphoreAbortedError);
    expect(s.waiting).toBe(1);
    release();
    (await stays)();
    expect(order).toEqual(['stays']);
    expect(s.inFlight).toBe(0);
  });
});
