// Child processes of a bench run: the tests' spawnTsx with bench settings, and readiness probes.
import { RunningProcess, SpawnOptions, spawnTsx } from '../../test/support/processes';

export { ROOT } from '../../test/support/processes';

export type BenchProcess = RunningProcess;

export interface StartOptions extends Omit<SpawnOptions, 'logLevel' | 'maxOutput' | 'pollMs'> {}

/** A bench child: quiet logs (BENCH_LOG_LEVEL), the last 64 KiB of output kept for long runs. */
export function startBenchProcess(opts: StartOptions): Promise<BenchProcess> {
  return spawnTsx({ ...opts, timeoutMs: opts.timeoutMs ?? 180_000, logLevel: process.env.BENCH_LOG_LEVEL, maxOutput: 64 * 1024, pollMs: 150 });
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
