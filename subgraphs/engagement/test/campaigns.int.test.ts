// Staff campaigns through the engagement subgraph's GraphQL, called with a signed internal token as
// the gateway calls it, the audience answered by the real customer facts (db/customer-facts.ts)
// seeded from TransactionBooked events: only staff with the campaigns scope create, cancel, preview
// and read; refusals carry their code and change nothing; a campaign goes at its time, to the
// segment, and reports its counts.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Caller, InternalTokenSigner, INTERNAL_TOKEN_HEADER } from '../../../lib/internal-auth';
import { STAFF_CAMPAIGNS_READ_SCOPE, STAFF_CAMPAIGNS_WRITE_SCOPE, STAFF_READ_SCOPE } from '../../../lib/access';
import { newEvent } from '../../../lib/events';
import { startEngagement, type RunningEngagement } from '../src/server';
import { freePort, tempDir } from '../../../scripts/lib/processes';
import { gql } from '../../../test/support/stack';

const START = Date.parse('2026-05-04T08:00:00Z');
let now = START;
const marketer: Caller = { subject: 'agent-7', channel: 'staff', scopes: [STAFF_CAMPAIGNS_WRITE_SCOPE] };
const viewer: Caller = { subject: 'agent-8', channel: 'staff', scopes: [STAFF_CAMPAIGNS_READ_SCOPE] };
const callCentre: Caller = { subject: 'agent-9', channel: 'staff', scopes: [STAFF_READ_SCOPE] };
const customer: Caller = { subject: 'C-000001', customerId: 'C-000001', channel: 'web', scopes: [STAFF_CAMPAIGNS_WRITE_SCOPE] };

const CAMPAIGN_FIELDS =
  'id name status sendAt createdBy audienceSize sent suppressed suppressedByRule { rule count } segment { products tiers } message { en { title body } fa { title body } }';
const CREATE = `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { ${CAMPAIGN_FIELDS} } }`;
const CANCEL = `mutation($id: ID!) { cancelCampaign(id: $id) { id status cancelledBy } }`;
const PREVIEW = `query($segment: CampaignSegmentInput!) { campaignAudiencePreview(segment: $segment) }`;
const LIST = `query($first: Int, $after: String) { campaigns(first: $first, after: $after) { edges { cursor node { id name status } } pageInfo { hasNextPage endCursor } } }`;
const ONE = `query($id: ID!) { campaign(id: $id) { ${CAMPAIGN_FIELDS} } }`;

let dir: string;
let signer: InternalTokenSigner;
let svc: RunningEngagement;

async function call(caller: Caller, query: string, variables: Record<string, unknown> = {}) {
  return gql(svc.url, query, { variables, headers: { [INTERNAL_TOKEN_HEADER]: await signer.sign(caller) } });
}

const draft = (over: Record<string, unknown> = {}) => ({
  name: 'Savers spring',
  segment: { products: ['SAVINGS'] },
  message: {
    en: { title: 'Spring bonus', body: 'A higher rate on new savings this month.' },
    fa: { title: 'پاداش بهاری', body: 'نرخ بالاتر برای پس‌انداز تازه در این ماه.' },
  },
  sendAt: new Date(now + 3_600_000).toISOString(),
  ...over,
});

async function booked(customerId: string, accountType: 'CURRENT' | 'SAVINGS', n: number) {
  await svc.facts.apply(
    newEvent({
      type: 'TransactionBooked',
      key: `seed:${customerId}:${n}`,
      customerId,
      occurredAt: new Date(now),
      payload: {
        accountId: `DE89370400440532010${n}`,
        transactionId: `TX-${n}`,
        amountMinor: '1000',
        currency: 'EUR',
        bookedAt: new Date(now).toISOString(),
        accountType,
      },
    }),
    new Date(now),
  );
}

beforeAll(async () => {
  process.env.LOG_LEVEL ??= 'warn';
  dir = tempDir('corebridge-engagement-campaigns-');
  signer = await InternalTokenSigner.fromKeysDir(join(dir, 'keys'));
  svc = await startEngagement({ port: await freePort(), keysDir: join(dir, 'keys'), dataDir: 'memory://', clock: () => new Date(now) });
  // three savers (two with marketing consent), one with a current account only
  await booked('C-000001', 'SAVINGS', 1);
  await booked('C-000002', 'SAVINGS', 2);
  await booked('C-000003', 'SAVINGS', 3);
  await booked('C-000004', 'CURRENT', 4);
  for (const id of ['C-000001', 'C-000002', 'C-000004']) await svc.preferences.change(id, { kind: 'MARKETING_CONSENT', granted: true }, 'web');
}, 60000);

afterAll(async () => {
  await svc?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const countCampaigns = async () => (await svc.campaigns.list(100)).length;

describe('staff campaigns over GraphQL', () => {
  it('previews how many customers a segment names', async () => {
    const { body } = await call(marketer, PREVIEW, { segment: { products: ['SAVINGS'] } });
    expect(body.errors).toBeUndefined();
    expect(body.data.campaignAudiencePreview).toBe(3);
    expect((await call(marketer, PREVIEW, { segment: {} })).body.data.campaignAudiencePreview).toBe(4);
    const bad = await call(marketer, PREVIEW, { segment: { activeWithinDays: 0 } });
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'segment.activeWithinDays' });
  });

  it.each([
    ['a customer, even with the scope in the token', customer],
    ['call-centre staff', callCentre],
    ['staff who may only read campaigns', viewer],
  ])('refuses %s: FORBIDDEN, nothing stored', async (_who, caller) => {
    const created = await call(caller, CREATE, { input: draft() });
    expect(created.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await call(caller, PREVIEW, { segment: {} })).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await countCampaigns()).toBe(0);
  });

  it('refuses customers and call-centre staff reading campaigns', async () => {
    for (const caller of [customer, callCentre]) expect((await call(caller, LIST)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await call(viewer, LIST)).body.errors).toBeUndefined();
  });

  it.each([
    ['a send time in the past', { sendAt: new Date(START - 60_000).toISOString() }, 'SEND_AT_IN_PAST', 'sendAt'],
    ['a blank English title', { message: { en: { title: ' ', body: 'b' }, fa: { title: 't', body: 'b' } } }, 'BAD_USER_INPUT', 'message.en.title'],
    [
      'a body over 500 characters',
      { message: { en: { title: 't', body: 'x'.repeat(501) }, fa: { title: 't', body: 'b' } } },
      'BAD_USER_INPUT',
      'message.en.body',
    ],
    [
      'a bidi override in the Persian title',
      { message: { en: { title: 't', body: 'b' }, fa: { title: 'a\u202eb', body: 'b' } } },
      'BAD_USER_INPUT',
      'message.fa.title',
    ],
    ['an unknown spend category', { segment: { spendCategories: ['YACHTS'] } }, 'BAD_USER_INPUT', undefined],
  ])('refuses %s with its code, and stores nothing', async (_what, over, code, argumentName) => {
    const { body } = await call(marketer, CREATE, { input: draft(over) });
    expect(body.errors?.[0]?.extensions?.code).toBe(code);
    if (argumentName) expect(body.errors?.[0]?.extensions).toMatchObject({ argumentName });
    expect(await countCampaigns()).toBe(0);
  });

  it('schedules a campaign, sends it at its time to the segment with consent, and reports the counts', async () => {
    const { body } = await call(marketer, CREATE, { input: draft() });
    expect(body.errors).toBeUndefined();
    const c = body.data.createCampaign;
    expect(c).toMatchObject({
      name: 'Savers spring',
      status: 'SCHEDULED',
      createdBy: 'agent-7',
      audienceSize: null,
      sent: 0,
      suppressed: 0,
      segment: { products: ['SAVINGS'], tiers: null },
    });
    expect(c.id).toMatch(/^cmp_/);

    expect(await svc.campaignSender.runOnce()).toBe(0);
    now += 3_600_000;
    expect(await svc.campaignSender.runOnce()).toBe(1);

    const read = await call(viewer, ONE, { id: c.id });
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data.campaign).toMatchObject({
      status: 'SENT',
      audienceSize: 3,
      sent: 2,
      suppressed: 1,
      suppressedByRule: [{ rule: 'MARKETING_CONSENT', count: 1 }],
    });
    const inbox = await svc.messages.inbox('C-000001', new Date(now), 10);
    expect(inbox.map((m) => [m.kind, m.title])).toEqual([['CAMPAIGN', 'Spring bonus']]);
    expect(await svc.messages.inbox('C-000004', new Date(now), 10)).toEqual([]);

    // sent: no longer cancellable; an unknown id is not found
    expect((await call(marketer, CANCEL, { id: c.id })).body.errors?.[0]?.extensions?.code).toBe('CAMPAIGN_NOT_CANCELLABLE');
    expect((await call(marketer, CANCEL, { id: 'cmp_ffffffffffffffffffffffff' })).body.errors?.[0]?.extensions?.code).toBe('CAMPAIGN_NOT_FOUND');
  });

  it('cancels a scheduled campaign, which then never goes, and lists campaigns newest first', async () => {
    const created = (await call(marketer, CREATE, { input: draft({ name: 'Never' }) })).body.data.createCampaign;
    expect((await call(viewer, CANCEL, { id: created.id })).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const cancelled = await call(marketer, CANCEL, { id: created.id });
    expect(cancelled.body.data.cancelCampaign).toEqual({ id: created.id, status: 'CANCELLED', cancelledBy: 'agent-7' });
    now += 2 * 3_600_000;
    expect(await svc.campaignSender.runOnce()).toBe(0);
    expect((await call(viewer, ONE, { id: created.id })).body.data.campaign).toMatchObject({ status: 'CANCELLED', sent: 0 });

    const page1 = (await call(viewer, LIST, { first: 1 })).body.data.campaigns;
    expect(page1.edges.map((e: any) => e.node.name)).toEqual(['Never']);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await call(viewer, LIST, { first: 1, after: page1.pageInfo.endCursor })).body.data.campaigns;
    expect(page2.edges.map((e: any) => e.node.name)).toEqual(['Savers spring']);
    expect(page2.pageInfo.hasNextPage).toBe(false);
  });
});
