// Signing keys. In development each process finds (or first creates) its key pairs under
// KEYS_DIR (default ./data/keys, never committed). In production point the gateway at the bank's
// IdP JWKS and give gateway/subgraphs the internal key pair through the same files or variables.
import { generateKeyPair, exportJWK, importJWK, type JWK, type CryptoKey, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

type KeyPurpose = 'dev-user' | 'internal';

export interface StoredKeyPair {
  privateJwk: JWK;
  publicJwk: JWK;
}

export function keysDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.KEYS_DIR ?? path.join(process.cwd(), 'data', 'keys'));
}

function keyFile(dir: string, purpose: KeyPurpose): string {
  return path.join(dir, `${purpose}.key.json`);
}

/** Reads the key pair for `purpose`, generating it on first use. Safe when several processes race. */
export async function ensureKeyPair(dir: string, purpose: KeyPurpose): Promise<StoredKeyPair> {
  const file = keyFile(dir, purpose);
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as StoredKeyPair;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `${purpose}-${randomUUID()}`;
  const pair: StoredKeyPair = {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' },
  };
  return JSON.parse(writeOnce(file, JSON.stringify(pair))) as StoredKeyPair;
}

/** Writes `content` to `file` unless another process got there first; either way answers what the file holds. */
function writeOnce(file: string, content: string): string {
  const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  fs.writeFileSync(tmp, content, { mode: 0o600 });
  try {
    fs.linkSync(tmp, file); // fails if another process won the race; then its content is the one
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    fs.unlinkSync(tmp);
  }
  return fs.readFileSync(file, 'utf8');
}

export async function privateKeyOf(pair: StoredKeyPair): Promise<CryptoKey> {
  return (await importJWK(pair.privateJwk, 'ES256')) as CryptoKey;
}

export function jwksOf(...pairs: StoredKeyPair[]): JSONWebKeySet {
  return { keys: pairs.map((p) => p.publicJwk) };
}

export function localJwks(set: JSONWebKeySet) {
  return createLocalJWKSet(set);
}

type SecretPurpose = 'core-notify' | 'staff-pseudonym';

/**
 * A shared secret for `purpose` (the HMAC key of the core's notifications, of engagement's agent
 * pseudonyms), read from `<dir>/<purpose>.secret` or, on first use, generated there; race-safe
 * like ensureKeyPair.
 * Development only: production sets the secret through the environment.
 */
export function ensureSecret(dir: string, purpose: SecretPurpose): string {
  const file = path.join(dir, `${purpose}.secret`);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return writeOnce(file, randomBytes(32).toString('base64url')).trim();
}
