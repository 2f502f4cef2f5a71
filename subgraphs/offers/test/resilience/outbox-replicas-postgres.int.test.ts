// The activation outbox with two offers replicas on one PostgreSQL schema: each its own pool, store
// and dispatcher, one counting receiver standing for loyalty's POST /internal/cashback-boosts.
// What holds: a message is sent by one dispatcher at a time (the claim is a lease taken with FOR
// UPDATE SKIP LOCKED), so two dispatching at once send each message once; a dispatcher that dies
// after claiming leaves its messages to the other once the lease runs out. A dispatcher that is
// only slow past its lease may send a message the other also sends: delivery is at least once, and
// the receiver applies it once by its idempotency key (the activation id), as loyalty does.
import { openPostgres } from '../../../../lib/db/postgres-database';
import { migrate } from '../../../../lib/db/migrate';
import type { Database } from '../../../../lib/db/database';
import { randomSchema } from '../../../../test/support/temp-stores';
import { dropSchema } from '../../../../test/support/postgres';
import { MIGRATIONS } from '../../src/db/migrations';
import { OffersStore } from '../../src/db/offers-store';
import { ActivationDispatcher, type Deliver, type DeliveryOutcome } from '../../src/adapters/activation-dispatcher';
import type { CashbackBoostRequest } from '../../src/domain/activation';

const DATABASE_URL = process.env.DATABASE_URL;

jest.setTimeout(60000);

/** loyalty's side as the outbox sees it: every call counted, each activation applied once (its idempotency) */
class CountingReceiver {
  readonly calls = new Map<string, number>();
  readonly applied = new Set<string>();
  /** answers for one activation id, instead of delivering it */
  override = new Map<string, () => Promise<DeliveryOutcome>>();

  readonly deliver: Deliver = async (m: CashbackBoostRequest) => {
    this.calls.set(m.activationId, (this.calls.get(m.activationId) ?? 0) + 1);
    const special = this.override.get(m.activationId);
    if (special) return special();
    // a little latency, so two dispatchers overlap
    await new Promise((r) => setTimeout(r, Math.random() * 4));
    this.applied.add(m.activationId);
    return { result: 'DELIVERED' };
  };

  callsOf(keys: string[]): number[] {
    return keys.map((k) => this.calls.get(k) ?? 0);
  }
}

if (!DATABASE_URL) {
  test('offers outbox replicas suite left out: DATABASE_URL not set', () => {
    console.warn('offers outbox replicas suite left out: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run it');
    expect(process.env.DATABASE_URL).toBeUndefined();
  });
} else {
  const url = DATABASE_URL;
  const schema = randomSchema('offers_replicas');
  const clock = { now: new Date('2025-09-01T10:00:00Z') };
  const now = () => clock.now;
  let dbA: Database;
  let dbB: Database;
  let storeA: OffersStore;
  let storeB: OffersStore;
  let n = 0;

  beforeAll(async () => {
    dbA = await openPostgres({ connectionString: url, schema, applicationName: 'offers-a' });
    dbB = await openPostgres({ connectionString: url, schema, applicationName: 'offers-b' });
    await Promise.all([migrate(dbA, MIGRATIONS), migrate(dbB, MIGRATIONS)]);
    storeA = new OffersStore(dbA, now);
    storeB = new OffersStore(dbB, now);
  });
  afterAll(async () => {
    await dbA?.close();
    await dbB?.close();
    await dropSchema(url, schema);
  });
  beforeEach(async () => {
    await dbA.exec('DELETE FROM outbox');
  });

  /** `count` activation messages due now, as accepting cash-back offers writes them */
  const enqueue = async (count: number): Promise<string[]> => {
    const keys: string[] = [];
    for (let i = 0; i < count; i++) {
      const key = `OR-replica-${++n}`;
      const payload: CashbackBoostRequest = {
        activationId: key,
        customerId: 'C-1',
        partnerId: 'P-COFFEE',
        merchantIds: ['M-COFFEE-1'],
        rateBasisPoints: 500,
        validFrom: clock.now.toISOString(),
        validUntil: new Date(clock.now.getTime() + 30 * 86_400_000).toISOString(),
      };
      await dbA.query(
        `INSERT INTO outbox (message_key, destination, payload, created_at, next_attempt_at) VALUES ($1, 'loyalty.cashback-boosts', $2, $3::timestamptz, $3::timestamptz)`,
        [key, JSON.stringify(payload), clock.now.toISOString()],
      );
      keys.push(key);
    }
    return keys;
  };

  it('sends each message once when both replicas dispatch at the same time', async () => {
    const keys = await enqueue(60);
    const receiver = new CountingReceiver();
    const a = new ActivationDispatcher(storeA, receiver.deliver, { batchSize: 4 });
    const b = new ActivationDispatcher(storeB, receiver.deliver, { batchSize: 4 });
    const [sentA, sentB] = await Promise.all([a.runOnce(), b.runOnce()]);
    expect(sentA + sentB).toBe(60);
    // both took part, and no message reached the receiver twice
    expect(sentA).toBeGreaterThan(0);
    expect(sentB).toBeGreaterThan(0);
    expect(receiver.callsOf(keys)).toEqual(keys.map(() => 1));
    expect(await storeA.outboxCounts()).toEqual({ pending: 0, delivered: 60, failed: 0 });
  });

  it('delivers what a replica claimed and died holding from the other replica once the lease runs out, once', async () => {
    const keys = await enqueue(5);
    const receiver = new CountingReceiver();
    // replica A claims everything due, then dies: no delivery, no mark
    const claimed = await storeA.claimDue(10, 30_000);
    expect(claimed.map((m) => m.key)).toEqual(keys);
    const b = new ActivationDispatcher(storeB, receiver.deliver, { leaseMs: 30_000 });
    expect(await b.runOnce()).toBe(0);
    expect(receiver.calls.size).toBe(0);
    clock.now = new Date(clock.now.getTime() + 30_001);
    expect(await b.runOnce()).toBe(5);
    expect(receiver.callsOf(keys)).toEqual([1, 1, 1, 1, 1]);
    expect(await b.runOnce()).toBe(0);
    expect(await storeB.outboxCounts()).toEqual({ pending: 0, delivered: 5, failed: 0 });
  });

  it('applies once, and keeps it delivered, a message a slow replica sends again after its lease ran out', async () => {
    const [key] = await enqueue(1);
    const k = key as string;
    const receiver = new CountingReceiver();
    let answerSlow: (o: DeliveryOutcome) => void = () => undefined;
    // replica A's call reaches the receiver and applies, but A hears the answer only much later
    receiver.override.set(k, () => {
      receiver.applied.add(k);
      return new Promise<DeliveryOutcome>((resolve) => (answerSlow = resolve));
    });
    const a = new ActivationDispatcher(storeA, receiver.deliver, { leaseMs: 30_000 });
    const slow = a.runOnce();
    await new Promise((r) => setTimeout(r, 50));
    // A's lease runs out; replica B sends the message again and hears DELIVERED
    clock.now = new Date(clock.now.getTime() + 30_001);
    receiver.override.delete(k);
    const b = new ActivationDispatcher(storeB, receiver.deliver, { leaseMs: 30_000 });
    expect(await b.runOnce()).toBe(1);
    // at least once on the wire, once in effect: the receiver dedups by the activation id
    expect(receiver.calls.get(k)).toBe(2);
    expect([...receiver.applied]).toEqual([k]);
    // A's late answer (a refusal, say) must not undo the delivery B recorded
    answerSlow({ result: 'REJECTED', error: '422 late' });
    await slow;
    expect(await storeA.outboxCounts()).toEqual({ pending: 0, delivered: 1, failed: 0 });
    expect((await storeB.activation(k))?.status).toBe('ACTIVE');
    expect(await a.runOnce()).toBe(0);
    expect(receiver.calls.get(k)).toBe(2);
  });

  it('leaves a message delivered when a slow replica’s late answer is a retry', async () => {
    const [key] = await enqueue(1);
    const k = key as string;
    const receiver = new CountingReceiver();
    let answerSlow: (o: DeliveryOutcome) => void = () => undefined;
    receiver.override.set(k, () => new Promise<DeliveryOutcome>((resolve) => (answerSlow = resolve)));
    const a = new ActivationDispatcher(storeA, receiver.deliver, { leaseMs: 30_000, baseBackoffMs: 1 });
    const slow = a.runOnce();
    await new Promise((r) => setTimeout(r, 50));
    clock.now = new Date(clock.now.getTime() + 30_001);
    receiver.override.delete(k);
    expect(await new ActivationDispatcher(storeB, receiver.deliver).runOnce()).toBe(1);
    answerSlow({ result: 'RETRY', error: 'timeout' });
    await slow;
    clock.now = new Date(clock.now.getTime() + 60_000);
    expect(await a.runOnce()).toBe(0);
    expect(receiver.calls.get(k)).toBe(2);
    expect(await storeA.outboxCounts()).toEqual({ pending: 0, delivered: 1, failed: 0 });
  });
}
