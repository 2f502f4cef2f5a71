// A graphql-sse client for tests, in distinct connections mode as the gateway opens subscriptions:
// one POST with `Accept: text/event-stream`, read as events until `complete` or close().
import { SseParser } from '../../../scripts/lib/sse-parser';
import { INTERNAL_TOKEN_HEADER } from '../../internal-auth';

export interface SseEvent {
  event: string;
  data: unknown;
}

export interface OpenStream {
  status: number;
  /** the body when the answer was not an event stream */
  json?: unknown;
  /** every event so far */
  events: SseEvent[];
  /** the `next` events' payloads so far */
  results(): Array<{ data?: any; errors?: any[] }>;
  /** resolves once `predicate` holds for the events (polls; fails after `ms`) */
  until(predicate: (events: SseEvent[]) => boolean, ms?: number): Promise<void>;
  /** settles when the server ended the stream */
  ended: Promise<void>;
  /** the client goes away (aborts the request) */
  close(): void;
}

export async function openStream(
  url: string,
  token: string | undefined,
  query: string,
  variables: Record<string, unknown> = {},
  accept = 'text/event-stream',
): Promise<OpenStream> {
  const abort = new AbortController();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept, ...(token ? { [INTERNAL_TOKEN_HEADER]: token } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  });
  const events: SseEvent[] = [];
  const stream: OpenStream = {
    status: res.status,
    events,
    results: () => events.filter((e) => e.event === 'next').map((e) => e.data as { data?: any; errors?: any[] }),
    async until(predicate, ms = 10_000) {
      const end = Date.now() + ms;
      while (!predicate(events)) {
        if (Date.now() > end) throw new Error(`timed out; events so far: ${JSON.stringify(events)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    ended: Promise.resolve(),
    close: () => abort.abort(),
  };
  if (!(res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    stream.json = await res.json().catch(() => undefined);
    return stream;
  }
  stream.ended = readEventStream(res, (e) => events.push(e));
  return stream;
}

/** Reads an event stream's messages into `onEvent` until it ends or is aborted; keep-alive comments are skipped. */
export async function readEventStream(res: Response, onEvent: (event: SseEvent) => void): Promise<void> {
  const decoder = new TextDecoder();
  const parser = new SseParser();
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      for (const { event, data } of parser.push(decoder.decode(chunk, { stream: true }))) onEvent({ event, data: data ? JSON.parse(data) : null });
    }
  } catch {
    // aborted by close(), or the server went away
  }
}
