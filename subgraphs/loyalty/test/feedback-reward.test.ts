// Points for feedback (docs/loyalty.md "Points for feedback"): the journal of an answered request
// (domain/feedback-reward.ts) and its posting from the event (adapters/event-consumer.ts
// awardFeedback), on PGlite and, with DATABASE_URL, PostgreSQL. Once per request whatever arrives:
// the same event again, another event for the same request, a crash between the journal and the
// event's record, a change of the points per answer in between.
import { readFileSync } from 'node:fs';
import { type DomainEvent, newEvent } from '../../../lib/events';
import type { Queryable } from '../../../lib/db/database';
import { serviceStores, type OpenedStore } from '../../../test/support/temp-stores';
import { migrate } from '../src/db/migrate';
import { Ledger, type PostedJournal } from '../src/db/ledger/ledger';
import { assertLedgerInvariants } from '../src/db/ledger/invariants';
import type { JournalInput } from '../src/domain/ledger/journal';
import { awardFeedback, LOYALTY_GROUP } from '../src/adapters/event-consumer';
import { DEFAULT_FEEDBACK_POINTS, feedbackRewardKey, feedbackRewardOf } from '../src/domain/feedback-reward';
import { DEFAULT_RULES_FILE, loadRules } from '../src/config';
import { parseRules } from '../src/domain/rules';

const REQUEST = 'fbr_0123456789abcdef0123456789abcdef';

function feedbackGiven(customerId: string | undefined, requestId = REQUEST, score = 2): DomainEvent<'FeedbackGiven'> {
  return newEvent({
    type: 'FeedbackGiven',
    key: `feedback:${requestId}`,
    ...(customerId ? { customerId } : {}),
    occurredAt: new Date('2026-12-03T23:59:00Z'),
    payload: {
      requestId,
      kind: 'CSAT',
      score,
      momentType: 'TRANSFER',
      channel: 'APP',
      requestedAt: '2026-12-03T20:00:00Z',
      answeredAt: '2026-12-03T23:59:00Z',
    },
  });
}

describe('the feedback reward journal', () => {
  it('is FEEDBACK_REWARD on the answer\u2019s business day, keyed by the request, whatever the score', () => {
    const low = feedbackRewardOf(feedbackGiven('C-000042', REQUEST, 1), 50n);
    const high = feedbackRewardOf(feedbackGiven('C-000042', REQUEST, 5), 50n);
    expect(low).toEqual({
      idempotencyKey: `feedback:${REQUEST}`,
      kind: 'FEEDBACK_REWARD',
      customerId: 'C-000042',
      businessDate: '2026-12-03',
      description: 'Thank you for your feedback',
      postings: [
        { account: 'PROGRAMME_POINTS_ISSUED', side: 'D', amount: 50n, unit: 'PTS' },
        { account: 'CUSTOMER_POINTS', customerId: 'C-000042', side: 'C', amount: 50n, unit: 'PTS' },
      ],
    });
    // a reward that followed the score would buy good scores
    expect(high).toEqual(low);
  });

  it('is none without points or without a customer', () => {
    expect(feedbackRewardOf(feedbackGiven('C-000042'), 0n)).toBeUndefined();
    expect(feedbackRewardOf(feedbackGiven(undefined), 50n)).toBeUndefined();
  });

  it('keeps the key within the ledger\u2019s 200 characters for any request id', () => {
    expect(feedbackRewardKey(REQUEST)).toBe(`feedback:${REQUEST}`);
    const long = 'r'.repeat(200);
    const key = feedbackRewardKey(long);
    expect(key).toMatch(/^feedback:sha256:[0-9a-f]{64}$/);
    expect(feedbackRewardKey(long)).toBe(key);
    expect(feedbackRewardKey(`${long}x`)).not.toBe(key);
  });

  it('takes the points from the rules, 50 when the file says nothing, 0 to turn it off', () => {
    const bundled = loadRules(DEFAULT_RULES_FILE);
    expect(bundled.feedback).toEqual({ pointsPerAnswer: 50 });
    const { feedback: _omitted, ...raw } = JSON.parse(readFileSync(DEFAULT_RULES_FILE, 'utf8')) as Record<string, unknown>;
    expect(parseRules(raw, 'x.json').feedback).toEqual({ pointsPerAnswer: DEFAULT_FEEDBACK_POINTS });
    expect(parseRules({ ...raw, feedback: { pointsPerAnswer: 0 } }, 'x.json').feedback).toEqual({ pointsPerAnswer: 0 });
    expect(() => parseRules({ ...raw, feedback: { pointsPerAnswer: -1 } }, 'x.json')).toThrow(/feedback\.pointsPerAnswer/);
  });
});

/** A ledger whose transaction dies right after the journal is written (a crash before the commit). */
class CrashingLedger extends Ledger {
  crash = true;
  override async postWithin(tx: Queryable, input: JournalInput): Promise<PostedJournal> {
    const posted = await super.postWithin(tx, input);
    if (this.crash) throw Object.assign(new Error('process died'), { code: 'CRASH' });
    return posted;
  }
}

describe.each(serviceStores('loyalty', 'feedback-reward'))('awarding feedback on %s', (_name, open) => {
  let store: OpenedStore;
  let ledger: Ledger;
  const clock = () => new Date('2026-12-04T08:00:00Z');

  beforeEach(async () => {
    store = await open();
    await migrate(store.db);
    ledger = new Ledger(store.db, clock);
  });
  afterEach(async () => {
    await assertLedgerInvariants(ledger);
    await store.dispose();
  });

  const rewards = (customerId: string) =>
    store.db.query<{ kind: string; key: string }>(`SELECT kind, idempotency_key AS key FROM journals WHERE customer_id = $1 ORDER BY id`, [customerId]);
  const pointsEvents = () => store.db.query<{ envelope: string }>(`SELECT envelope FROM event_outbox WHERE type = 'PointsChanged' ORDER BY seq`);

  it('opens the account of a customer loyalty never saw and awards once, whatever event comes again', async () => {
    const event = feedbackGiven('C-000042');
    expect(await awardFeedback(store.db, ledger, event, 50n)).toBe('AWARDED');
    // the same event (a redelivery, a replay of the log)
    expect(await awardFeedback(store.db, ledger, event, 50n)).toBe('ALREADY_AWARDED');
    // another event for the same request (a copy under another id): the ledger's key refuses it
    expect(await awardFeedback(store.db, ledger, feedbackGiven('C-000042'), 50n)).toBe('ALREADY_AWARDED');
    // the points per answer changed before a replay: still once
    expect(await awardFeedback(store.db, ledger, feedbackGiven('C-000042'), 80n)).toBe('ALREADY_AWARDED');
    expect(await ledger.pointsBalance('C-000042')).toBe(50n);
    expect(await rewards('C-000042')).toEqual([{ kind: 'FEEDBACK_REWARD', key: `feedback:${REQUEST}` }]);
    const processed = await store.db.query(`SELECT event_id FROM event_processed WHERE consumer_group = $1`, [LOYALTY_GROUP]);
    expect(processed).toHaveLength(3);
    // its PointsChanged says why (engagement asks for feedback on REDEMPTION only, docs/loyalty.md)
    const changed = await pointsEvents();
    expect(changed).toHaveLength(1);
    expect(JSON.parse(changed[0]?.envelope ?? '{}')).toMatchObject({
      customerId: 'C-000042',
      payload: { reason: 'FEEDBACK_REWARD', delta: '50', balance: '50' },
    });
  });

  it('gives each answered request its points', async () => {
    await awardFeedback(store.db, ledger, feedbackGiven('C-000042', 'fbr_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'), 50n);
    await awardFeedback(store.db, ledger, feedbackGiven('C-000042', 'fbr_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'), 50n);
    expect(await ledger.pointsBalance('C-000042')).toBe(100n);
  });

  it('writes neither the journal nor the event\u2019s record when the transaction dies between them, and awards on the retry', async () => {
    const crashing = new CrashingLedger(store.db, clock);
    const event = feedbackGiven('C-000043');
    await expect(awardFeedback(store.db, crashing, event, 50n)).rejects.toMatchObject({ code: 'CRASH' });
    expect(await ledger.pointsBalance('C-000043')).toBe(0n);
    expect(await store.db.query(`SELECT 1 FROM event_processed WHERE event_id = $1`, [event.id])).toHaveLength(0);
    expect(await pointsEvents()).toHaveLength(0);
    crashing.crash = false;
    expect(await awardFeedback(store.db, crashing, event, 50n)).toBe('AWARDED');
    expect(await ledger.pointsBalance('C-000043')).toBe(50n);
  });

  it('refuses an event naming no customer (the bus parks it) and records nothing with the points off', async () => {
    await expect(awardFeedback(store.db, ledger, feedbackGiven(undefined), 50n)).rejects.toMatchObject({ code: 'FEEDBACK_WITHOUT_CUSTOMER' });
    expect(await awardFeedback(store.db, ledger, feedbackGiven('C-000044'), 0n)).toBe('NO_POINTS');
    expect(await ledger.journalCount()).toBe(0);
    expect(await store.db.query(`SELECT 1 FROM event_processed`)).toHaveLength(0);
  });
});
