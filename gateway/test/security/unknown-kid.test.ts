// A token naming a key the set does not hold must not cost other callers anything: it neither
// flushes their verified tokens nor makes the gateway fetch the IdP's key set more than once per
// refresh window. Only a key set that really lost a key forgets what that key verified.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type JSONWebKeySet, type CryptoKey, SignJWT } from 'jose';
import { GraphQLError } from 'graphql';
import { createAuthenticator } from '../../src/edge/identity';
import { gatewayOptionsFromEnv } from '../../src/config';
import { ensureKeyPair, jwksOf, privateKeyOf, type StoredKeyPair } from '../../../lib/keys';
import { tempDir } from '../../../scripts/lib/processes';
import { missing } from '../../../test/support/present';

let pairA: StoredKeyPair;
let pairB: StoredKeyPair;
let keyA: CryptoKey;
let keyB: CryptoKey;
let served: JSONWebKeySet;
let fetches = 0;
let server: Server;
let jwksUrl: string;

beforeAll(async () => {
  // two IdP keys: two key pairs from two folders
  pairA = await ensureKeyPair(tempDir('gateway-unknown-kid-a-'), 'dev-user');
  pairB = await ensureKeyPair(tempDir('gateway-unknown-kid-b-'), 'dev-user');
  keyA = await privateKeyOf(pairA);
  keyB = await privateKeyOf(pairB);
  server = createServer((_req, res) => {
    fetches++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(served));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  fetches = 0;
  served = { keys: [...jwksOf(pairA).keys, ...jwksOf(pairB).keys] };
});

async function token(sub: string, nowMs: number, key: CryptoKey, kid: string | undefined): Promise<string> {
  const now = Math.floor(nowMs / 1000);
  return new SignJWT({ channel: 'web' })
    .setProtectedHeader({ alg: 'ES256', ...(kid ? { kid } : {}) })
    .setSubject(sub)
    .setIssuer('corebridge-dev')
    .setAudience('corebridge')
    .setIssuedAt(now - 5)
    .setExpirationTime(now + 3600)
    .sign(key);
}

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'accepted';
  } catch (err) {
    if (err instanceof GraphQLError) return String(err.extensions.code);
    throw err;
  }
}

function kidOf(pair: StoredKeyPair): string {
  return pair.privateJwk.kid ?? missing('kid of the test key pair');
}

describe('unknown kid', () => {
  it('200 tokens with random kids: at most one key-set reload, and another caller stays verified', async () => {
    const clock = { now: Date.now() };
    const auth = await createAuthenticator({ jwksUrl, tokenCache: true, now: () => clock.now, jwksRefreshMinIntervalSeconds: 30 });
    const cache = auth.cache ?? missing('token cache');
    const anna = await token('C-000001', clock.now, keyA, kidOf(pairA));
    expect(await outcome(auth.authenticate(`Bearer ${anna}`))).toBe('accepted');
    const fetchesBefore = fetches;
    const annaKey = cache.keyOf(anna);
    expect(cache.get(annaKey, clock.now)).toBeDefined();

    for (let i = 0; i < 200; i++) {
      const forged = await token('C-000666', clock.now, keyA, `random-${i}-${Math.random().toString(36).slice(2)}`);
      expect(await outcome(auth.authenticate(`Bearer ${forged}`))).toBe('UNAUTHENTICATED');
    }

    expect(fetches - fetchesBefore).toBeLessThanOrEqual(1);
    // Anna's verification is still cached: her next request costs no signature check
    expect(cache.get(annaKey, clock.now)).toBeDefined();
    expect(await outcome(auth.authenticate(`Bearer ${anna}`))).toBe('accepted');
  });

  it('after the window one more reload is allowed; a key the IdP dropped empties the cache, an unchanged reload does not', async () => {
    const clock = { now: Date.now() };
    const auth = await createAuthenticator({ jwksUrl, tokenCache: true, now: () => clock.now, jwksRefreshMinIntervalSeconds: 30 });
    const cache = auth.cache ?? missing('token cache');
    const anna = await token('C-000001', clock.now, keyA, kidOf(pairA));
    const ben = await token('C-000002', clock.now, keyB, kidOf(pairB));
    expect(await outcome(auth.authenticate(`Bearer ${anna}`))).toBe('accepted');
    expect(await outcome(auth.authenticate(`Bearer ${ben}`))).toBe('accepted');
    const start = fetches;

    // an unchanged key set, reloaded: nothing forgotten
    clock.now += 31_000;
    expect(await outcome(auth.authenticate(`Bearer ${await token('X', clock.now, keyA, 'nope-1')}`))).toBe('UNAUTHENTICATED');
    expect(fetches - start).toBe(1);
    expect(cache.get(cache.keyOf(anna), clock.now)).toBeDefined();

    // the IdP drops key B: the next allowed reload sees it, and Ben's cached verification goes
    served = jwksOf(pairA);
    clock.now += 31_000;
    expect(await outcome(auth.authenticate(`Bearer ${await token('X', clock.now, keyA, 'nope-2')}`))).toBe('UNAUTHENTICATED');
    expect(fetches - start).toBe(2);
    expect(await outcome(auth.authenticate(`Bearer ${ben}`))).toBe('UNAUTHENTICATED');
    // a real removal makes every cached verification suspect: Anna is verified again, and passes
    expect(cache.get(cache.keyOf(anna), clock.now)).toBeUndefined();
    expect(await outcome(auth.authenticate(`Bearer ${anna}`))).toBe('accepted');
    expect(fetches - start).toBe(2);
  });

  it('JWKS_REFRESH_MIN_INTERVAL_SECONDS: 30 by default, settable, a bad value stops the start', () => {
    expect(gatewayOptionsFromEnv({}).auth.jwksRefreshMinIntervalSeconds).toBe(30);
    expect(gatewayOptionsFromEnv({ JWKS_REFRESH_MIN_INTERVAL_SECONDS: '120' }).auth.jwksRefreshMinIntervalSeconds).toBe(120);
    expect(() => gatewayOptionsFromEnv({ JWKS_REFRESH_MIN_INTERVAL_SECONDS: 'often' })).toThrow(/JWKS_REFRESH_MIN_INTERVAL_SECONDS/);
  });
});
