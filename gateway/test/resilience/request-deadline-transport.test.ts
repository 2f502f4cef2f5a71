// One budget per request at the transport: a subgraph fetch waits no longer than what is left of
// its request's budget (not SUBGRAPH_TIMEOUT_MS), tells the subgraph that time in the deadline
// header less the hop's margin, and a fetch reached after the budget is spent sends nothing.
import pino from 'pino';
import { Deadline, DEADLINE_HEADER, HOP_MARGIN_MS } from '../../../lib/deadline';
import { INTERNAL_TOKEN_HEADER, InternalTokenSigner } from '../../../lib/internal-auth';
import { tempDir } from '../../../scripts/lib/processes';
import type { GatewayContext } from '../../src/context';
import { SubgraphDataSource } from '../../src/transport/subgraph-data-source';
import { createSubgraphFetcher, FETCH_DEADLINE_HEADER } from '../../src/transport/subgraph-fetcher';
import { type FakeSubgraph, startFakeSubgraph } from '../support/fake-subgraph';
import { incomingFetch } from '../support/incoming-fetch';

const QUERY = 'query Dash__accounts__0 { me { id balance } }';
const log = pino({ level: 'silent' });

function contextWith(deadline: Deadline | undefined): GatewayContext {
  const caller = { subject: 'C-000001', customerId: 'C-000001', channel: 'web' as const, scopes: ['customer:read'] };
  return { caller, requestId: 'deadline-test-0001', internalToken: async () => 'not.a.token', deadline };
}

const processOptions = (url: string, context: GatewayContext) => incomingFetch(url, QUERY, context);

describe.each([
  ['pooled fetcher', true],
  ['default fetcher', false],
])('a subgraph fetch under the request deadline (%s)', (_name, pool) => {
  let fake: FakeSubgraph;
  let source: SubgraphDataSource;

  afterEach(async () => {
    source?.pooled?.close();
    await fake?.close();
  });

  it('gives up when the request budget runs out, long before SUBGRAPH_TIMEOUT_MS, with the field errors', async () => {
    fake = await startFakeSubgraph(() => ({ body: { data: { me: { id: 'C-000001', balance: 1 } } }, delayMs: 3000 }));
    source = new SubgraphDataSource('accounts', fake.url, log, { timeoutMs: 10_000, pool, dedup: false });
    const started = performance.now();
    const res = await source.process(processOptions(fake.url, contextWith(Deadline.after(300))));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(280);
    // well before the subgraph's answer (3 s) and SUBGRAPH_TIMEOUT_MS (10 s); the slack is for a CI
    // machine that stalls (a run measured 858 ms here, beside another suite)
    expect(elapsed).toBeLessThan(1500);
    expect(res.errors).toEqual([expect.objectContaining({ path: ['me'], extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } })]);
  });

  it('sends the remaining time, less the hop margin, as whole milliseconds; nothing of the gateway-internal deadline', async () => {
    fake = await startFakeSubgraph(() => ({ body: { data: { me: { id: 'C-000001', balance: 1 } } } }));
    source = new SubgraphDataSource('accounts', fake.url, log, { timeoutMs: 10_000, pool, dedup: false });
    await source.process(processOptions(fake.url, contextWith(Deadline.after(2000))));
    const sent = fake.seen[0]?.headers[DEADLINE_HEADER];
    expect(sent).toMatch(/^\d+$/);
    expect(Number(sent)).toBeLessThanOrEqual(2000 - HOP_MARGIN_MS);
    expect(Number(sent)).toBeGreaterThan(2000 - HOP_MARGIN_MS - 200);
    expect(Object.keys(fake.seen[0]?.headers ?? {}).filter((h) => h.startsWith('x-gateway'))).toEqual([]);
  });

  it('a fetch started after the deadline fails at once, without a network call', async () => {
    fake = await startFakeSubgraph(() => ({ body: { data: { me: { id: 'C-000001', balance: 1 } } } }));
    source = new SubgraphDataSource('accounts', fake.url, log, { timeoutMs: 10_000, pool, dedup: false });
    const spent = Deadline.after(0);
    const started = performance.now();
    const res = await source.process(processOptions(fake.url, contextWith(spent)));
    expect(performance.now() - started).toBeLessThan(200);
    expect(res.errors).toEqual([expect.objectContaining({ extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } })]);
    expect(fake.served()).toBe(0);
  });

  it('without a deadline (a gateway built before budgets, a tool) SUBGRAPH_TIMEOUT_MS still applies and no header is sent', async () => {
    fake = await startFakeSubgraph(() => ({ body: { data: { me: { id: 'C-000001', balance: 1 } } }, delayMs: 2000 }));
    source = new SubgraphDataSource('accounts', fake.url, log, { timeoutMs: 200, pool, dedup: false });
    const res = await source.process(processOptions(fake.url, contextWith(undefined)));
    expect(res.errors).toEqual([expect.objectContaining({ extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } })]);
    expect(fake.seen[0]?.headers[DEADLINE_HEADER]).toBeUndefined();
  });
});

describe('a request sharing another one’s in-flight fetch', () => {
  it('still gives up at its own deadline', async () => {
    const fake = await startFakeSubgraph(() => ({ body: { data: { me: { id: 'C-000001', balance: 1 } } }, delayMs: 1500 }));
    const signer = await InternalTokenSigner.fromKeysDir(tempDir('deadline-dedup-keys-'));
    const token = await signer.sign({ subject: 'C-000001', customerId: 'C-000001', channel: 'web', scopes: [] });
    const fetcher = createSubgraphFetcher({ timeoutMs: 10_000, dedup: true });
    const body = JSON.stringify({ query: QUERY, variables: {} });
    const init = (deadline: Deadline) => ({ method: 'POST', body, headers: { [INTERNAL_TOKEN_HEADER]: token, [FETCH_DEADLINE_HEADER]: String(deadline.at) } });
    try {
      const patient = fetcher.fetch(fake.url, init(Deadline.after(5000)));
      const started = performance.now();
      await expect(fetcher.fetch(fake.url, init(Deadline.after(200)))).rejects.toMatchObject({ name: 'TimeoutError' });
      expect(performance.now() - started).toBeLessThan(700);
      await expect(patient).resolves.toMatchObject({ status: 200 });
      expect(fake.served()).toBe(1);
    } finally {
      fetcher.close();
      await fake.close();
    }
  });
});
