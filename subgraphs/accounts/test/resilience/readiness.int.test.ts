// `/ready` is what an orchestrator routes by: this process can serve when its own store answers.
// The core is not part of it (a core outage makes answers partial through the breaker, and taking
// every accounts replica out of the load balancer for it would make them empty), and `/health`
// only says the process runs (a failing liveness probe restarts it, which mends no store).
import pino from 'pino';
import { startAccounts, type RunningAccounts } from '../../src/server';
import { freePort } from '../../../../scripts/lib/processes';
import { type Harness, startHarness, TODAY } from '../support/harness';

describe('accounts readiness', () => {
  let h: Harness;
  let accounts: RunningAccounts;
  const probe = async (path: '/health' | '/ready') => {
    const res = await fetch(new URL(path, accounts.url));
    return { status: res.status, body: (await res.json()) as unknown };
  };

  beforeAll(async () => {
    h = await startHarness(10);
    // started here rather than through the harness: the test closes its store under it
    accounts = await startAccounts({ port: await freePort(), keysDir: h.keys, now: () => TODAY, core: h.coreConfig, log: pino({ level: 'silent' }) });
  }, 60_000);

  afterAll(async () => {
    // the store is already closed: closing it again fails, after the listener and the core client closed
    await accounts?.close().catch(() => undefined);
    await h?.close();
  });

  it('is ready once started: its store answers', async () => {
    expect(await probe('/ready')).toEqual({ status: 200, body: { status: 'ready', service: 'accounts' } });
  });

  it('stays ready with the core down', async () => {
    await h.core.close();
    expect((await probe('/ready')).status).toBe(200);
  });

  it('answers 503 on /ready once its store is closed, while /health still says it runs', async () => {
    await accounts.db.close();
    expect(await probe('/ready')).toEqual({ status: 503, body: { status: 'not ready', service: 'accounts' } });
    expect((await probe('/health')).status).toBe(200);
  });
});
