// Starts real processes on free loopback ports for integration tests, and stops them after.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sleep } from '../../lib/sleep';

export const ROOT = resolve(__dirname, '..', '..');

/**
 * Ports handed to the processes a jest worker starts: below the kernel's ephemeral range (32768 and
 * up on Linux), so no outgoing connection can take one between this call and the process binding
 * it, and a block of its own per worker, handed out in turn, so two workers starting stacks at the
 * same time never get the same port (a stack reserves about a dozen ports and binds the last of
 * them some 20 s later). Outside jest: a port the kernel picks.
 */
// TEST_PORT_BASE moves the blocks, for a second test run on the same machine (jest numbers the
// workers of every run from 1, so two runs would otherwise hand out the same ports)
const WORKER_PORT_BASE = Number(process.env.TEST_PORT_BASE) || 20_000;
const WORKER_PORT_BLOCK = 3_000;

export async function freePort(): Promise<number> {
  const worker = Number(process.env.JEST_WORKER_ID);
  if (!Number.isInteger(worker) || worker < 1) return kernelPort();
  const base = WORKER_PORT_BASE + ((worker - 1) % 4) * WORKER_PORT_BLOCK;
  for (let tried = 0; tried < WORKER_PORT_BLOCK; tried++) {
    const port = base + (nextWorkerPort() % WORKER_PORT_BLOCK);
    if (await bindable(port)) return port;
  }
  return kernelPort();
}

/**
 * The worker's next port in its block, counted across the test files it runs. Jest gives every
 * file its own copy of this module, so a count kept here would start again at the block's first
 * port for each file, and a file would be handed the ports of the one before it: one of those
 * bound again late (a process still stopping, a restart on a timer) took a gateway's port in CI
 * between the check and the bind. Kept in a file named by the worker's pid, it goes on instead.
 */
function nextWorkerPort(): number {
  const file = join(tmpdir(), `corebridge-test-ports-${process.pid}`);
  let next = 0;
  try {
    next = Number(readFileSync(file, 'utf8')) || 0;
  } catch {
    // the worker's first port
  }
  writeFileSync(file, String(next + 1));
  return next;
}

function kernelPort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

function bindable(port: number): Promise<boolean> {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

export function tempDir(prefix = 'corebridge-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface RunningProcess {
  name: string;
  pid: number;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  script: string;
  /** the script's own arguments (after it on the command line) */
  args?: string[];
  /** merged over process.env; a variable set to '' is removed */
  env: Record<string, string>;
  /** resolves true once the process serves; a throw counts as "not yet" */
  ready: () => Promise<boolean>;
  nodeArgs?: string[];
  timeoutMs?: number;
  /** how long stop() waits after SIGTERM before SIGKILL (a CPU profile needs longer to be written) */
  killAfterMs?: number;
  /** LOG_LEVEL for the child unless env sets one */
  logLevel?: string;
  pollMs?: number;
  /** keep only the last this many characters of output (long runs) */
  maxOutput?: number;
  /** what is awaited, for the timeout message, e.g. "at http://…/health" */
  waitingFor?: string;
}

/** Spawns `node [nodeArgs] --import tsx <script>`; resolves once `ready` says so (tests and the bench). */
export function spawnTsx(opts: SpawnOptions): Promise<RunningProcess> {
  return spawnNode(['--import', 'tsx', resolve(ROOT, opts.script)], ROOT, opts);
}

/** Spawns `node [nodeArgs] <script>` for built JavaScript, `script` relative to `cwd` (the built-output test). */
export function spawnBuilt(cwd: string, opts: SpawnOptions): Promise<RunningProcess> {
  return spawnNode([resolve(cwd, opts.script), ...(opts.args ?? [])], cwd, opts);
}

async function spawnNode(args: string[], cwd: string, opts: SpawnOptions): Promise<RunningProcess> {
  const merged: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: opts.logLevel ?? 'warn', ...opts.env };
  for (const [k, v] of Object.entries(opts.env)) if (v === '') delete merged[k];
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), ...args], {
    cwd,
    env: merged,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString();
    if (opts.maxOutput && out.length > opts.maxOutput) out = out.slice(-opts.maxOutput);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let stopping = false;
  // before it is ready, a death is the start's own error (thrown below with the output)
  let started = false;
  // a signal a test sends (a crash it stages, a graceful stop it checks) is expected; only a death
  // nobody asked for is reported
  const kill = child.kill.bind(child);
  child.kill = (signal?: NodeJS.Signals | number) => {
    stopping = true;
    return kill(signal);
  };
  // a process that dies under a test says so where the test's output is read (CI), with its last words
  child.once('exit', (code, signal) => {
    if (started && !stopping)
      process.stderr.write(`[${opts.name}] exited unexpectedly (code ${code}, signal ${signal}); its last output:\n${out.slice(-4000)}\n`);
  });
  const proc: RunningProcess = {
    name: opts.name,
    pid: child.pid ?? -1,
    child,
    output: () => out,
    stop: () =>
      new Promise<void>((res) => {
        stopping = true;
        if (child.exitCode !== null || child.signalCode !== null) return res();
        child.once('exit', () => res());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs ?? 5000).unref();
      }),
  };
  const timeoutMs = opts.timeoutMs ?? 90000;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${opts.name} exited with ${child.exitCode}:\n${out}`);
    if (await opts.ready().catch(() => false)) {
      started = true;
      return proc;
    }
    await sleep(opts.pollMs ?? 100);
  }
  await proc.stop();
  throw new Error(`${opts.name} not ready${opts.waitingFor ? ` ${opts.waitingFor}` : ''} after ${timeoutMs} ms:\n${out}`);
}

/** Spawns `node --import tsx <script>` with env; resolves once `readyUrl` answers 200. */
export function startProcess(name: string, script: string, env: Record<string, string>, readyUrl: string, timeoutMs = 90000): Promise<RunningProcess> {
  return spawnTsx({
    name,
    script,
    env,
    ready: async () => (await fetch(readyUrl)).ok,
    timeoutMs,
    logLevel: process.env.LOG_LEVEL,
    waitingFor: `at ${readyUrl}`,
  });
}
