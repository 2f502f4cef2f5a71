// The gateway's per-request token work, made per token and per caller: verified bearer tokens are
// remembered (never past their expiry), internal tokens are reused per caller identity (the request
// id goes in x-request-id), and the switches and multi-process settings around them.
import { createLocalJWKSet, type JWTVerifyGetKey, type CryptoKey, SignJWT, decodeJwt } from 'jose';
import { GraphQLError, parse } from 'graphql';
import { Authenticator, createAuthenticator } from '../src/edge/identity';
import { gatewayOptionsFromEnv, workerCountFrom } from '../src/config';
import { gatewayContext } from '../src/context';
import { ReusedInternalTokens } from '../src/transport/internal-tokens';
import { VerifiedTokenCache } from '../src/transport/verified-token-cache';
import { DEFAULT_RATE_LIMITS, perWorkerRateLimits } from '../src/edge/rate-limit';
import {
  type Caller,
  INTERNAL_TOKEN_HEADER,
  InternalTokenSigner,
  type InternalTokenSource,
  InternalTokenVerifier,
  REQUEST_ID_HEADER,
} from '../../lib/internal-auth';
import { ensureKeyPair, jwksOf, privateKeyOf, type StoredKeyPair } from '../../lib/keys';
import { startStubSubgraph } from './support/gateway-stub';
import { tempDir } from '../../scripts/lib/processes';

const ISSUER = 'corebridge-dev';
const AUDIENCE = 'corebridge';
const SKEW = 30;

let dir: string;
let devPair: StoredKeyPair;
let devKey: CryptoKey;
let signer: InternalTokenSigner;
let verifier: InternalTokenVerifier;

beforeAll(async () => {
  dir = tempDir('gateway-token-reuse-');
  devPair = await ensureKeyPair(dir, 'dev-user');
  devKey = await privateKeyOf(devPair);
  signer = await InternalTokenSigner.fromKeysDir(dir);
  verifier = await InternalTokenVerifier.fromKeysDir(dir);
});

/** A client token for `sub`, expiring `expiresIn` seconds after `nowMs`. */
async function clientToken(sub: string, nowMs: number, expiresIn = 600, claims: Record<string, unknown> = {}, kid = devPair.privateJwk.kid): Promise<string> {
  const now = Math.floor(nowMs / 1000);
  return new SignJWT({ channel: 'web', ...claims })
    .setProtectedHeader({ alg: 'ES256', kid })
    .setSubject(sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now - 5)
    .setExpirationTime(now + expiresIn)
    .sign(devKey);
}

/** An authenticator over the dev key whose key lookups (one per real verification) are counted. */
function countingAuthenticator(clock: { now: number }, cache: VerifiedTokenCache | undefined) {
  const keys = createLocalJWKSet(jwksOf(devPair));
  const counter = { verifications: 0 };
  const counted: JWTVerifyGetKey = (header, token) => {
    counter.verifications++;
    return keys(header, token);
  };
  const auth = new Authenticator(
    counted,
    { issuer: ISSUER, audience: AUDIENCE, algorithms: ['ES256'], clockToleranceSeconds: SKEW, now: () => clock.now },
    undefined,
    cache,
  );
  return { auth, counter };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof GraphQLError) return String(err.extensions.code);
    throw err;
  }
  return 'accepted';
}

describe('verified-token cache', () => {
  it('verifies a token once, and gives each request its own copy with its own request id', async () => {
    const clock = { now: Date.now() };
    const { auth, counter } = countingAuthenticator(clock, new VerifiedTokenCache());
    const token = await clientToken('C-000001', clock.now);
    const a = await auth.authenticate(`Bearer ${token}`, 'req-00000001');
    const b = await auth.authenticate(`Bearer ${token}`, 'req-00000002');
    expect(counter.verifications).toBe(1);
    // expiresAt: the token's exp plus the skew allowance, when a subscription opened with it ends
    const expiresAt = (Math.floor(clock.now / 1000) + 600 + SKEW) * 1000;
    expect(a).toEqual({ subject: 'C-000001', customerId: 'C-000001', channel: 'web', scopes: [], requestId: 'req-00000001', expiresAt });
    expect(b).toEqual({ ...a, requestId: 'req-00000002' });
    a.scopes.push('tampered');
    expect((await auth.authenticate(`Bearer ${token}`)).scopes).toEqual([]);
  });

  it('verifies every time when there is no cache', async () => {
    const clock = { now: Date.now() };
    const { auth, counter } = countingAuthenticator(clock, undefined);
    const token = await clientToken('C-000001', clock.now);
    await auth.authenticate(`Bearer ${token}`);
    await auth.authenticate(`Bearer ${token}`);
    expect(counter.verifications).toBe(2);
  });

  it('refuses a cached token once it is past exp + skew, as a fresh verification would', async () => {
    const clock = { now: Date.now() };
    const { auth, counter } = countingAuthenticator(clock, new VerifiedTokenCache({ maxAgeSeconds: 3600 }));
    const token = await clientToken('C-000001', clock.now, 20);
    await auth.authenticate(`Bearer ${token}`);
    clock.now += (20 + SKEW - 2) * 1000; // still within the skew: served from the cache
    await auth.authenticate(`Bearer ${token}`);
    expect(counter.verifications).toBe(1);
    clock.now += 3000;
    expect(await refusal(auth.authenticate(`Bearer ${token}`))).toBe('UNAUTHENTICATED');
    expect(await refusal(auth.authenticate(`Bearer ${token}`))).toBe('UNAUTHENTICATED');
    expect(counter.verifications).toBe(3);
  });

  it('verifies a token again after the cap (60 s by default), even when it lives longer', async () => {
    const clock = { now: Date.now() };
    const { auth, counter } = countingAuthenticator(clock, new VerifiedTokenCache());
    const token = await clientToken('C-000001', clock.now, 600);
    await auth.authenticate(`Bearer ${token}`);
    clock.now += 59_000;
    await auth.authenticate(`Bearer ${token}`);
    expect(counter.verifications).toBe(1);
    clock.now += 2000;
    await auth.authenticate(`Bearer ${token}`);
    expect(counter.verifications).toBe(2);
  });

  it('never lets two tokens share an entry, even of the same subject', async () => {
    const clock = { now: Date.now() };
    const cache = new VerifiedTokenCache();
    const { auth, counter } = countingAuthenticator(clock, cache);
    const anna = await clientToken('C-000001', clock.now);
    const bob = await clientToken('C-000002', clock.now);
    const annaMobile = await clientToken('C-000001', clock.now, 600, { channel: 'mobile', scope: 'offers:read' });
    for (let round = 0; round < 2; round++) {
      expect(await auth.authenticate(`Bearer ${anna}`)).toMatchObject({ subject: 'C-000001', channel: 'web', scopes: [] });
      expect(await auth.authenticate(`Bearer ${bob}`)).toMatchObject({ subject: 'C-000002', customerId: 'C-000002' });
      expect(await auth.authenticate(`Bearer ${annaMobile}`)).toMatchObject({ subject: 'C-000001', channel: 'mobile', scopes: ['offers:read'] });
    }
    expect(counter.verifications).toBe(3);
    expect(cache.size).toBe(3);
  });

  it('keeps no refused token, and keys entries by a hash, not the token', async () => {
    const clock = { now: Date.now() };
    const cache = new VerifiedTokenCache();
    const { auth, counter } = countingAuthenticator(clock, cache);
    const noChannel = await clientToken('C-000001', clock.now, 600, { channel: undefined });
    expect(await refusal(auth.authenticate(`Bearer ${noChannel}`))).toBe('UNAUTHENTICATED');
    expect(await refusal(auth.authenticate(`Bearer ${noChannel}`))).toBe('UNAUTHENTICATED');
    expect(counter.verifications).toBe(2);
    expect(cache.size).toBe(0);
    const token = await clientToken('C-000001', clock.now);
    expect(cache.keyOf(token)).not.toContain(token.split('.')[2]);
    expect(cache.keyOf(token)).toHaveLength(43);
  });

  it('keeps what it verified when a token names a key the set does not hold (test/security/unknown-kid.test.ts)', async () => {
    const clock = { now: Date.now() };
    const cache = new VerifiedTokenCache();
    const { auth, counter } = countingAuthenticator(clock, cache);
    const token = await clientToken('C-000001', clock.now);
    await auth.authenticate(`Bearer ${token}`);
    expect(cache.size).toBe(1);
    const rotated = await clientToken('C-000002', clock.now, 600, {}, 'a-new-kid');
    expect(await refusal(auth.authenticate(`Bearer ${rotated}`))).toBe('UNAUTHENTICATED');
    expect(cache.size).toBe(1);
    await auth.authenticate(`Bearer ${token}`);
    expect(counter.verifications).toBe(2);
  });

  it('holds at most maxEntries tokens, the least recently used going first', async () => {
    const clock = { now: Date.now() };
    const cache = new VerifiedTokenCache({ maxEntries: 2 });
    const { auth, counter } = countingAuthenticator(clock, cache);
    const [t1, t2, t3] = await Promise.all(['C-000001', 'C-000002', 'C-000003'].map((s) => clientToken(s, clock.now)));
    await auth.authenticate(`Bearer ${t1}`);
    await auth.authenticate(`Bearer ${t2}`);
    await auth.authenticate(`Bearer ${t1}`); // t1 is now the most recent
    await auth.authenticate(`Bearer ${t3}`); // evicts t2
    expect(cache.size).toBe(2);
    expect(counter.verifications).toBe(3);
    await auth.authenticate(`Bearer ${t1}`);
    expect(counter.verifications).toBe(3);
    await auth.authenticate(`Bearer ${t2}`);
    expect(counter.verifications).toBe(4);
    // a bound that holds nothing is a configuration mistake, refused at start
    expect(() => new VerifiedTokenCache({ maxEntries: 0 })).toThrow(RangeError);
  });

  it('GATEWAY_TOKEN_CACHE: on by default, off when told, a bad value stops the start', async () => {
    expect(gatewayOptionsFromEnv({}).auth?.tokenCache).toBe(true);
    expect(gatewayOptionsFromEnv({ GATEWAY_TOKEN_CACHE: 'off' }).auth?.tokenCache).toBe(false);
    expect(() => gatewayOptionsFromEnv({ GATEWAY_TOKEN_CACHE: 'sometimes' })).toThrow(/GATEWAY_TOKEN_CACHE/);
    expect((await createAuthenticator({ keysDir: dir, tokenCache: true })).cache).toBeInstanceOf(VerifiedTokenCache);
    expect((await createAuthenticator({ keysDir: dir, tokenCache: false })).cache).toBeUndefined();
    expect((await createAuthenticator({ keysDir: dir })).cache).toBeUndefined();
  });
});

/** A signer that counts its signatures. */
function countingSigner(): InternalTokenSource & { calls: Caller[] } {
  const calls: Caller[] = [];
  return {
    calls,
    sign: (caller) => {
      calls.push(caller);
      return signer.sign(caller);
    },
  };
}

const anna: Caller = { subject: 'C-000001', customerId: 'C-000001', channel: 'web', scopes: ['offers:read'], clientName: 'web-app' };

describe('internal tokens reused per caller', () => {
  it('gives the same caller the same token across requests, signed once and without a request id', async () => {
    const counting = countingSigner();
    const tokens = new ReusedInternalTokens(counting);
    const a = await tokens.sign({ ...anna, requestId: 'req-00000001' });
    const b = await tokens.sign({ ...anna, requestId: 'req-00000002' });
    expect(b).toBe(a);
    expect(counting.calls).toHaveLength(1);
    expect(counting.calls.at(0)!.requestId).toBeUndefined();
    expect(decodeJwt(a).rid).toBeUndefined();
  });

  it('signs concurrent first requests of one caller once', async () => {
    const counting = countingSigner();
    const tokens = new ReusedInternalTokens(counting);
    const all = await Promise.all([1, 2, 3, 4].map((i) => tokens.sign({ ...anna, requestId: `req-0000000${i}` })));
    expect(new Set(all).size).toBe(1);
    expect(counting.calls).toHaveLength(1);
  });

  it('never shares a token between callers, channels, scopes, partners or clients', async () => {
    const counting = countingSigner();
    const tokens = new ReusedInternalTokens(counting);
    const variants: Caller[] = [
      anna,
      { ...anna, subject: 'C-000002', customerId: 'C-000002' },
      { ...anna, channel: 'mobile' },
      { ...anna, scopes: ['offers:read', 'loyalty:read'] },
      { ...anna, scopes: [] },
      { ...anna, clientName: 'other-app' },
      { ...anna, clientName: undefined },
      { subject: 'app-1', channel: 'partner', scopes: [], partnerId: 'P-1' },
      { subject: 'app-1', channel: 'partner', scopes: [], partnerId: 'P-2' },
      { subject: 'C-000001', channel: 'staff', scopes: ['staff:customers:read'] },
    ];
    const signed = [];
    for (const v of variants) signed.push(await tokens.sign(v));
    expect(new Set(signed).size).toBe(variants.length);
    // and each token says exactly who its caller is
    for (const [i, v] of variants.entries()) {
      const seen = await verifier.verify(signed[i]);
      expect(seen).toEqual({ ...v, requestId: undefined, customerId: v.customerId, partnerId: v.partnerId, clientName: v.clientName });
    }
    // asked again, every caller gets its own token back
    for (const [i, v] of variants.entries()) expect(await tokens.sign(v)).toBe(signed[i]);
    expect(counting.calls).toHaveLength(variants.length);
  });

  it('renews a token once fewer than 15 s of its 60 s remain', async () => {
    const clock = { now: 1_000_000 };
    const counting = countingSigner();
    const tokens = new ReusedInternalTokens(counting, { now: () => clock.now });
    const first = await tokens.sign(anna);
    clock.now += 44_999;
    expect(await tokens.sign(anna)).toBe(first);
    clock.now += 1;
    const second = await tokens.sign(anna);
    expect(second).not.toBe(first);
    expect(counting.calls).toHaveLength(2);
    clock.now += 44_999;
    expect(await tokens.sign(anna)).toBe(second);
  });

  it('is bounded, and does not remember a failed signing', async () => {
    let fail = true;
    const flaky: InternalTokenSource = { sign: (c) => (fail ? Promise.reject(new Error('no key')) : signer.sign(c)) };
    const tokens = new ReusedInternalTokens(flaky, { maxEntries: 2 });
    await expect(tokens.sign(anna)).rejects.toThrow('no key');
    fail = false;
    await expect(tokens.sign(anna)).resolves.toMatch(/^ey/);
    await tokens.sign({ ...anna, subject: 'C-2' });
    await tokens.sign({ ...anna, subject: 'C-3' });
    expect(tokens.size).toBe(2);
  });

  it('a request asks the reused tokens on every fetch; a plain signer still signs one token per request, with its id', async () => {
    const counting = countingSigner();
    const ctx = gatewayContext({ ...anna, requestId: 'req-00000001' }, 'req-00000001', new ReusedInternalTokens(counting));
    const t1 = await ctx.internalToken();
    expect(await ctx.internalToken()).toBe(t1);
    const other = gatewayContext({ ...anna, requestId: 'req-00000002' }, 'req-00000002', new ReusedInternalTokens(counting));
    expect(decodeJwt(await other.internalToken()).rid).toBeUndefined();

    const plain = countingSigner();
    const ctx2 = gatewayContext({ ...anna, requestId: 'req-00000003' }, 'req-00000003', plain);
    const p1 = await ctx2.internalToken();
    expect(await ctx2.internalToken()).toBe(p1);
    expect(plain.calls).toHaveLength(1);
    expect(decodeJwt(p1).rid).toBe('req-00000003');
  });

  it('the verifier takes the request id from x-request-id when the token has none; a token rid wins; a silly header is dropped', async () => {
    const shared = await new ReusedInternalTokens(signer).sign(anna);
    expect((await verifier.verify(shared, 'gw-req-00000042')).requestId).toBe('gw-req-00000042');
    expect((await verifier.verify(shared, ['gw-req-00000043', 'x'])).requestId).toBe('gw-req-00000043');
    expect((await verifier.verify(shared, 'has spaces in it')).requestId).toBeUndefined();
    expect((await verifier.verify(shared)).requestId).toBeUndefined();
    const service = await signer.sign({ subject: 'svc:loyalty', channel: 'service', scopes: [], requestId: 'svc-req-0001' });
    expect((await verifier.verify(service, 'gw-req-00000044')).requestId).toBe('svc-req-0001');
  });

  it('a subgraph sees the request id of the x-request-id header with a reused token', async () => {
    const seen: Caller[] = [];
    const stub = await startStubSubgraph(dir, parse('type Query { hello: String }'), { Query: { hello: () => 'hi' } }, (c) => seen.push(c));
    try {
      const token = await new ReusedInternalTokens(signer).sign(anna);
      for (const id of ['sub-req-00000001', 'sub-req-00000002']) {
        const res = await fetch(stub.subgraph.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [INTERNAL_TOKEN_HEADER]: token, [REQUEST_ID_HEADER]: id },
          body: JSON.stringify({ query: '{ hello }' }),
        });
        expect(((await res.json()) as { data: unknown }).data).toEqual({ hello: 'hi' });
      }
      expect(seen.map((c) => c.requestId)).toEqual(['sub-req-00000001', 'sub-req-00000002']);
      expect(seen[0]).toMatchObject({ subject: 'C-000001', customerId: 'C-000001', channel: 'web', scopes: ['offers:read'], clientName: 'web-app' });
    } finally {
      await stub.subgraph.close();
    }
  });
});

describe('multi-process settings', () => {
  it('GATEWAY_WORKERS: 1 by default, a number, or auto; anything else stops the start', () => {
    expect(workerCountFrom(undefined)).toBe(1);
    expect(workerCountFrom('')).toBe(1);
    expect(workerCountFrom('3')).toBe(3);
    expect(workerCountFrom('auto', () => 6)).toBe(6);
    expect(workerCountFrom('AUTO', () => 0)).toBe(1);
    for (const bad of ['0', '-1', '1.5', 'many', '1000']) expect(() => workerCountFrom(bad)).toThrow(/GATEWAY_WORKERS/);
  });

  it('without Redis each worker gets 1/N of every rate-limit bucket', () => {
    expect(perWorkerRateLimits(DEFAULT_RATE_LIMITS, 1)).toBe(DEFAULT_RATE_LIMITS);
    expect(perWorkerRateLimits(DEFAULT_RATE_LIMITS, 2)).toEqual({ client: { perSecond: 250, burst: 500 }, customer: { perSecond: 5, burst: 15 } });
    expect(perWorkerRateLimits({ client: { perSecond: 1, burst: 3 }, customer: { perSecond: 0, burst: 1 } }, 4)).toEqual({
      client: { perSecond: 0.25, burst: 1 },
      customer: { perSecond: 0, burst: 1 },
    });
  });
});
