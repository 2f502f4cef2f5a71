// `npm run build:apps` (and `npm start`): builds every browser app, each folder of apps/ with a
// vite.config.ts, into apps/<name>/dist (git-ignored), which apps/server.ts serves. A new app needs
// no change here. Vite prints each app's files with their gzipped sizes.
//
//   node scripts/build-apps.mjs [<name>...]                 default: every app
//   node scripts/build-apps.mjs <name> --out-dir <dir>      one app elsewhere (the tests build into temp folders)
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const APPS_DIR = resolve(import.meta.dirname, '..', 'apps');

/** The apps: folders of apps/ with a vite.config.ts, by name. */
export function appNames() {
  if (!existsSync(APPS_DIR)) return [];
  return readdirSync(APPS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(APPS_DIR, d.name, 'vite.config.ts')))
    .map((d) => d.name)
    .sort();
}

async function main(args) {
  const { values, positionals: argv } = parseArgs({ args, allowPositionals: true, options: { 'out-dir': { type: 'string' } } });
  const outDir = values['out-dir'] ? resolve(values['out-dir']) : undefined;
  if (outDir && argv.length !== 1) throw new Error('--out-dir builds one app: name it');
  const all = appNames();
  const unknown = argv.filter((n) => !all.includes(n));
  if (unknown.length) throw new Error(`no app ${unknown.join(', ')} (apps: ${all.join(', ') || 'none'})`);
  // the configs are TypeScript in a CommonJS package: Vite bundles them first (configLoader
  // 'bundle', its default), which its warning about the future native loader does not concern
  process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';
  const { build } = await import('vite');
  for (const name of argv.length ? argv : all) {
    const started = Date.now();
    // the config is bundled before it runs, as `vite build` does by default
    await build({
      configFile: join(APPS_DIR, name, 'vite.config.ts'),
      configLoader: 'bundle',
      logLevel: 'warn',
      ...(outDir ? { build: { outDir, emptyOutDir: true } } : {}),
    });
    process.stdout.write(`build:apps: ${name} into ${outDir ?? `apps/${name}/dist/`} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
}

if (import.meta.main ?? process.argv[1] === import.meta.filename) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`build:apps: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
