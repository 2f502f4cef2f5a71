// Development tokens: a client JWT signed with the dev-user key (created under KEYS_DIR on first
// use), the kind of token the bank's identity provider issues in production. Shared by
// `npm run token` (scripts/token.ts) and the apps' development sign-in (apps/dev-session.ts), so
// both mint exactly the same token. The gateway trusts the dev key only while no JWKS_FILE /
// JWKS_URL is configured.
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Channel } from './internal-auth';
import { ensureKeyPair, keysDir, privateKeyOf } from './keys';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '../gateway/src/edge/identity';
import { DEFAULT_CLIENT_NAMES, DEFAULT_SCOPES } from '../gateway/src/edge/scopes';

export const MAX_TTL_SECONDS = 7 * 24 * 3600;
export const DEFAULT_TTL_SECONDS = 3600;

export interface TokenRequest {
  sub: string;
  channel: Channel;
  scope?: string;
  partnerId?: string;
  clientName?: string;
  ttlSeconds: number;
  issuer: string;
  audience: string;
}

/** A request with the channel's defaults filled in (scopes, client name, issuer, audience, lifetime). */
export function devTokenRequest(
  input: { sub: string; channel: Channel; scope?: string; partnerId?: string; clientName?: string; ttlSeconds?: number },
  env: NodeJS.ProcessEnv = process.env,
): TokenRequest {
  const { channel } = input;
  const defaults = channel === 'service' ? undefined : channel;
  return {
    sub: input.sub,
    channel,
    scope: input.scope || (defaults ? DEFAULT_SCOPES[defaults].join(' ') : undefined),
    partnerId: input.partnerId,
    // a partner app's client id is its subject: the registry the gateway checks knows apps by it
    clientName: input.clientName || (channel === 'partner' ? input.sub : defaults ? DEFAULT_CLIENT_NAMES[defaults] : undefined),
    ttlSeconds: input.ttlSeconds ?? DEFAULT_TTL_SECONDS,
    issuer: env.JWT_ISSUER || DEFAULT_ISSUER,
    audience: env.JWT_AUDIENCE || DEFAULT_AUDIENCE,
  };
}

export async function signDevToken(req: TokenRequest, dir = keysDir()): Promise<string> {
  const pair = await ensureKeyPair(dir, 'dev-user');
  const claims: Record<string, string> = { channel: req.channel };
  if (req.scope) claims.scope = req.scope;
  if (req.partnerId) claims.partner_id = req.partnerId;
  if (req.clientName) claims.client_name = req.clientName;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: pair.privateJwk.kid, typ: 'JWT' })
    .setSubject(req.sub)
    .setIssuer(req.issuer)
    .setAudience(req.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + req.ttlSeconds)
    .setJti(randomUUID())
    .sign(await privateKeyOf(pair));
}
