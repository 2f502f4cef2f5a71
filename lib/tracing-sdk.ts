// The OpenTelemetry SDK of one process, loaded by lib/tracing.ts only when tracing is on.
//
// Instrumented where it pays: http (every server span, the gateway's subgraph fetches, the SOAP
// client's requests to the core), undici (fetch: service-to-service calls), pg, ioredis, and
// GraphQL's parse/validate/execute (not one span per resolver: the dashboard resolves hundreds of
// fields, the spans would cost more than the work). Fastify's own instrumentation adds a span per
// hook and nothing the http server span and the GraphQL spans do not already show.
//
// Export: OTEL_TRACES_EXPORTER (otlp by default, console, none) and the OTLP variables of the
// specification (OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT / _PROTOCOL / _HEADERS); batching by the
// OTEL_BSP_* variables.
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ConfigError } from './config';
import { ConsoleSpanExporter, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';
import { OTLPTraceExporter as OtlpHttpJson } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpHttpProto } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as OtlpGrpc } from '@opentelemetry/exporter-trace-otlp-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';

export function startSdk(serviceName: string, env: NodeJS.ProcessEnv = process.env): NodeSDK {
  const exporter = exporterFromEnv(env);
  const sdk = new NodeSDK({
    serviceName,
    // batched as OTEL_BSP_* say (the SDK builds the processor around this exporter)
    ...(exporter ? { traceExporter: new ScrubbingExporter(exporter) } : { spanProcessors: [] }),
    instrumentations: [
      new HttpInstrumentation(),
      new UndiciInstrumentation(),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
      // the command only: its arguments are keys and values that name callers
      new IORedisInstrumentation({ dbStatementSerializer: (command) => command }),
      new GraphQLInstrumentation({ ignoreResolveSpans: true, allowValues: false }),
    ],
  });
  sdk.start();
  return sdk;
}

function exporterFromEnv(env: NodeJS.ProcessEnv): SpanExporter | undefined {
  const kind = (env.OTEL_TRACES_EXPORTER ?? 'otlp').split(',')[0]!.trim().toLowerCase();
  if (kind === 'none') return undefined;
  if (kind === 'console') return new ConsoleSpanExporter();
  if (kind !== 'otlp') throw new ConfigError(`invalid configuration:\n  OTEL_TRACES_EXPORTER: ${JSON.stringify(kind)}: use otlp, console or none`);
  const protocol = (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf').trim();
  if (protocol === 'http/json') return new OtlpHttpJson();
  if (protocol === 'grpc') return new OtlpGrpc();
  if (protocol === 'http/protobuf') return new OtlpHttpProto();
  throw new ConfigError(`invalid configuration:\n  OTEL_EXPORTER_OTLP_PROTOCOL: ${JSON.stringify(protocol)}: use http/protobuf, http/json or grpc`);
}

/** URL attributes whose query string is dropped: a persisted query's GET carries its variables there. */
const URL_ATTRIBUTES = ['url.full', 'http.url', 'http.target', 'url.original'];
/** attributes dropped whole: the query string itself, and the GraphQL document (its literals may be personal) */
const DROPPED_ATTRIBUTES = ['url.query', 'graphql.source'];

/** Takes what could be personal out of spans before they leave the process (see lib/tracing.ts). */
export class ScrubbingExporter implements SpanExporter {
  constructor(private readonly next: SpanExporter) {}

  export(spans: ReadableSpan[], done: Parameters<SpanExporter['export']>[1]): void {
    for (const span of spans) scrubAttributes(span.attributes);
    this.next.export(spans, done);
  }

  shutdown(): Promise<void> {
    return this.next.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush?.() ?? Promise.resolve();
  }
}

export function scrubAttributes(attributes: Record<string, unknown>): void {
  for (const key of DROPPED_ATTRIBUTES) delete attributes[key];
  for (const key of URL_ATTRIBUTES) {
    const value = attributes[key];
    if (typeof value === 'string' && value.includes('?')) attributes[key] = value.slice(0, value.indexOf('?'));
  }
}
