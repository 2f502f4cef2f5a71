// Churn early warning: the pure score (domain/churn.ts) signal by signal with its figures, the flows
// read from booking codes, and on the real store (PGlite, and PostgreSQL when DATABASE_URL is set)
// the facts kept from events, the daily pass, the upward crossing that writes one agent task and one
// ChurnRiskRaised event together (none again while the score stays above, again after it fell), the
// at-risk list in score order with its cursor, and the staff-only GraphQL fields.
import { migrate } from '../../../lib/db/migrate';
import { newEvent, type DomainEvent } from '../../../lib/events';
import type { Caller } from '../../../lib/internal-auth';
import { type OpenedStore, serviceStores } from '../../../test/support/temp-stores';
import { MIGRATIONS } from '../src/db/migrations';
import { CustomerFactsStore } from '../src/db/customer-facts';
import { FeedbackStore } from '../src/db/feedback-store';
import { ChurnStore } from '../src/db/churn-store';
import { ChurnPass } from '../src/adapters/churn-pass';
import { checkAnswer } from '../src/domain/feedback';
import { churnRisk, crossedUp, type ChurnFacts } from '../src/domain/churn';
import { flowOf } from '../src/domain/customer-facts';
import { churnResolvers } from '../src/graphql/churn';
import type { EngagementContext } from '../src/graphql/context';
import { purchase } from './support/fact-events';

const NOW = new Date('2026-12-04T12:00:00Z');
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);

const quiet: ChurnFacts = {
  currency: 'EUR',
  card: { recent: 20, before: 22 },
  salary: { recent: 1, before: 2, beforeMinor: 640_000n },
  transfers: { outMinor: 90_000n, inMinor: 0n },
  balance: { nowMinor: 400_000n, thenMinor: 420_000n },
  emptied: [],
};

describe('churnRisk (pure)', () => {
  it('gives 0 and no reason to a customer whose habits hold', () => {
    expect(churnRisk(quiet)).toEqual({ score: 0, reasons: [] });
  });

  it('names each signal with its figures and its points', () => {
    const r = churnRisk({
      ...quiet,
      card: { recent: 12, before: 41 },
      salary: { recent: 0, before: 2, beforeMinor: 640_000n },
      transfers: { outMinor: 800_000n, inMinor: 20_000n },
      balance: { nowMinor: 120_000n, thenMinor: 980_000n },
      emptied: [{ accountType: 'SAVINGS', on: '2026-11-20' }],
      lastNps: { score: 3, on: '2026-11-25' },
    });
    expect(r.reasons).toEqual([
      { code: 'SALARY_STOPPED', points: 30, text: 'no salary credit in the last 35 days; 2 (EUR 6400.00) in the 60 days before' },
      // 25 x 860000 / 980000 = 21.9
      {
        code: 'BALANCE_DRAINING',
        points: 22,
        text: 'balance EUR 1200.00, down from EUR 9800.00 30 days ago; EUR 7800.00 more transferred out than in over those 30 days',
      },
      // 25 x 29 / 41 = 17.7
      { code: 'CARD_ACTIVITY_FALLING', points: 18, text: '12 card purchases in the last 30 days, down from 41 in the 30 days before' },
      { code: 'PRODUCT_CLOSED', points: 15, text: 'an account emptied to 0 with nothing booked since: savings account on 2026-11-20' },
      { code: 'DETRACTOR', points: 15, text: 'answered 3 of 10 to the NPS question on 2026-11-25 (a detractor: 0-6)' },
    ]);
    // 30 + 22 + 18 + 15 + 15 = 100 (capped there)
    expect(r.score).toBe(100);
  });

  it('fires no signal at its edges: half the purchases, a small baseline, a passive answer, a balance moved but not out', () => {
    expect(churnRisk({ ...quiet, card: { recent: 10, before: 20 } }).reasons).toEqual([]);
    expect(churnRisk({ ...quiet, card: { recent: 0, before: 3 } }).reasons).toEqual([]);
    expect(churnRisk({ ...quiet, lastNps: { score: 7, on: '2026-11-01' } }).reasons).toEqual([]);
    // the balance halved, but transfers out less those in are under a quarter of it: spending, not leaving
    expect(churnRisk({ ...quiet, balance: { nowMinor: 100_000n, thenMinor: 400_000n }, transfers: { outMinor: 150_000n, inMinor: 60_000n } }).reasons).toEqual(
      [],
    );
    // a balance under 100.00 cannot drain
    expect(churnRisk({ ...quiet, balance: { nowMinor: 0n, thenMinor: 9_999n }, transfers: { outMinor: 9_999n, inMinor: 0n } }).reasons).toEqual([]);
    // never paid a salary here: nothing stopped
    expect(churnRisk({ ...quiet, salary: { recent: 0, before: 0, beforeMinor: 0n } }).reasons).toEqual([]);
  });

  it('keeps one signal under the default threshold of 50 and crosses it with two strong ones', () => {
    const salary = { ...quiet, salary: { recent: 0, before: 1, beforeMinor: 300_000n } };
    expect(churnRisk(salary).score).toBe(30);
    expect(churnRisk({ ...salary, card: { recent: 0, before: 30 } }).score).toBe(55);
    expect(
      churnRisk({
        ...quiet,
        lastNps: { score: 6, on: '2026-11-01' },
        emptied: [
          { accountType: 'CURRENT', on: '2026-11-02' },
          { accountType: 'SAVINGS', on: '2026-11-03' },
        ],
      }),
    ).toMatchObject({
      score: 30,
      reasons: [
        { code: 'PRODUCT_CLOSED', points: 20 },
        { code: 'DETRACTOR', points: 10 },
      ],
    });
  });

  it('crosses upwards only', () => {
    expect(crossedUp(undefined, 50, 50)).toBe(true);
    expect(crossedUp(49, 50, 50)).toBe(true);
    expect(crossedUp(50, 80, 50)).toBe(false);
    expect(crossedUp(80, 20, 50)).toBe(false);
  });

  it('reads salary, transfers in and transfers out from the ISO bank transaction codes', () => {
    expect(flowOf('PMNT/RCDT/SALA', 300_000n)).toEqual({ kind: 'SALARY', minor: 300_000n });
    expect(flowOf('PMNT/RCDT/DMCT', 5_000n)).toEqual({ kind: 'TRANSFER_IN', minor: 5_000n });
    expect(flowOf('PMNT/ICDT/DMCT', -5_000n)).toEqual({ kind: 'TRANSFER_OUT', minor: 5_000n });
    expect(flowOf('PMNT/CCRD/POSD', -5_000n)).toBeUndefined();
    expect(flowOf('PMNT/RDDT/ESDD', -5_000n)).toBeUndefined();
    expect(flowOf(undefined, 5_000n)).toBeUndefined();
  });
});

let seq = 0;
/** A booking as accounts writes it, with the balance after it. */
function booked(customerId: string, at: Date, amountMinor: bigint, code: string, account: string, type: 'CURRENT' | 'SAVINGS', after: bigint): DomainEvent {
  const n = ++seq;
  return newEvent({
    type: 'TransactionBooked',
    key: `movement:${account}:${n}`,
    customerId,
    occurredAt: at,
    payload: {
      accountId: account,
      transactionId: `TX-${n}`,
      amountMinor: amountMinor.toString(),
      currency: 'EUR',
      bookedAt: at.toISOString(),
      bookingCode: code,
      coreAccountId: account,
      balanceAfterMinor: after.toString(),
      accountType: type,
    },
  });
}

const staff = (scopes: string[]): Caller => ({ subject: 'agent-1', channel: 'staff', scopes }) as unknown as Caller;

describe.each(serviceStores('engagement', 'churn'))('churn early warning on %s', (_name, open) => {
  let opened: OpenedStore | undefined;
  let facts: CustomerFactsStore;
  let churn: ChurnStore;

  beforeAll(async () => {
    opened = await open();
    await migrate(opened.db, MIGRATIONS);
    facts = new CustomerFactsStore(opened.db, { homeCurrency: 'EUR', keepDays: 120 });
    churn = new ChurnStore(opened.db, 'EUR');
    const feedback = new FeedbackStore(opened.db);
    const events: DomainEvent[] = [];
    // K-LEAVE: salary twice, then none for 40 days; 20 card purchases, then 2; the current account
    // drained by two transfers out; the savings account emptied; a detractor answer
    events.push(booked('K-LEAVE', daysAgo(80), 320_000n, 'PMNT/RCDT/SALA', 'ACC-L1', 'CURRENT', 900_000n));
    events.push(booked('K-LEAVE', daysAgo(50), 320_000n, 'PMNT/RCDT/SALA', 'ACC-L1', 'CURRENT', 1_000_000n));
    events.push(booked('K-LEAVE', daysAgo(45), 2_000n, 'PMNT/RCDT/DMCT', 'ACC-L2', 'SAVINGS', 250_000n));
    for (let d = 0; d < 20; d++) events.push(purchase('K-LEAVE', daysAgo(59 - d), 1_500n, '5411'));
    events.push(purchase('K-LEAVE', daysAgo(20), 1_500n, '5411'), purchase('K-LEAVE', daysAgo(10), 1_500n, '5411'));
    events.push(booked('K-LEAVE', daysAgo(20), -600_000n, 'PMNT/ICDT/DMCT', 'ACC-L1', 'CURRENT', 400_000n));
    events.push(booked('K-LEAVE', daysAgo(12), -300_000n, 'PMNT/ICDT/DMCT', 'ACC-L1', 'CURRENT', 100_000n));
    events.push(booked('K-LEAVE', daysAgo(11), -250_000n, 'PMNT/ICDT/DMCT', 'ACC-L2', 'SAVINGS', 0n));
    // K-STAY: salary every month, steady card use, a detractor answer (one signal only)
    for (const d of [80, 50, 20]) events.push(booked('K-STAY', daysAgo(d), 300_000n, 'PMNT/RCDT/SALA', 'ACC-S1', 'CURRENT', 500_000n));
    for (let d = 0; d < 60; d++) events.push(purchase('K-STAY', daysAgo(59 - d), 1_000n, '5812'));
    for (const e of events) await facts.apply(e, NOW);
    for (const [customerId, score] of [
      ['K-LEAVE', 2],
      ['K-STAY', 4],
    ] as const) {
      const at = daysAgo(5);
      const { request } = await feedback.request({ customerId, ref: `t-${customerId}`, type: 'TRANSFER', channel: 'APP', occurredAt: at }, at);
      await feedback.submit(customerId, request.id, (kind) => checkAnswer(kind, score, null), at);
    }
  });
  afterAll(async () => {
    await opened?.dispose();
  });

  const raisedEvents = async () =>
    (await opened!.db.query<{ envelope: string }>(`SELECT envelope FROM event_outbox WHERE type = 'ChurnRiskRaised' ORDER BY created_at`)).map(
      (r) => JSON.parse(r.envelope) as DomainEvent<'ChurnRiskRaised'>,
    );

  it('reads the facts the score needs from the events and the answers', async () => {
    expect(await churn.factsOf('K-LEAVE', NOW)).toEqual({
      currency: 'EUR',
      card: { recent: 2, before: 20 },
      salary: { recent: 0, before: 2, beforeMinor: 640_000n },
      transfers: { outMinor: 1_150_000n, inMinor: 0n },
      // 30 days ago: 1 000 000 on the current account (its row of day 50) + 250 000 on savings (day 45)
      balance: { nowMinor: 100_000n, thenMinor: 1_250_000n },
      emptied: [{ accountType: 'SAVINGS', on: '2026-11-23' }],
      lastNps: { score: 2, on: '2026-11-29' },
    });
  });

  it('scores every customer, and a crossing writes one agent task and one ChurnRiskRaised together', async () => {
    const pass = new ChurnPass(churn, { threshold: 50 });
    expect(await pass.run(NOW)).toEqual({ scored: 2, atRisk: 1, raised: 1 });
    const leave = await churn.scoreOf('K-LEAVE');
    expect(leave).toMatchObject({ score: 100, threshold: 50, raisedAt: NOW });
    // card 25 x 18 / 20 and drain 25 x 1 150 000 / 1 250 000 both round to 23: a tie goes in the codes' order
    expect(leave?.reasons.map((r) => [r.code, r.points])).toEqual([
      ['SALARY_STOPPED', 30],
      ['CARD_ACTIVITY_FALLING', 23],
      ['BALANCE_DRAINING', 23],
      ['PRODUCT_CLOSED', 15],
      ['DETRACTOR', 15],
    ]);
    expect(leave?.reasons[1]?.text).toBe('2 card purchases in the last 30 days, down from 20 in the 30 days before');
    expect(await churn.scoreOf('K-STAY')).toMatchObject({ score: 15, reasons: [{ code: 'DETRACTOR', points: 15 }] });
    expect((await churn.scoreOf('K-STAY'))?.raisedAt).toBeUndefined();

    const tasks = await churn.tasksOf('K-LEAVE');
    expect(tasks).toHaveLength(1);
    const [event] = await raisedEvents();
    expect(event).toMatchObject({ type: 'ChurnRiskRaised', producer: 'engagement', customerId: 'K-LEAVE' });
    expect(event?.payload).toEqual({
      score: 100,
      threshold: 50,
      reasons: leave!.reasons.map((r) => ({ code: r.code, text: r.text })),
      raisedAt: NOW.toISOString(),
    });

    // the same day again: the same scores, nothing raised twice
    expect(await pass.run(NOW)).toEqual({ scored: 2, atRisk: 1, raised: 0 });
    expect(await raisedEvents()).toHaveLength(1);
    expect(await churn.tasksOf('K-LEAVE')).toHaveLength(1);
  });

  it('clears a score that fell below, and raises again when it rises', async () => {
    expect(await new ChurnPass(churn, { threshold: 100 }).run(NOW)).toMatchObject({ raised: 0, atRisk: 1 });
    // 100 >= 100: still above under the stricter threshold, raised_at kept
    expect((await churn.scoreOf('K-LEAVE'))?.raisedAt).toEqual(NOW);
    const later = new Date(NOW.getTime() + 60_000);
    // the stay customer's answer is their only signal: a threshold of 15 raises them; then 16 clears it
    expect(await new ChurnPass(churn, { threshold: 15 }).run(later)).toMatchObject({ raised: 1, atRisk: 2 });
    expect(await new ChurnPass(churn, { threshold: 16 }).run(later)).toMatchObject({ raised: 0, atRisk: 1 });
    expect((await churn.scoreOf('K-STAY'))?.raisedAt).toBeUndefined();
    expect(await new ChurnPass(churn, { threshold: 15 }).run(later)).toMatchObject({ raised: 1 });
    expect(await churn.tasksOf('K-STAY')).toHaveLength(2);
    expect((await raisedEvents()).map((e) => e.customerId)).toEqual(['K-LEAVE', 'K-STAY', 'K-STAY']);
  });

  it('lists the customers at risk by score for staff with staff:customers:read, a page at a time', async () => {
    const ctx = (caller: Caller) => ({ caller, churn }) as unknown as EngagementContext;
    const list = churnResolvers.Query.atRiskCustomers as unknown as (
      p: unknown,
      a: { first: number; after?: string | null },
      c: EngagementContext,
    ) => Promise<{
      edges: Array<{ cursor: string; node: { customer: { id: string }; score: number; reasons: Array<{ code: string }>; raisedAt: string | null } }>;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    }>;
    const reader = ctx(staff(['staff:customers:read']));
    const first = await list({}, { first: 1 }, reader);
    expect(first.edges.map((e) => [e.node.customer.id, e.node.score])).toEqual([['K-LEAVE', 100]]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await list({}, { first: 1, after: first.pageInfo.endCursor }, reader);
    expect(second.edges.map((e) => [e.node.customer.id, e.node.score, e.node.reasons[0]?.code])).toEqual([['K-STAY', 15, 'DETRACTOR']]);
    expect(second.pageInfo.hasNextPage).toBe(false);

    await expect(list({}, { first: 1 }, ctx(staff(['staff:cx:read'])))).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    await expect(list({}, { first: 1, after: 'bm90LWEtY3Vyc29y' }, reader)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });

    const risk = churnResolvers.Customer.churnRisk as unknown as (c: { id: string }, a: unknown, x: EngagementContext) => Promise<{ score: number } | null>;
    expect(await risk({ id: 'K-LEAVE' }, {}, reader)).toMatchObject({ score: 100 });
    // the customer never sees their own score
    const self = ctx({ subject: 'K-LEAVE', customerId: 'K-LEAVE', channel: 'mobile', scopes: ['customer:read'] } as unknown as Caller);
    expect(await risk({ id: 'K-LEAVE' }, {}, self)).toBeNull();
    expect(await risk({ id: 'K-NOBODY' }, {}, reader)).toBeNull();
  });
});
