// What each process reads from its environment, found two ways as neither sees all: each config
// loader runs on a recording env (every zod shape key, however built), and the sources are scanned
// for the reads no loader reaches (`env.X`, inline `loadConfig({ X: … })`). And README's
// environment table, which says which process reads what. Used by test/readme-env.test.ts (the
// table stays true) and test/kubernetes-manifests.test.ts (the manifests set only what is read).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { coreSimulatorConfigFromEnv } from '../../core-simulator/src/config';
import { loadGatewayConfig } from '../../gateway/src/config';
import { keysDir } from '../../lib/keys';
import { tracingRequested } from '../../lib/tracing';
import { accountsConfigFromEnv } from '../../subgraphs/accounts/src/config';
import { loyaltyConfigFromEnv } from '../../subgraphs/loyalty/src/config';
import { offersConfigFromEnv } from '../../subgraphs/offers/src/config';
import { partnersConfigFromEnv } from '../../subgraphs/partners/src/config';
import { engagementConfigFromEnv } from '../../subgraphs/engagement/src/config';

const ROOT = join(__dirname, '..', '..');
export const VARIABLE = /^[A-Z][A-Z0-9_]+$/;
export const PROCESSES = ['gateway', 'accounts', 'loyalty', 'offers', 'partners', 'engagement', 'core simulator', 'app server'] as const;
export type Process = (typeof PROCESSES)[number];

/** The names `read` asks of the environment (every one unset, so each shape's defaults apply). */
export function namesRead(read: (env: NodeJS.ProcessEnv) => unknown): Set<string> {
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
export const LOADERS: { process?: Process; files: string[]; read: (env: NodeJS.ProcessEnv) => unknown }[] = [
  { process: 'gateway', files: ['gateway/src/config.ts'], read: loadGatewayConfig },
  { process: 'accounts', files: ['subgraphs/accounts/src/config.ts'], read: accountsConfigFromEnv },
  { process: 'loyalty', files: ['subgraphs/loyalty/src/config.ts'], read: loyaltyConfigFromEnv },
  { process: 'offers', files: ['subgraphs/offers/src/config.ts'], read: offersConfigFromEnv },
  { process: 'partners', files: ['subgraphs/partners/src/config.ts'], read: partnersConfigFromEnv },
  { process: 'engagement', files: ['subgraphs/engagement/src/config.ts'], read: engagementConfigFromEnv },
  { process: 'core simulator', files: ['core-simulator/src/config.ts'], read: coreSimulatorConfigFromEnv },
  { files: [], read: keysDir },
  { files: [], read: tracingRequested },
];

/** The code the processes run: every package's src/, lib/, the app server (apps/*.ts) and the two scripts that start them. */
export function productionSources(): string[] {
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
    ...readdirSync(join(ROOT, 'apps'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join('apps', f)),
    'scripts/start-all.ts',
    'scripts/serve.ts',
  ];
}

/** The text of the object literal that starts at `open` (a `{`), braces balanced. */
export function literalAt(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) return text.slice(open, i + 1);
  }
  throw new Error(`unbalanced object literal at ${open}`);
}

export const sources = productionSources().map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }));

export function scannedReads(): Set<string> {
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

export interface Row {
  variables: string[];
  processes: string;
  line: string;
}

/** README's environment table: the one whose header starts `| variable | process`. */
export function readmeTables(): Row[][] {
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

/** `all` is every process; `subgraphs` the four that read the core (engagement is named on its own). */
export function processesNamed(cell: string): Set<Process> {
  const named = new Set<Process>(PROCESSES.filter((p) => cell.includes(p)));
  if (/\ball\b/.test(cell)) PROCESSES.forEach((p) => named.add(p));
  if (/\bsubgraphs\b/.test(cell)) (['accounts', 'loyalty', 'offers', 'partners'] as const).forEach((p) => named.add(p));
  return named;
}

/**
 * Every variable `process` reads: what its config loader asks for, and the rows of README's table
 * that name it (the reads outside its loader: LOG_LEVEL, CORE_*, KEYS_DIR, ...), which
 * test/readme-env.test.ts keeps true.
 */
export function variablesReadBy(process: Process): Set<string> {
  const names = new Set<string>();
  for (const loader of LOADERS) if (loader.process === process) namesRead(loader.read).forEach((n) => names.add(n));
  for (const row of readmeTables()[0] ?? []) if (processesNamed(row.processes).has(process)) row.variables.forEach((v) => names.add(v));
  return names;
}
