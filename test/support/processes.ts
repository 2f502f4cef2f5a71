// Starts real processes on free loopback ports for integration tests, and stops them after.
import { spawn, ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');

export async function freePort(): Promise<number> {
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

export function tempDir(prefix = 'corebridge-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface RunningProcess {
  name: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Spawns `node --import tsx <script>` with env (a variable set to '' is removed); resolves once
 * `readyUrl` answers 200.
 */
export async function startProcess(name: string, script: string, env: Record<string, string>, readyUrl: string, timeoutMs = 90000): Promise<RunningProcess> {
  const merged: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ...env };
  for (const [k, v] of Object.entries(env)) if (v === '') delete merged[k];
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, script)], {
    cwd: ROOT,
    env: merged,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const proc: RunningProcess = {
    name,
    child,
    output: () => out,
    stop: () =>
      new Promise<void>((res) => {
        if (child.exitCode !== null || child.signalCode !== null) return res();
        child.once('exit', () => res());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${out}`);
    try {
      const r = await fetch(readyUrl);
      if (r.ok) return proc;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await proc.stop();
  throw new Error(`${name} not ready at ${readyUrl} after ${timeoutMs} ms:\n${out}`);
}
