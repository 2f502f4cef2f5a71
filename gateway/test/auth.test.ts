import { decodeJwt, exportJWK, generateKeyPair, type CryptoKey, SignJWT, UnsecuredJWT, type JWK } from 'jose';
import { createHmac } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { type Authenticator, callerFromClaims, createAuthenticator, CLOCK_TOLERANCE_SECONDS } from '../src/edge/identity';
import { ensureKeyPair, privateKeyOf, type StoredKeyPair } from '../../lib/keys';
import { tempDir } from '../../scripts/lib/processes';
import { parseTokenArgs } from '../../scripts/token';
import { DEFAULT_CLIENT_NAMES, DEFAULT_SCOPES } from '../src/edge/scopes';
import { gatewayOptionsFromEnv } from '../src/config';

const ISSUER = 'corebridge-dev';
const AUDIENCE = 'corebridge';

let dir: string;
let devPair: StoredKeyPair;
let devKey: CryptoKey;
let auth: Authenticator;

beforeAll(async () => {
  dir = tempDir('gateway-auth-');
  devPair = await ensureKeyPair(dir, 'dev-user');
  devKey = await privateKeyOf(devPair);
  auth = await createAuthenticator({ keysDir: dir });
});

interface TokenSpec {
  claims?: Record<string, unknown>;
  issuer?: string;
  audience?: string;
  /** seconds from now; negative = already expired */
  expiresIn?: number | null;
  key?: CryptoKey;
  kid?: string;
}

async function token(spec: TokenSpec = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ channel: 'web', ...spec.claims })
    .setProtectedHeader({ alg: 'ES256', kid: spec.kid ?? devPair.privateJwk.kid })
    .setIssuer(spec.issuer ?? ISSUER)
    .setAudience(spec.audience ?? AUDIENCE)
    .setIssuedAt(now - 60);
  if (!spec.claims || !('sub' in spec.claims)) jwt.setSubject('C-000001');
  if (spec.expiresIn !== null) jwt.setExpirationTime(now + (spec.expiresIn ?? 600));
  return jwt.sign(spec.key ?? devKey);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(GraphQLError);
    const ext = (err as GraphQLError).extensions as { code?: string; http?: { status?: number } };
    expect(ext.http?.status).toBe(401);
    return String(ext.code);
  }
  throw new Error('expected the token to be refused');
}

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('gateway token verification', () => {
  it('accepts a valid dev token and maps its claims to a Caller', async () => {
    const t = await token({ claims: { scope: 'offers:read  loyalty:redeem', client_name: 'web-app' } });
    const caller = await auth.authenticate(`Bearer ${t}`, 'req-12345678');
    expect(caller).toEqual({
      subject: 'C-000001',
      customerId: 'C-000001',
      channel: 'web',
      scopes: ['offers:read', 'loyalty:redeem'],
      clientName: 'web-app',
      requestId: 'req-12345678',
      // the instant a request with it is refused: a subscription ends there
      expiresAt: ((decodeJwt(t).exp as number) + CLOCK_TOLERANCE_SECONDS) * 1000,
    });
  });

  it('accepts the scheme case-insensitively', async () => {
    await expect(auth.authenticate(`bearer ${await token()}`)).resolves.toMatchObject({ subject: 'C-000001' });
  });

  it('refuses a missing Authorization header', async () => {
    expect(await codeOf(auth.authenticate(undefined))).toBe('UNAUTHENTICATED');
    expect(await codeOf(auth.authenticate(''))).toBe('UNAUTHENTICATED');
  });

  it('refuses a header that is not a bearer JWT', async () => {
    expect(await codeOf(auth.authenticate(`Basic ${Buffer.from('a:b').toString('base64')}`))).toBe('UNAUTHENTICATED');
    expect(await codeOf(auth.authenticate('Bearer not-a-jwt'))).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired token (beyond the clock tolerance)', async () => {
    expect(await codeOf(auth.authenticate(`Bearer ${await token({ expiresIn: -(CLOCK_TOLERANCE_SECONDS + 5) })}`))).toBe('UNAUTHENTICATED');
  });

  it('tolerates a token that expired within the clock skew', async () => {
    await expect(auth.authenticate(`Bearer ${await token({ expiresIn: -5 })}`)).resolves.toMatchObject({ channel: 'web' });
  });

  it('refuses a token without exp', async () => {
    expect(await codeOf(auth.authenticate(`Bearer ${await token({ expiresIn: null })}`))).toBe('UNAUTHENTICATED');
  });

  it('refuses a wrong issuer', async () => {
    expect(await codeOf(auth.authenticate(`Bearer ${await token({ issuer: 'someone-else' })}`))).toBe('UNAUTHENTICATED');
  });

  it('refuses a wrong audience', async () => {
    expect(await codeOf(auth.authenticate(`Bearer ${await token({ audience: 'another-api' })}`))).toBe('UNAUTHENTICATED');
  });

  it('refuses a token signed by another key, even with the trusted kid', async () => {
    const other = await generateKeyPair('ES256');
    expect(await codeOf(auth.authenticate(`Bearer ${await token({ key: other.privateKey })}`))).toBe('UNAUTHENTICATED');
    expect(await codeOf(auth.authenticate(`Bearer ${await token({ key: other.privateKey, kid: 'unknown-kid' })}`))).toBe('UNAUTHENTICATED');
  });

  it('refuses alg none', async () => {
    const unsecured = new UnsecuredJWT({ channel: 'web' }).setSubject('C-000001').setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('10m').encode();
    expect(await codeOf(auth.authenticate(`Bearer ${unsecured}`))).toBe('UNAUTHENTICATED');
  });

  it('refuses an HS256 token keyed with the public key (algorithm confusion)', async () => {
    const header = b64url({ alg: 'HS256', kid: devPair.publicJwk.kid });
    const payload = b64url({ sub: 'C-000001', channel: 'web', iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 600 });
    const secret = JSON.stringify(devPair.publicJwk);
    const sig = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
    expect(await codeOf(auth.authenticate(`Bearer ${header}.${payload}.${sig}`))).toBe('UNAUTHENTICATED');
  });

  it('refuses a token whose channel is missing or unknown', async () => {
    expect(await codeOf(auth.authenticate(`Bearer ${await token({ claims: { channel: undefined } })}`))).toBe('UNAUTHENTICATED');
    expect(await codeOf(auth.authenticate(`Bearer ${await token({ claims: { channel: 'fax' } })}`))).toBe('UNAUTHENTICATED');
  });

  it('refuses a partner token without partner_id', async () => {
    expect(await codeOf(auth.authenticate(`Bearer ${await token({ claims: { channel: 'partner', sub: 'app-1' } })}`))).toBe('UNAUTHENTICATED');
  });

  it('honours an explicit JWKS and refuses the dev key then', async () => {
    const idp = await generateKeyPair('ES256');
    const jwk: JWK = { ...(await exportJWK(idp.publicKey)), kid: 'idp-1', alg: 'ES256' };
    const idpAuth = await createAuthenticator({ jwks: { keys: [jwk] }, issuer: 'https://idp.bank.example', audience: 'corebridge-api' });
    const idpToken = await token({ key: idp.privateKey, kid: 'idp-1', issuer: 'https://idp.bank.example', audience: 'corebridge-api' });
    await expect(idpAuth.authenticate(`Bearer ${idpToken}`)).resolves.toMatchObject({ subject: 'C-000001' });
    const devToken = await token({ issuer: 'https://idp.bank.example', audience: 'corebridge-api' });
    expect(await codeOf(idpAuth.authenticate(`Bearer ${devToken}`))).toBe('UNAUTHENTICATED');
  });

  it('refuses to be configured with a symmetric algorithm', async () => {
    await expect(createAuthenticator({ keysDir: dir, algorithms: ['HS256'] })).rejects.toThrow(/not allowed/);
  });
});

describe('claims -> Caller', () => {
  it('a customer channel reads its own customer', () => {
    for (const channel of ['web', 'mobile', 'kiosk']) {
      expect(callerFromClaims({ sub: 'C-42', channel })).toMatchObject({ subject: 'C-42', customerId: 'C-42', channel, scopes: [] });
    }
  });

  it('staff carry scopes and no customer of their own', () => {
    const caller = callerFromClaims({ sub: 'S-7', channel: 'staff', scope: 'staff:customers:read' }, 'r-00000001');
    expect(caller).toEqual({ subject: 'S-7', channel: 'staff', scopes: ['staff:customers:read'], requestId: 'r-00000001' });
  });

  it('partner apps carry their partner id and no customer', () => {
    const caller = callerFromClaims({ sub: 'app-9', channel: 'partner', partner_id: 'P-001', client_name: 'Coffee Co app', scope: ['rewards:read'] });
    expect(caller).toEqual({ subject: 'app-9', channel: 'partner', partnerId: 'P-001', clientName: 'Coffee Co app', scopes: ['rewards:read'] });
  });

  it('refuses malformed claim types', () => {
    expect(() => callerFromClaims({ sub: 'C-1', channel: 'web', scope: 42 })).toThrow();
    expect(() => callerFromClaims({ sub: 'C-1', channel: 'web', client_name: {} })).toThrow();
    expect(() => callerFromClaims({ channel: 'web' })).toThrow();
  });
});

describe('clock skew and client name', () => {
  it('honours a configured clock skew: 0 refuses a token expired 5 s ago, the default tolerates it', async () => {
    const strict = await createAuthenticator({ keysDir: dir, clockToleranceSeconds: 0 });
    const t = await token({ expiresIn: -5 });
    expect(await codeOf(strict.authenticate(`Bearer ${t}`))).toBe('UNAUTHENTICATED');
    await expect(auth.authenticate(`Bearer ${t}`)).resolves.toMatchObject({ subject: 'C-000001' });
    await expect(createAuthenticator({ keysDir: dir, clockToleranceSeconds: 3600 })).rejects.toThrow(/clock tolerance/);
  });

  it('takes the client name from client_name, else from azp', () => {
    expect(callerFromClaims({ sub: 'C-1', channel: 'web', azp: 'mobile-app' }).clientName).toBe('mobile-app');
    expect(callerFromClaims({ sub: 'C-1', channel: 'web', azp: 'x', client_name: 'web-app' }).clientName).toBe('web-app');
  });

  it('reads the skew, Redis and limits from the environment, and names a bad value', () => {
    const opts = gatewayOptionsFromEnv({
      JWT_CLOCK_SKEW_SECONDS: '10',
      REDIS_URL: 'redis://127.0.0.1:6379',
      GATEWAY_MAX_DEPTH: '8',
      RATE_LIMIT_CUSTOMER_PER_SECOND: '0',
    });
    expect(opts.auth?.clockToleranceSeconds).toBe(10);
    expect(opts.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(opts.limits?.maxDepth).toBe(8);
    expect(opts.rateLimits && opts.rateLimits.customer.perSecond).toBe(0);
    expect(() => gatewayOptionsFromEnv({ JWT_CLOCK_SKEW_SECONDS: '900' })).toThrow(/JWT_CLOCK_SKEW_SECONDS/);
    expect(() => gatewayOptionsFromEnv({ REDIS_URL: 'http://x' })).toThrow(/REDIS_URL/);
  });
});

describe('npm run token: defaults per channel', () => {
  it.each(['web', 'mobile', 'kiosk', 'staff'] as const)('%s gets its default scopes and client name', (channel) => {
    const req = parseTokenArgs(['--sub', channel === 'staff' ? 'S-0042' : 'C-000001', '--channel', channel], {});
    expect(req).toMatchObject({ scope: DEFAULT_SCOPES[channel].join(' '), clientName: DEFAULT_CLIENT_NAMES[channel] });
  });

  it('partner: the app id (subject) is the client name unless --client is given', () => {
    expect(parseTokenArgs(['--sub', 'beanstreet-app', '--channel', 'partner', '--partner', 'P-BEANSTREET'], {})).toMatchObject({
      clientName: 'beanstreet-app',
      scope: DEFAULT_SCOPES.partner.join(' '),
    });
  });

  it('partner: partner id, client and scopes as given', () => {
    const req = parseTokenArgs(
      ['--sub', 'app-7', '--channel', 'partner', '--partner', 'P-001', '--client', 'coffee-app', '--scope', 'partner:customers:read'],
      {},
    );
    expect(req).toMatchObject({ partnerId: 'P-001', clientName: 'coffee-app', scope: 'partner:customers:read' });
  });
});
