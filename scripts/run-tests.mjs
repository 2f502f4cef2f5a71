// `npm test`: runs every jest suite, says which ones need PostgreSQL / Redis and were left out,
// and ends with one plain summary line ("tests: N passed, N failed").
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const leftOut = [];
if (!process.env.DATABASE_URL) leftOut.push('PostgreSQL suites (set DATABASE_URL to run them)');
if (!process.env.REDIS_URL) leftOut.push('Redis suites (set REDIS_URL to run them)');
// the browser apps' suites (apps/*/test/*browser*.int.test.ts) drive Debian's chromium
if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) leftOut.push("browser suites (install Debian's chromium: .ci/run does)");
// test/kubernetes-manifests.test.ts renders deploy/kubernetes with `kubectl kustomize` (no cluster needed)
if (spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status !== 0)
  leftOut.push('Kubernetes manifests (install kubectl >= 1.27 to render them)');

const out = join(mkdtempSync(join(tmpdir(), 'corebridge-jest-')), 'results.json');
const args = ['jest', '--json', `--outputFile=${out}`, ...process.argv.slice(2)];
// PGlite loads its WebAssembly through a dynamic import(), which jest's sandbox allows only with this flag
const nodeOptions = `--experimental-vm-modules --disable-warning=ExperimentalWarning ${process.env.NODE_OPTIONS ?? ''}`.trim();
const run = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: nodeOptions } });

let summary = null;
try {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  summary = { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests, suitesFailed: r.numFailedTestSuites };
} catch {
  /* jest died before writing results */
}
for (const s of leftOut) console.log(`left out: ${s}`);
if (!summary) {
  console.log('tests: 0 passed, 1 failed');
  process.exit(run.status || 1);
}
console.log(`tests: ${summary.passed} passed, ${summary.failed + summary.suitesFailed} failed, ${summary.skipped} skipped`);
process.exit(run.status ?? 1);
