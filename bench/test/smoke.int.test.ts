// The bench harness end to end, briefly: real simulator, subgraphs and Corebridge gateway as child
// processes on free loopback ports, four seconds of dashboard load (a dashboard on a loaded
// machine can take most of its 3 s request budget). Proves that a run yields
// throughput, latency, core calls per request and the gateway's CPU and memory.
import { runBench, defaultOptions } from '../run';
import type { BenchReport } from '../lib/report';

jest.setTimeout(300_000);

describe('bench harness (smoke)', () => {
  let report: BenchReport;

  beforeAll(async () => {
    report = await runBench({
      ...defaultOptions(true),
      workloads: ['dashboard'],
      peers: ['corebridge'],
      connections: 4,
      warmupSeconds: 1,
      stackWarmupSeconds: 0,
      durationSeconds: 4,
      customers: 20,
      // 20 customers in turn over 3 s would be answered from the gateway's private cache after
      // their first dashboard: this smoke proves the harness measures the path through the core
      // (test/integration/gateway-private-cache.test.ts covers the cache)
      gatewayEnv: { GATEWAY_PRIVATE_CACHE: 'off' },
    });
  });

  it('measures the Corebridge gateway on the dashboard', () => {
    expect(report.rows).toHaveLength(1);
    const [row] = report.rows;
    if (!row) throw new Error('no row in the report');
    expect(row).toMatchObject({ workload: 'dashboard', peer: 'corebridge' });
    if (row.status !== 'ok') throw new Error(`corebridge did not run: ${row.reason}`);
    const load = row.load!;
    expect(load.requests).toBeGreaterThan(0);
    expect(load.sent).toBeGreaterThanOrEqual(load.requests);
    expect(load.requestsPerSecond).toBeGreaterThan(0);
    // every dashboard waits on at least one core round trip of >= 15 ms
    expect(load.latencyMs.p50).toBeGreaterThanOrEqual(15);
    expect(load.latencyMs.p99).toBeGreaterThanOrEqual(load.latencyMs.p50);
    expect(load.errors.total).toBe(0);
    // every answer was about the customer whose token asked (checked on each response)
    expect(load.errors.wrongCustomer).toBe(0);
  });

  it('counts core calls per request from the simulator and the gateway CPU and peak RSS from /proc', () => {
    const [row] = report.rows;
    if (!row) throw new Error('no row in the report');
    expect(row.coreCallsPerRequest).toBeGreaterThan(0);
    expect(Object.keys(row.coreCallsByOperation ?? {}).length).toBeGreaterThan(0);
    expect(row.gatewayCpuSeconds).toBeGreaterThan(0);
    expect(row.gatewayPeakRssMiB).toBeGreaterThan(20);
  });

  it('records the machine and the installed peer versions', () => {
    expect(report.machine.nproc).toBeGreaterThan(0);
    expect(report.versions['@apollo/gateway']).toMatch(/^\d+\.\d+\.\d+/);
    expect(report.settings.coreLatency).toBe('20 ms ± 5 ms');
  });
});
