// Per-request state: the verified caller, the request id, and the internal token that carries
// both to the subgraphs.
import type { Caller } from '../../lib/internal-auth';
import type { InternalTokenSigner } from '../../lib/internal-auth';

export interface GatewayContext {
  caller: Caller;
  requestId: string;
  /** the internal token for this request: signed on first use, then the same for every fetch */
  internalToken: () => Promise<string>;
}

export function gatewayContext(caller: Caller, requestId: string, signer: InternalTokenSigner): GatewayContext {
  let token: Promise<string> | undefined;
  return {
    caller,
    requestId,
    internalToken: () => (token ??= signer.sign(caller)),
  };
}
