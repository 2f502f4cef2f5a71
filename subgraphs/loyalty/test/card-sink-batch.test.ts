// A group commit of card advices ends exactly as the same advices applied one at a time: the
// same answers, balances, advice rows, journals and outbox events, in the same order per
// customer. The batch posts most journals together (PendingJournals, Ledger.postManyWithin) and
// locks and reads once for all its advices; this holds it to the one-at-a-time semantics, with the
// cases where an advice reads what an earlier one of the same batch wrote: a purchase completing an
// authorisation, a reversal of a purchase, a purchase a reversal was waiting for, a re-sent advice.
import type { CardAdvice } from '../src/domain/card-advice';
import type { Database } from '../../../lib/db/database';
import { openPglite } from '../../../lib/db/pglite-database';
import { assertPgliteUsableUnderJest } from '../../../test/support/pglite-under-jest';
import { advice, completing, type Programme, programmeOn } from './support/programme';
import { activateBoost } from '../src/db/boost-store';

jest.setTimeout(60000);

/** The store, counting the transactions run on it; each waits for `gate` first. */
function counting(db: Database): { db: Database; transactions: () => number; gate: { open: Promise<void> } } {
  let n = 0;
  const gate = { open: Promise.resolve() };
  return {
    db: {
      ...db,
      transaction: (work) => {
        n++;
        return gate.open.then(() => db.transaction(work));
      },
    },
    transactions: () => n,
    gate,
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Everything the advices left in the store, by customer, without ids a store hands out in its own order. */
async function outcome(p: Programme, customers: readonly string[]) {
  const by: Record<string, unknown> = {};
  for (const c of customers) {
    const events = await p.db.query<{ envelope: string }>(`SELECT envelope FROM event_outbox WHERE envelope::json->>'customerId' = $1 ORDER BY seq`, [c]);
    by[c] = {
      balances: await p.db.query(
        `SELECT a.code, a.unit, sum(CASE WHEN p.side = a.normal_side THEN p.amount ELSE -p.amount END)::text AS balance
         FROM ledger_accounts a JOIN postings p ON p.account_id = a.id WHERE a.customer_id = $1 GROUP BY a.code, a.unit ORDER BY a.code, a.unit`,
        [c],
      ),
      advices: await p.db.query(
        `SELECT event_key, kind, status, journal_key, reversed_minor::text, refusal FROM card_events WHERE customer_id = $1 ORDER BY event_key`,
        [c],
      ),
      journals: await p.db.query(
        `SELECT j.idempotency_key, j.kind, json_agg(json_build_array(a.code, p.side, p.amount::text) ORDER BY p.id) AS postings
         FROM journals j JOIN postings p ON p.journal_id = j.id JOIN ledger_accounts a ON a.id = p.account_id
         WHERE j.customer_id = $1 GROUP BY j.id ORDER BY j.idempotency_key`,
        [c],
      ),
      events: events.map((r) => {
        const e = JSON.parse(r.envelope) as { type: string; key: string; payload: Record<string, unknown> };
        const { journalId, ...payload } = e.payload;
        return { type: e.type, key: e.key, payload, journal: journalId === undefined ? 'none' : 'some' };
      }),
    };
  }
  return by;
}

describe('card advices in one group commit', () => {
  const opened: Database[] = [];
  beforeAll(() => assertPgliteUsableUnderJest());
  afterAll(async () => {
    for (const db of opened) await db.close();
  });

  it('end as the same advices one at a time: answers, balances, rows, journals and events', async () => {
    const open = async () => {
      const store = counting(await openPglite('memory://', 'loyalty'));
      opened.push(store.db);
      return { p: await programmeOn(store.db), transactions: store.transactions, gate: store.gate };
    };
    const serial = await open();
    const batched = await open();
    for (const { p } of [serial, batched]) {
      await activateBoost(p.db, {
        activationId: 'boost-b6',
        customerId: 'B-6',
        partnerId: 'P-1',
        merchantIds: ['M-BOOSTED'],
        rateBasisPoints: 500,
        validFrom: '2025-01-01T00:00:00Z',
        validUntil: '2026-01-01T00:00:00Z',
      });
    }
    const auth = advice({ customerId: 'B-2', kind: 'AUTHORISATION', amountMinor: 4000n, mcc: '5411' });
    const p3 = advice({ customerId: 'B-3', amountMinor: 20000n });
    const p4 = advice({ customerId: 'B-4', amountMinor: 8000n });
    const p5 = advice({ customerId: 'B-5' });
    const advices: CardAdvice[] = [
      advice({ customerId: 'B-0' }),
      advice({ customerId: 'B-1', amountMinor: 12345n }),
      advice({ customerId: 'B-1', amountMinor: 6789n, mcc: '5411' }),
      auth,
      completing(auth),
      p3,
      advice({ customerId: 'B-3', kind: 'REVERSAL', originalKey: p3.key, amountMinor: 5000n }),
      advice({ customerId: 'B-4', kind: 'REVERSAL', originalKey: p4.key, amountMinor: 8000n }),
      p4,
      p5,
      { ...p5, repeat: true },
      advice({ customerId: 'B-6', merchantId: 'M-BOOSTED' }),
      advice({ customerId: 'B-7', amountMinor: 99n }),
      advice({ customerId: 'B-1', amountMinor: 500n }),
    ];
    const customers = [...new Set(advices.map((a) => a.customerId))];

    const before = { serial: serial.transactions(), batched: batched.transactions() };
    const one: string[] = [];
    for (const a of advices) one.push(await serial.p.sink.apply(a));
    // B-0's advice opens the first transaction, held at its start until the others are queued, in
    // their order (the card feed applies one card's advices in order; each starts once the one
    // before it is queued), so they share the next one
    let release = () => {};
    batched.gate.open = new Promise((resolve) => (release = resolve));
    const answers: Array<Promise<string>> = [];
    for (const a of advices) {
      answers.push(batched.p.sink.apply(a));
      await tick();
    }
    release();
    const together = await Promise.all(answers);

    expect(serial.transactions() - before.serial).toBe(advices.length);
    expect(batched.transactions() - before.batched).toBe(2);
    expect(together).toEqual(one);
    expect(one).toEqual([
      'APPLIED',
      'APPLIED',
      'APPLIED',
      'APPLIED',
      'APPLIED',
      'APPLIED',
      'APPLIED',
      'HELD',
      'APPLIED',
      'APPLIED',
      'DUPLICATE',
      'APPLIED',
      'APPLIED',
      'APPLIED',
    ]);
    const expected = await outcome(serial.p, customers);
    expect(await outcome(batched.p, customers)).toEqual(expected);
    // the comparison compares something: B-1's three purchases, each PointsChanged with its running balance
    const b1 = expected['B-1'] as { events: Array<{ type: string; payload: { balance?: string } }> };
    expect(b1.events.filter((e) => e.type === 'PointsChanged').map((e) => e.payload.balance)).toEqual(['123', '190', '195']);
    await serial.p.check();
    await batched.p.check();
  });
});
