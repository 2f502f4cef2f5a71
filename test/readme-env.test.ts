// README's environment table must stay true: a row for every variable a process reads, and none for
// a variable nothing reads (OTEL_* aside: the OpenTelemetry SDK reads those itself). What is read is
// found by test/support/env-reads.ts.
import { LOADERS, namesRead, processesNamed, readmeTables, scannedReads, sources } from './support/env-reads';

const tables = readmeTables();
const rows = tables[0] ?? [];
const documented = new Map(rows.flatMap((r) => r.variables.map((v) => [v, r] as const)));
const loaderReads = LOADERS.map((l) => ({ ...l, names: namesRead(l.read) }));
const read = new Set([...loaderReads.flatMap((l) => [...l.names]), ...scannedReads()]);

describe('README environment table', () => {
  it('is one table, each row naming its variables and the processes that read them', () => {
    expect(tables).toHaveLength(1);
    expect(rows.length).toBeGreaterThan(40);
    expect(rows.filter((r) => r.variables.length === 0 || processesNamed(r.processes).size === 0).map((r) => r.line)).toEqual([]);
  });

  it('has a row for every variable the processes read', () => {
    expect([...read].filter((v) => !documented.has(v)).sort()).toEqual([]);
  });

  it('names no variable that nothing reads (OTEL_* aside: the OpenTelemetry SDK reads them)', () => {
    expect([...documented.keys()].filter((v) => !read.has(v) && !v.startsWith('OTEL_')).sort()).toEqual([]);
  });

  it('names at least the process whose config loader reads each variable', () => {
    const wrong = loaderReads.flatMap(({ process, names }) =>
      process
        ? [...names].filter((v) => documented.has(v) && !processesNamed(documented.get(v)?.processes ?? '').has(process)).map((v) => `${v}: ${process}`)
        : [],
    );
    expect(wrong).toEqual([]);
  });

  it('runs the loader of every file that reads a named shape, and scans the runtime reads', () => {
    // a new `loadConfig(SOME_SHAPE, env)` file must get its loader in LOADERS, or its variables go unseen
    const named = sources.filter(({ text }) => /\bloadConfig\(\s*[A-Za-z_]/.test(text)).map(({ file }) => file);
    const covered = new Set(LOADERS.flatMap((l) => l.files));
    expect(named.filter((f) => !covered.has(f))).toEqual([]);
    // the scan itself sees each kind of read (inline shape, `process.env.X`, `env.X`)
    expect([...scannedReads()]).toEqual(expect.arrayContaining(['SHUTDOWN_DRAIN_MS', 'LOG_LEVEL', 'OTEL_TRACES_EXPORTER', 'CORE_BATCHING']));
  });
});
