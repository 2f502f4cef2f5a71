// The web banking app's build (`npm run build:apps` builds every apps/<name>/ with a vite.config.ts
// into apps/<name>/dist). JSX through Vite's own transform (oxc): no React plugin, so no Fast
// Refresh in `vite dev`, which the reference app does not need. `/graphql` goes to the gateway in
// `vite dev` as apps/server.ts proxies it when serving the build: the browser stays same-origin.
import { defineConfig } from 'vite';
import { persistedManifestCheck } from '../../scripts/lib/app-manifest';

// the operations are extracted again at build time: a build whose operations differ from the
// committed manifest the gateway enforces in production stops here (scripts/lib/app-manifest.ts)
const manifestCheck = persistedManifestCheck('web');

export default defineConfig({
  root: __dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [manifestCheck],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 800 },
  server: { port: 3000, proxy: { '/graphql': process.env.GATEWAY_ORIGIN ?? 'http://127.0.0.1:4000', '/dev': 'http://127.0.0.1:3000' } },
});
