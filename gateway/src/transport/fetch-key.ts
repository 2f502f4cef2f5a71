// One key per read for de-duplication and the private cache alike, so that both keep callers and
// their writes apart in exactly the same way.
import type { TokenCaller } from './token-caller';
import type { WriteGenerations } from './write-generations';

/**
 * Gateway-internal: the customers a read of a caller without one of their own is about
 * (GatewayContext.readsFor: comma-separated customer ids, or `any`). Set by the data source for
 * the pooled fetcher, which takes it off before the request leaves for the subgraph.
 */
export const READS_FOR_HEADER = 'x-corebridge-reads-for';

/**
 * Gateway-internal: the generation across replicas (shared-generations.ts) that this request's
 * reads depend on, read from Redis once per request by the data source. Absent while the
 * generations are shared: Redis did not answer, and the read bypasses cache and de-duplication.
 * Taken off by the pooled fetcher before the request leaves.
 */
export const SHARED_GENERATION_HEADER = 'x-corebridge-shared-generation';

/**
 * The key of a read: URL + caller (token-caller.ts) + the write generation the read depends on
 * (readGeneration) + the exact body (query text and variables). The generation moves whenever a
 * write is sent for that subject, so a read that starts after one of the subject's writes never
 * joins a read started before it, nor finds an answer cached before it.
 */
export function fetchKey(url: string, callerKey: string, generation: string, body: string): string {
  return `${url}\u0000${callerKey}\u0000${generation}\u0000${body}`;
}

/**
 * The generation a read depends on. A customer's reads: their own. A caller acting for others
 * (staff, partner apps): their own together with that of every customer the request named, so
 * the customer's writes outdate a staff view of them at once; when the request named none for
 * certain (`readsFor` absent or `any`), the newest generation of all, moved by anybody's write.
 */
export function readGeneration(generations: WriteGenerations, caller: TokenCaller, readsFor: string | undefined): string {
  const own = generations.of(caller.subject);
  if (!caller.actsForOthers) return String(own);
  if (readsFor === undefined || readsFor === '' || readsFor === 'any') return `*${generations.latest()}`;
  return [own, ...readsFor.split(',').map((id) => generations.of(`customer:${id}`))].join('.');
}
