// Persisted-query manifests: Apollo's format (what @apollo/generate-persisted-query-manifest
// writes) and the `{ "<sha256>": "<text>" }` maps of Relay and GraphQL Codegen. Operations are
// known by their id (sha256 of the exact text) and by a normalized form, so a client that
// re-formats a registered operation is still recognized by text.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type DefinitionNode, type DocumentNode, type FragmentDefinitionNode, Kind, type OperationDefinitionNode, parse, print, visit } from 'graphql';

export interface PersistedOperation {
  id: string;
  name: string | null;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}

export interface ApolloManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: PersistedOperation[];
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The same operation however it is spaced, ordered or commented: printed from the parsed AST. */
export function normalizedKey(document: DocumentNode): string {
  const defs = [...document.definitions].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  return sha256(defs.map((d) => print(d)).join('\n'));
}

function sortKey(d: DefinitionNode): string {
  if (d.kind === Kind.OPERATION_DEFINITION) return `0${d.name?.value ?? ''}`;
  if (d.kind === Kind.FRAGMENT_DEFINITION) return `1${d.name.value}`;
  return '2';
}

export class OperationList {
  private readonly byId = new Map<string, PersistedOperation>();
  private readonly byNormalized = new Map<string, PersistedOperation>();

  constructor(readonly operations: PersistedOperation[]) {
    for (const op of operations) {
      this.byId.set(op.id, op);
      // the text's own hash too, for `{ id: text }` maps whose ids were made some other way
      this.byId.set(sha256(op.body), op);
      this.byNormalized.set(normalizedKey(parse(op.body)), op);
    }
  }

  get size(): number {
    return this.operations.length;
  }

  byHash(id: string): PersistedOperation | undefined {
    return this.byId.get(id);
  }

  /** Looks an operation up by its text: exactly, else in normalized form. */
  byText(text: string): PersistedOperation | undefined {
    const exact = this.byId.get(sha256(text));
    if (exact) return exact;
    try {
      return this.byNormalized.get(normalizedKey(parse(text)));
    } catch {
      return undefined; // not even GraphQL: certainly not registered
    }
  }
}

function typeOf(body: string): PersistedOperation['type'] {
  const op = parse(body).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!op) throw new Error('no operation in a persisted document');
  return op.operation;
}

/** Reads either manifest shape; throws with the file name when it is neither. */
export function parseManifest(json: unknown, source: string): PersistedOperation[] {
  if (json && typeof json === 'object' && (json as ApolloManifest).format === 'apollo-persisted-query-manifest') {
    const m = json as ApolloManifest;
    if (m.version !== 1 || !Array.isArray(m.operations)) throw new Error(`${source}: unsupported apollo-persisted-query-manifest version`);
    return m.operations.map((op, i) => {
      if (typeof op.id !== 'string' || typeof op.body !== 'string') throw new Error(`${source}: operation ${i} needs a string id and body`);
      return { id: op.id, name: op.name ?? null, type: op.type ?? typeOf(op.body), body: op.body };
    });
  }
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    return Object.entries(json as Record<string, unknown>).map(([id, body]) => {
      if (typeof body !== 'string') throw new Error(`${source}: ${id} is not a GraphQL document string`);
      const op = parse(body).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      return { id, name: op?.name?.value ?? null, type: typeOf(body), body };
    });
  }
  throw new Error(`${source}: neither an apollo-persisted-query-manifest nor an { id: text } map`);
}

export function readManifest(path: string): PersistedOperation[] {
  return parseManifest(JSON.parse(readFileSync(path, 'utf8')) as unknown, path);
}

/**
 * Turns a file of named operations (and fragments) into manifest entries: each operation with
 * the fragments it uses, printed canonically, its id the sha256 of that text.
 */
export function operationsFromDocument(text: string, source: string): PersistedOperation[] {
  const doc = parse(text);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const names = new Set<string>();
  const out: PersistedOperation[] = [];
  for (const d of doc.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    const name = d.name?.value;
    if (!name) throw new Error(`${source}: every persisted operation needs a name`);
    if (names.has(name)) throw new Error(`${source}: operation ${name} is defined twice`);
    names.add(name);
    const used = usedFragments(d, fragments);
    const body = [print(d), ...used.map((f) => print(f))].join('\n\n');
    out.push({ id: sha256(body), name, type: d.operation, body });
  }
  return out;
}

function usedFragments(root: DefinitionNode, fragments: Map<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const seen = new Map<string, FragmentDefinitionNode>();
  const walk = (node: DefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const f = fragments.get(spread.name.value);
        if (f && !seen.has(f.name.value)) {
          seen.set(f.name.value, f);
          walk(f);
        }
      },
    });
  walk(root);
  return [...seen.values()].sort((a, b) => a.name.value.localeCompare(b.name.value));
}

export function apolloManifest(operations: PersistedOperation[]): ApolloManifest {
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}
