// CPU time and peak memory of a process and its descendants (a multi-process gateway's primary and
// workers) from Linux /proc: no agent inside the measured process.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** user + system CPU seconds the process has used so far (fields 14 and 15 of /proc/<pid>/stat). */
export function parseCpuSeconds(statLine: string, ticks: number): number {
  // the command name (field 2) may hold spaces and parentheses: count fields after the last ')'
  const rest = statLine.slice(statLine.lastIndexOf(')') + 2).split(' ');
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('unreadable /proc stat line');
  return (utime + stime) / ticks;
}

/** The parent pid (field 4 of /proc/<pid>/stat). */
export function parseParentPid(statLine: string): number {
  return Number(statLine.slice(statLine.lastIndexOf(')') + 2).split(' ')[1]);
}

/** `pid` and every live process below it (children, their children...), from each process's parent pid. */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = parseParentPid(readFileSync(`/proc/${entry}/stat`, 'utf8'));
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // gone between the listing and the read
    }
  }
  const tree = [pid];
  // the array iterator sees the children pushed while it walks
  for (const p of tree) tree.push(...(children.get(p) ?? []));
  return tree;
}

function ownCpuSeconds(pid: number): number {
  return parseCpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8'), clockTicks());
}

/**
 * CPU seconds of `pid` and its live descendants. A descendant that exits between two readings
 * takes its time with it (the parent's cutime counts it only once reaped), so a worker restarted
 * during a phase makes that phase's figure low: the bench does not kill workers.
 */
export function cpuSeconds(pid: number): number {
  let total = ownCpuSeconds(pid);
  for (const p of processTree(pid).slice(1)) {
    try {
      total += ownCpuSeconds(p);
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

/** Peak resident set size in bytes (VmHWM), or undefined when the kernel does not say. */
export function parsePeakRss(status: string): number | undefined {
  const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
  return m ? Number(m[1]) * 1024 : undefined;
}

function ownPeakRss(pid: number): number | undefined {
  try {
    return parsePeakRss(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Peak RSS of `pid`, plus its live descendants' own peaks: for a primary and its workers, the sum
 * of each one's peak (an upper bound of their peak together; shared pages count once per process).
 */
export function peakRssBytes(pid: number): number | undefined {
  const own = ownPeakRss(pid);
  if (own === undefined) return undefined;
  let total = own;
  for (const p of processTree(pid).slice(1)) total += ownPeakRss(p) ?? 0;
  return total;
}

/**
 * CPU seconds of a server that forks a process a connection (PostgreSQL): its own, what its
 * children that ended used (cutime + cstime, fields 16 and 17, once reaped) and its live
 * descendants', so a backend ending between two readings keeps its time in the figure.
 */
export function serverCpuSeconds(pid: number): number {
  const rest = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = rest.slice(rest.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / clockTicks() + cpuSeconds(pid);
}

/** The local PostgreSQL server's first process (the one whose parent is not PostgreSQL), if one runs here. */
export function localPostgresPid(): number | undefined {
  const commOf = (pid: number | string) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      return undefined;
    }
  };
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || commOf(entry) !== 'postgres') continue;
    try {
      if (commOf(parseParentPid(readFileSync(`/proc/${entry}/stat`, 'utf8'))) !== 'postgres') return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/**
 * Starts counting the CPU seconds of these processes (each with its descendants) and of these
 * servers (serverCpuSeconds): the function reads what they used since.
 */
export function cpuMeter(pids: readonly number[], servers: readonly number[] = []): () => number {
  const read = () => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0) + servers.reduce((sum, pid) => sum + serverCpuSeconds(pid), 0);
  const before = read();
  return () => read() - before;
}
