// GATEWAY_WORKERS=2: one primary, two gateway workers on one port. Both answer; /metrics counts
// every worker's requests; a worker killed with SIGKILL is replaced and the gateway keeps
// answering; SIGTERM to the primary stops everything cleanly; the broadcast channel carries a
// message from one worker to the other; a customer's write through one worker ends what every
// worker had cached for that customer (the private cache's generations travel between workers).
import { request } from 'node:http';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'graphql';
import { ensureKeyPair } from '../../lib/keys';
import { type RunningSubgraph } from '../../lib/subgraph-server';
import { clientToken, startStubSubgraph } from './support/gateway-stub';
import { freePort, type RunningProcess, spawnTsx, startProcess, tempDir } from '../../scripts/lib/processes';

const SDL = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  enum CacheControlScope { PUBLIC PRIVATE }
  directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION
  type Query { hello: String counter: Int @cacheControl(maxAge: 60, scope: PRIVATE) }
  type Mutation { bump: Int }
`);

interface Health {
  status: string;
  worker?: { id: number; pid: number };
}

/** One request on a connection of its own, so the primary hands it to the next worker in turn. */
function fresh(url: string, opts: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', agent: false, headers: { connection: 'close', ...opts.headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('gateway with GATEWAY_WORKERS=2', () => {
  const dir = tempDir('gateway-cluster-');
  const keys = join(dir, 'keys');
  let subgraph: RunningSubgraph;
  let gateway: RunningProcess;
  let base: string;
  let opsBase: string;
  let token: string;
  let counter = 0;
  let counterReads = 0;

  /** the worker pids seen answering /health over `tries` fresh connections */
  async function workerPids(tries = 12): Promise<Set<number>> {
    const pids = new Set<number>();
    for (let i = 0; i < tries; i++) {
      const res = await fresh(`${base}/health`);
      const body = JSON.parse(res.text) as Health;
      if (body.worker) pids.add(body.worker.pid);
    }
    return pids;
  }

  const hello = () =>
    fresh(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ hello }' }),
    });

  beforeAll(async () => {
    await ensureKeyPair(keys, 'dev-user');
    await ensureKeyPair(keys, 'internal');
    token = await clientToken(keys, 'C-000001', 'web', { clientName: 'cluster-test' });
    const stub = await startStubSubgraph(keys, SDL, {
      Query: { hello: () => 'hello', counter: () => (counterReads++, counter) },
      Mutation: { bump: () => ++counter },
    });
    subgraph = stub.subgraph;
    const supergraph = join(dir, 'supergraph.graphql');
    writeFileSync(supergraph, stub.supergraphSdl);
    const port = await freePort();
    const opsPort = await freePort();
    base = `http://127.0.0.1:${port}`;
    opsBase = `http://127.0.0.1:${opsPort}`;
    gateway = await startProcess(
      'gateway-cluster',
      'gateway/src/main.ts',
      {
        KEYS_DIR: keys,
        GATEWAY_PORT: String(port),
        GATEWAY_OPS_PORT: String(opsPort),
        SUPERGRAPH_PATH: supergraph,
        GATEWAY_WORKERS: '2',
        NODE_ENV: 'test',
        REDIS_URL: '',
      },
      `${base}/health`,
      120_000,
    );
  }, 150_000);

  afterAll(async () => {
    await gateway?.stop();
    await subgraph?.close();
  });

  it('two worker processes answer on the one port, and /metrics counts the requests of both', async () => {
    const pids = await until('two workers', async () => {
      const seen = await workerPids();
      return seen.size === 2 ? seen : undefined;
    });
    for (const pid of pids) expect(pid).not.toBe(gateway.pid);

    const metricsCount = async () => {
      // the workers share the operations port as they share the public one
      const text = (await fresh(`${opsBase}/metrics`)).text;
      return text
        .split('\n')
        .filter((l) => l.startsWith('gateway_requests_total{') && l.includes('client="cluster-test"'))
        .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
    };
    const before = await metricsCount();
    const SENT = 6;
    for (let i = 0; i < SENT; i++) {
      const res = await hello();
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toEqual({ data: { hello: 'hello' } });
    }
    // every worker's counter, summed by the primary: all six, whichever worker served them
    await until('all requests counted', async () => ((await metricsCount()) - before === SENT ? true : undefined), 20_000);
  }, 90_000);

  it("a customer's write through one worker ends every worker's cached reads of that customer", async () => {
    const graphql = (query: string) =>
      fresh(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      }).then((r) => JSON.parse(r.text) as { data?: { counter?: number; bump?: number } });
    // fresh connections go to the workers in turn: both read once, then answer from their caches
    for (let i = 0; i < 8; i++) expect((await graphql('{ counter }')).data?.counter).toBe(0);
    expect(counterReads).toBeGreaterThanOrEqual(1);
    expect(counterReads).toBeLessThanOrEqual(2);
    const cachedReads = counterReads;
    for (let i = 0; i < 4; i++) await graphql('{ counter }');
    expect(counterReads).toBe(cachedReads);

    expect((await graphql('mutation { bump }')).data?.bump).toBe(1);
    // whichever worker answers next, none may hand back its entry from before the write
    for (let i = 0; i < 8; i++) expect((await graphql('{ counter }')).data?.counter).toBe(1);
    expect(counterReads).toBeGreaterThan(cachedReads);
  }, 60_000);

  it('replaces a worker killed with SIGKILL and keeps answering', async () => {
    const pids = await workerPids();
    const [victim] = pids;
    if (victim === undefined) throw new Error('no worker pid');
    process.kill(victim, 'SIGKILL');
    await until('the victim gone', async () => (alive(victim) ? undefined : true), 10_000);
    // while one worker is gone the other answers
    expect((await hello()).status).toBe(200);
    const replaced = await until('a replacement worker', async () => {
      const seen = await workerPids();
      return seen.size === 2 && !seen.has(victim) ? seen : undefined;
    });
    expect(replaced.size).toBe(2);
    for (let i = 0; i < 4; i++) expect(JSON.parse((await hello()).text)).toEqual({ data: { hello: 'hello' } });
    expect(gateway.output()).toContain('gateway worker died; starting another');
  }, 90_000);

  it('SIGTERM to the primary stops every worker and exits 0', async () => {
    const pids = await workerPids();
    expect(pids.size).toBe(2);
    const exited = new Promise<number | null>((resolve) => gateway.child.once('exit', (code) => resolve(code)));
    gateway.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const pid of pids) expect(alive(pid)).toBe(false);
  }, 60_000);
});

describe('the cluster message channel', () => {
  let echo: RunningProcess | undefined;
  afterAll(async () => {
    await echo?.stop();
  });

  it('delivers a broadcast from each worker to the other, never back to the sender', async () => {
    const file = join(tempDir('cluster-echo-'), 'heard.txt');
    const heard = () => (existsSync(file) ? readFileSync(file, 'utf8') : '');
    echo = await spawnTsx({
      name: 'cluster-echo',
      script: 'gateway/test/support/cluster-echo.ts',
      env: { CLUSTER_ECHO_FILE: file },
      ready: async () => /worker 1 heard/.test(heard()) && /worker 2 heard/.test(heard()),
      timeoutMs: 60_000,
    });
    const out = heard();
    expect(out).toContain('worker 1 heard "hello from 2" from worker 2');
    expect(out).toContain('worker 2 heard "hello from 1" from worker 1');
    expect(out).not.toMatch(/worker 1 heard "hello from 1"|worker 2 heard "hello from 2"/);
  }, 90_000);
});
