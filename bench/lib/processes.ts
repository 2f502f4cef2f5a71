// Child processes of a bench run: the tests' spawnTsx with bench settings, and readiness probes.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, type RunningProcess, type SpawnOptions, spawnBuilt, spawnTsx } from '../../scripts/lib/processes';

export { ROOT } from '../../scripts/lib/processes';

export type BenchProcess = RunningProcess;

export type StartOptions = Omit<SpawnOptions, 'logLevel' | 'maxOutput' | 'pollMs'> & {
  /** run `script`'s built JavaScript from this build (productionBuild()), not its TypeScript through tsx */
  fromBuild?: string;
};

/** Where productionBuild() writes (git-ignored, beside the reports). */
const BUILD_DIR = join(ROOT, '.bench', 'build');
let built: string | undefined;

/**
 * `npm run build`'s output (scripts/build.mjs), made once per bench run: what a container runs.
 * Returns the folder to resolve a script's built path against (`<dir>/dist/gateway/src/main.js` for
 * `gateway/src/main.ts`); inside the checkout, so the built code finds its node_modules.
 */
export function productionBuild(): string {
  if (!built) {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--out-dir', join(BUILD_DIR, 'dist')], { cwd: ROOT, stdio: 'ignore' });
    built = BUILD_DIR;
  }
  return built;
}

/** The built path of a TypeScript entry point, relative to the build folder. */
export const builtScript = (script: string) => join('dist', script.replace(/\.ts$/, '.js'));

/**
 * A bench child: quiet logs (BENCH_LOG_LEVEL), the last 64 KiB of output kept for long runs. With
 * BENCH_PROFILE_STACK=<dir> every child (simulator, subgraphs, gateways) writes a V8 CPU profile
 * there, to see where the whole stack's time goes (`npx tsx bench/profile-summary.ts <dir>`).
 */
export function startBenchProcess(opts: StartOptions): Promise<BenchProcess> {
  const stackProfiles = process.env.BENCH_PROFILE_STACK;
  const nodeArgs = stackProfiles && !opts.nodeArgs ? ['--cpu-prof', '--cpu-prof-dir', stackProfiles] : opts.nodeArgs;
  const { fromBuild, ...spawn } = opts;
  const start = fromBuild ? (o: SpawnOptions) => spawnBuilt(fromBuild, { ...o, script: builtScript(o.script) }) : spawnTsx;
  return start({
    ...spawn,
    nodeArgs,
    // a profile is written at exit: give it time before SIGKILL
    killAfterMs: opts.killAfterMs ?? (stackProfiles ? 60_000 : undefined),
    timeoutMs: opts.timeoutMs ?? 180_000,
    logLevel: process.env.BENCH_LOG_LEVEL,
    maxOutput: 64 * 1024,
    pollMs: 150,
  });
}

export const httpOk = (url: string) => async () => (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;

/** Ready when a GraphQL POST of `{ __typename }` with this bearer token answers 200. */
export const graphqlOk = (url: string, token: string) => async () => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ __typename }' }),
    signal: AbortSignal.timeout(2000),
  });
  return res.ok;
};
