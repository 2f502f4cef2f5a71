// Spans of this test process kept in memory: a tracer provider registered for the test (with the
// context manager and W3C propagator a running service gets from the SDK, lib/tracing-sdk.ts) and
// handed to lib/tracing, so `inSpan` and `traceHeaderXml` behave as in a traced service.
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { useTracer } from '../../lib/tracing';

export interface RecordedSpans {
  spans(): ReadableSpan[];
  named(name: string): ReadableSpan[];
  stop(): Promise<void>;
}

export function recordSpans(): RecordedSpans {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  useTracer(provider.getTracer('test'));
  return {
    spans: () => exporter.getFinishedSpans(),
    named: (name) => exporter.getFinishedSpans().filter((s) => s.name === name),
    stop: async () => {
      useTracer(undefined);
      context.disable();
      propagation.disable();
      trace.disable();
      await provider.shutdown();
    },
  };
}
