// A core at 8 s per call behind accounts (issue 13, item 9): with the gateway's deadline header the
// subgraph answers when the request's time is up, the core-backed fields null with
// CORE_UNAVAILABLE, instead of after CORE_TIMEOUT_MS and the read's retries. Without the header
// nothing changes: the core still gets its own timeout.
import { coreClientConfigFromEnv } from '../../../../legacy-adapters/soap/src';
import { DEADLINE_HEADER } from '../../../../lib/deadline';
import { INTERNAL_TOKEN_HEADER } from '../../../../lib/internal-auth';
import { customerCaller, type AccountsSuite, useAccountsSuite } from '../support/harness';

const DASHBOARD = '{ me { id accounts { id balance { available { amount currency } } } } }';

let suite: AccountsSuite;
useAccountsSuite((s) => {
  suite = s;
});

interface Answer {
  data?: { me?: unknown } | null;
  errors?: Array<{ extensions?: { code?: string } }>;
}

async function dashboard(url: string, deadlineMs?: string): Promise<{ ms: number; body: Answer }> {
  const token = await suite.h.signer.sign(customerCaller('C-000002'));
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [INTERNAL_TOKEN_HEADER]: token, ...(deadlineMs ? { [DEADLINE_HEADER]: deadlineMs } : {}) },
    body: JSON.stringify({ query: DASHBOARD }),
  });
  return { body: (await res.json()) as Answer, ms: performance.now() - started };
}

it('answers by the request deadline, core fields CORE_UNAVAILABLE, while the core takes 8 s a call', async () => {
  const { h } = suite;
  // the shipped core-client settings (CORE_TIMEOUT_MS 3 s, four read retries), pointed at this simulator
  const accounts = await h.start({ core: coreClientConfigFromEnv({ CORE_WSDL_URL: h.core.wsdlUrl }), cacheTtlMs: 0 });
  // a warm subgraph and a warm client: the first fetch of a process loads undici (~100 ms)
  expect((await dashboard(accounts.url)).body.errors).toBeUndefined();
  expect(h.core.faults.update({ latencyMs: 8000 }).ok).toBe(true);
  try {
    const { ms, body } = await dashboard(accounts.url, '800');
    expect(ms).toBeLessThan(900);
    const codes = (body.errors ?? []).map((e) => e.extensions?.code);
    expect(codes.length).toBeGreaterThan(0);
    expect(new Set(codes)).toEqual(new Set(['CORE_UNAVAILABLE']));
  } finally {
    h.core.faults.reset();
  }
});
