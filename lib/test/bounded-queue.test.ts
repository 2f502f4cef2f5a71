import { BoundedQueue } from '../bounded-queue';

const CONSUMER_TOO_SLOW_CODE = 'SUBSCRIPTION_CONSUMER_TOO_SLOW';

describe('BoundedQueue (a subscription between its events and its reader)', () => {
  it('hands events over in order, waiting for the next one', async () => {
    const q = new BoundedQueue<number>(3, () => undefined);
    const pending = q.next();
    q.push(1);
    q.push(2);
    expect(await pending).toEqual({ value: 1, done: false });
    expect(await q.next()).toEqual({ value: 2, done: false });
  });

  it('drops a client that falls more than `capacity` events behind, and closes upstream once', async () => {
    let closed = 0;
    const q = new BoundedQueue<number>(2, () => closed++);
    expect(q.push(1)).toBe(true);
    expect(q.push(2)).toBe(true);
    expect(q.push(3)).toBe(false);
    expect(q.push(4)).toBe(false);
    expect(closed).toBe(1);
    // what was queued is dropped: the client learns why its stream ended, not stale events
    await expect(q.next()).rejects.toMatchObject({ extensions: { code: CONSUMER_TOO_SLOW_CODE } });
    expect(await q.next()).toEqual({ value: undefined, done: true });
    expect(closed).toBe(1);
  });

  it('delivers what is queued before an upstream error, then the error', async () => {
    const q = new BoundedQueue<number>(5, () => undefined);
    q.push(1);
    q.end(new Error('upstream broke'));
    expect(await q.next()).toEqual({ value: 1, done: false });
    await expect(q.next()).rejects.toThrow('upstream broke');
  });

  it('return() (the client hung up) ends a waiting next() and closes upstream once', async () => {
    let closed = 0;
    const q = new BoundedQueue<number>(5, () => closed++);
    const waiting = q.next();
    await q.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
    await q.return();
    expect(closed).toBe(1);
    expect(q.push(1)).toBe(false);
  });
});
