// The gateway's pooled subgraph fetcher and its same-caller de-duplication (gateway/src/transport),
// against a real loopback HTTP server that answers from the caller in the internal token, with
// real signed internal tokens. Not timed: these prove correctness, the bench proves speed.
import { type Caller, INTERNAL_TOKEN_HEADER, InternalTokenSigner } from '../../lib/internal-auth';
import { tempDir } from '../../scripts/lib/processes';
import { createSubgraphFetcher, type SubgraphFetcher } from '../src/transport/subgraph-fetcher';
import { isReadBody } from '../src/transport/read-or-write';
import { callerKeyOfToken } from '../src/transport/token-caller';
import { subgraphTransportFromEnv } from '../src/config';
import { type FakeAnswer, type FakeRequest, type FakeSubgraph, startFakeSubgraph } from './support/fake-subgraph';

/** The fake subgraph's answers: each customer's own balance as it was on arrival, after `delayMs`; a write moves it. */
function answerWithBalances(delayMs: number) {
  const balances = new Map<string, number>([
    ['C-000001', 100],
    ['C-000002', 200],
  ]);
  return ({ body, customer }: FakeRequest): FakeAnswer => {
    if (body.includes('mutation')) balances.set(customer, (balances.get(customer) ?? 0) - 10);
    if (body.includes('"fail"')) return { status: 503, headers: { 'content-type': 'text/plain' }, body: 'down', delayMs };
    return { body: { data: { me: { id: customer, balance: balances.get(customer) } } }, delayMs };
  };
}

const customer = (id: string, extra: Partial<Caller> = {}): Caller => ({ subject: id, customerId: id, channel: 'web', scopes: ['customer:read'], ...extra });
const READ = JSON.stringify({ query: 'query Dash__accounts__0 { me { id balance } }', variables: {} });
const WRITE = JSON.stringify({ query: 'mutation Transfer__accounts__0 { transfer { id } }', variables: {} });

describe('gateway transport: pooled subgraph fetcher', () => {
  let signer: InternalTokenSigner;
  let fetcher: SubgraphFetcher;
  let fake: FakeSubgraph;

  beforeAll(async () => {
    signer = await InternalTokenSigner.fromKeysDir(tempDir('bench-fetcher-keys-'));
  });

  afterEach(async () => {
    fetcher?.close();
    await fake.close();
  });

  const setup = async (delayMs: number, dedup: boolean, timeoutMs = 5000) => {
    fake = await startFakeSubgraph(answerWithBalances(delayMs));
    fetcher = createSubgraphFetcher({ timeoutMs, dedup });
  };
  const post = async (caller: Caller, body = READ) => {
    const token = await signer.sign({ ...caller, requestId: `r-${Math.random()}` });
    return fetcher.fetch(fake.url, { method: 'POST', headers: { 'content-type': 'application/json', [INTERNAL_TOKEN_HEADER]: token }, body });
  };

  it('reuses one kept-alive socket for sequential fetches and hands over status, headers and body', async () => {
    await setup(0, false);
    for (let i = 0; i < 5; i++) {
      const res = await post(customer('C-000001'));
      expect(res.ok).toBe(true);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await res.json()).toEqual({ data: { me: { id: 'C-000001', balance: 100 } } });
    }
    expect(fake.seen).toHaveLength(5);
    expect(fake.sockets()).toBe(1);
  });

  it('passes an HTTP error through as a not-ok response', async () => {
    await setup(0, false);
    const res = await post(customer('C-000001'), JSON.stringify({ query: 'query { fail }', variables: { x: 'fail' } }));
    expect(res.ok).toBe(false);
    expect(res.status).toBe(503);
    expect(res.statusText).toBe('Service Unavailable');
    expect(await res.text()).toBe('down');
  });

  it('fails with a TimeoutError when the subgraph does not answer in time', async () => {
    await setup(300, false, 50);
    await expect(post(customer('C-000001'))).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('de-duplicates identical in-flight reads of the same caller: one upstream call, separate answers', async () => {
    await setup(100, true);
    const [a, b, c] = await Promise.all([post(customer('C-000001')), post(customer('C-000001')), post(customer('C-000001'))]);
    expect(fake.seen).toHaveLength(1);
    expect(fetcher.dedup?.stats).toEqual({ leaders: 1, followers: 2 });
    const ja = (await a.json()) as { data: { me: { balance: number } } };
    const jb = (await b.json()) as { data: { me: { balance: number } } };
    ja.data.me.balance = -1; // one waiter changing its answer changes nobody else's
    expect(jb.data.me.balance).toBe(100);
    expect(await c.json()).toEqual({ data: { me: { id: 'C-000001', balance: 100 } } });
  });

  it('never merges different callers: each customer gets their own data from their own call', async () => {
    await setup(100, true);
    const [one, two] = await Promise.all([post(customer('C-000001')), post(customer('C-000002'))]);
    expect(fake.seen.map((s) => s.customer).sort()).toEqual(['C-000001', 'C-000002']);
    expect(await one.json()).toEqual({ data: { me: { id: 'C-000001', balance: 100 } } });
    expect(await two.json()).toEqual({ data: { me: { id: 'C-000002', balance: 200 } } });
  });

  it('does not merge the same customer seen through different channels, scopes or clients', async () => {
    await setup(100, true);
    await Promise.all([
      post(customer('C-000001')),
      post(customer('C-000001', { channel: 'kiosk' })),
      post(customer('C-000001', { scopes: ['customer:read', 'customer:write'] })),
      post(customer('C-000001', { clientName: 'other-app' })),
      // a staff member reading the customer is not the customer
      post({ subject: 'staff-7', customerId: 'C-000001', channel: 'staff', scopes: ['staff:customers:read'] }),
    ]);
    expect(fake.seen).toHaveLength(5);
  });

  it('never merges writes, and a read after a write of the same caller does not join a read started before it', async () => {
    await setup(150, true);
    const before = post(customer('C-000001'));
    await new Promise((r) => setTimeout(r, 20));
    const writes = Promise.all([post(customer('C-000001'), WRITE), post(customer('C-000001'), WRITE)]);
    await new Promise((r) => setTimeout(r, 20));
    const after = post(customer('C-000001'));
    await writes;
    expect(await (await before).json()).toEqual({ data: { me: { id: 'C-000001', balance: 100 } } });
    // the read that started after the writes reached the subgraph sees them (two transfers of 10)
    expect(await (await after).json()).toEqual({ data: { me: { id: 'C-000001', balance: 80 } } });
    expect(fake.seen.filter((s) => s.body.includes('mutation'))).toHaveLength(2);
    expect(fake.seen.filter((s) => !s.body.includes('mutation'))).toHaveLength(2);
  });

  it('caches nothing: the next read after one finishes asks the subgraph again', async () => {
    await setup(0, true);
    await (await post(customer('C-000001'))).text();
    await (await post(customer('C-000001'))).text();
    expect(fake.seen).toHaveLength(2);
  });

  it('shares a failure only with the same caller and lets the next read try again', async () => {
    await setup(50, true);
    const failing = JSON.stringify({ query: 'query { fail }', variables: { x: 'fail' } });
    const [a, b] = await Promise.all([post(customer('C-000001'), failing), post(customer('C-000001'), failing)]);
    expect([a.status, b.status]).toEqual([503, 503]);
    expect(fake.seen).toHaveLength(1);
    expect((await post(customer('C-000001'))).ok).toBe(true);
    expect(fake.seen).toHaveLength(2);
  });
});

describe('gateway transport: de-duplication keys', () => {
  it('reads the caller from the token without the per-request claims', async () => {
    const signer = await InternalTokenSigner.fromKeysDir(tempDir('bench-dedup-keys-'));
    const a = await signer.sign({ ...customer('C-000001'), requestId: 'r-1' });
    await new Promise((r) => setTimeout(r, 1100)); // a later iat/exp
    const b = await signer.sign({ ...customer('C-000001'), requestId: 'r-2' });
    const c = await signer.sign({ ...customer('C-000002'), requestId: 'r-1' });
    expect(callerKeyOfToken(a)).toBeDefined();
    expect(callerKeyOfToken(a)).toBe(callerKeyOfToken(b));
    expect(callerKeyOfToken(a)).not.toBe(callerKeyOfToken(c));
    expect(callerKeyOfToken('not-a-token')).toBeUndefined();
    expect(callerKeyOfToken(undefined)).toBeUndefined();
  });

  it('treats only queries as reads', () => {
    expect(isReadBody(READ)).toBe(true);
    expect(isReadBody(JSON.stringify({ query: '{ me { id } }' }))).toBe(true);
    expect(isReadBody(WRITE)).toBe(false);
    expect(isReadBody(JSON.stringify({ query: 'subscription S { x }' }))).toBe(false);
    // read from the start of the text (no parse) and by parsing: the same verdicts
    for (const [query, read] of [
      ['\n  query Q { x }', true],
      ['\t{ x }', true],
      ['\nmutation M { x }', false],
      ['  subscription S { x }', false],
      ['queryX { x }', false],
      ['# comment\nquery Q { x }', false],
    ] as const) {
      expect(isReadBody(JSON.stringify({ query, variables: { representations: [] } }))).toBe(read);
      expect(isReadBody(JSON.stringify({ variables: {}, query }))).toBe(read);
    }
    expect(isReadBody('{"query":"query Q { x }"')).toBe(true); // the prefix decides; the subgraph refuses broken JSON itself
    expect(isReadBody('{"query":"mutation')).toBe(false);
    expect(isReadBody('not json')).toBe(false);
    // a variable that merely says "query" does not make a mutation a read
    expect(isReadBody(JSON.stringify({ variables: { query: 'query' }, query: 'mutation M { x }' }))).toBe(false);
    expect(isReadBody('not json')).toBe(false);
  });
});

describe('gateway transport: switches', () => {
  it('are on by default, de-duplication needs the pool, and a bad value stops the start', () => {
    expect(subgraphTransportFromEnv({})).toMatchObject({ pool: true, dedup: true });
    expect(subgraphTransportFromEnv({ GATEWAY_SUBGRAPH_DEDUP: 'off' })).toMatchObject({ pool: true, dedup: false });
    expect(subgraphTransportFromEnv({ GATEWAY_SUBGRAPH_POOL: 'off' })).toMatchObject({ pool: false, dedup: false });
    expect(() => subgraphTransportFromEnv({ GATEWAY_SUBGRAPH_POOL: 'yes' })).toThrow(/GATEWAY_SUBGRAPH_POOL/);
  });
});
