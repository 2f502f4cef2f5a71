import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { scrubAttributes, ScrubbingExporter } from '../tracing-sdk';

describe('nothing personal leaves the process in a span', () => {
  it('drops query strings from URLs and the GraphQL document', () => {
    const attributes: Record<string, unknown> = {
      'url.full': 'http://127.0.0.1:4000/graphql?variables={"pan":"4111111111111111"}',
      'http.target': '/graphql?extensions=x',
      'url.query': 'variables=x',
      'graphql.source': 'query { card(pan: "4111111111111111") { id } }',
      'http.route': '/graphql',
    };
    scrubAttributes(attributes);
    expect(attributes).toEqual({ 'url.full': 'http://127.0.0.1:4000/graphql', 'http.target': '/graphql', 'http.route': '/graphql' });
  });

  it('the exporter scrubs every span before handing it on', () => {
    const handed: ReadableSpan[][] = [];
    const next: SpanExporter = { export: (spans, done) => (handed.push(spans), done({ code: 0 })), shutdown: () => Promise.resolve() };
    const span = { attributes: { 'http.url': 'http://core/core?wsdl&x=1' } } as unknown as ReadableSpan;
    new ScrubbingExporter(next).export([span], () => undefined);
    expect(handed[0]![0]!.attributes).toEqual({ 'http.url': 'http://core/core' });
  });
});
