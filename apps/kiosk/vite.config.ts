// The branch kiosk's build (`npm run build:apps` builds it into apps/kiosk/dist; apps/server.ts
// serves it on KIOSK_PORT, 3001). JSX through Vite's own transform (oxc), as apps/web. In `vite
// dev`, `/graphql` and the demo sign-in go to the app server, which proxies the gateway: the
// browser stays same-origin either way.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// only the ids go into the bundle (src/operations.ts): the kiosk never sends, nor carries, query text
const manifest = JSON.parse(readFileSync(resolve(__dirname, '../../schema/persisted/manifests/kiosk.json'), 'utf8')) as {
  operations: Array<{ id: string; name: string }>;
};
const operationIds = Object.fromEntries(manifest.operations.map((o) => [o.name, o.id]));

const appServer = process.env.KIOSK_APP_ORIGIN ?? 'http://127.0.0.1:3001';

export default defineConfig({
  root: __dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  define: { __KIOSK_OPERATION_IDS__: JSON.stringify(operationIds) },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  server: { port: 5174, proxy: { '/graphql': appServer, '/dev': appServer } },
});
