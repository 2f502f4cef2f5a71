// Child processes of a bench run: `node [nodeArgs] --import tsx <script>`, output kept in memory
// (and shown when something fails), ready when a probe says so, stopped by pid.
import { spawn, ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');

export interface BenchProcess {
  name: string;
  pid: number;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  script: string;
  /** merged over process.env; '' removes a variable */
  env: Record<string, string>;
  /** resolves true once the process serves */
  ready: () => Promise<boolean>;
  nodeArgs?: string[];
  timeoutMs?: number;
  /** how long stop() waits after SIGTERM before SIGKILL (default 5 s; a CPU profile needs longer to be written) */
  killAfterMs?: number;
}

const MAX_OUTPUT = 64 * 1024;

export async function startBenchProcess(opts: StartOptions): Promise<BenchProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn', ...opts.env };
  for (const [k, v] of Object.entries(opts.env)) if (v === '') delete env[k];
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', resolve(ROOT, opts.script)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > MAX_OUTPUT) out = out.slice(-MAX_OUTPUT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const proc: BenchProcess = {
    name: opts.name,
    pid: child.pid ?? -1,
    child,
    output: () => out,
    stop: () =>
      new Promise<void>((res) => {
        if (child.exitCode !== null || child.signalCode !== null) return res();
        child.once('exit', () => res());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs ?? 5000).unref();
      }),
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 180_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${opts.name} exited with ${child.exitCode}:\n${out.slice(-4000)}`);
    if (await opts.ready().catch(() => false)) return proc;
    await new Promise((r) => setTimeout(r, 150));
  }
  await proc.stop();
  throw new Error(`${opts.name} not ready after ${opts.timeoutMs ?? 180_000} ms:\n${out.slice(-4000)}`);
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
