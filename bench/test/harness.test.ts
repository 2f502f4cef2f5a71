// The bench harness's own arithmetic and parsing: if these are wrong every figure is wrong.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'graphql';
import { spawnSync } from 'node:child_process';
import { parseCpuSeconds, parsePeakRss } from '../lib/proc-stats';
import { customerId, customerSequence, seededRandom, zipfSampler } from '../lib/customers';
import { hasGraphqlErrors, meIdOf, percentile, spreadOf } from '../lib/load';
import { composeClassic, routeSupergraph, subgraphsOf, withoutSecurityLinks } from '../lib/supergraph';
import { dashboardQuery } from '../lib/dashboard-query';
import { faultSettingsFor } from '../lib/stacks';
import { parseBenchArgs, UsageError } from '../run';
import { cpuByProcessLine, formatBurstTable, formatCardFeedTable, formatOneClientTable, formatTable, formatWebFirstLoadTable } from '../lib/report';
import { DEFAULT_BURST } from '../lib/burst';
import { deploymentMemoryLimits, deploymentNodeOptions } from '../lib/deployments';
import { packageOf, programOf, summarise, summariseFolder } from '../profile-summary';
import { tempDir } from '../../scripts/lib/processes';

const SUPERGRAPH = readFileSync(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');

describe('bench: /proc readings', () => {
  it("counts a server's ended children in its CPU (a PostgreSQL backend that exits keeps its time)", () => {
    // Measured in a quiet process of its own: a jest worker's other threads and leftover children burn CPU of their own
    // (CI saw the worker's live CPU grow 0.59 s across the child's 0.3 s).
    const measure = `
      const { spawnSync } = require('node:child_process');
      const { cpuSeconds, serverCpuSeconds } = require(${JSON.stringify(join(__dirname, '..', 'lib', 'proc-stats'))});
      const before = { server: serverCpuSeconds(process.pid), live: cpuSeconds(process.pid) };
      // a child that burns 0.3 s of its own CPU (however busy the machine) and is reaped: only the parent's cutime remembers it
      spawnSync(process.execPath, ['-e', 'while (process.cpuUsage().user < 300000);']);
      console.log(JSON.stringify({ server: serverCpuSeconds(process.pid) - before.server, live: cpuSeconds(process.pid) - before.live }));
    `;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', measure], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const grown = JSON.parse(run.stdout) as { server: number; live: number };
    expect(grown.server).toBeGreaterThanOrEqual(0.29);
    expect(grown.live).toBeLessThan(0.2);
  });

  it('reads utime + stime after the command name, even one with spaces and parentheses', () => {
    // fields after "(name)": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
    const line = '4242 (node (x) y) S 1 2 3 4 5 6 7 8 9 10 250 50 0 0 20 0 11 0';
    expect(parseCpuSeconds(line, 100)).toBeCloseTo(3.0);
  });

  it('prints the stack CPU per request process by process, and nothing without it', () => {
    const row = { workload: 'dashboard' as const, peer: 'corebridge' as const, status: 'ok' as const };
    expect(cpuByProcessLine({ ...row, stackCpuMsPerRequestByProcess: { gateway: 5.1, accounts: 12.25, postgres: 3 } })).toBe(
      '\n    CPU ms/req: gateway 5.1, accounts 12.25, postgres 3',
    );
    expect(cpuByProcessLine(row)).toBe('');
  });

  it('reads the peak RSS in bytes and says undefined when absent', () => {
    expect(parsePeakRss('Name:\tnode\nVmPeak:\t 9000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t 100 kB\n')).toBe(123456 * 1024);
    expect(parsePeakRss('Name:\tnode\n')).toBeUndefined();
  });
});

describe('bench: customers and their order', () => {
  it('formats customer ids like the simulator', () => {
    expect(customerId(0)).toBe('C-000001');
    expect(customerId(999)).toBe('C-001000');
  });

  it('round-robin visits every customer once before repeating, in the same order for every peer', () => {
    const a = customerSequence('round-robin', 50);
    const first = Array.from({ length: 50 }, a);
    expect(new Set(first).size).toBe(50);
    expect(Array.from({ length: 50 }, a)).toEqual(first);
    const b = customerSequence('round-robin', 50);
    expect(Array.from({ length: 50 }, b)).toEqual(first);
  });

  it('zipf (s = 1.1) is skewed: the top customer gets far more than the median one, all draws in range', () => {
    const draw = zipfSampler(1000, 1.1, seededRandom(1));
    const counts = new Array<number>(1000).fill(0);
    for (let i = 0; i < 50_000; i++) {
      const k = draw();
      counts[k] = (counts[k] ?? 0) + 1;
    }
    expect(counts.every((c) => c >= 0)).toBe(true);
    expect(counts).toHaveLength(1000);
    const [top = 0] = counts;
    // P(rank 1) = 1 / H(1000, 1.1) ≈ 0.16
    expect(top / 50_000).toBeGreaterThan(0.12);
    expect(top / 50_000).toBeLessThan(0.2);
    expect(top).toBeGreaterThan(50 * (counts[500] ?? 0));
    const top10 = counts.slice(0, 10).reduce((a, b) => a + b, 0);
    expect(top10 / 50_000).toBeGreaterThan(0.35);
  });
});

describe('bench: load figures', () => {
  it('percentiles are nearest-rank over the sorted latencies', () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(new Float64Array(0), 50)).toBe(0);
  });

  it('spreads unsorted samples into rounded percentiles and their largest value', () => {
    const samples = [12.345, 3.21, 7.777, 100.06, 55.55];
    const tenths = spreadOf(samples);
    expect([tenths.at(50), tenths.at(99), tenths.max]).toEqual([12.3, 100.1, 100.1]);
    const whole = spreadOf(samples, 0);
    expect([whole.at(50), whole.at(95), whole.max]).toEqual([12, 100, 100]);
    expect(spreadOf([])).toEqual({ at: expect.any(Function), max: 0 });
    expect(samples[0]).toBe(12.345);
  });

  it('counts a 200 body with GraphQL errors as an error, and a clean one not', () => {
    expect(hasGraphqlErrors('{"data":{"me":null},"errors":[{"message":"x"}]}')).toBe(true);
    expect(hasGraphqlErrors('{"data":{"me":{"id":"C-000001"}}}')).toBe(false);
  });

  it('reads whose dashboard an answer is, to catch an answer about another customer', () => {
    expect(meIdOf('{"data":{"me":{"id":"C-000042","accounts":[{"id":"A-1"}]}}}')).toBe('C-000042');
    expect(meIdOf('{"data": {"me": { "id": "C-000007" }}}')).toBe('C-000007');
    expect(meIdOf('{"data":{"me":null},"errors":[]}')).toBeUndefined();
  });

  it('maps 20 ms ± 5 ms onto the simulator knobs (latency + uniform 0..jitter)', () => {
    expect(faultSettingsFor({ meanMs: 20, spreadMs: 5 })).toEqual({ latencyMs: 15, jitterMs: 10 });
  });
});

describe('bench: supergraphs', () => {
  it('points every subgraph of the banking supergraph at new URLs and refuses a missing one', () => {
    const names = subgraphsOf(SUPERGRAPH).map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['accounts', 'loyalty', 'offers', 'partners']));
    const urls = Object.fromEntries(names.map((n, i) => [n, `http://127.0.0.1:${50000 + i}/graphql`]));
    const routed = routeSupergraph(SUPERGRAPH, urls);
    expect(subgraphsOf(routed).map((s) => s.url)).toEqual(names.map((n) => urls[n]));
    expect(() => routeSupergraph(SUPERGRAPH, { accounts: 'http://x/graphql' })).toThrow(/no URL for subgraph/);
  });

  it('composes the four classic subgraphs', () => {
    const sdl = composeClassic({
      accounts: 'http://127.0.0.1:1/graphql',
      inventory: 'http://127.0.0.1:2/graphql',
      products: 'http://127.0.0.1:3/graphql',
      reviews: 'http://127.0.0.1:4/graphql',
    });
    expect(subgraphsOf(sdl).map((s) => s.name)).toEqual(['accounts', 'inventory', 'products', 'reviews']);
    expect(sdl).toMatch(/shippingEstimate: Int @join__field\(graph: INVENTORY, requires: "price weight"\)/);
  });

  it('builds the dashboard from the fields the supergraph has, and leaves out the ones it lacks', () => {
    const query = dashboardQuery(SUPERGRAPH);
    expect(() => parse(query)).not.toThrow();
    expect(query).toMatch(/transactions\(first: 10\)/);
    expect(query).toMatch(/balance \{/);
    expect(query).toMatch(/offers\(first: 3\)/);
    expect(query).not.toMatch(/nonexistentField/);
  });

  it('takes Offer.partner when the schema has it, drops it when not, and never selects @inaccessible fields', () => {
    const sdl = (offerFields: string) => `
      directive @inaccessible on FIELD_DEFINITION
      type Query { me: Customer }
      type Customer { id: ID! displayName: String offers(first: Int = 3, channel: String): [Offer!] cards(status: String!): [Card!] }
      type Card { id: ID! }
      type Offer { id: ID! title: String! ${offerFields} }
      type Partner { id: ID! name: String! }`;
    const withPartner = dashboardQuery(sdl('partner: Partner internalScore: Int @inaccessible'));
    expect(withPartner).toMatch(/offers\(first: 3\) \{[^}]*partner \{\s*id\s*name\s*\}/);
    expect(withPartner).not.toMatch(/internalScore/);
    // a required argument the dashboard has no value for: the field is left out, not sent broken
    expect(withPartner).not.toMatch(/cards/);
    const without = dashboardQuery(sdl(''));
    expect(() => parse(without)).not.toThrow();
    expect(without).not.toMatch(/partner/);
  });
});

describe('bench: command line', () => {
  it('takes --json with or without a file and --quick shortens the phases', () => {
    const a = parseBenchArgs(['--quick', '--json']);
    if (a === 'help') throw new Error('unexpected help');
    expect(a.jsonFile).toMatch(/\.bench\/results\.json$/);
    expect(a.options.quick).toBe(true);
    expect(a.options.durationSeconds).toBeLessThanOrEqual(5);
    const b = parseBenchArgs(['--json', 'out.json', '--peers', 'corebridge,hive', '--gateway-env', 'A=1']);
    if (b === 'help') throw new Error('unexpected help');
    expect(b.jsonFile).toBe('out.json');
    expect(b.options.peers).toEqual(['corebridge', 'hive']);
    expect(b.options.gatewayEnv).toEqual({ A: '1' });
  });

  it('refuses unknown peers, workloads and arguments', () => {
    expect(() => parseBenchArgs(['--peers', 'nginx'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--workloads', 'everything'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--fast'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--duration', '0'])).toThrow(UsageError);
  });

  it('takes the card-feed rates, its step and the store, and refuses bad ones', () => {
    const r = parseBenchArgs(['--workloads', 'card-feed', '--card-feed-rates', '100, 400,1000', '--card-feed-step', '5', '--store', 'postgres']);
    if (r === 'help') throw new Error('help');
    expect(r.options.workloads).toEqual(['card-feed']);
    expect(r.options.cardFeed).toMatchObject({ rates: [100, 400, 1000], stepSeconds: 5, connections: 5 });
    expect(r.options.store).toBe('postgres');
    const d = parseBenchArgs([]);
    if (d === 'help') throw new Error('help');
    expect(d.options.store).toBe('embedded');
    expect(() => parseBenchArgs(['--store', 'sqlite'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--card-feed-rates', '100,fast'])).toThrow(UsageError);
  });

  it('prints a card-feed step per line and the sustained rate with its p99', () => {
    const step = (offered: number, kept: boolean, p99: number) => ({
      offeredPerSecond: offered,
      sent: offered * 10,
      acknowledged: kept ? offered * 10 : offered * 10 - 3,
      notAcknowledged: kept ? 0 : 3,
      acknowledgedPerSecond: kept ? offered : offered * 0.8,
      ackMs: { p50: 5, p99, max: p99 + 1 },
      kept,
    });
    const table = formatCardFeedTable([
      {
        workload: 'card-feed',
        peer: 'corebridge',
        status: 'ok',
        cardFeed: {
          store: 'embedded',
          connections: 5,
          steps: [step(100, true, 20), step(200, true, 60), step(400, false, 4000)],
          sustainedPerSecond: 200,
          sustainedAckMs: { p50: 5, p99: 60 },
        },
      },
    ]);
    const rows = table.split('\n').filter((l) => /^\| (embedded|\s+)\s*\| \d/.test(l));
    expect(rows).toHaveLength(3);
    expect(rows[2]).toMatch(/\| 400 .*\| no .*\| 200 \(p99 60\.0 ms\)/);
  });

  it('takes the web-first-load sign-ins, and marks the 1 s target met only with no failed sign-in', () => {
    const r = parseBenchArgs(['--workloads', 'web-first-load', '--sign-ins', '12']);
    if (r === 'help') throw new Error('unexpected help');
    expect(r.options.webFirstLoad.signIns).toBe(12);
    expect(() => parseBenchArgs(['--sign-ins', '0'])).toThrow(UsageError);
    const row = (peer: string, p50: number, p95: number, failed: number) => ({
      workload: 'web-first-load',
      peer,
      status: 'ok' as const,
      webFirstLoad: {
        signIns: 30,
        failed,
        coldMs: { p50, p95, max: p95 + 5 },
        coldDashboardQueryMs: { p50: 100, p95: 200, max: 300 },
        againMs: { p50: 90, p95: 100, max: 110 },
        firstLoadKiB: 140.2,
      },
    });
    const lines = formatWebFirstLoadTable([row('corebridge', 400, 900, 0), row('apollo-stock', 800, 1200, 0), row('naive', 300, 500, 1)])
      .split('\n')
      .slice(2);
    // every line has the header's cells
    const header = formatWebFirstLoadTable([]).split('\n')[0] as string;
    for (const line of lines) expect(line.split('|').length).toBe(header.split('|').length);
    expect(lines[0]).toMatch(/^\| corebridge .*\| 400 .*\| 900 .*\| 100 \/ 200 .*\| met/);
    expect(lines[1]).toMatch(/^\| apollo-stock .*\| 2\.00x .*\| missed/);
    expect(lines[2]).toMatch(/\| missed/);
  });

  it('prints the whole stack CPU per request beside the gateway figures', () => {
    const load = {
      requests: 10,
      sent: 10,
      durationSeconds: 1,
      requestsPerSecond: 10,
      latencyMs: { p50: 100, p95: 120, p99: 130, mean: 101, max: 140 },
      errors: { total: 0, non2xx: 0, graphql: 0, transport: 0, wrongCustomer: 0 },
      served: { count: 10, latencyMs: { p50: 100, p99: 130 } },
      shed: { count: 0, latencyMs: { p50: 0, p99: 0, max: 0 } },
    };
    const table = formatTable([
      { workload: 'dashboard', peer: 'corebridge', status: 'ok', load, gatewayCpuPercent: 12, stackCpuMsPerRequest: 34.5, gatewayPeakRssMiB: 300 },
    ]);
    expect(table.split('\n')[0]).toMatch(/gw CPU % \| stack CPU ms\/req \| gw peak RSS MiB/);
    expect(table).toMatch(/\| 12 +\| 34\.50 +\| 300 /);
  });

  it('prints a burst as three phases, and what held: the core against the cap, the p50 back, memory against the limits', () => {
    const phase = (connections: number, served: number, shed: number, p50: number) => ({
      connections,
      seconds: 10,
      served,
      shed,
      failed: 0,
      servedP50Ms: p50,
      servedP99Ms: p50 * 2,
      shedP99Ms: shed ? 4.2 : 0,
    });
    const burst = {
      settings: DEFAULT_BURST,
      before: phase(50, 500, 0, 800),
      during: phase(500, 1100, 40000, 2400),
      after: phase(50, 480, 0, 850),
      corePeakInFlight: 24,
      coreCap: 24,
      memory: [
        { process: 'gateway', peakRssMiB: 400, limitMiB: 768 },
        { process: 'loyalty', peakRssMiB: 420 },
      ],
      wrongCustomer: 0,
    };
    const table = formatBurstTable([{ workload: 'burst', peer: 'corebridge', status: 'ok', burst }]);
    const lines = table.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[3]).toMatch(/\| burst +\| 500 +\| 1100 +\| 40000 +\| 0 +\| 2400\.0 +\| 4800\.0 +\| 4\.2 +\| p50 back: yes/);
    expect(table).toMatch(/core in flight 24\/24/);
    expect(table).toMatch(/peak RSS gateway 400\/768 MiB/);
    const slow = formatBurstTable([
      {
        workload: 'burst',
        peer: 'apollo-stock',
        status: 'ok',
        burst: { ...burst, after: phase(50, 100, 0, 2000), memory: [{ process: 'gateway', peakRssMiB: 900, limitMiB: 768 }] },
      },
    ]);
    expect(slow).toMatch(/p50 back: no/);
    expect(slow).toMatch(/over memory limit: gateway/);
  });

  it('prints one-client latency against the critical path and marks both targets', () => {
    const oneClient = {
      customers: 60,
      failed: 0,
      coldMs: { p50: 79.9, p95: 112.6 },
      repeatMs: { p50: 6.1, p95: 9 },
      sequentialRounds: 2,
      criticalPathMs: 40,
      coldCoreCalls: 5,
      repeatCoreCalls: 0,
    };
    const table = formatOneClientTable([
      { workload: 'one-client', peer: 'corebridge', status: 'ok', oneClient },
      { workload: 'one-client', peer: 'apollo-stock', status: 'ok', oneClient: { ...oneClient, coldMs: { p50: 60, p95: 70 }, repeatMs: { p50: 40, p95: 50 } } },
    ]);
    const [, , corebridge, apollo] = table.split('\n');
    expect(corebridge).toMatch(/\| 79\.9 +\| 112\.6 +\| 2 +\| 40 +\| missed \(\+40\) +\| 6\.1 +\| 9\.0 +\| met +\| 5\.00 \/ 0\.00/);
    expect(apollo).toMatch(/\| 60\.0 +\| 70\.0 +\| 2 +\| 40 +\| met +\| 40\.0 +\| 50\.0 +\| missed/);
  });

  it("reads each Deployment's memory limit and NODE_OPTIONS from deploy/kubernetes/base", () => {
    const limits = deploymentMemoryLimits();
    expect(limits.gateway).toBe(768);
    expect(limits.partners).toBe(384);
    // the gateway under test runs with these (bench/lib/peers.ts)
    expect(deploymentNodeOptions().gateway).toMatch(/^--max-old-space-size=\d+$/);
  });

  it('prints a missing peer with its reason instead of figures', () => {
    const table = formatTable([{ workload: 'dashboard', peer: 'mercurius', status: 'missing', reason: 'cannot compose @link\nat compose (supergraph.ts)' }]);
    expect(table).toMatch(/mercurius \| missing/);
    expect(table).toMatch(/cannot compose @link/);
    expect(table).not.toMatch(/supergraph\.ts/);
  });
});

describe('bench: CPU profile summary', () => {
  it('adds self time per function and per package, leaving idle out', () => {
    const profile = {
      startTime: 0,
      endTime: 10_000,
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2, 3, 4] },
        { id: 2, callFrame: { functionName: 'executeQueryPlan', url: 'file:///x/node_modules/@apollo/gateway/dist/executeQueryPlan.js', lineNumber: 9 } },
        { id: 3, callFrame: { functionName: 'parse', url: 'node:internal/json', lineNumber: 0 } },
        { id: 4, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
      ],
      samples: [2, 2, 3, 4, 4, 4],
      timeDeltas: [1000, 1000, 2000, 5000, 5000, 5000],
    };
    const s = summarise(profile);
    expect(s.totalMs).toBe(4);
    expect(s.packages[0]).toEqual({ name: '@apollo/gateway', selfMs: 2, share: 50 });
    expect(s.packages[1]).toEqual({ name: '(node internals)', selfMs: 2, share: 50 });
    expect(s.functions.map((f) => f.name)).toEqual(['executeQueryPlan @apollo/gateway:10', 'parse (node internals):1']);
    expect(packageOf('file:///work/main/node_modules/@graphql-hive/gateway/dist/index.js')).toBe('@graphql-hive/gateway');
  });

  it('names each process of a folder of profiles by its entry script, busiest first, loader threads left out', () => {
    const profileOf = (script: string, busyUs: number) => ({
      startTime: 0,
      endTime: busyUs,
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2, 3] },
        { id: 2, callFrame: { functionName: '', url: `file:///work/main/${script}`, lineNumber: 0 } },
        { id: 3, callFrame: { functionName: 'query', url: 'file:///w/node_modules/@electric-sql/pglite/dist/index.js', lineNumber: 0 } },
      ],
      samples: [3],
      timeDeltas: [busyUs],
    });
    expect(programOf(profileOf('subgraphs/offers/src/main.ts', 1))).toBe('subgraphs/offers/src/main');
    const dir = tempDir('bench-profiles-');
    writeFileSync(join(dir, 'a.cpuprofile'), JSON.stringify(profileOf('subgraphs/loyalty/src/main.ts', 3_000_000)));
    writeFileSync(join(dir, 'b.cpuprofile'), JSON.stringify(profileOf('core-simulator/src/main.ts', 1_000_000)));
    writeFileSync(join(dir, 'c.cpuprofile'), JSON.stringify(profileOf('gateway/src/main.ts', 200_000)));
    const lines = summariseFolder(dir).split('\n');
    expect(lines[0]).toBe('subgraphs/loyalty/src/main: 3.0 s busy (75% of the stack)');
    expect(lines[1]).toContain('@electric-sql/pglite 100%');
    expect(lines[2]).toBe('core-simulator/src/main: 1.0 s busy (25% of the stack)');
    expect(lines.join('\n')).not.toContain('gateway/src/main');
  });
});

describe('bench: supergraph for the peers', () => {
  it('drops only the SECURITY purpose of @link, keeping the directives', () => {
    const sdl =
      'schema @link(url: "https://specs.apollo.dev/link/v1.0") @link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY) @link(url: "https://specs.apollo.dev/join/v0.3", for: EXECUTION) { query: Query }';
    const out = withoutSecurityLinks(sdl);
    expect(out).toContain('@link(url: "https://specs.apollo.dev/requiresScopes/v0.1")');
    expect(out).toContain('for: EXECUTION');
    expect(out).not.toContain('SECURITY');
  });
});

describe('bench: dashboard wishes that changed shape', () => {
  it('selects loyalty tier as a value or as an object, whichever the schema has', () => {
    const sdl = (tier: string) => `
      type Query { me: Customer }
      type Customer { id: ID! loyalty: Loyalty }
      type Loyalty { points: Int! ${tier} }
      type LoyaltyTier { tier: String! score: Int! }`;
    expect(dashboardQuery(sdl('tier: String!'))).toMatch(/loyalty \{\s*tier\s*points/);
    const asObject = dashboardQuery(sdl('tier: LoyaltyTier!'));
    expect(asObject).toMatch(/tier \{\s*tier\s*score\s*\}/);
    expect(() => parse(asObject)).not.toThrow();
  });
});
