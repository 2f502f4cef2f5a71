// A subscription over graphql-sse (distinct connections mode) as a client opens one: a POST with
// `Accept: text/event-stream`, read as it arrives. Tests see the HTTP status of a refusal, each
// `next` event in order, and whether the server completed the stream; close() hangs up.
import { readEventStream } from '../../lib/test/support/sse';
export interface SseEvent {
  data?: any;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

export interface OpenedSubscription {
  status: number;
  /** the refusal's JSON body when the status is not 200 */
  refusal?: { errors: Array<{ message: string; extensions?: { code?: string } }> };
  /** the next `next` event (waits up to `ms`; rejects when none came) */
  next(ms?: number): Promise<SseEvent>;
  /** every `next` event received so far, read or not */
  received: SseEvent[];
  /** resolves when the server sent `complete` or ended the stream */
  completed: Promise<void>;
  close(): void;
}

export async function openSubscription(
  url: string,
  body: { query?: string; operationName?: string; variables?: Record<string, unknown>; extensions?: Record<string, unknown> },
  headers: Record<string, string> = {},
): Promise<OpenedSubscription> {
  const abort = new AbortController();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify(body),
    signal: abort.signal,
  });
  const received: SseEvent[] = [];
  let read = 0;
  const waiters: Array<() => void> = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  let done = false;
  let markCompleted!: () => void;
  const completed = new Promise<void>((resolve) => (markCompleted = resolve));
  const finish = () => {
    done = true;
    markCompleted();
    wake();
  };
  if (res.status !== 200 || !res.headers.get('content-type')?.startsWith('text/event-stream')) {
    const refusal = (await res.json().catch(() => undefined)) as OpenedSubscription['refusal'];
    finish();
    return { status: res.status, refusal, next: () => Promise.reject(new Error(`refused with ${res.status}`)), received, completed, close: () => undefined };
  }
  void readEventStream(res, ({ event, data }) => {
    if (event === 'next') {
      received.push(data as SseEvent);
      wake();
    } else if (event === 'complete') finish();
  }).then(finish);
  const next = (ms = 5000): Promise<SseEvent> =>
    new Promise((resolve, reject) => {
      const check = () => {
        if (read < received.length) {
          clearTimeout(timer);
          resolve(received[read++] as SseEvent);
        } else if (done) {
          clearTimeout(timer);
          reject(new Error('the stream ended without another event'));
        } else waiters.push(check);
      };
      const timer = setTimeout(() => reject(new Error(`no event within ${ms} ms`)), ms);
      check();
    });
  return { status: res.status, next, received, completed, close: () => abort.abort() };
}
