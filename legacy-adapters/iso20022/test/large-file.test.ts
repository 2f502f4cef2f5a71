// A ~50 MB camt.053 parses in bounded memory. The script runs in a child process with the V8 old
// space capped at 96 MB and the young generation at 3 x 16 MB (Node 22's default; Node 24 sizes it
// from the machine's memory, 3 x 64 MB here, which made the heap limit 288 MB instead of 144 MB). Two bounds, measured on this machine (node + tsx + modules alone peak at
// ~85 MB RSS; streaming runs peaked at 107-119 MB for 15, 25, 50 and 100 MB files):
// - absolute: peak RSS under 160 MB for the 50 MB file (the script reads VmHWM: getrusage's
//   maxrss survives exec, so under jest it reported the worker's size at fork, 298-455 MB);
// - growth: the 50 MB file peaks less than 20 MB above a 25 MB file. A parser holding the text
//   (or a DOM of it) would need at least the 25 MB difference in text alone; a streaming parser's
//   peak does not depend on the file's size (observed difference 4-12 MB: GC timing).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..', '..');
const PEAK_RSS_BOUND_MB = 160;
const GROWTH_BOUND_MB = 20;

interface Result {
  expectedEntries: number;
  entries: number;
  bytes: number;
  balanced: boolean;
  peakRssMb: number;
  heapLimitMb: number;
}

async function parseLarge(mb: number): Promise<Result> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--max-old-space-size=96',
      '--max-semi-space-size=16',
      '--import',
      'tsx',
      join('legacy-adapters', 'iso20022', 'scripts', 'parse-large.ts'),
      '--mb',
      String(mb),
    ],
    { cwd: ROOT, timeout: 90_000, env: { ...process.env, NODE_OPTIONS: '' } },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as Result;
}

describe('50 MB camt.053 in bounded memory', () => {
  it('parses every entry, balanced, with peak RSS bounded and independent of the file size', async () => {
    const half = await parseLarge(25);
    const full = await parseLarge(50);
    expect(full.bytes).toBeGreaterThanOrEqual(50_000_000);
    expect(full.expectedEntries).toBeGreaterThan(75_000);
    for (const r of [half, full]) {
      expect(r.entries).toBe(r.expectedEntries);
      expect(r.balanced).toBe(true);
      expect(r.heapLimitMb).toBeLessThan(200);
    }
    expect(full.peakRssMb).toBeLessThan(PEAK_RSS_BOUND_MB);
    expect(full.peakRssMb - half.peakRssMb).toBeLessThan(GROWTH_BOUND_MB);
  }, 120_000);
});
