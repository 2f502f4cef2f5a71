// `npx tsx bench/profile-summary.ts <file.cpuprofile | dir> [--top N]`: where a V8 CPU profile (from
// `npm run bench -- --profile corebridge`) spends its time: top functions by self time, and self
// time per package (node_modules/<package>, node internals, or this project's own folders). Given
// a folder (BENCH_PROFILE_STACK=<dir> npm run bench ...), one line per process: which program it
// was, its busy time and its top packages.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './lib/processes';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  name: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  functions: ProfileLine[];
  packages: ProfileLine[];
}

/** node_modules/<pkg> (scoped too), node internals, V8 pseudo-frames, or the project folder. */
export function packageOf(url: string): string {
  if (!url) return '(v8 / native)';
  if (url.startsWith('node:')) return '(node internals)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  const path = url.replace(/^file:\/\//, '');
  const rel = relative(ROOT, path);
  return rel.startsWith('..') ? path : rel.split('/').slice(0, 2).join('/');
}

export function summarise(profile: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  let total = 0;
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    // idle time is the event loop waiting: not work
    if (functionName === '(idle)') continue;
    total += us;
    const where = url ? `${packageOf(url)}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    fn.set(key, (fn.get(key) ?? 0) + us);
    const p = functionName === '(garbage collector)' ? '(garbage collector)' : packageOf(url);
    pkg.set(p, (pkg.get(p) ?? 0) + us);
  }
  const lines = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, selfMs: Math.round(us / 100) / 10, share: Math.round((us / Math.max(total, 1)) * 1000) / 10 }));
  return { totalMs: Math.round(total / 1000), functions: lines(fn), packages: lines(pkg) };
}

export function formatSummary(s: ProfileSummary): string {
  const table = (title: string, rows: ProfileLine[]) =>
    [
      `${title} (self time, of ${s.totalMs} ms busy)`,
      ...rows.map((r) => `  ${String(r.share).padStart(5)}%  ${String(r.selfMs).padStart(8)} ms  ${r.name}`),
    ].join('\n');
  return `${table('by package', s.packages)}\n\n${table('by function', s.functions)}`;
}

const PROGRAM = /(subgraphs\/\w+\/src\/main|core-simulator\/src\/main|gateway\/src\/main|bench\/peers\/[\w-]+|bench\/federation-classic\/main)\.ts/;

/** The program a profile was taken of: the first of this project's entry scripts it ran. */
export function programOf(profile: CpuProfile): string {
  for (const n of profile.nodes) {
    const program = PROGRAM.exec(n.callFrame.url)?.[1];
    if (program) return program;
  }
  return '(unknown)';
}

/** One line per process of a folder of profiles, busiest first; loader threads (< 1 s busy) left out. */
export function summariseFolder(dir: string, top = 6): string {
  const rows = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => {
      const profile = JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile;
      return { program: programOf(profile), summary: summarise(profile, top) };
    })
    .filter((r) => r.summary.totalMs >= 1000)
    .sort((a, b) => b.summary.totalMs - a.summary.totalMs);
  const all = rows.reduce((sum, r) => sum + r.summary.totalMs, 0);
  return rows
    .map((r) => {
      const share = Math.round((r.summary.totalMs / Math.max(all, 1)) * 1000) / 10;
      const packages = r.summary.packages.map((p) => `${p.name} ${p.share}%`).join(', ');
      return `${r.program}: ${(r.summary.totalMs / 1000).toFixed(1)} s busy (${share}% of the stack)\n    ${packages}`;
    })
    .join('\n');
}

if (require.main === module) {
  const target = process.argv[2];
  if (!target) {
    process.stderr.write('usage: npx tsx bench/profile-summary.ts <file.cpuprofile | dir> [--top N]\n');
    process.exit(2);
  }
  const topAt = process.argv.indexOf('--top');
  const top = topAt > 0 ? Number(process.argv[topAt + 1]) || 25 : undefined;
  if (statSync(target).isDirectory()) process.stdout.write(`${summariseFolder(target, top ?? 6)}\n`);
  else process.stdout.write(`${formatSummary(summarise(JSON.parse(readFileSync(target, 'utf8')) as CpuProfile, top ?? 25))}\n`);
}
