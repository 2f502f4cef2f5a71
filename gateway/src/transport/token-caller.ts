// Who a subgraph fetch is for, read from the internal token the gateway has just signed for it (so
// the fetcher needs no access to the request context): its claims are exactly what the subgraph will
// authorize by. Only the claims that vary per request (request id, times, token id) are left out.
// De-duplication and the private cache key reads by it, write generations count per its subject.

/** The claims of a JWT's payload, without verifying it: only for tokens this process signed. */
function claimsOf(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const PER_REQUEST_CLAIMS = new Set(['rid', 'iat', 'exp', 'nbf', 'jti']);

/** The caller's identity from an internal token, or undefined when it cannot be read. */
export function callerKeyOfToken(token: string | undefined): string | undefined {
  return callerOfToken(token)?.key;
}

export interface TokenCaller {
  /** everything that decides what a subgraph answers this caller: subject, customer, channel, scopes, partner, client */
  key: string;
  /**
   * Whose data a write by this caller changes: the customer when there is one, else the subject.
   * Write generations are kept per subject, not per key: a transfer made in the web app must
   * also end the reads of that customer cached through the mobile app or by staff viewing them.
   */
  subject: string;
  /** no customer of their own (staff, partner apps): their reads are about customers the request names (GatewayContext.readsFor) */
  actsForOthers: boolean;
}

export function callerOfToken(token: string | undefined): TokenCaller | undefined {
  const claims = token ? claimsOf(token) : undefined;
  if (!claims || typeof claims.sub !== 'string') return undefined;
  const stable = Object.keys(claims)
    .filter((k) => !PER_REQUEST_CLAIMS.has(k))
    .sort()
    .map((k) => [k, k === 'scp' && Array.isArray(claims[k]) ? [...(claims[k] as string[])].sort() : claims[k]]);
  const ownCustomer = typeof claims.cid === 'string' && claims.cid !== '';
  const subject = ownCustomer ? `customer:${claims.cid}` : `subject:${claims.sub}`;
  return { key: JSON.stringify(stable), subject, actsForOthers: !ownCustomer };
}
