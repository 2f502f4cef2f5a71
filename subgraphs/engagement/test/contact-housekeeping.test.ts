// The contacts' housekeeping pass on PGlite, and PostgreSQL when DATABASE_URL is set: self-service
// sessions the device never ended are ended unresolved and abandoned once older than the longest
// session (agent contacts and young sessions are left alone, a device's late end is refused), and a
// feedback request whose after-commit notification failed is handed to the engine again, once.
import { migrate } from '../../../lib/db/migrate';
import { type OpenedStore, serviceStores } from '../../../test/support/temp-stores';
import { MIGRATIONS } from '../src/db/migrations';
import { ContactStore } from '../src/db/contact-store';
import { FeedbackStore, requestIn } from '../src/db/feedback-store';
import { MessageStore } from '../src/db/message-store';
import { InboxDelivery } from '../src/adapters/inbox-delivery';
import { ContactHousekeeping } from '../src/adapters/contact-housekeeping';
import { FeedbackRequester } from '../src/adapters/feedback-requests';
import { NotificationEngine } from '../src/domain/engine';
import { checkAgentContact, checkSelfServiceSession } from '../src/domain/contacts';
import { contactMoment, feedbackRequestId } from '../src/domain/feedback';
import type { Trigger } from '../src/domain/triggers';
import pino from 'pino';

const START = Date.parse('2026-06-01T09:00:00Z');
const MIN = 60_000;
const log = pino({ level: 'silent' });

describe.each(serviceStores('engagement', 'housekeeping'))('contact housekeeping on %s', (_name, open) => {
  let opened: OpenedStore | undefined;
  let contacts: ContactStore;
  let feedback: FeedbackStore;
  let engine: NotificationEngine;
  let now = START;
  const at = () => new Date(now);
  /** the engine, failing while `down` */
  let down = false;
  const handed: Trigger[] = [];
  const flakyEngine = {
    handle: async (t: Trigger) => {
      handed.push(t);
      if (down) throw new Error('engine store unavailable');
      return engine.handle(t);
    },
  };
  let pass: ContactHousekeeping;

  beforeAll(async () => {
    opened = await open();
    await migrate(opened.db, MIGRATIONS);
    const messages = new MessageStore(opened.db);
    engine = new NotificationEngine({ store: messages, deliveries: [new InboxDelivery(messages)], clock: at });
    feedback = new FeedbackStore(opened.db);
    contacts = new ContactStore(opened.db, (tx, ended, when) => requestIn(tx, contactMoment(ended, when), when));
    pass = new ContactHousekeeping(contacts, feedback, flakyEngine, { selfServiceMaxMs: 30 * MIN, batchSize: 2, clock: at, log });
  });

  afterAll(async () => {
    await opened?.dispose();
  });

  it('ends the self-service sessions open past 30 minutes as unresolved and abandoned, and nothing else', async () => {
    now = START;
    const old = await Promise.all(['C-000201', 'C-000202', 'C-000203'].map((c) => contacts.start(checkSelfServiceSession(c, 'KIOSK', []), at())));
    const agent = await contacts.start(checkAgentContact({ customerId: 'C-000204', channel: 'PHONE' }, 'agent-1'), at());
    const ivr = await contacts.start(checkSelfServiceSession('C-000205', 'VISUAL_IVR', []), at());
    await contacts.end(ivr.id, { kind: 'SELF_SERVICE', customerId: 'C-000205' }, true, [], new Date(now + MIN));
    now = START + 20 * MIN;
    const young = await contacts.start(checkSelfServiceSession('C-000206', 'KIOSK', []), at());

    now = START + 30 * MIN - 1;
    expect((await pass.run()).abandoned).toBe(0);
    now = START + 31 * MIN;
    // three sessions in steps of two: the pass goes on until a step comes back short
    expect(await pass.run()).toMatchObject({ abandoned: 3 });
    for (const s of old) expect(await contacts.get(s.id)).toMatchObject({ endedAt: at(), resolved: false, abandoned: true });
    expect((await contacts.get(agent.id))?.endedAt).toBeUndefined();
    expect(await contacts.get(ivr.id)).toMatchObject({ resolved: true });
    expect((await contacts.get(ivr.id))?.abandoned).toBeUndefined();
    expect((await contacts.get(young.id))?.endedAt).toBeUndefined();
    // nobody finished an abandoned session: nobody is asked how it went
    for (const s of old) expect(await feedback.get(feedbackRequestId('SELF_SERVICE', s.id))).toBeUndefined();
    // the device coming back later cannot end it again
    expect((await contacts.end(old[0]!.id, { kind: 'SELF_SERVICE', customerId: 'C-000201' }, true, [], at())).result).toBe('ALREADY_ENDED');
    expect((await pass.run()).abandoned).toBe(0);
  });

  it('hands a feedback request whose notification failed to the engine again, once it is a minute old, and only once', async () => {
    now = START + 2 * 3_600_000;
    const requester = new FeedbackRequester(feedback, flakyEngine, at);
    const c = await contacts.start(checkAgentContact({ customerId: 'C-000211', channel: 'CHAT' }, 'agent-1'), at());
    now += 5 * MIN;
    await contacts.end(c.id, { kind: 'AGENT', agent: 'agent-1' }, true, [], at());
    const id = feedbackRequestId('CONTACT', c.id);
    down = true;
    await requester.notifyWritten('CONTACT', c.id, log);
    down = false;
    expect(handed.map((t) => t.id)).toContain(id);

    // within the grace minute the after-commit notification may still be under way: left alone
    now += 30_000;
    handed.length = 0;
    expect(await pass.run()).toMatchObject({ renotified: 0 });
    expect(handed).toEqual([]);

    now += 31_000;
    expect(await pass.run()).toMatchObject({ renotified: 1, failed: 0 });
    expect(handed).toEqual([expect.objectContaining({ id, customerId: 'C-000211', kind: 'FEEDBACK_REQUEST' })]);
    const [message] = await opened!.db.query<{ id: string }>('SELECT id FROM messages WHERE id = $1', [id]);
    expect(message?.id).toBe(id);

    // decided now: the next pass leaves it
    handed.length = 0;
    expect(await pass.run()).toMatchObject({ renotified: 0 });
    expect(handed).toEqual([]);
  });

  it('keeps a request the engine fails again for the next pass, and gives up on it after a day', async () => {
    now = START + 5 * 3_600_000;
    const c = await contacts.start(checkAgentContact({ customerId: 'C-000221', channel: 'PHONE' }, 'agent-1'), at());
    await contacts.end(c.id, { kind: 'AGENT', agent: 'agent-1' }, false, [], at());
    const id = feedbackRequestId('CONTACT', c.id);
    now += 2 * MIN;
    down = true;
    expect(await pass.run()).toMatchObject({ renotified: 0, failed: 1 });
    expect(await pass.run()).toMatchObject({ failed: 1 });
    down = false;
    // a day and more later the customer is not asked any more
    now += 24 * 3_600_000;
    handed.length = 0;
    expect(await pass.run()).toMatchObject({ renotified: 0, failed: 0 });
    expect(handed).toEqual([]);
    expect(await opened!.db.query('SELECT id FROM messages WHERE id = $1', [id])).toEqual([]);
  });
});
