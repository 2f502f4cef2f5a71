// Child processes of a bench run: the tests' spawnTsx with bench settings, and readiness probes.
import { type RunningProcess, type SpawnOptions, spawnTsx } from '../../scripts/lib/processes';

export { ROOT } from '../../scripts/lib/processes';

export type BenchProcess = RunningProcess;

export type StartOptions = Omit<SpawnOptions, 'logLevel' | 'maxOutput' | 'pollMs'>;

/**
 * A bench child: quiet logs (BENCH_LOG_LEVEL), the last 64 KiB of output kept for long runs. With
 * BENCH_PROFILE_STACK=<dir> every child (simulator, subgraphs, gateways) writes a V8 CPU profile
 * there, to see where the whole stack's time goes (`npx tsx bench/profile-summary.ts <dir>`).
 */
export function startBenchProcess(opts: StartOptions): Promise<BenchProcess> {
  const stackProfiles = process.env.BENCH_PROFILE_STACK;
  const nodeArgs = stackProfiles && !opts.nodeArgs ? ['--cpu-prof', '--cpu-prof-dir', stackProfiles] : opts.nodeArgs;
  return spawnTsx({
    ...opts,
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
