// Engagement's ChurnRiskRaised through offers' real consumer (adapters/churn-consumer.ts) to the
// customer's next offers read, over a real simulated core: the event makes the retention offer with
// the flag's strongest reason, a replayed event changes nothing, and a poison event is parked in
// offers' store while the events behind it still arrive. Over the embedded bus (engagement's log
// served at /internal/events, as a stand-in producer serves it here; the replay: offers restarted
// with its stored position rewound, as after a crash between the effect and the position write)
// and, when REDIS_URL is set, over Redis Streams (events written to engagement's stream as its
// relay writes them; the replay: the same event written twice, a relay's re-publish).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import Redis from 'ioredis';
import { type Caller, InternalTokenSigner, InternalTokenVerifier, INTERNAL_TOKEN_HEADER } from '../../../lib/internal-auth';
import { startCoreSimulator, type RunningCoreSimulator } from '../../../core-simulator/src/server';
import type { Database } from '../../../lib/db/database';
import { migrate } from '../../../lib/db/migrate';
import { openPglite } from '../../../lib/db/pglite-database';
import { registerServiceRoutes } from '../../../lib/subgraph-server';
import { appendEvent, type DomainEvent, EventRelay, eventLogRoutes, eventOutboxMigration, newEvent } from '../../../lib/events';
import { until } from '../../../lib/test/support/events';
import { freePort, tempDir } from '../../../scripts/lib/processes';
import { gql } from '../../../test/support/stack';
import { startOffers, type RunningOffers } from '../src/server';
import { staticDirectory } from '../src/adapters/partner-directory';
import { OFFERS_GROUP } from '../src/adapters/churn-consumer';
import { openOffersStore } from '../src/db/open';

jest.setTimeout(60_000);

const REDIS_URL = process.env.REDIS_URL;
const redisOnly = REDIS_URL ? describe : describe.skip;
if (!REDIS_URL) process.stdout.write('churn-consumer.int.test.ts: REDIS_URL unset, the Redis Streams half skipped\n');

const OFFERS_OF = `
  query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Customer { id offers(first: 10) { id kind reason } } } }`;
const SAMPLE = Array.from({ length: 12 }, (_, i) => `C-${String(i + 1).padStart(6, '0')}`);
const NOW = new Date('2025-03-15T10:00:00Z');
const STRONGEST = 'Salary of 2,400.00 EUR not received since 28 January';

let dir: string;
let signer: InternalTokenSigner;
let core: RunningCoreSimulator;

type Offer = { id: string; kind: string; reason: string };

async function offersOf(svc: RunningOffers, id: string): Promise<Offer[]> {
  const caller: Caller = { subject: id, customerId: id, channel: 'web', scopes: [] };
  const { body } = await gql(svc.url, OFFERS_OF, {
    variables: { reps: [{ __typename: 'Customer', id }] },
    headers: { [INTERNAL_TOKEN_HEADER]: await signer.sign(caller) },
  });
  expect(body.errors).toBeUndefined();
  return body.data._entities[0].offers as Offer[];
}

const retentionOf = (offers: Offer[]) => offers.filter((o) => o.kind === 'RETENTION');

/** A sampled customer with no retention offer today (card activity steady): what the flag alone must change. */
async function steadyCustomer(svc: RunningOffers): Promise<string> {
  for (const id of SAMPLE) if (retentionOf(await offersOf(svc, id)).length === 0) return id;
  throw new Error('every sampled customer already has a retention offer: the test would prove nothing');
}

function churnRisk(customerId: string | undefined, raisedAt: Date, score = 82): DomainEvent<'ChurnRiskRaised'> {
  return newEvent({
    type: 'ChurnRiskRaised',
    key: `churn:${customerId ?? 'none'}:${raisedAt.toISOString()}`,
    ...(customerId ? { customerId } : {}),
    occurredAt: raisedAt,
    payload: {
      score,
      threshold: 70,
      reasons: [
        { code: 'SALARY_STOPPED', text: STRONGEST },
        { code: 'CARD_ACTIVITY_FALLING', text: 'Card purchases fell from 21 to 6 in 30 days' },
      ],
      raisedAt: raisedAt.toISOString(),
    },
  });
}

/** An envelope the catalogue refuses (score above 100): parked without a handler attempt. */
const invalid = (e: DomainEvent<'ChurnRiskRaised'>) => ({ ...e, payload: { ...e.payload, score: 150 } }) as unknown as DomainEvent;

async function startOffersConsumer(opts: { redisUrl?: string; redisKeyPrefix?: string; engagementUrl?: string; dataDir?: string }): Promise<RunningOffers> {
  return startOffers({
    port: await freePort(),
    core: { wsdlUrl: core.wsdlUrl, timeoutMs: 3000, maxConcurrency: 4, readRetries: 1 },
    keysDir: join(dir, 'keys'),
    clock: () => NOW,
    dataDir: opts.dataDir ?? 'memory://',
    partners: staticDirectory([]),
    dispatchIntervalMs: 0,
    eventRelayIntervalMs: 0,
    // the reads below show the retention offer several times on one channel
    suppression: { capPerDay: 20, capPerWeek: 50 },
    redisUrl: opts.redisUrl,
    redisKeyPrefix: opts.redisKeyPrefix,
    consumer: { sources: opts.engagementUrl ? { engagement: opts.engagementUrl } : {}, start: 'earliest' },
  });
}

const processed = async (svc: RunningOffers) =>
  Number((await svc.db.query<{ n: unknown }>(`SELECT count(*) AS n FROM event_processed WHERE consumer_group = $1`, [OFFERS_GROUP]))[0]?.n);
const parked = (svc: RunningOffers) =>
  svc.db.query<{ event_id: string | null; reason: string }>(`SELECT event_id, reason FROM event_parked WHERE consumer_group = $1 ORDER BY id`, [OFFERS_GROUP]);
const flagRow = async (svc: RunningOffers, id: string) =>
  (await svc.db.query(`SELECT event_id, score, reasons, raised_at FROM churn_flags WHERE customer_id = $1`, [id]))[0];

/** One bus under test: `publish` puts events on engagement's log or stream, in order; `replay` delivers `event` again. */
interface Bus {
  svc(): RunningOffers;
  publish(...events: DomainEvent[]): Promise<void>;
  replay(event: DomainEvent): Promise<void>;
}

/**
 * The same story over either bus. `id` has no retention offer before; `marker` is another customer
 * whose flag proves what was published before it has been handled (one reader, in stream order).
 */
async function retentionStory(bus: Bus): Promise<void> {
  let svc = bus.svc();
  const id = await steadyCustomer(svc);
  const marker = SAMPLE.find((s) => s !== id)!;
  const event = churnRisk(id, new Date('2025-03-14T09:00:00Z'));
  await bus.publish(event);
  await until(async () => (await svc.churnFlags.flagsOf([id])).has(id), 20_000);

  const [offer, ...more] = retentionOf(await offersOf(svc, id));
  expect(more).toEqual([]);
  expect(offer).toEqual({ id: `retention-fee-waiver-v1:${id}`, kind: 'RETENTION', reason: `because salary of 2,400.00 EUR not received since 28 January` });
  // a mark the redelivered event would overwrite (same raisedAt), were it applied twice
  await svc.db.query(`UPDATE churn_flags SET score = 99 WHERE customer_id = $1`, [id]);
  const before = await flagRow(svc, id);
  expect(before).toMatchObject({ event_id: event.id, score: 99 });

  // a redelivery, then two poison events and the marker behind them
  await bus.replay(event);
  svc = bus.svc();
  await bus.publish(invalid(churnRisk(marker, NOW)), churnRisk(undefined, NOW), churnRisk(marker, new Date('2025-03-14T12:00:00Z'), 75));
  await until(async () => (await svc.churnFlags.flagsOf([marker])).has(marker), 20_000);

  expect(await flagRow(svc, id)).toEqual(before);
  // two events applied (the first and the marker): the replay found its id and wrote nothing
  expect(await processed(svc)).toBe(2);
  expect(await svc.churnFlags.record(OFFERS_GROUP, event)).toBe(false);
  expect(retentionOf(await offersOf(svc, id))).toEqual([offer]);

  const lot = await parked(svc);
  expect(lot).toHaveLength(2);
  expect(lot[0]!.reason).toMatch(/score/);
  // the one without a customer was tried, then parked with its code (never its content)
  expect(lot[1]!.reason).toBe('handler failed 4 times: CHURN_EVENT_WITHOUT_CUSTOMER');
  expect(lot[1]!.event_id).toMatch(/^[0-9a-f-]{36}$/);
}

beforeAll(async () => {
  process.env.LOG_LEVEL ??= 'warn';
  dir = tempDir('corebridge-offers-churn-');
  signer = await InternalTokenSigner.fromKeysDir(join(dir, 'keys'));
  core = await startCoreSimulator({ port: await freePort(), seed: 42, customers: 50, anchorDate: '2025-03-15' });
}, 120_000);

afterAll(async () => {
  await core?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('churn flags over the embedded bus (engagement serves its log)', () => {
  let producerDb: Database;
  let relay: EventRelay;
  let app: FastifyInstance;
  let svc: RunningOffers | undefined;
  let engagementUrl: string;
  const dataDir = () => join(dir, 'offers-data');

  beforeAll(async () => {
    producerDb = await openPglite('memory://', 'engagement');
    await migrate(producerDb, [eventOutboxMigration(1)]);
    relay = new EventRelay({ db: producerDb, producer: 'engagement' });
    app = Fastify({ logger: false });
    await registerServiceRoutes(app, await InternalTokenVerifier.fromKeysDir(join(dir, 'keys')), eventLogRoutes(relay.log));
    const port = await freePort();
    await app.listen({ port, host: '127.0.0.1' });
    engagementUrl = `http://127.0.0.1:${port}`;
    svc = await startOffersConsumer({ engagementUrl, dataDir: dataDir() });
  }, 60_000);

  afterAll(async () => {
    await svc?.close();
    await app?.close();
    await producerDb?.close();
  });

  it('makes the retention offer on the next read, once per event, and parks the poison events', async () => {
    const publish = async (...events: DomainEvent[]) => {
      for (const e of events) await producerDb.transaction((tx) => appendEvent(tx, e));
      await relay.runOnce();
    };
    await retentionStory({
      svc: () => svc!,
      publish,
      // a crash after the flag was written, before the position was: the restarted reader reads the event again
      replay: async () => {
        await svc!.close();
        svc = undefined;
        const store = await openOffersStore({ dataDir: dataDir() });
        await store.query(`UPDATE event_positions SET position = 0 WHERE consumer_group = $1`, [OFFERS_GROUP]);
        await store.close();
        svc = await startOffersConsumer({ engagementUrl, dataDir: dataDir() });
      },
    });
  });
});

redisOnly('churn flags over Redis Streams', () => {
  const prefix = `test:offers-churn:${process.pid}:${Date.now()}:`;
  let redis: Redis;
  let svc: RunningOffers | undefined;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL!);
    svc = await startOffersConsumer({ redisUrl: REDIS_URL, redisKeyPrefix: prefix });
  }, 60_000);

  afterAll(async () => {
    await svc?.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('makes the retention offer on the next read, once per event, and parks the poison events', async () => {
    const publish = async (...events: DomainEvent[]) => {
      for (const e of events) await redis.xadd(`${prefix}events:engagement`, '*', 'event', JSON.stringify(e));
    };
    await retentionStory({ svc: () => svc!, publish, replay: (e) => publish(e) });
  });
});
