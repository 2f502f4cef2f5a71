// Contacts: the pure rules (first response time, which changes a contact allows, the input checks)
// and the store on PGlite, and PostgreSQL when DATABASE_URL is set: an agent contact's first
// response set by its first action only, refusals that change nothing, two ends racing, a kiosk that
// cannot touch another customer's session, pagination, and the facts of a period the metrics read.
import { migrate } from '../../../lib/db/migrate';
import { type OpenedStore, serviceStores } from '../../../test/support/temp-stores';
import { MIGRATIONS } from '../src/db/migrations';
import { ContactStore } from '../src/db/contact-store';
import {
  checkAgentContact,
  checkReasons,
  checkSelfServiceSession,
  type Contact,
  ContactInputError,
  firstResponseMs,
  mergeReasons,
  transitionRefusal,
} from '../src/domain/contacts';
import { refusalOf } from '../../../test/support/present';

const START = Date.parse('2026-06-01T09:00:00Z');
const MIN = 60_000;

describe('contact rules', () => {
  const open = { selfService: false, endedAt: undefined };
  const ended = { selfService: false, endedAt: new Date(START) };
  const session = { selfService: true, endedAt: undefined };

  it('measures the first response from the start to the first action, never below zero', () => {
    expect(firstResponseMs({ startedAt: new Date(START) })).toBeUndefined();
    expect(firstResponseMs({ startedAt: new Date(START), firstResponseAt: new Date(START + 95_500) })).toBe(95_500);
    // another replica's clock a little behind: an immediate response, not a negative one
    expect(firstResponseMs({ startedAt: new Date(START), firstResponseAt: new Date(START - 200) })).toBe(0);
  });

  it.each([
    ['an action on an open agent contact', open, { kind: 'ACTION' }, undefined],
    ['an agent ending an open agent contact', open, { kind: 'END', by: 'AGENT' }, undefined],
    ['an action on an ended contact', ended, { kind: 'ACTION' }, 'ALREADY_ENDED'],
    ['an agent ending an ended contact', ended, { kind: 'END', by: 'AGENT' }, 'ALREADY_ENDED'],
    ['an action on a self-service session', session, { kind: 'ACTION' }, 'WRONG_KIND'],
    ['an agent ending a self-service session', session, { kind: 'END', by: 'AGENT' }, 'WRONG_KIND'],
    ['the device ending its session', session, { kind: 'END', by: 'SELF_SERVICE' }, undefined],
    ['the device ending an agent contact', open, { kind: 'END', by: 'SELF_SERVICE' }, 'WRONG_KIND'],
    ['the device ending its ended session', { ...session, endedAt: new Date(START) }, { kind: 'END', by: 'SELF_SERVICE' }, 'ALREADY_ENDED'],
  ] as const)('judges %s', (_what, c, change, refusal) => {
    expect(transitionRefusal(c, change)).toBe(refusal);
  });

  it('keeps each reason once, in the order first given', () => {
    expect(mergeReasons(['DISPUTE', 'OTHER'], ['CARD_BLOCKED', 'DISPUTE'])).toEqual(['DISPUTE', 'OTHER', 'CARD_BLOCKED']);
    expect(checkReasons(['COMPLAINT', 'COMPLAINT'], 'reasonCodes')).toEqual(['COMPLAINT']);
    expect(checkReasons(undefined, 'reasonCodes')).toEqual([]);
  });

  it.each([
    ['a customer id with a slash', () => checkAgentContact({ customerId: 'C-1/../2', channel: 'PHONE', reasonCodes: [] }, 'agent-1'), 'customerId'],
    ['a self-service channel for an agent', () => checkAgentContact({ customerId: 'C-000001', channel: 'KIOSK', reasonCodes: [] }, 'agent-1'), 'channel'],
    ['an unknown reason', () => checkAgentContact({ customerId: 'C-000001', channel: 'CHAT', reasonCodes: ['LOST_DOG'] }, 'agent-1'), 'reasonCodes'],
    [
      'too many reasons',
      () =>
        checkReasons(
          Array.from({ length: 23 }, () => 'OTHER'),
          'reasonCodes',
        ),
      'reasonCodes',
    ],
    ['an agent channel for a session', () => checkSelfServiceSession('C-000001', 'PHONE', []), 'channel'],
  ])('refuses %s, naming the field', (_what, check, field) => {
    const err = refusalOf(check);
    expect(err).toBeInstanceOf(ContactInputError);
    expect(err).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('takes good starts', () => {
    expect(checkAgentContact({ customerId: 'C-000001', channel: 'BRANCH', reasonCodes: ['DISPUTE', 'DISPUTE'] }, 'agent-1')).toEqual({
      customerId: 'C-000001',
      channel: 'BRANCH',
      selfService: false,
      agent: 'agent-1',
      reasons: ['DISPUTE'],
    });
    expect(checkSelfServiceSession('C-000001', 'VISUAL_IVR', null)).toEqual({ customerId: 'C-000001', channel: 'VISUAL_IVR', selfService: true, reasons: [] });
  });
});

describe.each(serviceStores('engagement', 'contacts'))('contacts on %s', (_name, open) => {
  let opened: OpenedStore | undefined;
  let store: ContactStore;
  let now = START;
  const at = () => new Date(now);
  const snapshot = async () => ({
    contacts: await opened!.db.query('SELECT * FROM contacts ORDER BY id'),
    actions: await opened!.db.query('SELECT * FROM contact_actions ORDER BY contact_id, seq'),
  });
  const agentContact = (customerId: string, channel: 'PHONE' | 'CHAT' | 'BRANCH' = 'PHONE', agent = 'agent-1') =>
    store.start(checkAgentContact({ customerId, channel, reasonCodes: ['CARD_BLOCKED'] }, agent), at());

  beforeAll(async () => {
    opened = await open();
    await migrate(opened.db, MIGRATIONS);
    store = new ContactStore(opened.db);
  });

  afterAll(async () => {
    await opened?.dispose();
  });

  it('sets the first response at the first agent action only, and keeps every action in order', async () => {
    const c = await agentContact('C-000001');
    expect(c).toMatchObject({ customerId: 'C-000001', channel: 'PHONE', selfService: false, agent: 'agent-1', reasons: ['CARD_BLOCKED'], actionCount: 0 });
    expect(c.id).toMatch(/^ctc_[0-9a-f]{24}$/);
    expect(firstResponseMs(c)).toBeUndefined();

    now += 2 * MIN + 5_000;
    const first = await store.recordAction(c.id, 'REPLIED', 'agent-1', at());
    expect(first).toMatchObject({ result: 'OK', contact: { firstResponseAt: at(), actionCount: 1 } });
    now += 3 * MIN;
    const second = await store.recordAction(c.id, 'CARD_BLOCKED', 'agent-2', at());
    expect(second.result).toBe('OK');
    const read = (await store.get(c.id)) as Contact;
    expect(firstResponseMs(read)).toBe(2 * MIN + 5_000);
    expect(read.actionCount).toBe(2);
    expect((await store.actions(c.id)).map((a) => [a.seq, a.action, a.agent, a.at.getTime() - START])).toEqual([
      [1, 'REPLIED', 'agent-1', 2 * MIN + 5_000],
      [2, 'CARD_BLOCKED', 'agent-2', 5 * MIN + 5_000],
    ]);

    now += MIN;
    const ended = await store.end(c.id, { kind: 'AGENT', agent: 'agent-2' }, true, ['DISPUTE', 'CARD_BLOCKED'], at());
    expect(ended).toMatchObject({ result: 'OK', contact: { endedAt: at(), resolved: true, endedBy: 'agent-2', reasons: ['CARD_BLOCKED', 'DISPUTE'] } });
    expect(await store.get(c.id)).toEqual((ended as { contact: Contact }).contact);
  });

  it('refuses changes to an ended contact, an unknown one, or the wrong kind, and changes nothing', async () => {
    const c = await agentContact('C-000002');
    await store.end(c.id, { kind: 'AGENT', agent: 'agent-1' }, false, [], at());
    const session = await store.start(checkSelfServiceSession('C-000002', 'KIOSK', ['BALANCE_ENQUIRY']), at());
    const before = await snapshot();
    now += MIN;
    expect(await store.recordAction(c.id, 'REPLIED', 'agent-1', at())).toEqual({ result: 'ALREADY_ENDED' });
    expect(await store.end(c.id, { kind: 'AGENT', agent: 'agent-1' }, true, ['OTHER'], at())).toEqual({ result: 'ALREADY_ENDED' });
    expect(await store.recordAction('ctc_000000000000000000000000', 'REPLIED', 'agent-1', at())).toEqual({ result: 'NOT_FOUND' });
    expect(await store.recordAction(session.id, 'REPLIED', 'agent-1', at())).toEqual({ result: 'WRONG_KIND' });
    expect(await store.end(session.id, { kind: 'AGENT', agent: 'agent-1' }, true, [], at())).toEqual({ result: 'WRONG_KIND' });
    // a device sees neither another customer's session nor an agent contact: both unknown to it
    expect(await store.end(session.id, { kind: 'SELF_SERVICE', customerId: 'C-000003' }, true, [], at())).toEqual({ result: 'NOT_FOUND' });
    const open = await agentContact('C-000002');
    const withOpen = await snapshot();
    expect(await store.end(open.id, { kind: 'SELF_SERVICE', customerId: 'C-000002' }, true, [], at())).toEqual({ result: 'NOT_FOUND' });
    expect(await snapshot()).toEqual(withOpen);
    expect(withOpen.contacts.filter((r) => r.id !== open.id)).toEqual(before.contacts);
    expect(withOpen.actions).toEqual(before.actions);
  });

  it('ends a self-service session once, with no agent and no first response', async () => {
    const s = await store.start(checkSelfServiceSession('C-000004', 'VISUAL_IVR', ['TRANSFER_STATUS']), at());
    expect(s).toMatchObject({ selfService: true, channel: 'VISUAL_IVR', reasons: ['TRANSFER_STATUS'] });
    expect(s.agent).toBeUndefined();
    now += 90_000;
    const ended = await store.end(s.id, { kind: 'SELF_SERVICE', customerId: 'C-000004' }, false, [], at());
    expect(ended).toMatchObject({ result: 'OK', contact: { resolved: false, endedAt: at() } });
    expect((ended as { contact: Contact }).contact.endedBy).toBeUndefined();
    expect(firstResponseMs((ended as { contact: Contact }).contact)).toBeUndefined();
    expect(await store.end(s.id, { kind: 'SELF_SERVICE', customerId: 'C-000004' }, true, [], at())).toEqual({ result: 'ALREADY_ENDED' });
    expect((await store.get(s.id))?.resolved).toBe(false);
  });

  it('lets one of two agents ending the same contact at once win', async () => {
    const c = await agentContact('C-000005');
    now += MIN;
    const results = await Promise.all([
      store.end(c.id, { kind: 'AGENT', agent: 'agent-1' }, true, [], at()),
      store.end(c.id, { kind: 'AGENT', agent: 'agent-2' }, false, ['COMPLAINT'], at()),
    ]);
    expect(results.map((r) => r.result).sort()).toEqual(['ALREADY_ENDED', 'OK']);
    const winner = results.find((r) => r.result === 'OK') as { contact: Contact };
    expect(await store.get(c.id)).toEqual(winner.contact);
  });

  it('pages through a customer’s contacts newest first, and lists only the open ones when asked', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      now += MIN;
      ids.push((await agentContact('C-000006', 'CHAT')).id);
    }
    // two started in the same millisecond: the id orders them
    ids.push((await agentContact('C-000006', 'CHAT')).id);
    await store.end(ids[1]!, { kind: 'AGENT', agent: 'agent-1' }, true, [], at());
    const newestFirst = [...ids.slice(0, 4)].reverse();
    const lastTwo = [ids[4]!, ids[5]!].sort().reverse();
    const expected = [...lastTwo, ...newestFirst];

    const seen: string[] = [];
    let after;
    for (;;) {
      const page = await store.listForCustomer('C-000006', 3, after);
      seen.push(...page.slice(0, 2).map((c) => c.id));
      if (page.length <= 2) break;
      after = page[1]!.key;
    }
    expect(seen).toEqual(expected);
    expect((await store.listForCustomer('C-000006', 10, undefined, true)).map((c) => c.id)).toEqual(expected.filter((id) => id !== ids[1]));
    expect(await store.listForCustomer('C-000099', 10)).toEqual([]);
  });

  it('answers the contacts of a period by channel and self-service, with their facts', async () => {
    now = START + 10 * 86_400_000;
    const from = at();
    // a kiosk session that ends unresolved, then the same customer calls: the facts tell it
    const kiosk = await store.start(checkSelfServiceSession('C-000007', 'KIOSK', ['CARD_NOT_RECEIVED']), at());
    now += 4 * MIN;
    await store.end(kiosk.id, { kind: 'SELF_SERVICE', customerId: 'C-000007' }, false, [], at());
    now += 10 * MIN;
    const call = await agentContact('C-000007', 'PHONE');
    now += 30_000;
    await store.recordAction(call.id, 'INFORMATION_GIVEN', 'agent-1', at());
    await store.end(call.id, { kind: 'AGENT', agent: 'agent-1' }, true, ['CARD_NOT_RECEIVED'], at());
    now += MIN;
    const to = at();
    await agentContact('C-000007', 'CHAT'); // at `to`: outside the period

    const all = await store.inPeriod({ from, to });
    expect(all.map((c) => [c.channel, c.selfService, c.resolved, c.customerId])).toEqual([
      ['KIOSK', true, false, 'C-000007'],
      ['PHONE', false, true, 'C-000007'],
    ]);
    expect(firstResponseMs(all[1]!)).toBe(30_000);
    expect(all[0]!.endedAt!.getTime() - all[0]!.startedAt.getTime()).toBe(4 * MIN);
    expect((await store.inPeriod({ from, to, selfService: true })).map((c) => c.id)).toEqual([kiosk.id]);
    expect((await store.inPeriod({ from, to, channels: ['PHONE', 'CHAT'] })).map((c) => c.id)).toEqual([call.id]);
    expect(await store.inPeriod({ from, to, channels: ['BRANCH'] })).toEqual([]);
  });
});
