// The whole system as separate real processes on loopback: simulator, four subgraphs, gateway.
import { startStack, gql, coreStats, resetCoreStats, setCoreFaults, type Stack } from './support/stack';
import { coreStats as coreAdminStats } from '../scripts/lib/core-admin';

const DASHBOARD = `
  query Dashboard {
    me {
      id displayName segment
      accounts {
        id type currency maskedIban
        balance { available { amount currency } ledger { amount currency } asOf }
        transactions(first: 5) { edges { cursor node { id amount { amount currency } direction status bookedAt description merchant { name mcc } } } pageInfo { hasNextPage endCursor } }
      }
      loyalty { tier { tier score multiplier next { tier scoreNeeded } } points cashBack { pendingToday { amount currency } lifetime { amount currency } } }
      offers(first: 3) { id kind title reason }
    }
  }`;

let stack: Stack;
let token: string;

beforeAll(async () => {
  stack = await startStack();
  token = await stack.token(['--sub', 'C-000001', '--channel', 'web']);
}, 180000);

afterAll(async () => {
  await stack?.stop();
});

describe('walking skeleton, end to end', () => {
  it('serves the dashboard for C-000001 across all subgraphs with no errors', async () => {
    const { status, body } = await gql(stack.gatewayUrl, DASHBOARD, { token });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const me = body.data.me;
    expect(me.id).toBe('C-000001');
    expect(typeof me.displayName).toBe('string');
    expect(me.accounts).toHaveLength(4);
    for (const a of me.accounts) {
      expect(a.balance.available.currency).toBe(a.currency);
      expect(a.balance.available.amount).toMatch(/^-?\d+(\.\d+)?$/);
      expect(a.transactions.edges.length).toBeGreaterThan(0);
    }
    expect(new Set(me.accounts.map((a: { currency: string }) => a.currency)).size).toBeGreaterThan(1);
    expect(me.loyalty.points).toBeGreaterThanOrEqual(0);
    expect(me.loyalty.cashBack.lifetime.amount).toMatch(/^\d+\.\d{2}$/);
    // 13 years (capped at 30) + 3 product types (30): GOLD, 20 short of PLATINUM
    expect(me.loyalty.tier).toEqual({ tier: 'GOLD', score: 60, multiplier: '1.5', next: { tier: 'PLATINUM', scoreNeeded: 20 } });
    expect(Array.isArray(me.offers)).toBe(true);
  });

  it('refuses a call without a token with UNAUTHENTICATED and calls no core', async () => {
    await resetCoreStats(stack.coreUrl);
    const { body } = await gql(stack.gatewayUrl, DASHBOARD);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.data ?? null).toBeNull();
    const calls = await coreStats(stack.coreUrl);
    expect(Object.values(calls).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('costs at most 3 core calls for balances and 10 transactions of 4 accounts', async () => {
    await resetCoreStats(stack.coreUrl);
    const { body } = await gql(
      stack.gatewayUrl,
      `{ me { accounts { balance { available { amount currency } ledger { amount currency } asOf } transactions(first: 10) { edges { node { id amount { amount currency } } } } } } }`,
      { token },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.me.accounts).toHaveLength(4);
    for (const a of body.data.me.accounts) expect(a.transactions.edges).toHaveLength(10);
    const calls = await coreStats(stack.coreUrl);
    const total = Object.values(calls).reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(3);
    expect(calls.QueryAccBal).toBe(1);
    expect(calls.QueryTransactions).toBe(1);
  });

  it('pages transactions with stable cursors: no repeats, no gaps', async () => {
    const first = await gql(stack.gatewayUrl, `{ me { accounts { id transactions(first: 21) { edges { node { id } } } } } }`, { token });
    const account = first.body.data.me.accounts[0];
    const expected: string[] = account.transactions.edges.map((e: { node: { id: string } }) => e.node.id);
    const q = `query($id: ID!, $after: String) { account(id: $id) { transactions(first: 7, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 3; i++) {
      const { body } = await gql(stack.gatewayUrl, q, { token, variables: { id: account.id, after } });
      expect(body.errors).toBeUndefined();
      const conn = body.data.account.transactions;
      expect(conn.pageInfo.hasNextPage).toBe(true);
      seen.push(...conn.edges.map((e: { node: { id: string } }) => e.node.id));
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
    // a cursor from the middle of a page continues right after that edge
    const page1 = await gql(stack.gatewayUrl, q, { token, variables: { id: account.id, after: null } });
    const cursor3 = page1.body.data.account.transactions.edges[2].cursor;
    const next = await gql(stack.gatewayUrl, q, { token, variables: { id: account.id, after: cursor3 } });
    expect(next.body.data.account.transactions.edges[0].node.id).toBe(expected[3]);
    // a cursor of one account is refused on another
    const other = first.body.data.me.accounts[1].id;
    const wrong = await gql(stack.gatewayUrl, q, { token, variables: { id: other, after: cursor3 } });
    expect(wrong.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('carries the caller request id through the gateway and the subgraphs to the core', async () => {
    const requestId = `e2e-trace-${Date.now()}`;
    const { status, body } = await gql(stack.gatewayUrl, `{ me { accounts { id balance { asOf } } } }`, { token, headers: { 'x-request-id': requestId } });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const seen = await coreAdminStats(stack.coreUrl);
    expect(seen.recentRequestIds).toContain(requestId);
  });

  it('refuses a page size above 100 with BAD_USER_INPUT', async () => {
    const { body } = await gql(stack.gatewayUrl, `{ me { accounts { transactions(first: 101) { edges { node { id } } } } } }`, { token });
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('never lets one customer read another', async () => {
    const { body } = await gql(stack.gatewayUrl, `{ customer(id: "C-000002") { id displayName accounts { id } } }`, { token });
    expect(body.data.customer).toBeNull();
  });

  it.each(['accounts', 'loyalty', 'offers', 'partners', 'engagement'] as const)(
    '%s subgraph refuses a direct call without the internal token',
    async (name) => {
      const res = await fetch(stack.subgraphUrls[name], {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ _service { sdl } }' }),
      });
      expect([401, 403]).toContain(res.status);
    },
  );

  it('a core outage gives partial data and a masked error, not a blank page', async () => {
    await setCoreFaults(stack.coreUrl, { down: true });
    try {
      const started = Date.now();
      const { body } = await gql(stack.gatewayUrl, `{ me { id accounts { id balance { asOf } } loyalty { points } } }`, { token });
      expect(Date.now() - started).toBeLessThan(15000);
      expect(body.data.me.id).toBe('C-000001');
      // the account list may come from the short-lived profile cache (earlier tests read it);
      // balances never do: each is null with the masked core error
      const accounts = body.data.me.accounts as Array<{ balance: unknown }> | null;
      if (accounts) {
        expect(accounts.length).toBeGreaterThan(0);
        for (const a of accounts) expect(a.balance).toBeNull();
      }
      expect(body.data.me.loyalty.points).toBeGreaterThanOrEqual(0);
      const codes = (body.errors ?? []).map((e) => e.extensions?.code);
      expect(codes).toContain('CORE_UNAVAILABLE');
      expect(JSON.stringify(body.errors)).not.toMatch(/soap|ECONNREFUSED|127\.0\.0\.1|stack/i);
    } finally {
      await setCoreFaults(stack.coreUrl, { down: false });
    }
  });
});
