// The trace context reaches the core inside the SOAP envelope too: a core behind an ESB that drops
// HTTP headers still joins the caller's trace. In this process no http instrumentation runs, so
// the SOAP header block is the only carrier: the simulator's span must hang under the adapter's.
import { batchSize } from '../src/call-core';
import type { CoreClient } from '../src';
import { recordSpans, type RecordedSpans } from '../../../test/support/recorded-spans';
import { startInProcessCore, type InProcessCore } from './support/in-process-core';

let inProcess: InProcessCore;
let client: CoreClient;
let received: string[];

beforeAll(async () => {
  inProcess = await startInProcessCore();
  ({ client, received } = inProcess);
});

afterAll(() => inProcess?.close());

describe('traced', () => {
  let recorded: RecordedSpans;
  beforeAll(() => {
    recorded = recordSpans();
  });
  afterAll(() => recorded.stop());

  it('sends the core call span as traceparent in a SOAP header block, and the core continues that trace', async () => {
    received.length = 0;
    await client.exchangeRates('2025-01-31', { requestId: 'trace-1' });
    const [call] = recorded.named('core GetExchangeRates');
    const [served] = recorded.named('core.serve GetExchangeRates');
    expect(call).toBeDefined();
    const { traceId, spanId } = call!.spanContext();
    expect(received).toHaveLength(1);
    expect(received[0]).toMatch(
      new RegExp(`<\\w+:Header[^>]*><ct:TraceContext xmlns:ct="urn:corebridge:trace:v1"><ct:traceparent>00-${traceId}-${spanId}-01</ct:traceparent>`),
    );
    expect(served!.spanContext().traceId).toBe(traceId);
    expect(served!.parentSpanContext?.spanId).toBe(spanId);
    expect(call!.attributes).toMatchObject({
      'rpc.method': 'GetExchangeRates',
      'core.batch_size': 1,
      'core.breaker_state': 'closed',
      'core.outcome': 'success',
    });
  });

  it('a batch says how many items it carried', async () => {
    const accounts = await client.loaders({}).accountsOfCustomer.load('C-000001');
    const ids = accounts.map((a) => a.accountId);
    expect(ids.length).toBeGreaterThan(1);
    const loaders = client.loaders({});
    await Promise.all(ids.map((id) => loaders.balance.load(id)));
    const balanceCalls = recorded.named('core QueryAccBal');
    expect(balanceCalls.at(-1)!.attributes['core.batch_size']).toBe(ids.length);
  });
});

it('untraced: no SOAP Header at all', async () => {
  received.length = 0;
  await client.exchangeRates('2025-01-31', {});
  expect(received[0]).not.toMatch(/:Header|TraceContext|traceparent/);
});

it("batch size is the length of the body's one list, else 1", () => {
  expect(batchSize({ AccountIds: { AccountId: ['A', 'B', 'C'] } })).toBe(3);
  expect(batchSize({ Queries: { Query: [{}, {}] } })).toBe(2);
  expect(batchSize({ CustomerId: 'C-1' })).toBe(1);
  expect(batchSize({ RateDate: '2025-01-31', BaseCurrency: 'EUR' })).toBe(1);
});
