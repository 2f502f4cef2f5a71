// Live updates over GraphQL over Server-Sent Events, with graphql-sse's own client (distinct
// connections mode: one POST to /graphql a subscription). The operation goes by its sha256 only, as
// every other operation of the app (apollo.ts): the gateway knows it from the web manifest, and the
// empty query text is what the protocol's request shape asks for beside the id. A stream that ends
// or fails is opened again after a pause, until `stop`: one retry policy here, none in the client.
import { print, type DocumentNode } from 'graphql';
import { createClient } from 'graphql-sse';
import { addTypenameToDocument } from '@apollo/client/utilities';
import { currentToken } from './session';
import { sha256 } from './sha256';

const client = createClient({
  url: '/graphql',
  retryAttempts: 0,
  headers: (): Record<string, string> => {
    const token = currentToken();
    return token ? { authorization: `Bearer ${token}` } : {};
  },
});

/** Calls `onNext` with each event's data; returns the function that closes the stream for good. */
export function subscribe<T>(document: DocumentNode, operationName: string, onNext: (data: T) => void, retryMs = 5000): () => void {
  let stopped = false;
  let close = () => {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  const again = () => {
    if (!stopped) timer = setTimeout(() => void open(), retryMs);
  };
  const open = async () => {
    // hashed as the manifest registered it: with __typename, as Apollo Client sends every operation
    const hash = await sha256(print(addTypenameToDocument(document)));
    if (stopped) return;
    // signed out meanwhile: nothing to ask for until a session exists again
    if (!currentToken()) return again();
    close = client.subscribe<T>(
      { query: '', operationName, variables: {}, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } },
      {
        next: (result) => {
          if (result.data) onNext(result.data);
        },
        error: again,
        complete: again,
      },
    );
  };
  void open();
  return () => {
    stopped = true;
    clearTimeout(timer);
    close();
  };
}
