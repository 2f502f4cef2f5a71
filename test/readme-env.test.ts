// README's environment table must stay true: a row for every variable a process reads, and none for
// a variable nothing reads (OTEL_* aside: the OpenTelemetry SDK reads those itself).
// Found two ways, as neither sees all: each config loader runs on a recording env (every zod shape key, however built), and the sources are scanned for the reads no loader reaches (`env.X`, inline `loadConfig({ X: … })`).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { coreSimulatorConfigFromEnv } from '../core-simulator/src/config';
import { loadGatewayConfig } from '../gateway/src/config';
import { keysDir } from '../lib/keys';
import { tracingRequested } from '../lib/tracing';
import { accountsConfigFromEnv } from '../subgraphs/accounts/src/config';
import { loyaltyConfigFromEnv } from '../subgraphs/loyalty/src/config';
import { offersConfigFromEnv } from '../subgraphs/offers/src/config';
import { partnersConfigFromEnv } from '../subgraphs/partners/src/config';

const ROOT = join(__dirname, '..');
const VARIABLE = /^[A-Z][A-Z0-9_]+$/;
const PROCESSES = ['gateway', 'accounts', 'loyalty', 'offers', 'partners', 'core simulator'] as const;
type Process = (typeof PROCESSES)[number];

/** The names `read` asks of the environment (every one unset, so each shape's defaults apply). */
function namesRead(read: (env: NodeJS.ProcessEnv) => unknown): Set<string> {
  const names = new Set<string>();
  const note = (key: string | symbol) => {
    if (typeof key === 'string' && VARIABLE.test(key)) names.add(key);
  };
  const env = new Proxy<NodeJS.ProcessEnv>(
    {},
    {
      get: (_t, key) => void note(key),
      has: (_t, key) => {
        note(key);
        return false;
      },
    },
  );
  read(env);
  return names;
}

/** Each process's config loader, and the files whose named shapes (`loadConfig(SHAPE, env)`) it covers. */
const LOADERS: { process?: Process; files: string[]; read: (env: NodeJS.ProcessEnv) => unknown }[] = [
  { process: 'gateway', files: ['gateway/src/config.ts'], read: loadGatewayConfig },
  { process: 'accounts', files: ['subgraphs/accounts/src/config.ts'], read: accountsConfigFromEnv },
  { process: 'loyalty', files: ['subgraphs/loyalty/src/config.ts'], read: loyaltyConfigFromEnv },
  { process: 'offers', files: ['subgraphs/offers/src/config.ts'], read: offersConfigFromEnv },
  { process: 'partners', files: ['subgraphs/partners/src/config.ts'], read: partnersConfigFromEnv },
  { process: 'core simulator', files: ['core-simulator/src/config.ts'], read: coreSimulatorConfigFromEnv },
  { files: [], read: keysDir },
  { files: [], read: tracingRequested },
];

/** The code the processes run: every package's src/, lib/, and the two scripts that start them. */
function productionSources(): string[] {
  const tree = (dir: string) =>
    readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.split('/').includes('test'))
      .map((f) => join(dir, f));
  const packages = (dir: string) => readdirSync(join(ROOT, dir)).flatMap((p) => tree(join(dir, p, 'src')));
  return [
    ...tree('gateway/src'),
    ...tree('core-simulator/src'),
    ...packages('subgraphs'),
    ...packages('legacy-adapters'),
    ...tree('lib'),
    'scripts/start-all.ts',
    'scripts/serve.ts',
  ];
}

/** The text of the object literal that starts at `open` (a `{`), braces balanced. */
function literalAt(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) return text.slice(open, i + 1);
  }
  throw new Error(`unbalanced object literal at ${open}`);
}

const sources = productionSources().map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }));

function scannedReads(): Set<string> {
  const names = new Set<string>();
  for (const { text } of sources) {
    for (const m of text.matchAll(/\benv(?:\?\.|\.)([A-Z][A-Z0-9_]+)\b|\benv\[\s*['"]([A-Z][A-Z0-9_]+)['"]\s*\]/g)) names.add((m[1] ?? m[2]) as string);
    for (const m of text.matchAll(/\bloadConfig\(\s*\{/g)) {
      const shape = literalAt(text, (m.index ?? 0) + m[0].length - 1);
      for (const key of shape.matchAll(/(?:^|[{,\s])([A-Z][A-Z0-9_]+)\s*:/g)) names.add(key[1] as string);
    }
  }
  return names;
}

interface Row {
  variables: string[];
  processes: string;
  line: string;
}

/** README's environment table: the one whose header starts `| variable | process`. */
function readmeTables(): Row[][] {
  const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n');
  const tables: Row[][] = [];
  lines.forEach((line, i) => {
    if (!/^\|\s*variable\s*\|\s*process/.test(line)) return;
    const rows: Row[] = [];
    for (let j = i + 2; j < lines.length && lines[j]?.startsWith('|'); j++) {
      const row = lines[j] as string;
      const [variables = '', processes = ''] = row.split('|').slice(1);
      rows.push({ variables: [...variables.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((v) => v[1] as string), processes: processes.trim(), line: row });
    }
    tables.push(rows);
  });
  return tables;
}

/** `all` is every process; `subgraphs` the four of them. */
function processesNamed(cell: string): Set<Process> {
  const named = new Set<Process>(PROCESSES.filter((p) => cell.includes(p)));
  if (/\ball\b/.test(cell)) PROCESSES.forEach((p) => named.add(p));
  if (/\bsubgraphs\b/.test(cell)) (['accounts', 'loyalty', 'offers', 'partners'] as const).forEach((p) => named.add(p));
  return named;
}

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
