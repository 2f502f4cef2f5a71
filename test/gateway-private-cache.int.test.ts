// The gateway's private per-caller cache over the whole system (simulator, four subgraphs, gateway
// as processes): a customer's repeated dashboard costs the core nothing within the subgraphs'
// max-age, another customer is never answered from it, and the customer's own writes (a transfer
// in accounts, a CASH redemption in loyalty) show at once in their next read. Not timed: the
// TTLs (15 s and more) are far longer than these few sequential requests.
import { coreStats, gql, resetCoreStatsWhenQuiet, startStack, type Stack } from './support/stack';

// the bench's dashboard (bench/lib/dashboard-query.ts): every subgraph, entity fetches included
const MONEY = '{ amount currency }';
const DASHBOARD = `
  query Dashboard {
    me {
      id displayName segment
      accounts {
        id type name currency status maskedNumber
        balance { available ${MONEY} ledger ${MONEY} asOf }
        transactions(first: 10) {
          edges { cursor node { id amount ${MONEY} direction status bookedAt description merchant { name mcc category } } }
          pageInfo { hasNextPage endCursor }
        }
      }
      cards { id maskedPan brand kind status expiryMonth expiryYear }
      loyalty { tier { tier score next { tier scoreNeeded } } points cashBack { pendingToday ${MONEY} paidThisMonth ${MONEY} lifetime ${MONEY} } }
      offers(first: 3) { id kind title reason expiresAt partner { id name } }
    }
  }`;
const TRANSFER = `mutation($input: TransferInput!) { transfer(input: $input) { transactionId status } }`;
const REDEEM = `mutation($input: RedeemPointsInput!) { redeemPoints(input: $input) { for points cash { amount currency } } }`;

interface Dashboard {
  me: {
    id: string;
    accounts: { id: string; type: string; currency: string; balance: { available: { amount: string }; asOf: string } }[];
    loyalty: { points: number };
  };
}

jest.setTimeout(120000);

let stack: Stack;
let a: string;
let b: string;
const totalCoreCalls = async () => Object.values(await coreStats(stack.coreUrl)).reduce((x, y) => x + y, 0);
/** available balance in minor units by account id (every simulator currency has 2 decimals) */
const balances = (d: Dashboard) => new Map(d.me.accounts.map((acc) => [acc.id, BigInt(acc.balance.available.amount.replace('.', ''))]));

async function cacheCounters(): Promise<{ hits: number; misses: number }> {
  const metrics = await (await fetch(`${stack.gatewayOpsUrl}/metrics`)).text();
  const counter = (name: string) => Number(new RegExp(`^gateway_private_cache_${name}_total (\\d+)$`, 'm').exec(metrics)?.[1]);
  return { hits: counter('hits'), misses: counter('misses') };
}

/**
 * A complete dashboard: a read with a field past its budget (a customer's first offers on a busy
 * CI machine) is read again, up to 3 times. The cases are about what the cache answers, not about
 * a cold read's time; every try's codes are in the failure.
 */
async function dashboard(token: string): Promise<Dashboard> {
  const tries: unknown[] = [];
  for (let attempt = 1; attempt <= 3; attempt++) {
    const { status, body } = await gql(stack.gatewayUrl, DASHBOARD, { token });
    expect(status).toBe(200);
    if (!body.errors) return body.data as Dashboard;
    tries.push(body.errors.map((e: { path?: unknown; extensions?: { code?: unknown } }) => [e.path, e.extensions?.code]));
  }
  throw new Error(`no complete dashboard in 3 reads: ${JSON.stringify(tries)}`);
}

beforeAll(async () => {
  stack = await startStack();
  a = await stack.token(['--sub', 'C-000001', '--channel', 'web']);
  b = await stack.token(['--sub', 'C-000002', '--channel', 'web']);
  // one cold dashboard of a third customer first, its answer not asserted: the processes' first
  // request (module loading, the core's first sessions) can pass the 3 s budget on a busy CI
  // machine, and the cases below are about the cache, not about a cold start
  await gql(stack.gatewayUrl, DASHBOARD, { token: await stack.token(['--sub', 'C-000031', '--channel', 'web']) });
}, 180000);

afterAll(async () => {
  await stack?.stop();
});

describe('gateway private cache, end to end', () => {
  it('answers the second identical dashboard of a customer without a core call, and never another customer from it', async () => {
    const first = await dashboard(a);
    expect(first.me.id).toBe('C-000001');
    for (const acc of first.me.accounts) expect(acc.balance.asOf).toBeTruthy();
    await resetCoreStatsWhenQuiet(stack.coreUrl);
    const before = await cacheCounters();
    const second = await dashboard(a);
    expect(await coreStats(stack.coreUrl)).toEqual({});
    expect(second).toEqual(first);
    // every subgraph fetch of the repeat was a hit: each subgraph declared its answers cacheable
    const after = await cacheCounters();
    expect(after.misses - before.misses).toBe(0);
    // accounts, loyalty, offers (the offers' partner names come with them: Offer.partner @provides)
    expect(after.hits - before.hits).toBeGreaterThanOrEqual(3);

    // the same query text from customer B: their own data, fetched from the core
    const other = await dashboard(b);
    expect(other.me.id).toBe('C-000002');
    const ids = new Set(first.me.accounts.map((acc) => acc.id));
    expect(other.me.accounts.length).toBeGreaterThan(0);
    for (const acc of other.me.accounts) expect(ids.has(acc.id)).toBe(false);
    expect(await totalCoreCalls()).toBeGreaterThan(0);
  });

  it('keeps every concurrent answer with its own customer', async () => {
    const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => dashboard(i % 2 === 0 ? a : b)));
    answers.forEach((d, i) => expect(d.me.id).toBe(i % 2 === 0 ? 'C-000001' : 'C-000002'));
    const idsOf = (d: Dashboard) => d.me.accounts.map((acc) => acc.id).sort();
    const [first, second] = answers;
    if (!first || !second) throw new Error('no answers');
    for (const d of answers) expect(idsOf(d)).toEqual(idsOf(d.me.id === 'C-000001' ? first : second));
    expect(idsOf(first)).not.toEqual(idsOf(second));
  });

  it('shows the customer’s own transfer in their next read (accounts mutation)', async () => {
    const before = await dashboard(a);
    const from = before.me.accounts.find((acc) => acc.type === 'CURRENT') ?? before.me.accounts.at(0);
    if (!from) throw new Error('C-000001 has no account');
    const { body } = await gql(stack.gatewayUrl, TRANSFER, {
      token: a,
      variables: {
        input: {
          fromAccountId: from.id,
          to: { iban: 'GB82WEST12345698765432', name: 'Cache Test' },
          amount: { amount: '1.00', currency: from.currency },
          idempotencyKey: `cache-it-${Date.now()}`,
        },
      },
    });
    expect(body.errors).toBeUndefined();
    const after = await dashboard(a);
    expect(balances(after).get(from.id)).toBe(balances(before).get(from.id)! - 100n);
  });

  it('shows the customer’s own CASH redemption in their next balance read through accounts (loyalty mutation)', async () => {
    const before = await dashboard(a);
    expect(before.me.loyalty.points).toBeGreaterThanOrEqual(100);
    const { body } = await gql(stack.gatewayUrl, REDEEM, {
      token: a,
      variables: { input: { points: 100, for: 'CASH', idempotencyKey: `cache-it-redeem-${Date.now()}` } },
    });
    expect(body.errors).toBeUndefined();
    expect(body.data.redeemPoints.cash.amount).toBe('1.00');
    const after = await dashboard(a);
    expect(after.me.loyalty.points).toBe(before.me.loyalty.points - 100);
    const was = balances(before);
    const credited = [...balances(after)].filter(([id, minor]) => minor - was.get(id)! === 100n);
    expect(credited).toHaveLength(1);
  });
});
