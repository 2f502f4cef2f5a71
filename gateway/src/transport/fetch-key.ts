// One key per read for de-duplication and the private cache alike, so that both keep callers and
// their writes apart in exactly the same way.

/**
 * The key of a read: URL + caller (token-caller.ts) + the write generation of the caller's subject
 * + the exact body (query text and variables). The generation moves whenever a write is sent for
 * that subject, so a read that starts after one of the subject's writes never joins a read started
 * before it, nor finds an answer cached before it.
 */
export function fetchKey(url: string, callerKey: string, generation: number, body: string): string {
  return `${url}\u0000${callerKey}\u0000${generation}\u0000${body}`;
}
