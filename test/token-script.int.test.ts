// `npm run token` as a developer runs it: a child process whose output must verify against the dev key.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { ensureKeyPair, jwksOf } from '../lib/keys';
import { ROOT, tempDir } from '../scripts/lib/processes';

const execFileAsync = promisify(execFile);

async function token(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, ['--import', 'tsx', resolve(ROOT, 'scripts/token.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('scripts/token.ts', () => {
  const keys = tempDir('token-script-');

  it('creates the dev key on first run and prints a token that verifies against it', async () => {
    const res = await token(['--sub', 'C-000001', '--channel', 'web', '--scope', 'offers:read  loyalty:read', '--client', 'web-app', '--ttl', '600'], {
      KEYS_DIR: keys,
    });
    expect(res.code).toBe(0);
    const jwt = res.stdout.trim();
    expect(res.stdout).toBe(`${jwt}\n`);
    const pair = await ensureKeyPair(keys, 'dev-user'); // now exists: made by the script
    const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(jwksOf(pair)), {
      issuer: 'corebridge-dev',
      audience: 'corebridge',
      algorithms: ['ES256'],
    });
    expect(protectedHeader.kid).toBe(pair.publicJwk.kid);
    expect(payload).toMatchObject({ sub: 'C-000001', channel: 'web', scope: 'offers:read loyalty:read', client_name: 'web-app' });
    expect(payload.exp! - payload.iat!).toBe(600);
    expect(payload.partner_id).toBeUndefined();
  });

  it('signs partner tokens with the partner id and follows JWT_ISSUER / JWT_AUDIENCE', async () => {
    const res = await token(['--sub', 'app-7', '--channel', 'partner', '--partner', 'P-001'], { KEYS_DIR: keys, JWT_ISSUER: 'iss-x', JWT_AUDIENCE: 'aud-y' });
    expect(res.code).toBe(0);
    const pair = await ensureKeyPair(keys, 'dev-user');
    const { payload } = await jwtVerify(res.stdout.trim(), createLocalJWKSet(jwksOf(pair)), { issuer: 'iss-x', audience: 'aud-y' });
    expect(payload).toMatchObject({ sub: 'app-7', channel: 'partner', partner_id: 'P-001' });
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(decodeProtectedHeader(res.stdout.trim()).alg).toBe('ES256');
  });

  it.each([
    [['--sub', 'C-000001', '--channel', 'fax'], /unknown channel "fax"/],
    [['--channel', 'web'], /--sub is required/],
    [['--sub', 'C-000001'], /--channel is required/],
    [['--sub', 'app-7', '--channel', 'partner'], /needs --partner/],
    [['--sub', 'C-000001', '--channel', 'web', '--ttl', '-5'], /--ttl/],
    [['--sub', 'C-000001', '--channel', 'web', '--ttl', '99999999'], /--ttl must be between/],
    [['--sub', 'C-000001', '--channel', 'web', '--bogus'], /Unknown option '--bogus'/],
  ])('refuses %j with exit code 2 and says why', async (args, message) => {
    const res = await token(args, { KEYS_DIR: keys });
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(message);
  });
});
