// Feedback through the engagement subgraph's GraphQL, called with a signed internal token as the
// gateway calls it: a contact ended by staff puts a FEEDBACK_REQUEST notification in the customer's
// inbox and a request in Customer.feedbackRequests; the customer answers it once (the same answer
// again returns it, a different one is FEEDBACK_ALREADY_GIVEN); another customer cannot see or
// answer it; a score off the scale is BAD_USER_INPUT naming the field and changes nothing.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Caller, InternalTokenSigner, INTERNAL_TOKEN_HEADER } from '../../../lib/internal-auth';
import { STAFF_CONTACTS_WRITE_SCOPE, STAFF_READ_SCOPE } from '../../../lib/access';
import { startEngagement, type RunningEngagement } from '../src/server';
import { freePort, tempDir } from '../../../scripts/lib/processes';
import { gql } from '../../../test/support/stack';

const START = Date.parse('2026-06-01T09:00:00Z');
let now = START;
const agent: Caller = { subject: 'agent-7', channel: 'staff', scopes: [STAFF_CONTACTS_WRITE_SCOPE] };
const callCentre: Caller = { subject: 'agent-9', channel: 'staff', scopes: [STAFF_READ_SCOPE] };
const customer = (customerId: string): Caller => ({ subject: customerId, customerId, channel: 'web', scopes: ['customer:read', 'customer:write'] });
const kiosk = (customerId: string): Caller => ({ subject: customerId, customerId, channel: 'kiosk', scopes: ['customer:read'], clientName: 'kiosk' });

const START_CONTACT = `mutation($input: StartContactInput!) { startContact(input: $input) { id } }`;
const END = `mutation($id: ID!) { endContact(id: $id, input: { resolved: true }) { id status } }`;
const START_SESSION = `mutation { startSelfServiceSession(channel: VISUAL_IVR) { id } }`;
const END_SESSION = `mutation($id: ID!) { endSelfServiceSession(id: $id, resolved: true) { id status } }`;
const REQUEST_FIELDS = 'id kind momentType contactId channel requestedAt answeredAt score comment';
const SUBMIT = `mutation($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { ${REQUEST_FIELDS} } }`;
const OF_CUSTOMER = `
  query($id: ID!, $openOnly: Boolean) {
    _entities(representations: [{ __typename: "Customer", id: $id }]) {
      ... on Customer {
        notifications { edges { node { id kind topic class title body } } }
        feedbackRequests(openOnly: $openOnly) { edges { cursor node { ${REQUEST_FIELDS} } } pageInfo { hasNextPage endCursor } }
      }
    }
  }`;

let dir: string;
let signer: InternalTokenSigner;
let svc: RunningEngagement;

async function call(caller: Caller, query: string, variables: Record<string, unknown> = {}) {
  return (await gql(svc.url, query, { variables, headers: { [INTERNAL_TOKEN_HEADER]: await signer.sign(caller) } })).body;
}

const codeOf = (body: { errors?: Array<{ extensions?: { code?: string } }> }) => body.errors?.[0]?.extensions?.code;
const stored = () => svc.db.query('SELECT * FROM feedback_requests ORDER BY id');

async function endedContact(customerId: string): Promise<string> {
  const started = await call(agent, START_CONTACT, { input: { customerId, channel: 'PHONE', reasonCodes: ['TRANSFER_STATUS'] } });
  const id = started.data.startContact.id as string;
  now += 120_000;
  const ended = await call(agent, END, { id });
  expect(ended.errors).toBeUndefined();
  return id;
}

beforeAll(async () => {
  process.env.LOG_LEVEL ??= 'warn';
  dir = tempDir('corebridge-engagement-feedback-');
  signer = await InternalTokenSigner.fromKeysDir(join(dir, 'keys'));
  svc = await startEngagement({ port: await freePort(), keysDir: join(dir, 'keys'), dataDir: 'memory://', clock: () => new Date(now) });
}, 60000);

afterAll(async () => {
  await svc?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('feedback over GraphQL', () => {
  let contactId: string;
  let requestId: string;

  it('asks the customer after a contact ends: a FEEDBACK_REQUEST service notification in the inbox and an open request', async () => {
    contactId = await endedContact('C-000201');
    const body = await call(customer('C-000201'), OF_CUSTOMER, { id: 'C-000201' });
    expect(body.errors).toBeUndefined();
    const [me] = body.data._entities;
    const asks = me.notifications.edges.map((e: { node: unknown }) => e.node).filter((n: { kind: string }) => n.kind === 'FEEDBACK_REQUEST');
    expect(asks).toHaveLength(1);
    expect(asks[0]).toMatchObject({ topic: 'SERVICE', class: 'SERVICE', title: 'How did we do?' });
    const requests = me.feedbackRequests.edges.map((e: { node: unknown }) => e.node);
    // the customer's first request: NPS in place of the contact's CSAT
    expect(requests).toEqual([
      {
        id: asks[0].id,
        kind: 'NPS',
        momentType: 'CONTACT',
        contactId,
        channel: 'PHONE',
        requestedAt: new Date(now).toISOString(),
        answeredAt: null,
        score: null,
        comment: null,
      },
    ]);
    requestId = asks[0].id;
  });

  it('refuses a score off the scale with BAD_USER_INPUT naming it, and changes nothing', async () => {
    const before = await stored();
    const body = await call(customer('C-000201'), SUBMIT, { input: { requestId, score: 11 } });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'score' });
    const html = await call(customer('C-000201'), SUBMIT, { input: { requestId, score: 9, comment: '<img src=x>' } });
    expect(html.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'comment' });
    expect(await stored()).toEqual(before);
  });

  it("answers another customer's request, and an unknown one, with FEEDBACK_REQUEST_NOT_FOUND", async () => {
    await endedContact('C-000202');
    const other = await call(customer('C-000202'), SUBMIT, { input: { requestId, score: 0 } });
    expect(codeOf(other)).toBe('FEEDBACK_REQUEST_NOT_FOUND');
    const unknown = await call(customer('C-000201'), SUBMIT, { input: { requestId: 'fbr_nope', score: 3 } });
    expect(codeOf(unknown)).toBe('FEEDBACK_REQUEST_NOT_FOUND');
    // nor can they read it
    const read = await call(customer('C-000202'), OF_CUSTOMER, { id: 'C-000201' });
    expect(read.data._entities).toEqual([null]);
  });

  it('refuses callers that are not a customer with FORBIDDEN', async () => {
    expect(codeOf(await call(callCentre, SUBMIT, { input: { requestId, score: 9 } }))).toBe('FORBIDDEN');
  });

  it('keeps the first answer: the same again returns it, a different one is FEEDBACK_ALREADY_GIVEN', async () => {
    now += 60_000;
    const first = await call(customer('C-000201'), SUBMIT, { input: { requestId, score: 9, comment: 'Quick and kind' } });
    expect(first.errors).toBeUndefined();
    expect(first.data.submitFeedback).toMatchObject({
      id: requestId,
      kind: 'NPS',
      score: 9,
      comment: 'Quick and kind',
      answeredAt: new Date(now).toISOString(),
    });
    now += 60_000;
    const again = await call(customer('C-000201'), SUBMIT, { input: { requestId, score: 9, comment: 'Quick and kind' } });
    expect(again).toEqual(first);
    const different = await call(customer('C-000201'), SUBMIT, { input: { requestId, score: 3 } });
    expect(codeOf(different)).toBe('FEEDBACK_ALREADY_GIVEN');
    // one FeedbackGiven for the one answer stored, in engagement's event outbox
    expect(await svc.db.query("SELECT type FROM event_outbox WHERE type = 'FeedbackGiven'")).toEqual([{ type: 'FeedbackGiven' }]);
    const open = await call(customer('C-000201'), OF_CUSTOMER, { id: 'C-000201', openOnly: true });
    expect(open.data._entities[0].feedbackRequests.edges).toEqual([]);
  });

  it('shows staff with staff:customers:read the request with its answer (the 360 view)', async () => {
    const body = await call(callCentre, OF_CUSTOMER, { id: 'C-000201' });
    expect(body.data._entities[0].feedbackRequests.edges[0].node).toMatchObject({ id: requestId, score: 9, comment: 'Quick and kind' });
  });

  it('asks CES after a visual IVR session the customer ended (NPS was asked within 90 days), once', async () => {
    const started = await call(kiosk('C-000201'), START_SESSION);
    const id = started.data.startSelfServiceSession.id as string;
    expect((await call(kiosk('C-000201'), END_SESSION, { id })).errors).toBeUndefined();
    expect(codeOf(await call(kiosk('C-000201'), END_SESSION, { id }))).toBe('CONTACT_ALREADY_ENDED');
    const body = await call(customer('C-000201'), OF_CUSTOMER, { id: 'C-000201', openOnly: true });
    expect(body.data._entities[0].feedbackRequests.edges.map((e: { node: unknown }) => e.node)).toEqual([
      expect.objectContaining({ kind: 'CES', momentType: 'SELF_SERVICE', contactId: id, channel: 'VISUAL_IVR' }),
    ]);
    const asks = body.data._entities[0].notifications.edges.filter((e: { node: { kind: string } }) => e.node.kind === 'FEEDBACK_REQUEST');
    expect(asks).toHaveLength(2);
  });
});
