// One trace across the real processes: the stack exports its spans (OTLP/HTTP, JSON) to a
// collector in this test. A dashboard sent with the client's own traceparent must come back as
// one trace from the gateway (its query plan, its fetches) into each subgraph and on to the core,
// the simulator's span a descendant of the accounts fetch; a card-feed message starts a trace of
// its own that reaches the core and the ledger. Nothing personal is in any span.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dashboardQuery } from '../bench/lib/dashboard-query';
import { ROOT } from '../scripts/lib/processes';
import { purchaseThroughFeed } from './support/card-feed';
import { startOtlpCollector, type CollectedSpan, type OtlpCollector } from './support/otlp-collector';
import { gql, startStack, webToken, type Stack } from './support/stack';

jest.setTimeout(120_000);

const DASHBOARD = dashboardQuery(readFileSync(join(ROOT, 'schema', 'supergraph.graphql'), 'utf8'));
const SERVER = 2; // OTLP SpanKind

let collector: OtlpCollector;
let stack: Stack;
let token: string;

beforeAll(async () => {
  collector = await startOtlpCollector();
  stack = await startStack({
    OTEL_SDK_DISABLED: 'false',
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '100',
  });
  token = await webToken(stack.keysDir, 'C-000001');
}, 240_000);

afterAll(async () => {
  await stack?.stop();
  await collector?.close();
});

const inTrace = (spans: CollectedSpan[], traceId: string) => spans.filter((s) => s.traceId === traceId);

/** The span's parent, its parent's parent, ... as far as the collected spans go. */
function ancestors(span: CollectedSpan, trace: CollectedSpan[]): CollectedSpan[] {
  const byId = new Map(trace.map((s) => [s.spanId, s]));
  const out: CollectedSpan[] = [];
  for (let p = byId.get(span.parentSpanId); p && out.length < 100; p = byId.get(p.parentSpanId)) out.push(p);
  return out;
}

describe('a dashboard is one trace from the client to the core', () => {
  const traceId = randomBytes(16).toString('hex');
  const clientSpanId = randomBytes(8).toString('hex');
  let trace: CollectedSpan[];

  beforeAll(async () => {
    const { status, body } = await gql(stack.gatewayUrl, DASHBOARD, { token, headers: { traceparent: `00-${traceId}-${clientSpanId}-01` } });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const all = await collector.waitFor((spans) => {
      const t = inTrace(spans, traceId);
      return t.some((s) => s.service === 'core-simulator') && t.some((s) => s.service === 'gateway' && s.parentSpanId === clientSpanId);
    });
    // the rest of the trace is exported within the same batch delay
    await new Promise((r) => setTimeout(r, 1000));
    trace = inTrace(collector.spans(), traceId);
    expect(all.length).toBeGreaterThan(0);
  });

  it("continues the client's trace: the gateway's request span has the client's span as parent", () => {
    const root = trace.find((s) => s.service === 'gateway' && s.parentSpanId === clientSpanId);
    expect(root?.kind).toBe(SERVER);
  });

  it('shows the query plan and a fetch per subgraph', () => {
    const gatewaySpans = trace.filter((s) => s.service === 'gateway').map((s) => s.name);
    expect(gatewaySpans).toEqual(expect.arrayContaining(['gateway.request', 'gateway.plan', 'gateway.execute', 'gateway.fetch']));
    const fetched = new Set(trace.filter((s) => s.name === 'gateway.fetch').map((s) => s.attributes.service));
    expect([...fetched].sort()).toEqual(expect.arrayContaining(['accounts', 'loyalty']));
  });

  it("finds the core's span as a descendant of the accounts fetch, through accounts' core call", () => {
    const served = trace.filter((s) => s.service === 'core-simulator' && s.name.startsWith('core.serve '));
    expect(served.length).toBeGreaterThan(0);
    const viaAccounts = served.map((s) => ancestors(s, trace)).find((chain) => chain.some((a) => a.service === 'accounts' && a.name.startsWith('core ')));
    expect(viaAccounts).toBeDefined();
    const names = viaAccounts!.map((a) => `${a.service}:${a.name}${a.attributes.service ? `(${a.attributes.service})` : ''}`);
    expect(names).toEqual(expect.arrayContaining(['gateway:gateway.fetch(accounts)']));
    expect(viaAccounts!.at(-1)?.parentSpanId).toBe(clientSpanId);
  });

  it('says what each core call was: operation, batch size, breaker state, outcome', () => {
    const calls = trace.filter((s) => s.service === 'accounts' && s.name.startsWith('core '));
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) {
      expect(c.attributes).toMatchObject({
        'rpc.system': 'soap',
        'rpc.method': c.name.slice('core '.length),
        'core.breaker_state': 'closed',
        'core.outcome': 'success',
      });
      expect(c.attributes['core.batch_size']).toBeGreaterThanOrEqual(1);
    }
  });

  it('carries no token, no query string and no GraphQL document', () => {
    const text = JSON.stringify(trace);
    expect(text).not.toContain(token.slice(-20));
    expect(text).not.toMatch(/Bearer|graphql\.source|\?query=|"url\.query"/);
  });
});

describe('a card-feed message', () => {
  it('starts a trace that reaches the core (the card lookup) and the ledger (the posting)', async () => {
    const { answer, pan } = await purchaseThroughFeed(stack, 'C-000001', 820_001);
    expect(`${answer.mti}:${answer.fields.get(39)}`).toBe('0230:00');
    const spans = await collector.waitFor((all) => all.some((s) => s.name === 'card-feed message' && s.attributes['iso8583.response_code'] === '00'));
    const message = spans.find((s) => s.name === 'card-feed message' && s.attributes['iso8583.response_code'] === '00')!;
    expect(message).toMatchObject({ service: 'loyalty', kind: SERVER, attributes: { 'iso8583.mti': '0220' } });
    // each process exports its spans on its own schedule: wait for the simulator's as well as loyalty's
    await collector.waitFor((all) => {
      const names = new Set(inTrace(all, message.traceId).map((s) => s.name));
      return names.has('ledger.post') && names.has('core.serve QueryCard');
    });
    const trace = inTrace(collector.spans(), message.traceId);
    const below = (name: string, service: string) =>
      trace.filter((s) => s.name === name && s.service === service).some((s) => ancestors(s, trace).some((a) => a.spanId === message.spanId));
    expect(below('ledger.post', 'loyalty')).toBe(true);
    expect(below('core QueryCard', 'loyalty')).toBe(true);
    expect(below('core.serve QueryCard', 'core-simulator')).toBe(true);
    expect(JSON.stringify(trace)).not.toContain(pan);
  });
});
