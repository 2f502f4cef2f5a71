// The live workload's bookkeeping: if a delivery is matched to the wrong advice, or a missing one
// is not counted as lost, its latency and its "lost: 0" mean nothing.
import { asciiName } from '../../core-simulator/src/card-switch/traffic';
import { SseParser } from '../../scripts/lib/sse-parser';
import { adviceAmountMinor, adviceTagOf, DeliveryLedger, merchantNameFor, subscriptionPlan } from '../lib/live-match';
import type { LiveResult } from '../lib/live';
import { formatLiveTable } from '../lib/report';
import { parseBenchArgs, QUICK_PEERS } from '../run';

describe('bench live: advice tags', () => {
  it('reads the advice back from the cash-back body, through field 43 padding and the Unicode isolates', () => {
    const name = merchantNameFor('P3m', 42);
    // field 43 is padded to 40; loyalty collapses the spaces; the template isolates the name
    const field43 = asciiName(name);
    expect(field43).toHaveLength(40);
    const body = `You earned \u2068€0.85\u2069 cash back on your purchase at \u2068${field43.replace(/\s+/g, ' ').trim()}\u2069.`;
    expect(adviceTagOf(body)).toEqual({ phase: 'P3m', seq: 42 });
    expect(adviceTagOf(`... at \u2068${merchantNameFor('P3m', 1234567)}\u2069.`)).toEqual({ phase: 'P3m', seq: 1234567 });
  });

  it('finds nothing in a body that names another merchant, and refuses a tag that could not be read back', () => {
    expect(adviceTagOf('You earned €0.85 cash back on your purchase at Test Grocer.')).toBeUndefined();
    expect(() => merchantNameFor('P-3', 1)).toThrow();
  });

  it('every amount earns cash back at the rate, and an amount that would not is refused', () => {
    for (let seq = 0; seq < 20_000; seq += 7) {
      const amount = adviceAmountMinor(seq, 200);
      expect((amount * 200n) / 10000n).toBeGreaterThan(0n);
      // under ENGAGEMENT_LARGE_CARD_USE (1000.00): no security alert on the stream
      expect(amount).toBeLessThan(100_000n);
    }
    expect(() => adviceAmountMinor(0, 1, 50)).toThrow(/earns no cash back/);
  });
});

describe('bench live: Server-Sent Events framing', () => {
  it('yields whole messages whatever the chunking, drops keep-alive comments, joins data lines', () => {
    const text = ':\n\nevent: next\ndata: {"a":1}\n\n: ping\n\nevent: next\r\ndata: {"b":\r\ndata: 2}\r\n\r\nevent: complete\ndata:\n\n';
    for (const size of [1, 3, 7, text.length]) {
      const p = new SseParser();
      const out = [];
      for (let i = 0; i < text.length; i += size) out.push(...p.push(text.slice(i, i + size)));
      expect(out).toEqual([
        { event: 'next', data: '{"a":1}' },
        { event: 'next', data: '{"b":\n2}' },
        { event: 'complete', data: '' },
      ]);
    }
  });
});

describe('bench live: matching deliveries to advices', () => {
  // customer 0 has subscriptions 0 and 1, customer 1 has subscription 2
  const subs = [0, 0, 1];

  it('owes each acknowledged advice to every stream of its customer and times it from the acknowledgement', () => {
    const l = new DeliveryLedger(subs);
    l.sent(0, 0);
    l.sent(1, 1);
    l.sent(2, 0);
    l.acknowledged(0, 100);
    l.acknowledged(1, 200);
    l.refused(2, 'code 96');
    expect(l.pendingAcks()).toBe(0);
    l.delivered(0, 0, 350, 30);
    l.delivered(1, 0, 150, 10);
    expect(l.complete()).toBe(false);
    l.delivered(2, 1, 1200, 20);
    expect(l.complete()).toBe(true);
    // another customer's purchase on customer 1's stream, a repeat, a refused advice's notification
    l.delivered(2, 0, 400, 5000);
    l.delivered(0, 0, 500, 5000);
    l.delivered(1, 2, 600, 5000);
    const f = l.figures();
    expect(f).toMatchObject({
      sent: 3,
      acknowledged: 2,
      notAcknowledged: 1,
      expected: 3,
      delivered: 3,
      lost: 0,
      wrongCustomer: 1,
      duplicates: 1,
      unexpected: 1,
    });
    // latencies 250, 50, 1000
    expect(f.latencyMs).toMatchObject({ p50: 250, max: 1000, p99: 1000 });
    expect(f.latencyMs.mean).toBeCloseTo(433.3, 1);
    // only the deliveries that counted give the inbox -> stream part
    expect(f.streamHopMs).toEqual({ p50: 20, p99: 30 });
  });

  it('counts what never arrived as lost, and a delivery read before its acknowledgement as 0 ms', () => {
    const l = new DeliveryLedger(subs);
    l.sent(0, 0);
    l.sent(1, 1);
    l.delivered(2, 1, 90);
    l.acknowledged(1, 100);
    l.acknowledged(0, 100);
    l.delivered(0, 0, 300);
    expect(l.complete()).toBe(false);
    const f = l.figures();
    expect(f).toMatchObject({ expected: 3, delivered: 2, lost: 1 });
    expect(f.latencyMs.p50).toBe(0);
    expect(f.latencyMs.max).toBe(200);
  });

  it('places subscriptions per customer in order, never more than asked', () => {
    expect(subscriptionPlan([5, 6, 7], 5, 2)).toEqual([5, 5, 6, 6, 7]);
    expect(subscriptionPlan([5], 5, 2)).toEqual([5, 5]);
    expect(() => subscriptionPlan([1], 1, 0)).toThrow();
  });
});

describe('bench live: table', () => {
  const live = (p50: number, p99: number): LiveResult => ({
    sent: 100,
    acknowledged: 100,
    notAcknowledged: 0,
    expected: 200,
    delivered: 200,
    lost: 0,
    duplicates: 0,
    wrongCustomer: 0,
    unexpected: 0,
    latencyMs: { p50, p95: p99, p99, mean: p50, max: p99 },
    streamHopMs: { p50: 10, p99: 20 },
    durationSeconds: 2,
    advicesPerSecond: 100,
    ackMs: { p50: 5, p99: 9 },
    subscriptionsWanted: 200,
    subscriptionsOpen: 200,
    subscriptionsOpenAtEnd: 200,
    customers: 100,
    ratePerSecond: 100,
    streamErrors: 0,
  });

  it("prints each peer's figures against Corebridge's, and a missing peer with its reason", () => {
    const table = formatLiveTable([
      { workload: 'live', peer: 'corebridge', status: 'ok', live: live(300, 500), gatewayCpuPercent: 20, gatewayPeakRssMiB: 200 },
      { workload: 'live', peer: 'hive', status: 'ok', live: live(450, 1500) },
      { workload: 'live', peer: 'apollo-stock', status: 'missing', reason: 'cannot serve the workload: HTTP 400\nstack' },
    ]);
    expect(table).toMatch(/\| corebridge +\| 200\/200 +\| 100\.0 +\| 200\/200 +\| 0 /);
    expect(table).toMatch(/hive .*1\.50x \/ 3\.00x/);
    expect(table).toMatch(/\| 10\.0 \/ 20\.0 +\|/);
    expect(table).toMatch(/apollo-stock \| missing .*cannot serve the workload: HTTP 400/);
    expect(table).not.toMatch(/stack/);
  });
});

describe('bench live: command line', () => {
  it('runs 1,000 subscriptions and 100 advices/s by default, fewer subscriptions in quick mode, and takes the knobs', () => {
    const full = parseBenchArgs(['--workloads', 'live']);
    const quick = parseBenchArgs(['--quick', '--workloads', 'live', '--subscriptions', '50', '--per-customer', '5', '--rate', '20']);
    if (full === 'help' || quick === 'help') throw new Error('unexpected help');
    expect(full.options.workloads).toEqual(['live']);
    expect(full.options.live).toMatchObject({ subscriptions: 1000, perCustomer: 2, ratePerSecond: 100 });
    expect(quick.options.live).toMatchObject({ subscriptions: 50, perCustomer: 5, ratePerSecond: 20 });
    expect(parseBenchArgs(['--quick'])).toMatchObject({ options: { live: { subscriptions: 200 } } });
    // the defaults are not shared between runs
    expect(parseBenchArgs(['--workloads', 'live'])).toMatchObject({ options: { live: { subscriptions: 1000 } } });
    expect(QUICK_PEERS.live).toEqual(['corebridge', 'hive']);
  });
});
