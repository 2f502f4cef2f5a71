// Contacts through the engagement subgraph's GraphQL, called with a signed internal token as the
// gateway calls it: staff with staff:contacts:write start, act on and end contacts; the kiosk runs
// the signed-in customer's self-service sessions; everyone else is refused with the right code and
// nothing is stored; agent ids reach staff only; a customer's contacts page newest first.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Caller, InternalTokenSigner, INTERNAL_TOKEN_HEADER } from '../../../lib/internal-auth';
import { STAFF_CAMPAIGNS_WRITE_SCOPE, STAFF_CONTACTS_READ_SCOPE, STAFF_CONTACTS_WRITE_SCOPE, STAFF_READ_SCOPE } from '../../../lib/access';
import { startEngagement, type RunningEngagement } from '../src/server';
import { ContactStore } from '../src/db/contact-store';
import { freePort, tempDir } from '../../../scripts/lib/processes';
import { gql } from '../../../test/support/stack';

const START = Date.parse('2026-06-01T09:00:00Z');
let now = START;
const agent: Caller = { subject: 'agent-7', channel: 'staff', scopes: [STAFF_CONTACTS_WRITE_SCOPE] };
const viewer: Caller = { subject: 'agent-8', channel: 'staff', scopes: [STAFF_CONTACTS_READ_SCOPE] };
const callCentre: Caller = { subject: 'agent-9', channel: 'staff', scopes: [STAFF_READ_SCOPE] };
const marketer: Caller = { subject: 'agent-10', channel: 'staff', scopes: [STAFF_CAMPAIGNS_WRITE_SCOPE] };
// a customer's app, even with the staff scope in its token
const customer: Caller = { subject: 'C-000001', customerId: 'C-000001', channel: 'web', scopes: ['customer:read', STAFF_CONTACTS_WRITE_SCOPE] };
const kiosk = (customerId: string): Caller => ({ subject: customerId, customerId, channel: 'kiosk', scopes: ['customer:read'], clientName: 'kiosk' });

const FIELDS =
  'id customerId channel selfService status reasonCodes startedAt firstResponseAt firstResponseSeconds endedAt resolved abandoned agentId actions { action agentId at }';
const START_CONTACT = `mutation($input: StartContactInput!) { startContact(input: $input) { ${FIELDS} } }`;
const ACT = `mutation($id: ID!, $action: ContactAction!) { recordContactAction(id: $id, action: $action) { ${FIELDS} } }`;
const END = `mutation($id: ID!, $input: EndContactInput!) { endContact(id: $id, input: $input) { ${FIELDS} } }`;
const START_SESSION = `mutation($channel: SelfServiceChannel!, $reasonCodes: [ContactReasonCode!]!) { startSelfServiceSession(channel: $channel, reasonCodes: $reasonCodes) { ${FIELDS} } }`;
const END_SESSION = `mutation($id: ID!, $resolved: Boolean!) { endSelfServiceSession(id: $id, resolved: $resolved) { ${FIELDS} } }`;
const ONE = `query($id: ID!) { contact(id: $id) { ${FIELDS} } }`;
const OF_CUSTOMER = `
  query($id: ID!, $first: Int, $after: String, $openOnly: Boolean) {
    _entities(representations: [{ __typename: "Customer", id: $id }]) {
      ... on Customer { contacts(first: $first, after: $after, openOnly: $openOnly) { edges { cursor node { id status agentId resolved abandoned } } pageInfo { hasNextPage endCursor } } }
    }
  }`;

let dir: string;
let signer: InternalTokenSigner;
let svc: RunningEngagement;

async function call(caller: Caller, query: string, variables: Record<string, unknown> = {}) {
  return (await gql(svc.url, query, { variables, headers: { [INTERNAL_TOKEN_HEADER]: await signer.sign(caller) } })).body;
}

const codeOf = (body: { errors?: Array<{ extensions?: { code?: string } }> }) => body.errors?.[0]?.extensions?.code;
const stored = async () => ({
  contacts: await svc.db.query('SELECT * FROM contacts ORDER BY id'),
  actions: await svc.db.query('SELECT * FROM contact_actions ORDER BY contact_id, seq'),
});

beforeAll(async () => {
  process.env.LOG_LEVEL ??= 'warn';
  dir = tempDir('corebridge-engagement-contacts-');
  signer = await InternalTokenSigner.fromKeysDir(join(dir, 'keys'));
  svc = await startEngagement({ port: await freePort(), keysDir: join(dir, 'keys'), dataDir: 'memory://', clock: () => new Date(now) });
}, 60000);

afterAll(async () => {
  await svc?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('contacts over GraphQL', () => {
  it.each([
    ['a customer, even with the scope in the token', customer],
    ['a customer on a kiosk', kiosk('C-000001')],
    ['call-centre staff without the contacts scope', callCentre],
    ['staff who may only read contacts', viewer],
    ['marketing staff', marketer],
  ])('refuses %s starting a contact: FORBIDDEN, nothing stored', async (_who, caller) => {
    const body = await call(caller, START_CONTACT, { input: { customerId: 'C-000001', channel: 'PHONE', reasonCodes: ['DISPUTE'] } });
    expect(codeOf(body)).toBe('FORBIDDEN');
    expect((await stored()).contacts).toEqual([]);
  });

  it.each([
    ['a self-service channel', { customerId: 'C-000001', channel: 'KIOSK' }, 'channel'],
    ['a customer id with a space', { customerId: 'C 1', channel: 'PHONE' }, 'customerId'],
    ['too many reason codes', { customerId: 'C-000001', channel: 'CHAT', reasonCodes: Array.from({ length: 23 }, () => 'OTHER') }, 'reasonCodes'],
  ])('refuses %s with BAD_USER_INPUT naming it, and stores nothing', async (_what, input, argumentName) => {
    const body = await call(agent, START_CONTACT, { input });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName });
    expect((await stored()).contacts).toEqual([]);
  });

  it('records a contact: the first action sets the first response, the end its outcome', async () => {
    const started = await call(agent, START_CONTACT, { input: { customerId: 'C-000001', channel: 'PHONE', reasonCodes: ['CARD_BLOCKED'] } });
    expect(started.errors).toBeUndefined();
    const c = started.data.startContact;
    expect(c).toMatchObject({
      customerId: 'C-000001',
      channel: 'PHONE',
      selfService: false,
      status: 'OPEN',
      reasonCodes: ['CARD_BLOCKED'],
      startedAt: new Date(START).toISOString(),
      firstResponseAt: null,
      firstResponseSeconds: null,
      resolved: null,
      agentId: 'agent-7',
      actions: [],
    });
    expect(c.id).toMatch(/^ctc_/);

    now += 47_800;
    const acted = await call(agent, ACT, { id: c.id, action: 'REPLIED' });
    expect(acted.data.recordContactAction).toMatchObject({ firstResponseAt: new Date(now).toISOString(), firstResponseSeconds: 47 });
    now += 60_000;
    await call(agent, ACT, { id: c.id, action: 'CARD_BLOCKED' });
    now += 30_000;
    const ended = await call(agent, END, { id: c.id, input: { resolved: true, reasonCodes: ['CARD_NOT_RECEIVED'] } });
    expect(ended.errors).toBeUndefined();
    expect(ended.data.endContact).toMatchObject({
      status: 'ENDED',
      resolved: true,
      endedAt: new Date(now).toISOString(),
      firstResponseSeconds: 47,
      reasonCodes: ['CARD_BLOCKED', 'CARD_NOT_RECEIVED'],
      actions: [
        { action: 'REPLIED', agentId: 'agent-7', at: new Date(START + 47_800).toISOString() },
        { action: 'CARD_BLOCKED', agentId: 'agent-7', at: new Date(START + 107_800).toISOString() },
      ],
    });

    // ended: nothing more, and the refusal changes nothing
    const before = await stored();
    expect(codeOf(await call(agent, ACT, { id: c.id, action: 'NOTE_ADDED' }))).toBe('CONTACT_ALREADY_ENDED');
    expect(codeOf(await call(agent, END, { id: c.id, input: { resolved: false } }))).toBe('CONTACT_ALREADY_ENDED');
    expect(codeOf(await call(agent, ACT, { id: 'ctc_ffffffffffffffffffffffff', action: 'REPLIED' }))).toBe('CONTACT_NOT_FOUND');
    expect(codeOf(await call(viewer, ACT, { id: c.id, action: 'REPLIED' }))).toBe('FORBIDDEN');
    expect(await stored()).toEqual(before);

    // staff read it; the contacts reader too
    expect((await call(viewer, ONE, { id: c.id })).data.contact).toMatchObject({ id: c.id, agentId: 'agent-7', status: 'ENDED' });
    expect((await call(viewer, ONE, { id: 'ctc_ffffffffffffffffffffffff' })).data.contact).toBeNull();
    for (const caller of [customer, kiosk('C-000001'), marketer]) expect(codeOf(await call(caller, ONE, { id: c.id }))).toBe('FORBIDDEN');
  });

  it('runs a kiosk self-service session for the customer at the kiosk, with no agent', async () => {
    const before = await stored();
    // an agent channel is not a self-service one (the enum refuses it), nor does a web app run sessions
    expect(codeOf(await call(kiosk('C-000002'), START_SESSION, { channel: 'PHONE', reasonCodes: [] }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await call(customer, START_SESSION, { channel: 'KIOSK', reasonCodes: [] }))).toBe('FORBIDDEN');
    expect(codeOf(await call(agent, START_SESSION, { channel: 'KIOSK', reasonCodes: [] }))).toBe('FORBIDDEN');
    expect(await stored()).toEqual(before);

    const started = await call(kiosk('C-000002'), START_SESSION, { channel: 'VISUAL_IVR', reasonCodes: ['TRANSFER_STATUS', 'TRANSFER_STATUS'] });
    expect(started.errors).toBeUndefined();
    const s = started.data.startSelfServiceSession;
    expect(s).toMatchObject({
      customerId: 'C-000002',
      channel: 'VISUAL_IVR',
      selfService: true,
      status: 'OPEN',
      reasonCodes: ['TRANSFER_STATUS'],
      agentId: null,
    });

    // no agent acts on it or ends it; another customer's kiosk does not see it
    expect((await call(agent, ACT, { id: s.id, action: 'REPLIED' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'id' });
    expect(codeOf(await call(agent, END, { id: s.id, input: { resolved: true } }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await call(kiosk('C-000003'), END_SESSION, { id: s.id, resolved: true }))).toBe('CONTACT_NOT_FOUND');
    expect(codeOf(await call(customer, END_SESSION, { id: s.id, resolved: true }))).toBe('FORBIDDEN');

    now += 120_000;
    const ended = await call(kiosk('C-000002'), END_SESSION, { id: s.id, resolved: false });
    expect(ended.errors).toBeUndefined();
    expect(ended.data.endSelfServiceSession).toMatchObject({ status: 'ENDED', resolved: false, firstResponseSeconds: null, agentId: null, actions: [] });
    expect(codeOf(await call(kiosk('C-000002'), END_SESSION, { id: s.id, resolved: true }))).toBe('CONTACT_ALREADY_ENDED');

    // the customer then calls: an agent contact follows the unresolved session
    now += 600_000;
    const followUp = (await call(agent, START_CONTACT, { input: { customerId: 'C-000002', channel: 'PHONE', reasonCodes: ['TRANSFER_STATUS'] } })).data
      .startContact;
    // a kiosk never reaches an agent contact, even the customer's own
    expect(codeOf(await call(kiosk('C-000002'), END_SESSION, { id: followUp.id, resolved: true }))).toBe('CONTACT_NOT_FOUND');
    const facts = await new ContactStore(svc.db).inPeriod({ from: new Date(START), to: new Date(now + 1) });
    expect(facts.filter((c) => c.customerId === 'C-000002').map((c) => [c.channel, c.selfService, c.resolved ?? null])).toEqual([
      ['VISUAL_IVR', true, false],
      ['PHONE', false, null],
    ]);
  });

  it('ends a session the kiosk never ended as abandoned after 30 minutes, and refuses the kiosk ending it later', async () => {
    const s = (await call(kiosk('C-000031'), START_SESSION, { channel: 'KIOSK', reasonCodes: [] })).data.startSelfServiceSession;
    expect(s).toMatchObject({ status: 'OPEN', abandoned: false });
    now += 31 * 60_000;
    expect(await svc.housekeeping.run()).toMatchObject({ abandoned: 1 });
    const read = await call(callCentre, OF_CUSTOMER, { id: 'C-000031' });
    expect(read.data._entities[0].contacts.edges.map((e: any) => [e.node.id, e.node.status, e.node.resolved, e.node.abandoned])).toEqual([
      [s.id, 'ENDED', false, true],
    ]);
    expect(codeOf(await call(kiosk('C-000031'), END_SESSION, { id: s.id, resolved: true }))).toBe('CONTACT_ALREADY_ENDED');
  });

  it('shows agent ids to staff only', async () => {
    const s = (await call(kiosk('C-000004'), START_SESSION, { channel: 'KIOSK', reasonCodes: [] })).data.startSelfServiceSession;
    // the kiosk's answer has no agent, and would not show one
    expect(s.agentId).toBeNull();
    now += 1000;
    const c = (await call(agent, START_CONTACT, { input: { customerId: 'C-000004', channel: 'BRANCH', reasonCodes: [] } })).data.startContact;
    expect((await call(callCentre, OF_CUSTOMER, { id: 'C-000004' })).data._entities[0].contacts.edges.map((e: any) => [e.node.id, e.node.agentId])).toEqual([
      [c.id, 'agent-7'],
      [s.id, null],
    ]);
    // a customer reading themselves gets no contacts at all
    const own = await call({ ...customer, subject: 'C-000004', customerId: 'C-000004' }, OF_CUSTOMER, { id: 'C-000004' });
    expect(own.data._entities[0].contacts).toBeNull();
  });

  it('pages a customer’s contacts newest first, and the open ones only when asked', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      now += 60_000;
      ids.push((await call(agent, START_CONTACT, { input: { customerId: 'C-000005', channel: 'CHAT', reasonCodes: [] } })).data.startContact.id);
    }
    await call(agent, END, { id: ids[1], input: { resolved: true } });
    const page1 = (await call(callCentre, OF_CUSTOMER, { id: 'C-000005', first: 2 })).data._entities[0].contacts;
    expect(page1.edges.map((e: any) => e.node.id)).toEqual([ids[2], ids[1]]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await call(callCentre, OF_CUSTOMER, { id: 'C-000005', first: 2, after: page1.pageInfo.endCursor })).data._entities[0].contacts;
    expect(page2.edges.map((e: any) => e.node.id)).toEqual([ids[0]]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const open = (await call(callCentre, OF_CUSTOMER, { id: 'C-000005', openOnly: true })).data._entities[0].contacts;
    expect(open.edges.map((e: any) => [e.node.id, e.node.status])).toEqual([
      [ids[2], 'OPEN'],
      [ids[0], 'OPEN'],
    ]);
    const bad = await call(callCentre, OF_CUSTOMER, { id: 'C-000005', after: 'bm90LWEtY3Vyc29y' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'after' });
    expect((await call(callCentre, OF_CUSTOMER, { id: 'C-000005', first: 51 })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
