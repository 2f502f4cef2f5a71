// Per-request state: the verified caller, the request id, and the internal token that carries
// both to the subgraphs.
import type { Caller } from '../../lib/internal-auth';
import type { InternalTokenSigner } from '../../lib/internal-auth';
import type { RequestState } from './edge';

export interface GatewayContext {
  caller: Caller;
  requestId: string;
  /** the internal token for this request: signed on first use, then the same for every fetch */
  internalToken: () => Promise<string>;
  /** what the edge recorded for this request (read by the metrics and log hooks) */
  state?: RequestState;
}

export function gatewayContext(caller: Caller, requestId: string, signer: InternalTokenSigner, state?: RequestState): GatewayContext {
  let token: Promise<string> | undefined;
  return {
    caller,
    requestId,
    internalToken: () => (token ??= signer.sign(caller)),
    state,
  };
}
