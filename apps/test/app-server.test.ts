// The app server on loopback with a stand-in gateway: static files and the app's routes, the
// /graphql proxy streaming (an SSE answer arrives event by event), and the development sign-in
// only when it is configured.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { createLogger } from '../../lib/logger';
import { tempDir } from '../../scripts/lib/processes';
import { devSignInEnabled, SESSION_TTL_SECONDS } from '../dev-session';
import { type RunningAppServer, startAppServer } from '../server';

let gateway: Server;
let release: () => void;
const seen: Array<{ url?: string; authorization?: string }> = [];

function appsDir(): string {
  const dir = tempDir('corebridge-apps-');
  mkdirSync(join(dir, 'web', 'dist', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'web', 'vite.config.ts'), 'export default {};\n');
  writeFileSync(join(dir, 'web', 'dist', 'index.html'), '<!doctype html><title>web</title>');
  writeFileSync(join(dir, 'web', 'dist', 'assets', 'app-1.js'), 'console.log(1);');
  mkdirSync(join(dir, 'kiosk', 'dist'), { recursive: true });
  writeFileSync(join(dir, 'kiosk', 'vite.config.ts'), 'export default {};\n');
  writeFileSync(join(dir, 'kiosk', 'dist', 'index.html'), '<!doctype html><title>kiosk</title>');
  mkdirSync(join(dir, 'notes')); // no vite.config.ts: not an app
  return dir;
}

async function start(devKeysDir?: string): Promise<RunningAppServer> {
  const port = (gateway.address() as AddressInfo).port;
  return startAppServer({
    host: '127.0.0.1',
    ports: { web: 0, kiosk: 0 },
    gatewayUrl: `http://127.0.0.1:${port}/graphql`,
    appsDir: appsDir(),
    devKeysDir,
    log: createLogger('apps-test'),
  });
}

beforeAll(async () => {
  gateway = createServer((req, res) => {
    seen.push({ url: req.url, authorization: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('event: next\ndata: {"data":{"n":1}}\n\n');
    // the second event waits for the test to have read the first: proof nothing is buffered
    release = () => res.end('event: complete\ndata:\n\n');
  });
  await new Promise<void>((ok) => gateway.listen(0, '127.0.0.1', ok));
});

afterAll(async () => {
  await new Promise((ok) => gateway.close(ok));
});

describe('app server', () => {
  it('serves the built files, the app for any other path, and 404 for a missing asset', async () => {
    const apps = await start();
    try {
      expect(Object.keys(apps.urls)).toEqual(['kiosk', 'web']);
      const base = apps.urls.web as string;
      expect(await (await fetch(`${base}/assets/app-1.js`)).text()).toBe('console.log(1);');
      const page = await fetch(`${base}/transactions`);
      expect([page.status, page.headers.get('content-type'), await page.text()]).toEqual([
        200,
        'text/html; charset=utf-8',
        '<!doctype html><title>web</title>',
      ]);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect((await fetch(`${base}/assets/gone.js`)).status).toBe(404);
      expect((await fetch(`${base}/..%2f..%2fetc/passwd`)).status).toBe(200); // the app, never a file outside dist
      expect((await fetch(`${base}/health`)).status).toBe(200);
    } finally {
      await apps.close(100);
    }
  });

  it('streams /graphql from the gateway, headers included', async () => {
    const apps = await start();
    try {
      const res = await fetch(`${apps.urls.web}/graphql?x=1`, { headers: { authorization: 'Bearer abc', accept: 'text/event-stream' } });
      expect(res.headers.get('content-type')).toBe('text/event-stream');
      const reader = res.body!.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      expect(first).toContain('"n":1');
      release();
      let rest = '';
      for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
      expect(rest).toContain('event: complete');
      expect(seen.at(-1)).toEqual({ url: '/graphql?x=1', authorization: 'Bearer abc' });
    } finally {
      await apps.close(100);
    }
  });

  it('signs a demo customer in with a development token, only when configured', async () => {
    const keys = join(tempDir('corebridge-apps-keys-'), 'keys');
    const apps = await start(keys);
    const post = (base: string, body: string) => fetch(`${base}/dev/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    try {
      const res = await post(apps.urls.web as string, '{"customerId":"C-000001"}');
      const { token, expiresAt } = (await res.json()) as { token: string; expiresAt: number };
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(decodeJwt(token)).toMatchObject({ sub: 'C-000001', channel: 'web', client_name: 'web-app', scope: expect.stringContaining('customer:write') });
      expect(expiresAt).toBeGreaterThan(Date.now() / 1000);
      // the kiosk's own session: its channel and client, no money-moving scope, a quarter of an hour
      const kiosk = decodeJwt(((await (await post(apps.urls.kiosk as string, '{"customerId":"C-000001"}')).json()) as { token: string }).token);
      expect(kiosk).toMatchObject({ sub: 'C-000001', channel: 'kiosk', client_name: 'kiosk' });
      expect(String(kiosk.scope).split(' ')).not.toContain('customer:write');
      expect((kiosk.exp as number) - (kiosk.iat as number)).toBe(SESSION_TTL_SECONDS.kiosk);
      expect(SESSION_TTL_SECONDS.kiosk).toBeLessThanOrEqual(900);
      const bad = await post(apps.urls.web as string, '{"customerId":"1 OR 1=1"}');
      expect([bad.status, ((await bad.json()) as { error: { code: string } }).error.code]).toEqual([400, 'BAD_USER_INPUT']);
    } finally {
      await apps.close(100);
    }
    const without = await start();
    try {
      expect((await post(without.urls.web as string, '{"customerId":"C-000001"}')).status).toBe(405);
    } finally {
      await without.close(100);
    }
  });

  it('turns the development sign-in off where the gateway would not trust its tokens', () => {
    expect(devSignInEnabled({})).toBe(true);
    expect(devSignInEnabled({ NODE_ENV: 'production' })).toBe(false);
    expect(devSignInEnabled({ JWKS_URL: 'https://idp.bank.example/jwks' })).toBe(false);
    expect(devSignInEnabled({ JWKS_FILE: '/keys/jwks.json' })).toBe(false);
  });
});
