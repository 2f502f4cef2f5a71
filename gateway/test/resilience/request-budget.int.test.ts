// One budget per request (issue 13, item 9): a subgraph that takes 8 s no longer holds a dashboard
// for 8 s. The gateway answers within the budget + 100 ms with the data it has and
// DOWNSTREAM_SERVICE_ERROR where the slow subgraph's fields were; each hop is told the time left
// (less on the second hop than on the first); a client with its own budget in clients.json gets it.
// Real gateway, two stub subgraphs; the slow one ignores the deadline, as a hung service would.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'graphql';
import pino from 'pino';
import { DEADLINE_HEADER, HOP_MARGIN_MS } from '../../../lib/deadline';
import type { RunningSubgraph } from '../../../lib/subgraph-server';
import { sleep } from '../../../lib/sleep';
import { tempDir } from '../../../scripts/lib/processes';
import { gatewayOptions, gatewayOptionsFromEnv } from '../../src/config';
import { ClientRegistry } from '../../src/edge/persisted/clients';
import { type RunningGateway, startGateway } from '../../src/server';
import { clientToken, composeStubs, startStubService } from '../support/gateway-stub';

const ACCOUNTS = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Customer @key(fields: "id") { id: ID! name: String }
  type Query { me: Customer }
`);
const LOYALTY = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Customer @key(fields: "id") { id: ID! points: Int }
`);

const BUDGET_MS = 1000;
const STAFF_BUDGET_MS = 400;
const ACCOUNTS_MS = 200;
const DASHBOARD = '{ me { id name points } }';

interface Answer {
  data?: { me: { id: string; name: string | null; points: number | null } | null };
  errors?: Array<{ path?: unknown[]; extensions?: { code?: string } }>;
}

describe('one time budget per request', () => {
  let dir: string;
  let accounts: RunningSubgraph;
  let loyalty: RunningSubgraph;
  let gateway: RunningGateway;
  const seen: Record<'accounts' | 'loyalty', Array<string | undefined>> = { accounts: [], loyalty: [] };
  // the slow subgraph's answers, let go when the suite ends so nothing is left running
  const stalled: Array<() => void> = [];

  beforeAll(async () => {
    dir = tempDir('gateway-request-budget-');
    writeFileSync(
      join(dir, 'clients.json'),
      JSON.stringify({
        clients: [
          { name: 'web-app', channels: ['web'], mode: 'off' },
          { name: 'call-centre', channels: ['staff'], mode: 'off', requestBudgetMs: STAFF_BUDGET_MS },
        ],
      }),
    );
    accounts = await startStubService(
      dir,
      ACCOUNTS,
      {
        Query: {
          me: async () => {
            await sleep(ACCOUNTS_MS);
            return { id: 'C-000001', name: 'Ada' };
          },
        },
      },
      { onRequest: (h) => seen.accounts.push(h[DEADLINE_HEADER] as string | undefined) },
    );
    loyalty = await startStubService(
      dir,
      LOYALTY,
      {
        Customer: {
          // a core at 8 s per call behind a subgraph that does not stop waiting
          __resolveReference: async (ref: { id: string }) => {
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, 8000);
              stalled.push(() => (clearTimeout(timer), resolve()));
            });
            return { id: ref.id, points: 1250 };
          },
        },
      },
      { name: 'loyalty', onRequest: (h) => seen.loyalty.push(h[DEADLINE_HEADER] as string | undefined) },
    );
    const supergraphSdl = composeStubs([
      { name: 'accounts', url: accounts.url, typeDefs: ACCOUNTS },
      { name: 'loyalty', url: loyalty.url, typeDefs: LOYALTY },
    ]);
    gateway = await startGateway(
      gatewayOptions({
        port: 0,
        keysDir: dir,
        persistedDir: dir,
        supergraphSdl,
        nodeEnv: 'test',
        rateLimits: false,
        requestBudgetMs: BUDGET_MS,
        log: pino({ level: 'silent' }),
      }),
    );
    // the test's own fetch loads undici on first use (~100 ms): not the gateway's time
    await fetch(gateway.url.replace('/graphql', '/health'));
  });

  afterAll(async () => {
    for (const release of stalled) release();
    await gateway?.close();
    await accounts?.close();
    await loyalty?.close();
  });

  beforeEach(() => {
    seen.accounts.length = 0;
    seen.loyalty.length = 0;
  });

  async function timed(token: string): Promise<{ ms: number; answer: Answer }> {
    const started = performance.now();
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: DASHBOARD }),
    });
    const answer = (await res.json()) as Answer;
    return { ms: performance.now() - started, answer };
  }

  it('answers within the budget (+ 400 ms of slack): the data it has, DOWNSTREAM_SERVICE_ERROR where the slow subgraph was', async () => {
    const token = await clientToken(dir, 'C-000001', 'web', { clientName: 'web-app' });
    // the first request of a fresh gateway plans the query and warms the JIT: CPU time that a
    // loaded CI machine stretches past any margin, and not what the budget is about
    await timed(token);
    const { ms, answer } = await timed(token);
    // the slow subgraph answers after 8 s: 1.4 s is still giving up at the budget, with room for a
    // loaded machine (CI measured 1108 ms once beside another suite, against a bound of 1100)
    expect(ms).toBeLessThan(BUDGET_MS + 400);
    expect(answer.data?.me).toEqual({ id: 'C-000001', name: 'Ada', points: null });
    expect(answer.errors).toEqual([expect.objectContaining({ path: ['me', 'points'], extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } })]);
  });

  it('tells each hop the time left, less on the second hop than on the first', async () => {
    await timed(await clientToken(dir, 'C-000001', 'web', { clientName: 'web-app' }));
    const [first] = seen.accounts.map(Number);
    const [second] = seen.loyalty.map(Number);
    expect(first).toBeLessThanOrEqual(BUDGET_MS - HOP_MARGIN_MS);
    expect(first).toBeGreaterThan(BUDGET_MS - HOP_MARGIN_MS - 150);
    // the first hop's time is gone from the second's
    expect(second).toBeLessThanOrEqual((first ?? NaN) - ACCOUNTS_MS);
    expect(second).toBeGreaterThan(0);
  });

  it('a client with its own budget in clients.json gets that budget', async () => {
    const { ms, answer } = await timed(await clientToken(dir, 'S-0042', 'staff', { clientName: 'call-centre' }));
    expect(ms).toBeGreaterThanOrEqual(STAFF_BUDGET_MS - 20);
    // under the default budget (1000 ms) with room for a loaded machine: the client's own budget was used
    expect(ms).toBeLessThan(STAFF_BUDGET_MS + 300);
    expect(Number(seen.accounts[0])).toBeLessThanOrEqual(STAFF_BUDGET_MS - HOP_MARGIN_MS);
    expect(answer.data?.me).toMatchObject({ id: 'C-000001', points: null });
  });
});

describe('the budget’s configuration', () => {
  it('GATEWAY_REQUEST_BUDGET_MS defaults to 3 s and is validated', () => {
    expect(gatewayOptionsFromEnv({}).requestBudgetMs).toBe(3000);
    expect(gatewayOptionsFromEnv({ GATEWAY_REQUEST_BUDGET_MS: '1500' }).requestBudgetMs).toBe(1500);
    for (const bad of ['abc', '50', '600000', '1.5']) {
      expect(() => gatewayOptionsFromEnv({ GATEWAY_REQUEST_BUDGET_MS: bad })).toThrow(/GATEWAY_REQUEST_BUDGET_MS/);
    }
  });

  it('a client’s requestBudgetMs in clients.json is bounded', () => {
    const dir = tempDir('gateway-budget-clients-');
    writeFileSync(join(dir, 'clients.json'), JSON.stringify({ clients: [{ name: 'kiosk', channels: ['kiosk'], mode: 'off', requestBudgetMs: 10 }] }));
    expect(() => ClientRegistry.fromDir(dir)).toThrow(/requestBudgetMs/);
  });
});
