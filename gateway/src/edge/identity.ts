// Who is calling: the client's bearer token (from the bank's IdP, or the dev key in development)
// is verified here and turned into a Caller. Anything short of a valid token is UNAUTHENTICATED,
// and the request goes no further.
import { readFileSync } from 'node:fs';
import { errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { GraphQLError, type GraphQLErrorOptions } from 'graphql';
import { type Caller, type Channel, CHANNELS } from '../../../lib/internal-auth';
import { ensureKeyPair, jwksOf, keysDir } from '../../../lib/keys';
import type { Logger } from '../../../lib/logger';
import { type TokenCacheSettings, VerifiedTokenCache } from '../transport/verified-token-cache';
import { asKeySet, DEFAULT_JWKS_REFRESH_MIN_INTERVAL_SECONDS, httpKeySetLoader, refreshingKeySet } from './key-set';

export const DEFAULT_ISSUER = 'corebridge-dev';
export const DEFAULT_AUDIENCE = 'corebridge';
/** Asymmetric algorithms only: an HMAC or `none` token is never accepted, whatever the key set holds. */
export const ALLOWED_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'EdDSA'] as const;
export const DEFAULT_ALGORITHMS = ['ES256'];
/** Default clock skew allowed on exp/nbf/iat; small, because a stolen token should not live longer. */
export const CLOCK_TOLERANCE_SECONDS = 30;
export const MAX_CLOCK_TOLERANCE_SECONDS = 300;
/** Channels whose token subject is the customer themselves. */
export const CUSTOMER_CHANNELS: readonly Channel[] = ['web', 'mobile', 'kiosk'];

const MAX_TOKEN_LENGTH = 8192;
const BEARER = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*) *$/i;

/** The claims a client token carries (beyond iss/aud/exp). */
export interface ClientClaims extends JWTPayload {
  channel?: unknown;
  scope?: unknown;
  partner_id?: unknown;
  client_name?: unknown;
  /** OpenID Connect's authorized party: the client the token was issued to (used when client_name is absent) */
  azp?: unknown;
}

export interface AuthOptions {
  /** a JSON Web Key Set held in memory (tests) */
  jwks?: JSONWebKeySet;
  /** a file holding a JSON Web Key Set */
  jwksFile?: string;
  /** the IdP's JWKS endpoint (keys fetched and kept; reloaded on an unknown `kid` at most once per refresh window) */
  jwksUrl?: string;
  /** least time between two reloads of the JWKS_URL key set, whatever kids clients send (JWKS_REFRESH_MIN_INTERVAL_SECONDS, default 30) */
  jwksRefreshMinIntervalSeconds?: number;
  issuer?: string;
  audience?: string;
  algorithms?: string[];
  /** where the dev-user key pair lives when no JWKS is given */
  keysDir?: string;
  /** clock skew tolerated on exp/nbf/iat, in seconds (default 30, at most 300) */
  clockToleranceSeconds?: number;
  /** remember verified tokens (GATEWAY_TOKEN_CACHE; the gateway turns it on, a bare authenticator verifies every time) */
  tokenCache?: boolean | TokenCacheSettings;
  /** the clock, in ms (tests); also given to jose, so a cached and a fresh verification agree */
  now?: () => number;
}

export function unauthenticated(message: string, invalidToken: boolean): GraphQLError {
  const challenge = invalidToken ? 'Bearer realm="corebridge", error="invalid_token"' : 'Bearer realm="corebridge"';
  // Apollo Server reads `http.headers` as a Map; the Hive packages loaded by the benchmark augment
  // the same extension type with a plain-object shape, hence the cast.
  const extensions = { code: 'UNAUTHENTICATED', http: { status: 401, headers: new Map([['www-authenticate', challenge]]) } };
  return new GraphQLError(message, { extensions: extensions as unknown as GraphQLErrorOptions['extensions'] });
}

class BadClaims extends Error {}

function optionalString(payload: ClientClaims, name: keyof ClientClaims): string | undefined {
  const value = payload[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) throw new BadClaims(`claim ${String(name)} is not a string`);
  return value;
}

function scopesOf(scope: unknown): string[] {
  if (scope === undefined) return [];
  // space-separated per RFC 8693; some IdPs send an array instead
  if (typeof scope === 'string') return scope.split(/\s+/).filter(Boolean);
  if (Array.isArray(scope) && scope.every((s) => typeof s === 'string')) return scope.filter(Boolean);
  throw new BadClaims('claim scope is neither a string nor a list of strings');
}

/** Maps verified claims to a Caller; throws when a claim the gateway relies on is missing or malformed. */
export function callerFromClaims(payload: ClientClaims, requestId?: string): Caller {
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw new BadClaims('claim sub missing');
  const channel = payload.channel;
  if (typeof channel !== 'string' || !(CHANNELS as readonly string[]).includes(channel)) throw new BadClaims('claim channel missing or unknown');
  const caller: Caller = { subject: payload.sub, channel: channel as Channel, scopes: scopesOf(payload.scope) };
  if (CUSTOMER_CHANNELS.includes(caller.channel)) caller.customerId = payload.sub;
  const partnerId = optionalString(payload, 'partner_id');
  if (caller.channel === 'partner' && !partnerId) throw new BadClaims('partner channel without partner_id');
  if (partnerId) caller.partnerId = partnerId;
  const clientName = optionalString(payload, 'client_name') ?? optionalString(payload, 'azp');
  if (clientName) caller.clientName = clientName;
  if (requestId) caller.requestId = requestId;
  return caller;
}

/** A copy per request, with its own request id: the cached Caller itself is never handed out. */
function withRequestId(caller: Caller, requestId: string | undefined): Caller {
  const copy: Caller = { ...caller, scopes: [...caller.scopes] };
  if (requestId) copy.requestId = requestId;
  return copy;
}

export class Authenticator {
  constructor(
    private readonly keys: JWTVerifyGetKey,
    private readonly settings: { issuer: string; audience: string; algorithms: string[]; clockToleranceSeconds: number; now?: () => number },
    private readonly log?: Logger,
    /** verified tokens (undefined: every request is verified) */
    readonly cache?: VerifiedTokenCache,
  ) {}

  /** Verifies an `Authorization` header value; throws an UNAUTHENTICATED GraphQLError otherwise. */
  async authenticate(authorization: string | string[] | undefined, requestId?: string): Promise<Caller> {
    if (Array.isArray(authorization)) return this.refuse('several authorization headers', requestId, true);
    const header = authorization;
    if (!header) return this.refuse('no bearer token', requestId, false);
    if (header.length > MAX_TOKEN_LENGTH) return this.refuse('bearer token too long', requestId, true);
    const token = BEARER.exec(header)?.[1];
    if (!token) return this.refuse('authorization header is not a bearer JWT', requestId, true);
    const now = this.settings.now?.() ?? Date.now();
    const key = this.cache?.keyOf(token);
    const hit = key === undefined ? undefined : this.cache?.get(key, now);
    if (hit) return withRequestId(hit, requestId);
    let payload: ClientClaims;
    try {
      ({ payload } = await jwtVerify<ClientClaims>(token, this.keys, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: this.settings.algorithms,
        clockTolerance: this.settings.clockToleranceSeconds,
        requiredClaims: ['exp', 'sub'],
        ...(this.settings.now ? { currentDate: new Date(now) } : {}),
      }));
    } catch (err) {
      return this.refuse(reasonOf(err), requestId, true);
    }
    let caller: Caller;
    try {
      caller = callerFromClaims(payload);
    } catch (err) {
      return this.refuse(err instanceof BadClaims ? err.message : 'bad claims', requestId, true);
    }
    // requiredClaims made exp a number; the tolerance a query gets holds for a subscription too
    caller.expiresAt = ((payload.exp as number) + this.settings.clockToleranceSeconds) * 1000;
    if (key !== undefined && typeof payload.exp === 'number') this.cache?.set(key, caller, payload.exp, this.settings.clockToleranceSeconds, now);
    return withRequestId(caller, requestId);
  }

  private refuse(reason: string, requestId: string | undefined, invalidToken: boolean): never {
    this.log?.info({ reqId: requestId, reason }, 'request refused: unauthenticated');
    throw unauthenticated(invalidToken ? 'Invalid or expired token' : 'Authentication required: send a bearer token', invalidToken);
  }
}

/** A short reason for the log; never the token itself. */
function reasonOf(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'token expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `claim ${err.claim} invalid (${err.reason})`;
  if (err instanceof joseErrors.JOSEError) return err.code;
  return 'token verification failed';
}

export async function createAuthenticator(opts: AuthOptions, log?: Logger): Promise<Authenticator> {
  const cache = opts.tokenCache ? new VerifiedTokenCache(opts.tokenCache === true ? {} : opts.tokenCache) : undefined;
  const keys = await refreshingKeySet(await fixedKeySet(opts), {
    load: opts.jwks || opts.jwksFile || !opts.jwksUrl ? undefined : httpKeySetLoader(opts.jwksUrl),
    minRefreshIntervalMs: (opts.jwksRefreshMinIntervalSeconds ?? DEFAULT_JWKS_REFRESH_MIN_INTERVAL_SECONDS) * 1000,
    now: opts.now ?? Date.now,
    // only a key really gone makes what it verified suspect; an unknown kid alone changes nothing
    onKeysRemoved: () => cache?.clear(),
    log,
  });
  const algorithms = opts.algorithms ?? DEFAULT_ALGORITHMS;
  const unknown = algorithms.filter((a) => !(ALLOWED_ALGORITHMS as readonly string[]).includes(a));
  if (unknown.length > 0 || algorithms.length === 0) throw new Error(`JWT algorithms not allowed: ${unknown.join(', ') || '(none given)'}`);
  const clockToleranceSeconds = opts.clockToleranceSeconds ?? CLOCK_TOLERANCE_SECONDS;
  if (!Number.isInteger(clockToleranceSeconds) || clockToleranceSeconds < 0 || clockToleranceSeconds > MAX_CLOCK_TOLERANCE_SECONDS) {
    throw new Error(`JWT clock tolerance must be 0..${MAX_CLOCK_TOLERANCE_SECONDS} seconds`);
  }
  const settings = { issuer: opts.issuer ?? DEFAULT_ISSUER, audience: opts.audience ?? DEFAULT_AUDIENCE, algorithms, clockToleranceSeconds, now: opts.now };
  return new Authenticator(keys, settings, log, cache);
}

/** The key set given in full (in memory, a file, the dev key); undefined when it comes from JWKS_URL. */
async function fixedKeySet(opts: AuthOptions): Promise<JSONWebKeySet | undefined> {
  if (opts.jwks) return opts.jwks;
  if (opts.jwksFile) return asKeySet(JSON.parse(readFileSync(opts.jwksFile, 'utf8')), opts.jwksFile);
  if (opts.jwksUrl) return undefined;
  return jwksOf(await ensureKeyPair(opts.keysDir ?? keysDir(), 'dev-user'));
}
