// The app server: each built browser app (apps/<name>/dist, from `npm run build:apps`) on its own
// port, with `/graphql` proxied to the gateway on the same origin and, in development only, the
// demo sign-in (POST /dev/session). `npm start` runs it beside the services (scripts/start-all.ts);
// alone: `node dist/apps/server.js` after a build, or `tsx apps/server.ts`.
//
// Which apps: every folder of apps/ with a vite.config.ts that has a port below. A new app adds
// its line to APP_PORTS (and its variable to README's table).
import { existsSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { host, loadConfig, port, runMain, url } from '../lib/config';
import { keysDir } from '../lib/keys';
import { reachableHost } from '../lib/listen-address';
import { createLogger, type Logger } from '../lib/logger';
import { drainWithin } from '../lib/shutdown';
import { devSession, devSignInEnabled } from './dev-session';
import { proxyGraphql } from './graphql-proxy';
import { serveStatic } from './static-files';

/** Each app's port setting and default, and the channel its development tokens are for. */
export const APP_PORTS: Record<string, { variable: string; port: number; channel: 'web' | 'kiosk' }> = {
  web: { variable: 'WEB_PORT', port: 3000, channel: 'web' },
  kiosk: { variable: 'KIOSK_PORT', port: 3001, channel: 'kiosk' },
};

// built (dist/apps/server.js) or from source (apps/server.ts): the apps' folders are in the checkout
const APPS_DIR = __filename.endsWith('.js') ? resolve(__dirname, '..', '..', 'apps') : __dirname;

/** The apps there are: folders of apps/ with a vite.config.ts. */
export function appNames(dir = APPS_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'vite.config.ts')))
    .map((d) => d.name)
    .sort();
}

export interface AppServerOptions {
  host: string;
  /** app name -> port (0: a free one) */
  ports: Record<string, number>;
  gatewayUrl: string;
  /** where the dev-user key lives; absent: no development sign-in */
  devKeysDir?: string;
  appsDir?: string;
  /** where an app's build is (default apps/<name>/dist) */
  distOf?: (app: string) => string;
  log: Logger;
}

export interface RunningAppServer {
  /** app name -> its address, e.g. http://127.0.0.1:3000 */
  urls: Record<string, string>;
  close(drainMs?: number): Promise<void>;
}

export async function startAppServer(opts: AppServerOptions): Promise<RunningAppServer> {
  const appsDir = opts.appsDir ?? APPS_DIR;
  const gateway = new URL(opts.gatewayUrl);
  const servers: Server[] = [];
  const urls: Record<string, string> = {};
  for (const name of appNames(appsDir)) {
    const settings = APP_PORTS[name];
    if (!settings) {
      opts.log.warn({ app: name }, 'app has no port in apps/server.ts APP_PORTS: not served');
      continue;
    }
    const dist = opts.distOf?.(name) ?? join(appsDir, name, 'dist');
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/graphql') return proxyGraphql(gateway, req, res);
      // liveness, and what `npm start` waits for
      if (path === '/health') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      if (path === '/dev/session' && opts.devKeysDir) {
        devSession(req, res, { channel: settings.channel, keysDir: opts.devKeysDir }).catch((err: unknown) => {
          opts.log.error({ reason: err instanceof Error ? err.message : String(err) }, 'development sign-in failed');
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"code":"INTERNAL"}}');
        });
        return;
      }
      serveStatic(dist, req, res);
    });
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(opts.ports[name] ?? settings.port, opts.host, () => ok());
    });
    servers.push(server);
    const address = server.address();
    const bound = typeof address === 'object' && address ? address.port : settings.port;
    urls[name] = `http://${reachableHost(opts.host)}:${bound}`;
    if (!existsSync(join(dist, 'index.html'))) opts.log.warn({ app: name }, 'app not built: run `npm run build:apps`');
  }
  opts.log.info({ apps: urls, gateway: gateway.origin, devSignIn: Boolean(opts.devKeysDir) }, 'app server listening');
  return {
    urls,
    close: async (drainMs) => {
      await Promise.all(servers.map((s) => drainWithin(s, new Promise<void>((ok) => s.close(() => ok())), drainMs)));
    },
  };
}

if (require.main === module) {
  runMain(
    'apps',
    async () => {
      const cfg = loadConfig({
        APPS_HOST: host(),
        WEB_PORT: port(APP_PORTS.web?.port ?? 3000),
        KIOSK_PORT: port(APP_PORTS.kiosk?.port ?? 3001),
        GATEWAY_URL: url().default('http://127.0.0.1:4000/graphql'),
      });
      const log = createLogger('apps');
      if (!devSignInEnabled())
        log.info('development sign-in is off (NODE_ENV=production or JWKS_FILE / JWKS_URL set): apps sign in with the bank identity provider');
      return startAppServer({
        host: cfg.APPS_HOST,
        ports: { web: cfg.WEB_PORT, kiosk: cfg.KIOSK_PORT },
        gatewayUrl: cfg.GATEWAY_URL,
        devKeysDir: devSignInEnabled() ? keysDir() : undefined,
        log,
      });
    },
    { traced: false },
  );
}
