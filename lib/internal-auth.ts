// The gateway forwards the verified caller to subgraphs as a short-lived signed internal token.
// Subgraphs trust nothing else: no token, or a bad one, and the request is refused (401).
import { SignJWT, jwtVerify, type JWTPayload, type CryptoKey, type JSONWebKeySet } from 'jose';
import { ensureKeyPair, keysDir, localJwks, jwksOf, privateKeyOf } from './keys';

export const INTERNAL_TOKEN_HEADER = 'x-internal-token';
export const REQUEST_ID_HEADER = 'x-request-id';
const ISSUER = 'corebridge-gateway';
const AUDIENCE = 'corebridge-subgraph';
/** How long an internal token lives. The gateway reuses one per caller while enough of it remains (gateway/src/transport/internal-tokens.ts). */
export const INTERNAL_TOKEN_TTL_SECONDS = 60;
const TTL_SECONDS = INTERNAL_TOKEN_TTL_SECONDS;

export const CHANNELS = ['web', 'mobile', 'kiosk', 'partner', 'staff'] as const;
/** Channels a caller may come through: the public ones plus `service` for one subgraph calling another. */
export const INTERNAL_CHANNELS = [...CHANNELS, 'service'] as const;
export type Channel = (typeof INTERNAL_CHANNELS)[number];

/** Who is calling, as the gateway verified it. */
export interface Caller {
  /** token subject: a customer id for customers, a staff or client id otherwise */
  subject: string;
  /** the customer whose data this caller may read (absent for staff and partner apps) */
  customerId?: string;
  channel: Channel;
  scopes: string[];
  partnerId?: string;
  clientName?: string;
  requestId?: string;
  /** when the client's token stops being accepted (ms since the epoch; set by the gateway): an open subscription ends there */
  expiresAt?: number;
}

interface InternalClaims extends JWTPayload {
  cid?: string;
  ch: Channel;
  scp: string[];
  pid?: string;
  cln?: string;
  rid?: string;
}

/** What signs a caller's internal token: a signer, or the gateway's reused tokens in front of one. */
export interface InternalTokenSource {
  sign(caller: Caller): Promise<string>;
}

export class InternalTokenSigner implements InternalTokenSource {
  constructor(
    private readonly key: CryptoKey,
    private readonly kid: string | undefined,
  ) {}

  static async fromKeysDir(dir = keysDir()): Promise<InternalTokenSigner> {
    const pair = await ensureKeyPair(dir, 'internal');
    return new InternalTokenSigner(await privateKeyOf(pair), pair.privateJwk.kid);
  }

  async sign(caller: Caller): Promise<string> {
    const claims: InternalClaims = { ch: caller.channel, scp: caller.scopes };
    if (caller.customerId) claims.cid = caller.customerId;
    if (caller.partnerId) claims.pid = caller.partnerId;
    if (caller.clientName) claims.cln = caller.clientName;
    if (caller.requestId) claims.rid = caller.requestId;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: this.kid })
      .setSubject(caller.subject)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${TTL_SECONDS}s`)
      .sign(this.key);
  }
}

export class InternalAuthError extends Error {
  readonly code = 'UNAUTHENTICATED';
  constructor(message: string) {
    super(message);
    this.name = 'InternalAuthError';
  }
}

export class InternalTokenVerifier {
  private readonly jwks: ReturnType<typeof localJwks>;
  constructor(set: JSONWebKeySet) {
    this.jwks = localJwks(set);
  }

  static async fromKeysDir(dir = keysDir()): Promise<InternalTokenVerifier> {
    return new InternalTokenVerifier(jwksOf(await ensureKeyPair(dir, 'internal')));
  }

  /**
   * `requestIdHeader` is the x-request-id the call came with: the gateway's tokens are shared by a
   * caller's requests and carry no request id of their own (a service's token may: it wins).
   */
  async verify(token: string | undefined, requestIdHeader?: string | string[]): Promise<Caller> {
    if (!token) throw new InternalAuthError('missing internal token');
    try {
      const { payload } = await jwtVerify<InternalClaims>(token, this.jwks, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['ES256'],
        clockTolerance: 5,
      });
      if (!payload.sub || !payload.ch || !Array.isArray(payload.scp)) throw new InternalAuthError('incomplete internal token');
      return {
        subject: payload.sub,
        customerId: payload.cid,
        channel: payload.ch,
        scopes: payload.scp,
        partnerId: payload.pid,
        clientName: payload.cln,
        requestId: payload.rid ?? saneRequestId(requestIdHeader),
      };
    } catch (err) {
      if (err instanceof InternalAuthError) throw err;
      throw new InternalAuthError('invalid internal token');
    }
  }
}

const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,99}$/;

/** The header's request id when it is plain enough for logs and the core (the gateway's rule), else none. */
export function saneRequestId(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && SANE_REQUEST_ID.test(value) ? value : undefined;
}
