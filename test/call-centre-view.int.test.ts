// The call centre's 360° view (schema/persisted/operations/call-centre.graphql, docs/cx.md) through
// the whole stack as real processes: a staff token runs the registered CustomerView by its id in
// one request; a cold 360° costs the core no more than a cold dashboard; the customer's staffReads
// then lists exactly that read; and every other channel (web, mobile, kiosk, partner), by id or by
// text, even a token wrongly carrying the staff scope, is refused with FORBIDDEN before the core is asked.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dashboardQuery } from '../bench/lib/dashboard-query';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '../gateway/src/edge/identity';
import { DEFAULT_CLIENT_NAMES, DEFAULT_SCOPES } from '../gateway/src/edge/scopes';
import { readManifest } from '../gateway/src/edge/persisted/manifest';
import type { Channel } from '../lib/internal-auth';
import { ROOT } from '../scripts/lib/processes';
import { signDevToken } from '../scripts/token';
import { coreStats, resetCoreStats, startStack, type Stack } from './support/stack';

jest.setTimeout(120000);

const VIEW = readManifest(join(ROOT, 'schema/persisted/manifests/call-centre.json')).find((o) => o.name === 'CustomerView');
const DASHBOARD = dashboardQuery(readFileSync(join(ROOT, 'schema', 'supergraph.graphql'), 'utf8'));
const total = (calls: Record<string, number>) => Object.values(calls).reduce((a, b) => a + b, 0);

let stack: Stack;

type Answer = { status: number; body: { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> } };

async function post(token: string, body: Record<string, unknown>): Promise<Answer> {
  const res = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

const byId = (variables: Record<string, unknown>) => ({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: VIEW!.id } } });
const byText = (variables: Record<string, unknown>) => ({ query: VIEW!.body, variables });

function token(sub: string, channel: Exclude<Channel, 'service'>, extra: { scope?: string; partnerId?: string } = {}): Promise<string> {
  return signDevToken(
    {
      sub,
      channel,
      scope: extra.scope ?? DEFAULT_SCOPES[channel].join(' '),
      clientName: DEFAULT_CLIENT_NAMES[channel],
      ...(extra.partnerId ? { partnerId: extra.partnerId } : {}),
      ttlSeconds: 600,
      issuer: DEFAULT_ISSUER,
      audience: DEFAULT_AUDIENCE,
    },
    stack.keysDir,
  );
}

beforeAll(async () => {
  // the gateway's per-caller cache off: what is counted is what the subgraphs ask of the core
  stack = await startStack({ GATEWAY_PRIVATE_CACHE: 'off' });
}, 180000);

afterAll(async () => {
  await stack?.stop();
});

describe("the call centre's 360° view", () => {
  it('is registered: the manifest holds CustomerView', () => {
    expect(VIEW).toBeDefined();
  });

  it('is refused to every non-staff channel, by id and by text, with FORBIDDEN and no core call', async () => {
    const customer = 'C-000006';
    const callers: Array<[string, string]> = [
      ['web', await token(customer, 'web')],
      ['mobile', await token(customer, 'mobile')],
      ['kiosk', await token(customer, 'kiosk')],
      ['partner', await token('partner-app-1', 'partner', { partnerId: 'P-001' })],
      // a customer token wrongly carrying the staff scope is still not staff
      ['web with the staff scope', await token(customer, 'web', { scope: 'customer:read staff:customers:read' })],
    ];
    await resetCoreStats(stack.coreUrl);
    for (const [label, t] of callers) {
      for (const request of [byId({ id: customer }), byText({ id: customer })]) {
        const r = await post(t, request);
        expect({ label, status: r.status, code: r.body.errors?.[0]?.extensions?.code, data: r.body.data }).toEqual({
          label,
          status: 403,
          code: 'FORBIDDEN',
          data: undefined,
        });
      }
    }
    // re-formatted text is not the registered text: the staff scope it needs refuses it, still before planning
    const reformatted = await post(callers[0]![1], { query: VIEW!.body.replace(/\n\s*/g, ' '), variables: { id: customer } });
    expect(reformatted.status).toBe(403);
    expect(reformatted.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(total(await coreStats(stack.coreUrl))).toBe(0);
    // and nothing was recorded as a staff read of the customer
    const reads = await post(await token(customer, 'web'), { query: '{ me { staffReads { edges { node { operationName } } } } }' });
    expect(reads.body.data.me.staffReads.edges).toEqual([]);
  });

  it('answers in one request, costs the core no more than a cold dashboard, and is the one staff read the customer sees', async () => {
    const customer = 'C-000002';
    const staff = await token('S-0042', 'staff');

    await resetCoreStats(stack.coreUrl);
    const view = await post(staff, byId({ id: customer }));
    const viewCalls = await coreStats(stack.coreUrl);
    expect(view.status).toBe(200);
    expect(view.body.errors).toBeUndefined();
    const c = view.body.data.customer;
    expect(c.id).toBe(customer);
    expect(c.displayName).toEqual(expect.any(String));
    // masked: never a full email or phone number
    if (c.contact?.email) expect(c.contact.email).toContain('*');
    expect(c.accounts.length).toBeGreaterThan(0);
    for (const a of c.accounts) {
      expect(a.maskedNumber).toMatch(/•/);
      expect(a.balance.available.amount).toEqual(expect.any(String));
      expect(Array.isArray(a.transactions.edges)).toBe(true);
    }
    expect(Array.isArray(c.cards)).toBe(true);
    expect(c.loyalty.tier.tier).toEqual(expect.any(String));
    expect(Array.isArray(c.loyalty.activity.edges)).toBe(true);
    expect(Array.isArray(c.offerHistory)).toBe(true);
    expect(Array.isArray(c.partnerConsents)).toBe(true);
    expect(c.notificationsSent.edges).toEqual(expect.any(Array));
    expect(c.contacts.edges).toEqual(expect.any(Array));
    expect(c.feedbackRequests.edges).toEqual(expect.any(Array));

    // another customer of the same seed, as cold as C-000002 was
    const webToken = await token('C-000003', 'web');
    await resetCoreStats(stack.coreUrl);
    const dash = await post(webToken, { query: DASHBOARD });
    const dashboardCalls = await coreStats(stack.coreUrl);
    expect(dash.body.errors).toBeUndefined();
    process.stderr.write(`[call-centre-view] core calls: 360 ${JSON.stringify(viewCalls)}, dashboard ${JSON.stringify(dashboardCalls)}\n`);
    expect(total(viewCalls)).toBeGreaterThan(0);
    expect(total(viewCalls)).toBeLessThanOrEqual(total(dashboardCalls));
    for (const [kind, n] of Object.entries(viewCalls)) expect({ kind, n: n <= (dashboardCalls[kind] ?? 0) }).toEqual({ kind, n: true });

    // the customer's "who looked at my data": exactly that read, through the call centre's client
    const reads = await post(await token(customer, 'web'), {
      query: '{ me { staffReads { edges { node { agent operationName client } } } } }',
    });
    expect(reads.body.errors).toBeUndefined();
    expect(reads.body.data.me.staffReads.edges).toEqual([
      { node: { agent: expect.stringMatching(/^Agent-/), operationName: 'CustomerView', client: 'call-centre' } },
    ]);
  });
});
