// A graphql-sse client for tests, in distinct connections mode as the gateway opens subscriptions:
// one POST with `Accept: text/event-stream`, read as events until `complete` or close().
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
  let buffer = '';
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).trim());
        }
        if (data.length === 0 && event === 'message') continue; // a keep-alive comment
        const text = data.join('\n');
        onEvent({ event, data: text ? JSON.parse(text) : null });
      }
    }
  } catch {
    // aborted by close(), or the server went away
  }
}
