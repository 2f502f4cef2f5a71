// The load shedder's bookkeeping on a clock the test moves: who goes on at once, who waits and in
// what order, who is refused on arrival, and that leaving (answered or hung up) frees exactly once.
import { LoadShedder, type Ticket } from '../src/edge/load-shedding';

let now = 0;
const clock = () => now;

async function settled(ticket: Ticket): Promise<boolean | 'waiting'> {
  return Promise.race([ticket.ready, new Promise<'waiting'>((resolve) => setImmediate(() => resolve('waiting')))]);
}

/** A shedder whose moving average is `serviceMs`: one request admitted and finished after that long. */
function warmed(opts: { maxInFlight: number; budgetMs: number; maxWaiting?: number }, serviceMs: number): LoadShedder {
  const shedder = new LoadShedder({ ...opts, now: clock });
  const first = shedder.enter()!;
  now += serviceMs;
  first.done();
  return shedder;
}

beforeEach(() => {
  now = 0;
});

describe('LoadShedder', () => {
  it('lets maxInFlight requests go on at once, holds the next in arrival order, and lets each go as a slot frees', async () => {
    const shedder = new LoadShedder({ maxInFlight: 2, budgetMs: 3000, now: clock });
    const [a, b, c, d] = [shedder.enter()!, shedder.enter()!, shedder.enter()!, shedder.enter()!];
    expect(await settled(a)).toBe(true);
    expect(await settled(b)).toBe(true);
    expect(await settled(c)).toBe('waiting');
    expect(shedder.stats).toMatchObject({ inFlight: 2, waiting: 2 });
    now += 100;
    a.done();
    expect(await settled(c)).toBe(true);
    expect(await settled(d)).toBe('waiting');
    b.done();
    expect(await settled(d)).toBe(true);
    expect(shedder.stats).toMatchObject({ inFlight: 2, waiting: 0 });
  });

  it('refuses on arrival a request the queue ahead would keep past its budget, and takes it once the queue is shorter', () => {
    // 100 ms a request, 2 slots, 3/4 of 1333 ms: the n-th in line finishes after n/2 x 100 + 100 ms, so 18 may wait
    const shedder = warmed({ maxInFlight: 2, budgetMs: 1334 }, 100);
    const admitted = [shedder.enter()!, shedder.enter()!];
    const waiting = Array.from({ length: 18 }, () => shedder.enter());
    expect(waiting.every((t) => t !== undefined)).toBe(true);
    expect(shedder.enter()).toBeUndefined();
    expect(shedder.stats.waiting).toBe(18);
    now += 100;
    admitted[0]!.done();
    expect(shedder.enter()).toBeDefined();
  });

  it('learns a slower stack: the same queue that fitted is refused once requests take longer', () => {
    // 3/4 of the budget: 1000 ms
    const shedder = warmed({ maxInFlight: 1, budgetMs: 1334 }, 100);
    const slow = shedder.enter()!;
    expect(shedder.enter()).toBeDefined(); // waits: 1 x 100 + 100 ms
    now += 900;
    slow.done(); // the average moves to 180 ms; the waiter now holds the slot
    expect(shedder.stats.serviceMs).toBe(180);
    const fits = Array.from({ length: 4 }, () => shedder.enter());
    expect(fits.every((t) => t !== undefined)).toBe(true); // 4 x 180 + 180 = 900 ms
    expect(shedder.enter()).toBeUndefined(); // 5 x 180 + 180 > 1000 ms
  });

  it('skips a request that hung up while waiting (its ready says false) and frees a slot only once', async () => {
    const shedder = new LoadShedder({ maxInFlight: 1, budgetMs: 3000, now: clock });
    const a = shedder.enter()!;
    const gone = shedder.enter()!;
    const next = shedder.enter()!;
    gone.done();
    expect(await gone.ready).toBe(false);
    expect(shedder.stats.waiting).toBe(1);
    a.done();
    a.done();
    expect(await settled(next)).toBe(true);
    expect(shedder.stats).toMatchObject({ inFlight: 1, waiting: 0 });
    next.done();
    expect(shedder.stats).toMatchObject({ inFlight: 0, waiting: 0 });
  });

  it('never holds more than maxWaiting, however fast requests are', () => {
    const shedder = warmed({ maxInFlight: 1, budgetMs: 3000, maxWaiting: 3 }, 1);
    shedder.enter();
    expect([shedder.enter(), shedder.enter(), shedder.enter()].every((t) => t !== undefined)).toBe(true);
    expect(shedder.enter()).toBeUndefined();
  });

  it('asks a refused client to come back after about the time the queue takes to drain, at least 1 s', () => {
    expect(warmed({ maxInFlight: 2, budgetMs: 1000 }, 100).retryAfterSeconds()).toBe(1);
    const slow = warmed({ maxInFlight: 1, budgetMs: 10_000 }, 2000);
    slow.enter();
    slow.enter();
    expect(slow.retryAfterSeconds()).toBe(4);
  });
});
