// Points for feedback end to end through the real consumer path (docs/loyalty.md "Points for
// feedback"): a customer answers a feedback request in engagement, engagement's FeedbackGiven leaves
// through its outbox and relay, and loyalty's consumer posts the points on its ledger. Once per
// request: replaying engagement's whole log into loyalty (a restart with its position back at the
// start) and a second event for the same request add nothing; a poison event is parked in loyalty's
// store and the answers behind it still earn. Engagement and loyalty run as servers in this process;
// over the embedded bus (engagement's /internal/events log) and, with REDIS_URL, Redis Streams; with
// loyalty on PGlite and, with DATABASE_URL, on PostgreSQL.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { appendEvent, newEvent } from '../lib/events';
import { until } from '../lib/test/support/events';
import { freePort, tempDir } from '../scripts/lib/processes';
import { startEngagement, type RunningEngagement } from '../subgraphs/engagement/src/server';
import { feedbackGiven } from '../subgraphs/engagement/src/db/feedback-store';
import { checkAnswer, type FeedbackRequest } from '../subgraphs/engagement/src/domain/feedback';
import { startLoyalty, type LoyaltyOptions, type RunningLoyalty } from '../subgraphs/loyalty/src/server';
import { openStore } from '../subgraphs/loyalty/src/db/open';
import { LOYALTY_GROUP } from '../subgraphs/loyalty/src/adapters/event-consumer';
import { randomSchema } from './support/temp-stores';
import { dropSchema } from './support/postgres';

jest.setTimeout(120_000);

const REDIS_URL = process.env.REDIS_URL;
const DATABASE_URL = process.env.DATABASE_URL;
const BUSES: Array<[string, string | undefined]> = [['the embedded bus', undefined]];
if (REDIS_URL) BUSES.push(['Redis Streams', REDIS_URL]);
else process.stdout.write('feedback-points.int.test.ts: REDIS_URL unset, the Redis case is left out\n');
const STORES: Array<[string, boolean]> = [['PGlite', false]];
if (DATABASE_URL) STORES.push(['PostgreSQL', true]);
else process.stdout.write('feedback-points.int.test.ts: DATABASE_URL unset, the PostgreSQL case is left out\n');
const CASES = BUSES.flatMap(([bus, redisUrl]) => STORES.map(([store, pg]) => [`${bus}, loyalty on ${store}`, redisUrl, pg] as const));

describe.each(CASES)('points for feedback over %s', (_name, redisUrl, onPostgres) => {
  const dir = tempDir('corebridge-feedback-points-');
  const prefix = `test:feedback-points:${process.pid}:${randomUUID()}:`;
  const schema = randomSchema('loyalty_feedback');
  const now = new Date();
  let engagement: RunningEngagement;
  let loyalty: RunningLoyalty;
  let loyaltyOptions: LoyaltyOptions;

  beforeAll(async () => {
    process.env.LOG_LEVEL ??= 'warn';
    const keysDir = join(dir, 'keys');
    engagement = await startEngagement({
      port: await freePort(),
      keysDir,
      dataDir: 'memory://',
      eventRelay: { redisUrl, redisKeyPrefix: prefix, intervalMs: 50 },
    });
    loyaltyOptions = {
      port: 0,
      keysDir,
      ...(onPostgres ? { databaseUrl: DATABASE_URL, dbSchema: schema } : { dataDir: join(dir, 'data') }),
      seedDemo: false,
      redisUrl,
      redisKeyPrefix: prefix,
      eventRelayIntervalMs: 0,
      events: { sources: { engagement: `http://127.0.0.1:${engagement.port}` }, start: 'earliest' },
    };
    loyalty = await startLoyalty({ ...loyaltyOptions, port: await freePort() });
  }, 120_000);

  afterAll(async () => {
    await loyalty?.close();
    await engagement?.close();
    if (redisUrl) {
      const redis = new Redis(redisUrl);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
    if (onPostgres && DATABASE_URL) await dropSchema(DATABASE_URL, schema);
    rmSync(dir, { recursive: true, force: true });
  });

  /** A request of the customer's, answered in engagement as the customer's mutation does it. */
  const answer = async (customerId: string, ref: string): Promise<FeedbackRequest> => {
    const { request } = await engagement.feedback.request({ customerId, type: 'TRANSFER', ref, channel: 'APP', occurredAt: now }, now);
    const submitted = await engagement.feedback.submit(customerId, request.id, (kind) => checkAnswer(kind, 4, 'quick and clear'), now);
    if (submitted.result !== 'OK') throw new Error(`answer refused: ${submitted.result}`);
    return submitted.request;
  };
  const points = (customerId: string) => loyalty.ledger.pointsBalance(customerId);
  const rewards = (customerId: string) =>
    loyalty.db.query<{ key: string }>(`SELECT idempotency_key AS key FROM journals WHERE customer_id = $1 AND kind = 'FEEDBACK_REWARD'`, [customerId]);

  it('an answered request gives its points once, to a customer loyalty had never seen', async () => {
    expect(await points('C-000701')).toBe(0n);
    const answered = await answer('C-000701', 'tx-701');
    await until(async () => (await points('C-000701')) === 50n, 20_000);
    // the same answer again is the stored one: no second event
    const again = await engagement.feedback.submit('C-000701', answered.id, (kind) => checkAnswer(kind, 4, 'quick and clear'), now);
    expect(again.result).toBe('OK');
    expect(await rewards('C-000701')).toEqual([{ key: `feedback:${answered.id}` }]);
  });

  it('a replay of the whole log and a second event for the same request add nothing', async () => {
    const [answered] = await engagement.db.query<{ id: string }>(`SELECT id FROM feedback_requests WHERE customer_id = 'C-000701'`);
    const request = (await engagement.feedback.get(answered!.id))!;
    // loyalty stops; its place in engagement's log goes back to the start
    await loyalty.close();
    if (redisUrl) {
      const redis = new Redis(redisUrl);
      await redis.call('XGROUP', 'SETID', `${prefix}events:engagement`, LOYALTY_GROUP, '0');
      redis.disconnect();
    } else {
      const db = await openStore({
        databaseUrl: loyaltyOptions.databaseUrl,
        dataDir: loyaltyOptions.dataDir ?? '',
        schema: loyaltyOptions.dbSchema ?? 'loyalty',
      });
      await db.query(`UPDATE event_positions SET position = 0 WHERE consumer_group = $1`, [LOYALTY_GROUP]);
      await db.close();
    }
    // a second FeedbackGiven for the same request, under another event id (a producer's bug)
    await engagement.db.transaction((tx) => appendEvent(tx, feedbackGiven(request, now)));
    loyalty = await startLoyalty({ ...loyaltyOptions, port: await freePort() });
    // behind both in the log: once it has its points, everything before it was handled (one lane, in order)
    await answer('C-000702', 'tx-702');
    await until(async () => (await points('C-000702')) === 50n, 20_000);
    expect(await points('C-000701')).toBe(50n);
    expect(await rewards('C-000701')).toHaveLength(1);
    const processed = await loyalty.db.query(`SELECT event_id FROM event_processed WHERE consumer_group = $1`, [LOYALTY_GROUP]);
    // the first answer, the copy, the sentinel: the replayed first event found its id and did nothing
    expect(processed).toHaveLength(3);
    // and it was replayed: this loyalty process (metrics of its own) handled all three
    const handled = (await loyalty.metrics.registry.getSingleMetric('events_consumed_total')?.get())?.values.find(
      (v) => v.labels.group === LOYALTY_GROUP && v.labels.outcome === 'handled',
    );
    expect(handled?.value).toBe(3);
  });

  it('parks a poison event in loyalty\u2019s store and still rewards the answers behind it', async () => {
    // a FeedbackGiven of a version this build does not know, written by another build
    const bad = {
      ...newEvent({
        type: 'FeedbackGiven',
        key: 'feedback:fbr_ffffffffffffffffffffffffffffffff',
        customerId: 'C-000703',
        occurredAt: now,
        payload: {
          requestId: 'fbr_ffffffffffffffffffffffffffffffff',
          kind: 'CSAT',
          score: 5,
          momentType: 'TRANSFER',
          channel: 'APP',
          requestedAt: now.toISOString(),
          answeredAt: now.toISOString(),
        },
      }),
      version: 2,
    };
    await engagement.db.query(`INSERT INTO event_outbox (event_id, type, event_key, envelope, created_at) VALUES ($1, $2, $3, $4, now())`, [
      bad.id,
      bad.type,
      bad.key,
      JSON.stringify(bad),
    ]);
    // a valid one naming no customer: nothing to award it to, the handler refuses it every time
    await engagement.db.transaction((tx) =>
      appendEvent(
        tx,
        newEvent({
          type: 'FeedbackGiven',
          key: 'feedback:fbr_eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee',
          occurredAt: now,
          payload: { ...bad.payload, requestId: 'fbr_eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee' },
        }),
      ),
    );
    await answer('C-000704', 'tx-704');
    await until(async () => (await points('C-000704')) === 50n, 20_000);
    expect(await points('C-000703')).toBe(0n);
    const parked = await loyalty.db.query<{ consumer_group: string; type: string; reason: string }>(
      `SELECT consumer_group, type, reason FROM event_parked ORDER BY id`,
    );
    expect(parked).toEqual([
      { consumer_group: LOYALTY_GROUP, type: 'FeedbackGiven', reason: 'FeedbackGiven has no version 2' },
      { consumer_group: LOYALTY_GROUP, type: 'FeedbackGiven', reason: 'handler failed 4 times: FEEDBACK_WITHOUT_CUSTOMER' },
    ]);
  });
});
