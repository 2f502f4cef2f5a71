// Who a caller is, as one string: everything a subgraph authorizes by (lib/internal-auth's Caller
// without the request id), so two requests share a key exactly when they may see the same data.
// Internal tokens are reused per key, and the gateway merges identical in-flight reads per key:
// both must agree on who is the same caller.

interface CallerIdentity {
  subject: string;
  customerId?: string;
  channel: string;
  scopes: readonly string[];
  partnerId?: string;
  clientName?: string;
}

export function callerIdentityKey(c: CallerIdentity): string {
  // scopes are a set: the order a token happens to list them in does not make another caller
  return JSON.stringify([c.subject, c.customerId ?? null, c.channel, [...c.scopes].sort(), c.partnerId ?? null, c.clientName ?? null]);
}
