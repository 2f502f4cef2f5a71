// Per-request state: the verified caller, the request id, and the internal token that carries the
// caller to the subgraphs (the request id travels beside it, in x-request-id).
import type { Deadline } from '../../lib/deadline';
import type { Caller, InternalTokenSource } from '../../lib/internal-auth';
import type { RequestState } from './edge/request-state';
import { callerIdentityKey } from '../../lib/caller-identity';
import { ReusedInternalTokens } from './transport/internal-tokens';

export interface GatewayContext {
  caller: Caller;
  requestId: string;
  /** the caller's internal token (with ReusedInternalTokens: shared by the caller's requests until shortly before it expires) */
  internalToken: () => Promise<string>;
  /** what the edge recorded for this request (read by the metrics and log hooks) */
  state?: RequestState;
  /**
   * For a caller without a customer of their own (staff, partner apps): the customers the query
   * names at every root field (edge/read-scope.ts), or 'any' when it cannot tell. Their writes
   * outdate this caller's cached reads (transport/fetch-key.ts). Unset for customers and writes.
   */
  readsFor?: readonly string[] | 'any';
  /**
   * With several replicas (REDIS_URL): the write generation across replicas this request's reads
   * depend on, asked of Redis by the first subgraph fetch and kept for the others
   * (transport/shared-generations.ts); undefined inside: Redis did not answer, no cache.
   */
  sharedGeneration?: Promise<string | undefined>;
  /** the request's budget (edge/request-budget.ts): every subgraph fetch gets what is left of it */
  deadline?: Deadline;
}

export function gatewayContext(caller: Caller, requestId: string, tokens: InternalTokenSource, state?: RequestState): GatewayContext {
  if (tokens instanceof ReusedInternalTokens) {
    // asked on every fetch rather than once per request, so a long request whose token nears its
    // end gets the renewed one; the caller's key is computed once
    let key: string | undefined;
    return { caller, requestId, internalToken: () => tokens.sign(caller, (key ??= callerIdentityKey(caller))), state, deadline: state?.deadline };
  }
  // a plain signer: one token per request, as before
  let token: Promise<string> | undefined;
  return { caller, requestId, internalToken: () => (token ??= tokens.sign(caller)), state, deadline: state?.deadline };
}
