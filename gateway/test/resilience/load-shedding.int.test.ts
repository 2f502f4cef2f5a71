// Load shedding over a real gateway (edge/load-shedding.ts): one slot, a subgraph at 200 ms a
// request, a budget of which 1 s may be spent waiting and working. A burst of eight: those that can finish within the budget wait their turn
// and are answered in time; the rest are refused on arrival with 503 SERVICE_OVERLOADED and
// Retry-After, quickly, and never reach the subgraph; the refusals are counted on /metrics.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'graphql';
import pino from 'pino';
import type { RunningSubgraph } from '../../../lib/subgraph-server';
import { sleep } from '../../../lib/sleep';
import { tempDir } from '../../../scripts/lib/processes';
import { gatewayOptions } from '../../src/config';
import { type RunningGateway, startGateway } from '../../src/server';
import { clientToken, composeStubs, startStubService } from '../support/gateway-stub';

const ACCOUNTS = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Customer @key(fields: "id") { id: ID! name: String }
  type Query { me: Customer }
`);
const SUBGRAPH_MS = 200;
// three quarters of it (1 s) is what the queue may fill
const BUDGET_MS = 1334;
const BURST = 8;

describe('load shedding', () => {
  let dir: string;
  let accounts: RunningSubgraph;
  let gateway: RunningGateway;
  let token: string;
  let reached = 0;

  beforeAll(async () => {
    dir = tempDir('gateway-load-shedding-');
    writeFileSync(join(dir, 'clients.json'), JSON.stringify({ clients: [{ name: 'web-app', channels: ['web'], mode: 'off' }] }));
    accounts = await startStubService(dir, ACCOUNTS, {
      Query: {
        me: async () => {
          reached++;
          await sleep(SUBGRAPH_MS);
          return { id: 'C-000001', name: 'Ada' };
        },
      },
    });
    gateway = await startGateway(
      gatewayOptions({
        port: 0,
        keysDir: dir,
        persistedDir: dir,
        supergraphSdl: composeStubs([{ name: 'accounts', url: accounts.url, typeDefs: ACCOUNTS }]),
        nodeEnv: 'test',
        rateLimits: false,
        requestBudgetMs: BUDGET_MS,
        maxInFlight: 1,
        subgraphTransport: { privateCache: false, dedup: false },
        log: pino({ level: 'silent' }),
      }),
    );
    token = await clientToken(dir, 'C-000001', 'web');
  });

  afterAll(async () => {
    await gateway?.close();
    await accounts?.close();
  });

  async function ask() {
    const started = performance.now();
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { id name } }' }),
    });
    const body = (await res.json()) as { data?: { me: { id: string } }; errors?: Array<{ extensions?: { code?: string } }> };
    return { ms: performance.now() - started, status: res.status, retryAfter: res.headers.get('retry-after'), body };
  }

  it('answers what fits within the budget in turn, and refuses the rest at once without reaching the subgraph', async () => {
    // the shedder learns how long a request takes from the ones it has admitted
    expect((await ask()).status).toBe(200);
    expect((await ask()).status).toBe(200);
    reached = 0;
    const answers = await Promise.all(Array.from({ length: BURST }, () => ask()));
    const served = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 503);
    expect(served.length + refused.length).toBe(BURST);
    // at 200-500 ms a request, one slot and 1 s of the budget: the first and 1 to 4 waiting fit, the rest do not
    expect(served.length).toBeGreaterThanOrEqual(2);
    expect(refused.length).toBeGreaterThanOrEqual(3);
    for (const a of served) {
      expect(a.body.data?.me.id).toBe('C-000001');
      expect(a.ms).toBeLessThan(BUDGET_MS + 250);
    }
    for (const a of refused) {
      expect(a.body.errors?.[0]?.extensions?.code).toBe('SERVICE_OVERLOADED');
      expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
      // refused on arrival, not after waiting its turn (on a loaded test machine too; the bench
      // measures the 50 ms target on a quiet one)
      expect(a.ms).toBeLessThan(3 * SUBGRAPH_MS);
    }
    // nothing refused was read, planned or sent on
    expect(reached).toBe(served.length);
    const metrics = await (await fetch(new URL('/metrics', gateway.opsUrl))).text();
    expect(metrics).toMatch(new RegExp(`^gateway_shed_total ${refused.length}$`, 'm'));
    expect(metrics).toMatch(/^gateway_requests_in_flight 0$/m);
  });

  it('serves normally again right after the burst', async () => {
    const after = await ask();
    expect(after.status).toBe(200);
    expect(after.ms).toBeLessThan(BUDGET_MS);
  });
});
