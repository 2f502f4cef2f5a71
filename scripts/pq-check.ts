// `npm run pq:check`: every registered persisted operation must still run against the current
// supergraph. Checks, for every manifest clients.json names: the operation validates against the
// supergraph's API schema (fields, arguments, types), stays within the gateway's default limits,
// and the manifest matches its source in schema/persisted/operations/ (not stale). Exits 1 and
// names each broken operation otherwise, so CI stops a schema change that would break a kiosk or
// a partner app.
//
// `npm run pq:check -- --write` regenerates manifests/<name>.json from operations/<name>.graphql.
// An app built in this repository has its manifest extracted from its source instead
// (APP_MANIFESTS, by @apollo/generate-persisted-query-manifest, as the app's client sends them):
// check mode fails when the app's operations changed and its manifest was not regenerated.
// Options: --supergraph <file> (default schema/supergraph.graphql), --dir <persisted dir>.
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Supergraph } from '@apollo/federation-internals';
import { type GraphQLSchema, parse, specifiedRules, validate } from 'graphql';
import { prepareSupergraph } from '../gateway/src/edge/authorization';
import { DEFAULT_SUPERGRAPH_PATH } from '../gateway/src/config';
import { DEFAULT_LIMITS, protection } from '../gateway/src/edge/limits';
import { CLIENTS_FILE, DEFAULT_PERSISTED_DIR } from '../gateway/src/edge/persisted/clients';
import { APP_MANIFESTS, appManifestText, manifestState } from './lib/app-manifest';
import { apolloManifest, operationsFromDocument, type PersistedOperation, readManifest } from '../gateway/src/edge/persisted/manifest';

export interface PqCheckOptions {
  supergraphPath?: string;
  persistedDir?: string;
}

export interface PqCheckResult {
  /** operations checked, over all manifests */
  checked: number;
  problems: string[];
}

/** The schema clients see: the supergraph's API schema, as the gateway serves it. */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(prepareSupergraph(supergraphSdl).sdl).apiSchema().toGraphQLJSSchema();
}

function manifestsNamedBy(dir: string): string[] {
  const file = join(dir, CLIENTS_FILE);
  if (!existsSync(file)) return [];
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { clients?: Array<{ manifests?: string[] }> };
  return [...new Set((parsed.clients ?? []).flatMap((c) => c.manifests ?? []))];
}

function operationSources(dir: string): string[] {
  const ops = join(dir, 'operations');
  return existsSync(ops)
    ? readdirSync(ops)
        .filter((f) => f.endsWith('.graphql'))
        .sort()
    : [];
}

function generated(dir: string, source: string): PersistedOperation[] {
  const path = join(dir, 'operations', source);
  return operationsFromDocument(readFileSync(path, 'utf8'), path);
}

function manifestText(operations: PersistedOperation[]): string {
  return `${JSON.stringify(apolloManifest(operations), null, 2)}\n`;
}

/** Writes manifests/<name>.json for every operations/<name>.graphql; returns the files written. */
export function writeManifests(opts: PqCheckOptions = {}): string[] {
  const dir = opts.persistedDir ?? DEFAULT_PERSISTED_DIR;
  mkdirSync(join(dir, 'manifests'), { recursive: true });
  return operationSources(dir).map((source) => {
    const target = join(dir, 'manifests', `${basename(source, '.graphql')}.json`);
    writeFileSync(target, manifestText(generated(dir, source)));
    return target;
  });
}

export function pqCheck(opts: PqCheckOptions = {}): PqCheckResult {
  const dir = opts.persistedDir ?? DEFAULT_PERSISTED_DIR;
  const schema = apiSchemaOf(readFileSync(opts.supergraphPath ?? DEFAULT_SUPERGRAPH_PATH, 'utf8'));
  const rules = [...specifiedRules, ...protection(DEFAULT_LIMITS, { introspection: false }).validationRules];
  const problems: string[] = [];
  let checked = 0;

  for (const source of operationSources(dir)) {
    const manifest = join(dir, 'manifests', `${basename(source, '.graphql')}.json`);
    try {
      const fresh = manifestText(generated(dir, source));
      if (!existsSync(manifest) || readFileSync(manifest, 'utf8') !== fresh) {
        problems.push(`${relative(dir, manifest)} is stale: it does not match operations/${source} (run \`npm run pq:check -- --write\`)`);
      }
    } catch (err) {
      problems.push(`operations/${source}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  for (const name of manifestsNamedBy(dir)) {
    const path = join(dir, name);
    if (!existsSync(path)) {
      problems.push(`${name}: named in ${CLIENTS_FILE} but missing`);
      continue;
    }
    let operations: PersistedOperation[];
    try {
      operations = readManifest(path);
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
      continue;
    }
    for (const op of operations) {
      checked++;
      const label = `${name} ${op.name ?? op.id}`;
      let errors: readonly { message: string }[];
      try {
        errors = validate(schema, parse(op.body, { maxTokens: DEFAULT_LIMITS.maxTokens }), rules);
      } catch (err) {
        errors = [{ message: err instanceof Error ? err.message : String(err) }];
      }
      for (const e of errors) problems.push(`${label}: ${e.message}`);
    }
  }
  return { checked, problems };
}

/** Regenerates (`write`) or compares each app's manifest; returns the problems and the files written. */
export async function appManifests(opts: PqCheckOptions & { write?: boolean; root?: string } = {}): Promise<{ problems: string[]; written: string[] }> {
  const dir = opts.persistedDir ?? DEFAULT_PERSISTED_DIR;
  const root = opts.root ?? resolve(__dirname, '..');
  const problems: string[] = [];
  const written: string[] = [];
  for (const app of APP_MANIFESTS) {
    const target = join(dir, app.manifest);
    const documents = app.documents.map((g) => join(root, g));
    if (opts.write) {
      mkdirSync(join(dir, 'manifests'), { recursive: true });
      writeFileSync(target, await appManifestText(documents));
      written.push(target);
    } else {
      const state = await manifestState(target, documents);
      if (state !== 'current')
        problems.push(`${app.manifest} is ${state}: it does not match ${app.documents.join(', ')} (run \`npm run pq:check -- --write\`)`);
    }
  }
  return { problems, written };
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { write: { type: 'boolean' }, supergraph: { type: 'string' }, dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write('usage: npm run pq:check [-- --write] [--supergraph <file>] [--dir <schema/persisted>]\n');
    return 0;
  }
  const opts: PqCheckOptions = {
    supergraphPath: values.supergraph ? resolve(values.supergraph) : undefined,
    persistedDir: values.dir ? resolve(values.dir) : undefined,
  };
  const apps = await appManifests({ ...opts, write: values.write });
  if (values.write) {
    for (const file of [...writeManifests(opts), ...apps.written]) process.stdout.write(`wrote ${relative(process.cwd(), file)}\n`);
  }
  const checked = pqCheck(opts);
  const result = { ...checked, problems: [...apps.problems, ...checked.problems] };
  for (const p of result.problems) process.stderr.write(`pq:check: ${p}\n`);
  if (result.problems.length > 0) {
    process.stderr.write(`pq:check: ${result.problems.length} problem(s); the gateway would refuse or break these operations\n`);
    return 1;
  }
  process.stdout.write(`pq:check: ${result.checked} registered operation(s) valid against the supergraph\n`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`pq:check: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
