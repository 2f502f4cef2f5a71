// Live updates over GraphQL over Server-Sent Events (the graphql-sse protocol, distinct connections
// mode): one POST to /graphql with `Accept: text/event-stream`, read as a stream. The operation goes
// by its sha256 only, as every other operation of the app (apollo.ts): the gateway knows it from the
// web manifest. A stream that ends or fails is opened again after a pause, until `stop`.
import { print, type DocumentNode } from 'graphql';
import { addTypenameToDocument } from '@apollo/client/utilities';
import { currentToken } from './session';
import { sha256 } from './sha256';

/** Calls `onNext` with each event's data; returns the function that closes the stream for good. */
export function subscribe<T>(document: DocumentNode, operationName: string, onNext: (data: T) => void, retryMs = 5000): () => void {
  const abort = new AbortController();
  const run = async () => {
    // hashed as the manifest registered it: with __typename, as Apollo Client sends every operation
    const hash = await sha256(print(addTypenameToDocument(document)));
    while (!abort.signal.aborted) {
      try {
        await stream(hash, operationName, onNext, abort.signal);
      } catch {
        // the connection failed or the gateway refused: try again after the pause
      }
      if (!abort.signal.aborted) await new Promise((r) => setTimeout(r, retryMs));
    }
  };
  void run();
  return () => abort.abort();
}

async function stream<T>(hash: string, operationName: string, onNext: (data: T) => void, signal: AbortSignal): Promise<void> {
  const token = currentToken();
  if (!token) return;
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ operationName, variables: {}, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
    signal,
  });
  if (!res.ok || !res.body) return;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    // events are separated by a blank line; each has `event:` and `data:` lines
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const lines = block.split('\n');
      const event = lines
        .find((l) => l.startsWith('event:'))
        ?.slice(6)
        .trim();
      const data = lines
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart())
        .join('\n');
      if (event === 'complete') return;
      if (event === 'next' && data) {
        const payload = JSON.parse(data) as { data?: T };
        if (payload.data) onNext(payload.data);
      }
    }
  }
}
