// A subscription's primary fetch, opened at the subgraph that owns it: graphql-sse in distinct
// connections mode (one POST with Accept: text/event-stream per subscription), carrying the caller
// as an internal token, as every subgraph call does. No retries: a stream that breaks ends the
// client's subscription with a code, and the client subscribes again (an event the gateway did not
// see while it reconnected on its own would be lost without anyone knowing).
import { createClient } from 'graphql-sse';
import type { ExecutionResult } from 'graphql';
import { INTERNAL_TOKEN_HEADER, REQUEST_ID_HEADER } from '../../../lib/internal-auth';

export interface UpstreamSink {
  /** the subgraph answered with its event stream: what it publishes from now on reaches this subscription */
  connected?(): void;
  next(event: ExecutionResult): void;
  /** the subgraph refused or the stream broke */
  error(err: unknown): void;
  /** the subgraph ended the subscription */
  complete(): void;
}

export interface UpstreamRequest {
  url: string;
  query: string;
  operationName?: string;
  variables: Record<string, unknown>;
  internalToken: string;
  requestId: string;
}

/** Opens the upstream subscription; the returned function closes it (idempotent). */
export function openUpstream(request: UpstreamRequest, sink: UpstreamSink): () => void {
  const client = createClient({
    url: request.url,
    singleConnection: false,
    retryAttempts: 0,
    headers: { [INTERNAL_TOKEN_HEADER]: request.internalToken, [REQUEST_ID_HEADER]: request.requestId },
  });
  const dispose = client.subscribe<Record<string, unknown>>(
    { query: request.query, variables: request.variables, ...(request.operationName ? { operationName: request.operationName } : {}) },
    { next: (event) => sink.next(event as ExecutionResult), error: (err) => sink.error(err), complete: () => sink.complete() },
    { connected: () => sink.connected?.() },
  );
  let closed = false;
  return () => {
    if (closed) return;
    closed = true;
    dispose();
    client.dispose();
  };
}
