// The in-app inbox is written with the decision (MessageStore.decideOnce's `inbox`): the message,
// its decisions, its inbox row and its attempt commit together, in one transaction a trigger, and
// the live feed hears of the item only after that commit. A failed inbox write takes the decision
// back with it, so the trigger is decided again when its event comes again; a decision taken before
// (without its inbox row) is delivered on replay. PGlite, and PostgreSQL when DATABASE_URL is set.
import type { Database, Queryable } from '../../../lib/db/database';
import { migrate } from '../../../lib/db/migrate';
import { type OpenedStore, serviceStores } from '../../../test/support/temp-stores';
import { MIGRATIONS } from '../src/db/migrations';
import { MessageStore } from '../src/db/message-store';
import { InboxDelivery } from '../src/adapters/inbox-delivery';
import { type InboxItem, NotificationEngine } from '../src/domain/engine';
import type { Trigger } from '../src/domain/triggers';

const NOW = new Date('2025-03-15T10:00:00Z');

/** `db` with its commits counted (a transaction, or a statement outside one) and a statement that can be made to fail. */
function watched(db: Database) {
  const seen = { commits: 0, failNext: undefined as RegExp | undefined };
  const inTx = (tx: Queryable): Queryable => ({
    ...tx,
    query: (text, params) => {
      if (seen.failNext?.test(text)) {
        seen.failNext = undefined;
        return Promise.reject(new Error('disk full'));
      }
      return tx.query(text, params);
    },
  });
  const store: Database = {
    ...db,
    query: (text, params) => {
      seen.commits++;
      return db.query(text, params);
    },
    transaction: async (work) => {
      const out = await db.transaction((tx) => work(inTx(tx)));
      seen.commits++;
      return out;
    },
  };
  return { store, seen };
}

describe.each(serviceStores('engagement', 'inbox with the decision'))('the inbox written with the decision, on %s', (_name, open) => {
  let opened: OpenedStore | undefined;
  let seq = 0;
  const trigger = (customerId: string): Trigger => ({
    id: `cb-${++seq}`,
    customerId,
    occurredAt: NOW,
    kind: 'CASHBACK_EARNED',
    amount: { minor: 47n, currency: 'EUR' },
    merchantName: 'Grocer',
  });

  beforeAll(async () => {
    opened = await open();
    await migrate(opened.db, MIGRATIONS);
  });

  afterAll(async () => {
    await opened?.dispose();
  });

  function engineOn(db: Database) {
    const messages = new MessageStore(db);
    const published: InboxItem[] = [];
    const inbox = new InboxDelivery(messages, (item) => Promise.resolve(void published.push(item)));
    return { messages, published, engine: new NotificationEngine({ store: messages, deliveries: [inbox], clock: () => NOW }) };
  }

  it('commits the decision, the inbox row and the attempt in one transaction, then publishes the item once', async () => {
    const { store, seen } = watched(opened!.db);
    const { messages, published, engine } = engineOn(store);
    const t = trigger('C-1');
    await engine.handle(t);
    expect(seen.commits).toBe(1);
    expect(published.map((p) => [p.id, p.customerId, p.visibleAt.toISOString()])).toEqual([[t.id, 'C-1', NOW.toISOString()]]);
    const [shown] = await messages.inbox('C-1', NOW, 10);
    expect(shown?.key).toEqual(published[0]?.key);
    expect(await messages.attempts(t.id)).toEqual([{ channel: 'IN_APP', outcome: 'DELIVERED' }]);

    // the event again: answered from the record, nothing written or published twice
    const again = await engine.handle(t);
    expect(again.replayed).toBe(true);
    expect(published).toHaveLength(1);
    expect(await messages.attempts(t.id)).toHaveLength(1);
    expect(await messages.inbox('C-1', NOW, 10)).toHaveLength(1);
  });

  it('takes the decision back when the inbox write fails, and decides again when the event comes again', async () => {
    const { store, seen } = watched(opened!.db);
    const { messages, published, engine } = engineOn(store);
    const t = trigger('C-2');
    seen.failNext = /INSERT INTO inbox/;
    await expect(engine.handle(t)).rejects.toThrow('disk full');
    expect(published).toHaveLength(0);
    expect(await messages.attempts(t.id)).toEqual([]);
    expect((await opened!.db.query('SELECT id FROM messages WHERE id = $1', [t.id])).length).toBe(0);

    const second = await engine.handle(t);
    expect(second.replayed).toBe(false);
    expect(published.map((p) => p.id)).toEqual([t.id]);
    expect(await messages.attempts(t.id)).toEqual([{ channel: 'IN_APP', outcome: 'DELIVERED' }]);
  });

  it('delivers on replay a decision that was recorded without its inbox row', async () => {
    const { messages, published, engine } = engineOn(opened!.db);
    const t = trigger('C-3');
    // as a decision from before the inbox went with it: recorded, not yet delivered
    await messages.decideOnce(t, NOW, () => ({
      message: {
        id: t.id,
        customerId: 'C-3',
        kind: t.kind,
        topic: 'REWARDS',
        class: 'SERVICE',
        title: 'Cash back',
        body: 'EUR 0.47',
        locale: 'en',
        direction: 'LTR',
        occurredAt: NOW,
        decidedAt: NOW,
      },
      decisions: [{ channel: 'IN_APP', outcome: 'SENT', deliverAt: NOW }],
    }));
    expect(await messages.inbox('C-3', NOW, 10)).toEqual([]);

    const replay = await engine.handle(t);
    expect(replay.replayed).toBe(true);
    expect(published.map((p) => p.id)).toEqual([t.id]);
    expect((await messages.inbox('C-3', NOW, 10)).map((i) => i.id)).toEqual([t.id]);
    expect(await messages.attempts(t.id)).toEqual([{ channel: 'IN_APP', outcome: 'DELIVERED' }]);
  });
});
