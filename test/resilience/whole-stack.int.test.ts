// The whole system as processes (simulator, four subgraphs, gateway) against the simulator's fault
// knobs (/admin/faults): what a customer gets from the gateway when the core fails, hangs or heals,
// and when another customer misbehaves. One stack for every case, in an order where each case
// leaves the core healthy for the next.
//
// Settings that differ from the defaults, and why:
// - GATEWAY_PRIVATE_CACHE=off: every dashboard goes through the subgraphs, so what is measured is
//   the path to the core, not the gateway's per-caller cache.
// - CORE_BREAKER_RESET_MS=4000: the "heals within the breaker's reset time" case waits one reset
//   time; 4 s instead of the default 10 s keeps the suite short and changes no rule.
// - RATE_LIMIT_CUSTOMER_*: high, so all of one customer's malformed requests reach the subgraphs
//   and the core adapter; the per-customer rate limit would otherwise stop most of them at the edge
//   and the case would prove only the rate limit.
// - OFFERS_CAP_PER_DAY / _WEEK: high, so the victim's offers stay the same however often its
//   dashboard is read (a read that is not complete is read again): at the default 2 a day the
//   caps rotate its offers between the two reads compared, which is the caps' work, not the attacker's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dashboardQuery } from '../../bench/lib/dashboard-query';
import { ROOT } from '../../scripts/lib/processes';
import { onOwnConnection } from '../../scripts/lib/own-connection';
import { setCoreFaults, startStack, webToken, type Stack } from '../support/stack';

jest.setTimeout(240000);

const DASHBOARD = dashboardQuery(readFileSync(join(ROOT, 'schema', 'supergraph.graphql'), 'utf8'));
const BREAKER_RESET_MS = 4000;
/** the gateway's default request budget (GATEWAY_REQUEST_BUDGET_MS) */
const REQUEST_BUDGET_MS = 3000;
/** codes a field may carry when the core or a subgraph failed it: masked, stable, no detail */
const OUTAGE_CODES = new Set(['CORE_UNAVAILABLE', 'CORE_TIMEOUT', 'CORE_ERROR', 'DOWNSTREAM_SERVICE_ERROR']);
const unexpectedCodes = (answers: Answer[]) => [...new Set(answers.flatMap((a) => a.codes))].filter((c) => !OUTAGE_CODES.has(c));

const customerId = (n: number) => `C-${String(n).padStart(6, '0')}`;

interface Answer {
  ms: number;
  status: number;
  data: any;
  codes: string[];
}

let stack: Stack;
const tokens = new Map<string, string>();

async function tokenOf(customer: string): Promise<string> {
  let t = tokens.get(customer);
  if (!t) {
    // signed in this process: the token script in a child process would block the event loop for
    // a second per customer and serialise the parallel cases
    t = await webToken(stack.keysDir, customer);
    tokens.set(customer, t);
  }
  return t;
}

async function ask(customer: string, query: string, variables?: Record<string, unknown>): Promise<Answer> {
  const token = await tokenOf(customer);
  const started = performance.now();
  // each call on a connection of its own: between cases connections sit idle for about the
  // gateway's keep-alive time, and a reused one the gateway just closed is a client-side race
  const answer = await onOwnConnection(stack.gatewayUrl, { method: 'POST', body: { query, variables }, headers: { authorization: `Bearer ${token}` } }).catch(
    (err: unknown) => {
      throw new Error(`gateway call for ${customer} failed after ${Math.round(performance.now() - started)} ms`, { cause: err });
    },
  );
  const status = answer.status;
  const body = answer.json<{ data?: any; errors?: Array<{ extensions?: { code?: string } }> }>();
  return { ms: performance.now() - started, status, data: body.data, codes: (body.errors ?? []).map((e) => e.extensions?.code ?? 'NO_CODE') };
}

const dashboard = (customer: string) => ask(customer, DASHBOARD);

/**
 * A complete dashboard, read again (up to 5 times, 1 s apart) while a part fails: the stack has
 * just started and the first cold reads of a busy CI machine can pass the 3 s budget. Fails naming
 * the codes of every try.
 */
async function completeDashboard(customer: string): Promise<Answer> {
  const seen: string[][] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    const answer = await dashboard(customer);
    if (isComplete(answer)) return answer;
    seen.push([String(answer.status), ...answer.codes]);
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`no complete dashboard for ${customer} in 5 reads: ${JSON.stringify(seen)}`);
}

/** A dashboard with every part there and no error. */
function isComplete(a: Answer): boolean {
  const me = a.data?.me;
  return a.status === 200 && a.codes.length === 0 && !!me && ['displayName', 'accounts', 'cards', 'loyalty', 'offers'].every((k) => me[k] != null);
}

/** Runs `fn` over `items`, `width` at a time. */
async function inParallel<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T);
      }
    }),
  );
  return out;
}

/** The answer without what changes by itself between two reads (timestamps of the read). */
function stable(data: unknown): unknown {
  return JSON.parse(JSON.stringify(data, (key, value: unknown) => (key === 'asOf' ? undefined : value)));
}

beforeAll(async () => {
  stack = await startStack({
    GATEWAY_PRIVATE_CACHE: 'off',
    CORE_BREAKER_RESET_MS: String(BREAKER_RESET_MS),
    RATE_LIMIT_CUSTOMER_PER_SECOND: '1000',
    RATE_LIMIT_CUSTOMER_BURST: '1000',
    OFFERS_CAP_PER_DAY: '1000',
    OFFERS_CAP_PER_WEEK: '1000',
  });
}, 240000);

afterAll(async () => {
  await stack?.stop();
});

afterEach(async () => {
  // whatever a case did, the next one starts against a healthy core
  await setCoreFaults(stack.coreUrl, { latencyMs: 0, jitterMs: 0, errorRate: 0, down: false });
});

describe('whole stack against a failing core', () => {
  it("one customer's 200 malformed requests change nothing in another customer's answers", async () => {
    // not loyalty's ten demo customers: their seeded cash-back payouts come back from the core as
    // credits while the stack starts, and would change the victim's balance between two reads
    const victim = customerId(22);
    const attacker = customerId(21);
    const before = await completeDashboard(victim);
    const victimAccount: string = before.data.me.accounts[0].id;
    const attackerAccount: string = (await dashboard(attacker)).data.me.accounts[0].id;

    const hostile: Array<[string, Record<string, unknown>?]> = [
      // not GraphQL, unknown fields, wrong types
      ['{ me { id accounts { id '],
      ['{ me { id secretField } }'],
      ['query($n: Int!) { me { accounts { transactions(first: $n) { edges { cursor } } } } }', { n: 'ten' }],
      // inputs past their bounds: a 60,000-digit amount, a long and an XML-laden text, forged cursors
      ['query($f: TransactionFilter) { me { accounts { transactions(first: 5, filter: $f) { edges { cursor } } } } }', { f: { minAmount: '9'.repeat(60000) } }],
      ['query($f: TransactionFilter) { me { accounts { transactions(first: 5, filter: $f) { edges { cursor } } } } }', { f: { text: 'x'.repeat(5000) } }],
      ['query($a: String) { me { accounts { transactions(first: 5, after: $a) { edges { cursor } } } } }', { a: 'bm90IGEgY3Vyc29y' }],
      ['query($a: String) { me { accounts { transactions(first: 5, after: $a) { edges { cursor } } } } }', { a: '\u0000'.repeat(300) }],
      // money moves the attacker may not make: from the victim's account, malformed amounts, bad keys
      [
        'mutation($i: TransferInput!) { transfer(input: $i) { transactionId } }',
        { i: { fromAccountId: victimAccount, to: { accountId: attackerAccount }, amount: { amount: '10.00', currency: 'EUR' }, idempotencyKey: 'steal-0001' } },
      ],
      [
        'mutation($i: TransferInput!) { transfer(input: $i) { transactionId } }',
        {
          i: { fromAccountId: attackerAccount, to: { accountId: victimAccount }, amount: { amount: '1e9', currency: 'EUR' }, idempotencyKey: 'bad-amount-01' },
        },
      ],
      [
        'mutation($i: TransferInput!) { transfer(input: $i) { transactionId } }',
        {
          i: {
            fromAccountId: attackerAccount,
            to: { accountId: victimAccount },
            amount: { amount: '-5.00', currency: 'EUR' },
            idempotencyKey: 'negative-0001',
          },
        },
      ],
      ['mutation($i: RedeemPointsInput!) { redeemPoints(input: $i) { id } }', { i: { points: -100, for: 'CASH', idempotencyKey: '<key>' } }],
    ];
    const requests = Array.from({ length: 200 }, (_, i) => hostile[i % hostile.length] as [string, Record<string, unknown>?]);
    const answers = await inParallel(requests, 10, ([query, variables]) => ask(attacker, query, variables));

    // every refusal is a clear, stable code: nothing crashed, nothing unexplained
    for (const a of answers) {
      expect(a.status).toBeLessThan(500);
      expect(a.codes.length).toBeGreaterThan(0);
      expect(a.codes).not.toContain('INTERNAL_SERVER_ERROR');
      expect(a.codes).not.toContain('NO_CODE');
    }
    // XML in a text that is within bounds is searched for as text: it matches nothing, moves nothing
    const injected = await ask(attacker, 'query($f: TransactionFilter) { me { accounts { transactions(first: 5, filter: $f) { edges { cursor } } } } }', {
      f: { text: `]]><FromAccountId>${victimAccount}</FromAccountId>` },
    });
    expect(injected.codes).toEqual([]);
    for (const account of injected.data.me.accounts) expect(account.transactions.edges).toEqual([]);

    const after = await completeDashboard(victim);
    expect(stable(after.data)).toEqual(stable(before.data));
  });

  it('with 30 % of core calls failing, at least 95 % of 80 cold dashboards come back complete', async () => {
    await setCoreFaults(stack.coreUrl, { errorRate: 0.3 });
    // 80, not 40: a dashboard makes about 6 logical core reads, each failing only when all 5 of its
    // attempts do (0.3^5), so 40 dashboards lose 3 or more about 2 % of the time by chance alone
    // (CI saw it once); with 80 and the same 95 % the chance of a spurious failure is under 1 %
    const customers = Array.from({ length: 80 }, (_, i) => customerId(300 + i));
    // two at a time: on a CI machine running another suite beside this one, four dashboards with
    // their retries' backoffs queued behind the core adapter's cap and ran into the 3 s budget
    // (37 of 40 complete once), which is the budget's case below, not the retries'
    const answers = await inParallel(customers, 2, dashboard);
    const incomplete = answers.filter((a) => !isComplete(a)).map((a) => ({ status: a.status, ms: Math.round(a.ms), codes: a.codes }));
    // named on failure: which codes and how long the incomplete ones took tell a retry from a budget fault
    expect({ complete: answers.length - incomplete.length >= 76, incomplete }).toEqual({ complete: true, incomplete: expect.any(Array) });
    // the rest are partial with masked codes, never a failed request
    for (const a of answers) expect(a.status).toBe(200);
    expect(unexpectedCodes(answers)).toEqual([]);
  });

  it('with the core taking 8 s per call, a dashboard answers within the request budget + 100 ms, with partial data', async () => {
    await setCoreFaults(stack.coreUrl, { latencyMs: 8000 });
    const a = await dashboard(customerId(400));
    expect(a.ms).toBeLessThanOrEqual(REQUEST_BUDGET_MS + 100);
    expect(a.status).toBe(200);
    expect(a.data?.me?.id).toBe(customerId(400));
    expect(a.codes.length).toBeGreaterThan(0);
    expect(unexpectedCodes([a])).toEqual([]);
  });

  it('with the core down, answers are partial within 1 s once the breakers are open, the gateway stays healthy, and complete again within the reset time after the core heals', async () => {
    await setCoreFaults(stack.coreUrl, { down: true });
    // concurrent cold dashboards: enough calls within the breakers' window for them to open
    await inParallel(
      Array.from({ length: 12 }, (_, i) => customerId(500 + i)),
      12,
      dashboard,
    );
    let n = 520;
    // every breaker on the dashboard's path opened: an answer that needs no retry at all
    for (let tries = 0; tries < 10 && (await dashboard(customerId(n++))).ms > 300; tries++);

    const took: number[] = [];
    for (let i = 0; i < 5; i++) {
      const a = await dashboard(customerId(n++));
      took.push(a.ms);
      // none waits for the core: well within the request's budget, whatever the machine's load
      expect(a.ms).toBeLessThan(REQUEST_BUDGET_MS);
      expect(a.status).toBe(200);
      // partial: the customer's id comes from the token, every core-backed part fails masked
      expect(a.data?.me?.id).toBe(customerId(n - 1));
      expect(a.codes).toContain('CORE_UNAVAILABLE');
      expect(unexpectedCodes([a])).toEqual([]);
    }
    // the typical one within 1 s: CI's run beside the browser suite once saw a single answer of
    // 1.3 s among fast ones (the machine's load, not the core: with the breakers open nothing is sent)
    expect(took.sort((x, y) => x - y)[2]).toBeLessThan(1000);
    const health = await onOwnConnection(stack.gatewayUrl.replace('/graphql', '/health'));
    expect(health.status).toBe(200);
    const ready = await onOwnConnection(`${stack.gatewayOpsUrl}/ready`);
    expect(ready.status).toBe(200);

    await setCoreFaults(stack.coreUrl, { down: false });
    const healed = performance.now();
    let completeAt: number | undefined;
    let lastPartialAt = 0;
    while (completeAt === undefined && performance.now() - healed < BREAKER_RESET_MS * 3) {
      const startedAt = performance.now() - healed;
      if (isComplete(await dashboard(customerId(n++)))) completeAt = startedAt;
      else {
        lastPartialAt = startedAt;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    // a breaker opened at the latest when the core healed lets its trial call through one reset
    // time later: no request started after that is partial. (Not "the complete one starts within
    // 250 ms of it": on a loaded machine a partial answer and the pause after it took longer, and
    // CI saw the first complete one start at 4,322 ms.)
    expect(completeAt).toBeDefined();
    expect(lastPartialAt).toBeLessThanOrEqual(BREAKER_RESET_MS + 250);
  });
});
