// A core that fails 30 % of its calls at random must not open the breaker for everyone: the
// adapter's retries absorb random faults and the breaker counts one outcome per logical call, so
// at least 95 % of cold dashboards (40 distinct customers, nothing cached) come back complete.
import { coreClientConfigFromEnv } from '../../../../legacy-adapters/soap/src';
import { type AccountsSuite, useAccountsSuite } from '../support/harness';
import { coreStats } from '../../../../scripts/lib/core-admin';

const DASHBOARD = `{ me { accounts { id balance { available { amount currency } ledger { amount } asOf }
    transactions(first: 10) { edges { node { id amount { amount currency } merchant { name category } } } } }
  cards { id maskedPan status } spending { total { amount currency } categories { category share } } } }`;

let suite: AccountsSuite;
// the shipped core-client settings (timeouts, retries, breaker), only pointed at this simulator
useAccountsSuite(
  (s) => {
    suite = s;
  },
  { customers: 60 },
);

interface Dashboard {
  errors?: unknown[];
  data?: { me?: { accounts?: Array<{ balance: unknown; transactions: unknown }> | null; cards?: unknown; spending?: unknown } | null };
}

function complete(body: Dashboard): boolean {
  const me = body.data?.me;
  if (body.errors?.length || !me?.accounts || me.cards == null || me.spending == null) return false;
  return me.accounts.every((a) => a.balance != null && a.transactions != null);
}

it('at least 95 % of 40 cold dashboards are complete while the core fails 30 % of calls', async () => {
  const { h } = suite;
  const accounts = await h.start({ core: coreClientConfigFromEnv({ CORE_WSDL_URL: h.core.wsdlUrl }), cacheTtlMs: 0 });
  const customers = h.core.data.dataset.customers.slice(0, 40).map((c) => c.customerId);
  expect(new Set(customers).size).toBe(40);
  expect(h.core.faults.update({ errorRate: 0.3 }).ok).toBe(true);
  try {
    let done = 0;
    for (const id of customers) if (complete((await h.ask(accounts, id, DASHBOARD)).body)) done++;
    const faults = await coreStats(h.core.url);
    // the core really failed about 30 % of what it got
    expect(faults.totals.systemError / faults.totals.calls).toBeGreaterThan(0.2);
    expect(done).toBeGreaterThanOrEqual(38);
  } finally {
    h.core.faults.reset();
  }
});
