import { SpanStatusCode } from '@opentelemetry/api';
import { recordSpans, type RecordedSpans } from '../../test/support/recorded-spans';
import { inSpan, startTracing, traceHeaderXml, traceHeaders, tracingOn, tracingRequested } from '../tracing';

describe('tracing is opt-in', () => {
  it.each([
    [undefined, false],
    ['true', false],
    ['', false],
    ['no', false],
    ['false', true],
    [' FALSE ', true],
  ])('OTEL_SDK_DISABLED=%p starts tracing: %p', (value, on) => {
    expect(tracingRequested(value === undefined ? {} : { OTEL_SDK_DISABLED: value })).toBe(on);
  });

  it('without OTEL_SDK_DISABLED=false starts nothing and loads no SDK', async () => {
    expect(await startTracing('accounts', {})).toBeUndefined();
    expect(tracingOn()).toBe(false);
    expect(Object.keys(require.cache).some((f) => f.includes('@opentelemetry/sdk-node'))).toBe(false);
  });

  it('off: inSpan runs the work as it is, with no span and no attributes worked out', async () => {
    const attributes = jest.fn(() => ({ a: 1 }));
    await expect(inSpan('x', attributes, async (span) => span)).resolves.toBeUndefined();
    expect(attributes).not.toHaveBeenCalled();
    expect(traceHeaders()).toEqual({});
    expect(traceHeaderXml()).toBe('');
  });
});

describe('spans (tracing on)', () => {
  let recorded: RecordedSpans;
  beforeEach(() => {
    recorded = recordSpans();
  });
  afterEach(() => recorded.stop());

  it('nests the spans of work started inside a span', async () => {
    await inSpan('outer', { k: 'v' }, () => inSpan('inner', {}, async () => undefined));
    const [outer] = recorded.named('outer');
    const [inner] = recorded.named('inner');
    expect(outer!.attributes).toEqual({ k: 'v' });
    expect(inner!.spanContext().traceId).toBe(outer!.spanContext().traceId);
    expect(inner!.parentSpanContext?.spanId).toBe(outer!.spanContext().spanId);
  });

  it('marks a failed span with the error code, never the message (it may name a customer)', async () => {
    const err = Object.assign(new Error('customer C-000001 has no card 4111111111111111'), { code: 'CARD_NOT_FOUND' });
    await expect(inSpan('lookup', {}, () => Promise.reject(err))).rejects.toBe(err);
    const [span] = recorded.named('lookup');
    expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'CARD_NOT_FOUND' });
    expect(span!.attributes['error.type']).toBe('CARD_NOT_FOUND');
    expect(JSON.stringify({ a: span!.attributes, e: span!.events, s: span!.status })).not.toMatch(/C-000001|4111/);
  });

  it('puts the active span in W3C headers and in the SOAP header block for the core', async () => {
    expect(traceHeaderXml()).toBe(''); // outside any span: no Header at all
    let xml = '';
    let headers: Record<string, string> = {};
    await inSpan('core QueryCustomer', {}, async () => {
      xml = traceHeaderXml();
      headers = traceHeaders();
    });
    const [span] = recorded.named('core QueryCustomer');
    const { traceId, spanId } = span!.spanContext();
    expect(headers.traceparent).toBe(`00-${traceId}-${spanId}-01`);
    expect(xml).toBe(`<ct:TraceContext xmlns:ct="urn:corebridge:trace:v1"><ct:traceparent>00-${traceId}-${spanId}-01</ct:traceparent></ct:TraceContext>`);
  });
});
