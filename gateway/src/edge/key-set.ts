// The IdP's key set as the Authenticator sees it. A token's `kid` is client input: a kid the set
// does not hold may mean the IdP rotated, or only that someone sent a made-up one. So the set is
// reloaded at most once per refresh window whatever clients send, and what was verified earlier
// is forgotten only when a reload shows a key was really removed or replaced.
import { calculateJwkThumbprint, createLocalJWKSet, errors as joseErrors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import type { Logger } from '../../../lib/logger';

/** Default least time between two reloads of a remote key set (JWKS_REFRESH_MIN_INTERVAL_SECONDS). */
export const DEFAULT_JWKS_REFRESH_MIN_INTERVAL_SECONDS = 30;
/** A remote key set is reloaded this long after the last load even without an unknown kid (jose's default too). */
const MAX_AGE_MS = 10 * 60_000;
const FETCH_TIMEOUT_MS = 5_000;

export interface KeySetOptions {
  /** loads the whole set; undefined for a set that never changes (a file, the dev key) */
  load?: () => Promise<JSONWebKeySet>;
  minRefreshIntervalMs: number;
  now: () => number;
  /** called after a reload that dropped or replaced a key */
  onKeysRemoved: () => void;
  log?: Logger;
}

/** kid (or thumbprint for a key without one) -> thumbprint: what "the same key" means. */
async function fingerprints(set: JSONWebKeySet): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const jwk of set.keys) {
    // a key jose cannot fingerprint (it would not verify with it either) is compared by its text
    const thumbprint = await calculateJwkThumbprint(jwk).catch(() => JSON.stringify(jwk));
    out.set(jwk.kid ?? thumbprint, thumbprint);
  }
  return out;
}

function removedAny(before: Map<string, string>, after: Map<string, string>): boolean {
  for (const [kid, thumbprint] of before) if (after.get(kid) !== thumbprint) return true;
  return false;
}

/** While no key set could be loaded yet, a retry waits at most this long (the IdP may be starting too). */
const EMPTY_RETRY_MS = 5_000;

/**
 * A key getter over `initial` (or what `load` gives on first use), reloaded through `load` at
 * most once per `minRefreshIntervalMs` however many unknown kids arrive.
 */
export async function refreshingKeySet(initial: JSONWebKeySet | undefined, opts: KeySetOptions): Promise<JWTVerifyGetKey> {
  if (!initial && !opts.load) throw new Error('a key set or a loader is required');
  let local = initial ? createLocalJWKSet(initial) : undefined;
  let known = initial ? await fingerprints(initial) : new Map<string, string>();
  let loadedAt = initial ? opts.now() : -Infinity;
  let reloading: Promise<void> | undefined;
  const load = opts.load;

  const reload = (from: () => Promise<JSONWebKeySet>): Promise<void> =>
    (reloading ??= (async () => {
      loadedAt = opts.now();
      try {
        const next = await from();
        const nextKnown = await fingerprints(next);
        const removed = removedAny(known, nextKnown);
        local = createLocalJWKSet(next);
        known = nextKnown;
        if (removed) {
          opts.log?.info({ keys: nextKnown.size }, 'key set reloaded: a key was removed or replaced, verified tokens are checked again');
          opts.onKeysRemoved();
        }
      } catch (err) {
        // the keys held stay in force; the next reload waits for the window like any other
        opts.log?.warn({ reason: err instanceof Error ? err.message : String(err) }, 'key set reload failed; keeping the current keys');
      }
    })().finally(() => (reloading = undefined)));

  return async (header, token) => {
    if (load) {
      const age = opts.now() - loadedAt;
      const unknownKid = header.kid !== undefined && !known.has(header.kid);
      if (!local ? age >= Math.min(EMPTY_RETRY_MS, opts.minRefreshIntervalMs) : age >= MAX_AGE_MS || (unknownKid && age >= opts.minRefreshIntervalMs)) {
        await reload(load);
      } else if (!local && reloading) {
        // the first load is under way: wait for it rather than refuse
        await reloading;
      }
    }
    // inside the window an unknown kid is refused by the set we hold, without asking the IdP again
    if (!local) throw new joseErrors.JWKSNoMatchingKey();
    return local(header, token);
  };
}

/** Loads a JWKS over HTTP(S), checking it is one. */
export function httpKeySetLoader(url: string): () => Promise<JSONWebKeySet> {
  return async () => {
    const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`JWKS endpoint answered HTTP ${res.status}`);
    return asKeySet(await res.json(), url);
  };
}

export function asKeySet(parsed: unknown, where: string): JSONWebKeySet {
  if (!parsed || typeof parsed !== 'object' || !Array.isArray((parsed as JSONWebKeySet).keys) || (parsed as JSONWebKeySet).keys.length === 0) {
    throw new Error(`${where} is not a JSON Web Key Set with at least one key ({"keys": [...]})`);
  }
  return parsed as JSONWebKeySet;
}
