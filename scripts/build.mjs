// `npm run build`: what runs in production, as JavaScript in dist/ with the repository's layout
// (dist/gateway/src/main.js for gateway/src/main.ts), and beside it the files the services read at
// run time (SDLs, supergraph, persisted operations, WSDL, reference data): every path the code
// builds from `__dirname` finds its file in dist/ as it does in the checkout.
//
// esbuild turns each module into CommonJS on its own (as tsconfig.json's `module: commonjs`), no
// bundling; types are checked by `npm run typecheck`, not here (about 1 s against about 20 s for
// tsc's own emit). Which modules: those the entry points below reach, found by esbuild's resolver,
// so a module production needs cannot be left out and no test or bench code goes in.
//
// Files are written only when they change and files no longer built are removed, so a build never
// pulls a module out from under a process already running from dist/ (`npm start` while
// `npm run start:core` builds again).
//
//   node scripts/build.mjs [--out-dir <dir>]      default dist/
import esbuild from 'esbuild';
import { Buffer } from 'node:buffer';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');

/** Every process a deployment runs; `scripts/start-all.ts` starts the others (`npm start`). */
const ENTRIES = [
  'core-simulator/src/main.ts',
  'subgraphs/accounts/src/main.ts',
  'subgraphs/loyalty/src/main.ts',
  'subgraphs/offers/src/main.ts',
  'subgraphs/partners/src/main.ts',
  'subgraphs/engagement/src/main.ts',
  'gateway/src/main.ts',
  'scripts/start-all.ts',
  'scripts/serve.ts', // the container's entry point (Dockerfile)
  'apps/server.ts', // serves the browser apps built by scripts/build-apps.mjs (apps/<name>/dist)
];

/** Files read at run time: [folder, which files in it (path relative to the folder)], copied as they are. */
const ASSETS = [
  ['schema', /^[^/]+\.graphql$/], // the subgraphs' SDLs (lib/sdl.ts) and the supergraph (gateway/src/config.ts)
  // clients and manifests (gateway/src/edge/persisted/clients.ts): without clients.json the gateway
  // would run any operation for kiosks and partner apps
  ['schema/persisted', /\.json$/],
  ['core-simulator/wsdl', /\.(wsdl|xsd)$/],
  ['subgraphs/accounts/data', /^[^/]+$/], // reference FX rates, the MCC list and its licence
  ['subgraphs/loyalty/rules', /\.json$/],
  ['subgraphs/partners/data', /\.json$/],
];

// written into every build: only a folder carrying it (or a new one) has its stray files removed
const MARKER = '.corebridge-build';

const files = (dir) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => f.split(sep).join('/'))
    .filter((f) => statSync(join(dir, f)).isFile());

async function modules() {
  const analysis = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'cjs',
    write: false,
    metafile: true,
    outdir: 'dist',
    logLevel: 'silent',
  });
  const inputs = Object.keys(analysis.metafile.inputs);
  const odd = inputs.filter((f) => !f.endsWith('.ts') || f.startsWith('..') || f.includes('node_modules/'));
  if (odd.length) throw new Error(`production code reaches files the build does not handle: ${odd.join(', ')}`);
  return inputs;
}

async function compile(outDir, inputs) {
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: inputs,
    outdir: outDir,
    outbase: '.',
    bundle: false,
    platform: 'node',
    format: 'cjs',
    target: 'es2022',
    // as tsc does for CommonJS: import() becomes require(), so `import('../soap/src')` finds the folder's index
    supported: { 'dynamic-import': false },
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles.map((f) => ({ path: f.path, contents: f.contents }));
}

function assets(outDir) {
  return ASSETS.flatMap(([dir, pattern]) => {
    const found = files(join(ROOT, dir)).filter((f) => pattern.test(f));
    if (!found.length) throw new Error(`no run-time files in ${dir} (${pattern})`);
    return found.map((f) => ({ path: join(outDir, dir, f), contents: readFileSync(join(ROOT, dir, f)) }));
  });
}

/** Writes what differs (through a rename: a reader sees the old file or the new one); returns how many. */
function writeChanged(outputs) {
  let written = 0;
  for (const { path, contents } of outputs) {
    if (existsSync(path) && Buffer.compare(readFileSync(path), contents) === 0) continue;
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, contents);
    renameSync(tmp, path);
    written++;
  }
  return written;
}

function removeStale(outDir, keep) {
  let removed = 0;
  for (const f of files(outDir)) {
    const path = join(outDir, f);
    if (keep.has(path) || f === MARKER) continue;
    rmSync(path);
    removed++;
  }
  return removed;
}

async function build(outDir) {
  const started = Date.now();
  if (ROOT === outDir || !relative(outDir, ROOT).startsWith('..')) throw new Error(`--out-dir ${outDir} holds the repository`);
  const fresh = !existsSync(outDir) || readdirSync(outDir).length === 0;
  const owned = fresh || existsSync(join(outDir, MARKER));
  if (!owned) throw new Error(`${outDir} is not empty and not a build output (no ${MARKER}): remove it or pick another --out-dir`);
  const inputs = await modules();
  const outputs = [...(await compile(outDir, inputs)), ...assets(outDir)];
  outputs.push({ path: join(outDir, MARKER), contents: Buffer.from('written by scripts/build.mjs; everything here is replaced by the next build\n') });
  const written = writeChanged(outputs);
  const removed = removeStale(outDir, new Set(outputs.map((o) => o.path)));
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const shown = relative(process.cwd(), outDir) || '.';
  process.stdout.write(
    `build: ${inputs.length} modules and ${outputs.length - inputs.length - 1} files into ${shown}/ in ${secs} s (${written} written, ${removed} removed)\n`,
  );
}

const { values } = parseArgs({ options: { 'out-dir': { type: 'string' } } });
build(resolve(values['out-dir'] ?? join(ROOT, 'dist'))).catch((err) => {
  process.stderr.write(`build: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
