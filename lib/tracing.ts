// Traces across the processes (OpenTelemetry). Off unless OTEL_SDK_DISABLED=false: the SDK, its
// exporters and its instrumentations are not even loaded then, and `inSpan` calls its work
// directly, so a deployment without a collector pays nothing. When on, the standard OTEL_*
// variables configure the export (OTLP by default: OTEL_EXPORTER_OTLP_ENDPOINT, ..._PROTOCOL).
//
// What carries a trace from one process to the next: W3C `traceparent`, put on outgoing HTTP
// requests by the http/undici instrumentations (gateway -> subgraph, subgraph -> subgraph, adapter
// -> core) and, for the core, also in a SOAP header block (lib/tracing's traceHeaderXml, read by
// the simulator) so a core behind an ESB that drops HTTP headers still joins the trace.
//
// Nothing personal goes into a span: errors are recorded by their stable code, not their message;
// query strings are dropped from URLs (a persisted query's GET carries variables there); Redis
// commands are named without their arguments (keys hold caller ids).
import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';

export { SpanKind };

let tracer: Tracer | undefined;

/** Tracing is opt-in here (the OpenTelemetry default is on): only OTEL_SDK_DISABLED=false starts it. */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'false';
}

export function tracingOn(): boolean {
  return tracer !== undefined;
}

export interface Tracing {
  /** exports what is still buffered, then stops */
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry SDK for this process when asked to (tracingRequested). Call it before the
 * modules it instruments (http, pg, ioredis, graphql) are loaded: runMain does, and each service's
 * main.ts loads its modules only inside runMain's callback.
 */
export async function startTracing(service: string, env: NodeJS.ProcessEnv = process.env): Promise<Tracing | undefined> {
  if (!tracingRequested(env)) return undefined;
  const { startSdk } = await import('./tracing-sdk');
  const sdk = startSdk(env.OTEL_SERVICE_NAME?.trim() || service);
  tracer = trace.getTracer('corebridge');
  return {
    shutdown: async () => {
      tracer = undefined;
      await sdk.shutdown();
    },
  };
}

/** Tests: spans of this process go to `t` (a provider the test set up); undefined turns them off again. */
export function useTracer(t: Tracer | undefined): void {
  tracer = t;
}

export interface SpanOptions {
  kind?: SpanKind;
  /** the parent when it is not the active context (a trace context that came in a message) */
  parent?: Context;
}

/**
 * Runs `work` in a span named `name` (active for everything `work` starts); without tracing, runs
 * it as it is. A thrown error marks the span failed with the error's stable code (never its message).
 */
export async function inSpan<T>(
  name: string,
  /** a function when they cost something to work out: called only when tracing is on */
  attributes: Attributes | (() => Attributes),
  work: (span: Span | undefined) => Promise<T>,
  opts: SpanOptions = {},
): Promise<T> {
  if (!tracer) return work(undefined);
  const attrs = typeof attributes === 'function' ? attributes() : attributes;
  return tracer.startActiveSpan(name, { kind: opts.kind ?? SpanKind.INTERNAL, attributes: attrs }, opts.parent ?? context.active(), async (span) => {
    try {
      return await work(span);
    } catch (err) {
      const code = errorCode(err);
      span.setAttribute('error.type', code);
      span.setStatus({ code: SpanStatusCode.ERROR, message: code });
      throw err;
    } finally {
      span.end();
    }
  });
}

function errorCode(err: unknown): string {
  const e = err as { code?: unknown; name?: unknown } | null;
  if (e && typeof e.code === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(e.code)) return e.code;
  return e && typeof e.name === 'string' ? e.name.slice(0, 64) : 'Error';
}

/** The active trace context as W3C headers (`traceparent`, `tracestate`); empty without tracing. */
export function traceHeaders(ctx: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  if (tracer) propagation.inject(ctx, carrier);
  return carrier;
}

/** The trace context `headers` carry (W3C `traceparent`), or the active one when they carry none. */
export function contextFrom(headers: Record<string, string | undefined>): Context {
  return propagation.extract(context.active(), headers);
}

/** Namespace of the SOAP header block that carries the trace context to the core. */
export const TRACE_HEADER_NS = 'urn:corebridge:trace:v1';

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const TRACESTATE = /^[\x20-\x7e]{0,512}$/;

/**
 * The SOAP header block for the active span: `<ct:TraceContext><ct:traceparent>00-...` (and
 * tracestate when there is one); '' without tracing or outside a span, so no Header is sent.
 */
export function traceHeaderXml(): string {
  const { traceparent, tracestate } = traceHeaders();
  if (!traceparent || !TRACEPARENT.test(traceparent)) return '';
  const state = tracestate && TRACESTATE.test(tracestate) ? `<ct:tracestate>${escapeXml(tracestate)}</ct:tracestate>` : '';
  return `<ct:TraceContext xmlns:ct="${TRACE_HEADER_NS}"><ct:traceparent>${traceparent}</ct:traceparent>${state}</ct:TraceContext>`;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
