// Every process's Prometheus metrics over the whole stack as real processes: after a dashboard
// through the gateway (the simulator told to add latency) and a purchase through the card feed,
// each process's operations port answers /metrics with the series the Grafana dashboard reads
// (deploy/grafana/corebridge-core.json), moved by what was done, and no public port serves them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dashboardQuery } from '../bench/lib/dashboard-query';
import { ROOT } from '../scripts/lib/processes';
import { purchaseThroughFeed } from './support/card-feed';
import { onOwnConnection } from '../scripts/lib/own-connection';
import { gql, setCoreFaults, startStack, webToken, type Stack } from './support/stack';

jest.setTimeout(120_000);

const DASHBOARD = dashboardQuery(readFileSync(join(ROOT, 'schema', 'supergraph.graphql'), 'utf8'));
const PROCESSES = ['core', 'accounts', 'loyalty', 'offers', 'partners'] as const;
const SERVICE_LABEL: Record<(typeof PROCESSES)[number], string> = {
  core: 'core-simulator',
  accounts: 'accounts',
  loyalty: 'loyalty',
  offers: 'offers',
  partners: 'partners',
};

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments skipped). */
function parseExposition(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1] ?? ''] = l[2] ?? '';
    out.push({ name: m[1] ?? '', labels, value: Number(m[3]) });
  }
  return out;
}

/** The sum of the samples of `name` whose labels include `labels`; undefined when there is none. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const hits = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return hits.length === 0 ? undefined : hits.reduce((a, s) => a + s.value, 0);
}

let stack: Stack;
const scraped = new Map<(typeof PROCESSES)[number], Sample[]>();

async function scrape(name: (typeof PROCESSES)[number]): Promise<Sample[]> {
  // a connection of its own: nothing here waits on a pooled one the server may have closed
  const res = await onOwnConnection(`${stack.opsUrls[name]}/metrics`);
  expect([name, res.status]).toEqual([name, 200]);
  return parseExposition(res.text);
}

beforeAll(async () => {
  stack = await startStack();
  const token = await webToken(stack.keysDir, 'C-000002');
  // a fault knob the simulator counts, small enough for the request budget
  await setCoreFaults(stack.coreUrl, { latencyMs: 5 });
  try {
    // twice: whatever the gateway's private cache does not answer finds the subgraphs' caches filled
    for (let i = 0; i < 2; i++) {
      const { status, body } = await gql(stack.gatewayUrl, DASHBOARD, { token });
      expect([status, body.errors]).toEqual([200, undefined]);
    }
  } finally {
    await setCoreFaults(stack.coreUrl, { latencyMs: 0 });
  }
  const { answer } = await purchaseThroughFeed(stack, 'C-000001', 810_001);
  expect(`${answer.mti}:${answer.fields.get(39)}`).toBe('0230:00');
  for (const name of PROCESSES) scraped.set(name, await scrape(name));
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

const samplesOf = (name: (typeof PROCESSES)[number]) => scraped.get(name) ?? [];

describe('every process on its operations port', () => {
  it.each(PROCESSES)('%s labels every series with its service, Node process metrics included', (name) => {
    const samples = samplesOf(name);
    expect(samples.length).toBeGreaterThan(20);
    expect(samples.filter((s) => s.labels.service !== SERVICE_LABEL[name]).map((s) => s.name)).toEqual([]);
    expect(valueOf(samples, 'process_cpu_seconds_total')).toBeGreaterThan(0);
  });

  it.each(PROCESSES)('%s serves no /metrics on its public port', async (name) => {
    const publicBase = name === 'core' ? stack.coreUrl : stack.subgraphUrls[name].replace(/\/graphql$/, '');
    const res = await onOwnConnection(`${publicBase}/metrics`);
    expect([name, res.status]).toEqual([name, 404]);
    expect(res.text).not.toContain('process_cpu_seconds_total');
  });
});

describe('the core calls, as each subgraph sees them', () => {
  it("counts accounts' dashboard reads by operation and outcome, with their latency", () => {
    const accounts = samplesOf('accounts');
    for (const operation of ['QueryCustomer', 'QueryAccSumm', 'QueryAccBal', 'QueryTransactions'])
      expect([operation, valueOf(accounts, 'core_calls_total', { operation, outcome: 'success' })]).toEqual([operation, expect.any(Number)]);
    expect(valueOf(accounts, 'core_calls_total', { operation: 'QueryAccBal', outcome: 'success' })).toBeGreaterThanOrEqual(1);
    // every call sent is timed; none faster than the simulator's 5 ms latency
    expect(valueOf(accounts, 'core_call_duration_seconds_count', { operation: 'QueryAccBal' })).toBe(
      valueOf(accounts, 'core_calls_total', { operation: 'QueryAccBal', outcome: 'success' }),
    );
    const seconds = valueOf(accounts, 'core_call_duration_seconds_sum', { operation: 'QueryAccBal' }) ?? 0;
    expect(seconds / (valueOf(accounts, 'core_call_duration_seconds_count', { operation: 'QueryAccBal' }) ?? 1)).toBeGreaterThanOrEqual(0.005);
    expect(valueOf(accounts, 'core_call_duration_seconds_bucket', { operation: 'QueryAccBal', le: '+Inf' })).toBeGreaterThanOrEqual(1);
  });

  it.each(['accounts', 'loyalty', 'offers'] as const)('%s shows its breakers closed, nothing in flight or queued after the work', (name) => {
    const samples = samplesOf(name);
    expect(valueOf(samples, 'core_breaker_state', { operation: 'QueryAccBal' })).toBe(0);
    expect(valueOf(samples, 'core_inflight')).toBe(0);
    expect(valueOf(samples, 'core_queued')).toBe(0);
  });

  it("counts loyalty's card lookup for the feed, and no transactions read of offers' own (it ranks by accounts' recent activity)", () => {
    expect(valueOf(samplesOf('loyalty'), 'core_calls_total', { operation: 'QueryCard', outcome: 'success' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(samplesOf('offers'), 'core_calls_total', { operation: 'QueryTransactions', outcome: 'success' }) ?? 0).toBe(0);
  });
});

describe('caches, card feed, ledger, outboxes', () => {
  it("counts accounts' cache: misses for its own reads, hits for loyalty's and offers' relationship reads", () => {
    const accounts = samplesOf('accounts');
    expect(valueOf(accounts, 'cache_misses_total', { cache: 'customer' })).toBeGreaterThan(0);
    expect(valueOf(accounts, 'cache_hits_total', { cache: 'customer' })).toBeGreaterThan(0);
    for (const cache of ['tier_standing', 'fx_rates', 'card_directory'])
      expect([cache, valueOf(samplesOf('loyalty'), 'cache_misses_total', { cache })]).toEqual([cache, expect.any(Number)]);
    expect(valueOf(samplesOf('loyalty'), 'cache_misses_total', { cache: 'card_directory' })).toBe(1);
    expect(valueOf(samplesOf('offers'), 'cache_hits_total', { cache: 'signals' })).toEqual(expect.any(Number));
  });

  it('counts the purchase advice by MTI and response code, and the journal it wrote', () => {
    const loyalty = samplesOf('loyalty');
    expect(valueOf(loyalty, 'card_feed_messages_total', { mti: '0220', response_code: '00' })).toBe(1);
    expect(valueOf(loyalty, 'ledger_journals_total')).toBeGreaterThanOrEqual(1);
    // every kind is there from the start, at 0 when nothing of it was written
    expect(loyalty.filter((s) => s.name === 'ledger_journals_total').length).toBeGreaterThan(3);
  });

  it('gives the outboxes of offers and accounts a depth and an age', () => {
    for (const [name, outbox] of [
      ['offers', 'loyalty_activations'],
      ['accounts', 'loyalty_engagements'],
    ] as const) {
      expect([outbox, valueOf(samplesOf(name), 'outbox_pending_messages', { outbox })]).toEqual([outbox, 0]);
      expect([outbox, valueOf(samplesOf(name), 'outbox_oldest_pending_age_seconds', { outbox })]).toEqual([outbox, 0]);
    }
  });
});

describe('the simulated core', () => {
  it('counts the requests it served by operation and the faults it injected', () => {
    const core = samplesOf('core');
    expect(valueOf(core, 'core_simulator_requests_total', { operation: 'QueryAccBal', outcome: 'success' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(core, 'core_simulator_faults_injected_total', { fault: 'latency' })).toBeGreaterThan(0);
    expect(valueOf(core, 'core_simulator_faults_injected_total', { fault: 'system_error' })).toBeUndefined();
  });

  it('counts as many successful calls as the subgraphs saw succeed', () => {
    const served = valueOf(samplesOf('core'), 'core_simulator_requests_total', { outcome: 'success' }) ?? 0;
    const sent = (['accounts', 'loyalty', 'offers', 'partners'] as const).reduce(
      (n, s) => n + (valueOf(samplesOf(s), 'core_calls_total', { outcome: 'success' }) ?? 0),
      0,
    );
    expect(sent).toBeGreaterThan(0);
    // the scrapes are taken one after the other, with nothing sent in between
    expect(served).toBe(sent);
  });
});
