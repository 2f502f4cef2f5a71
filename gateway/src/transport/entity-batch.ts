// Entity fetches of one request to one subgraph that the query plan starts together go as one
// HTTP request. Apollo's planner gives every branch of a Parallel node its own fetch, so a deep
// query asks the same subgraph for `_entities` several times at once (the federation-classic
// query: 16 subgraph requests per operation, where Hive's router, which batches the same way,
// sends 7). Each fetch becomes an aliased `_entities` field of one operation, its variables and
// fragments renamed apart; the answer is split back, errors by their path, so the executor sees
// exactly what separate fetches would have given it.
//
// Only reads of entities are merged (a query whose only root field is `_entities`), only within
// one request (one caller: the batch is kept on the request's context), and only those that reach
// the data source in the same turn of the event loop, so nothing waits for a batch to fill.
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { type DocumentNode, type FragmentDefinitionNode, Kind, type OperationDefinitionNode, parse, print, stripIgnoredCharacters, visit } from 'graphql';

/** One entity fetch as the executor hands it to the data source. */
export interface EntityFetch {
  query: string;
  variables: Record<string, unknown>;
}

/** Aliases of the merged fetches: `_b0`, `_b1`, ... (`_`: never a name a subgraph gives a field). */
const aliasOf = (i: number) => `_b${i}`;
const MAX_CACHED = 500;

/** query text -> its parsed operation when it is an entity read, null when not */
const entityReads = new Map<string, { operation: OperationDefinitionNode; fragments: FragmentDefinitionNode[] } | null>();
/** the merged texts of the combinations seen: the planner has a fixed set of fetches per operation */
const mergedTexts = new Map<string, string>();

function remember<V>(map: Map<string, V>, key: string, value: V): V {
  if (map.size >= MAX_CACHED) map.clear();
  map.set(key, value);
  return value;
}

function entityRead(query: string) {
  const known = entityReads.get(query);
  if (known !== undefined) return known;
  let doc: DocumentNode;
  try {
    doc = parse(query);
  } catch {
    return remember(entityReads, query, null);
  }
  const operations = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const [operation] = operations;
  const root = operation?.selectionSet.selections;
  const only = root?.length === 1 ? root[0] : undefined;
  const isRead = operations.length === 1 && operation?.operation === 'query' && only?.kind === Kind.FIELD && only.name.value === '_entities' && !only.alias;
  const fragments = doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  return remember(entityReads, query, isRead && operation ? { operation, fragments } : null);
}

/** Whether this fetch may share a request with others: a read of `_entities` and nothing else. */
export function isEntityRead(query: string | undefined): boolean {
  return query !== undefined && entityRead(query) !== null;
}

/** The i-th fetch's operation and fragments with its variables and fragment names made its own. */
function renamed(i: number, query: string) {
  const read = entityRead(query);
  if (!read) throw new Error('not an entity read');
  const rename = <T extends OperationDefinitionNode | FragmentDefinitionNode>(node: T): T =>
    visit(node, {
      Variable: (v) => ({ ...v, name: { ...v.name, value: `_${i}_${v.name.value}` } }),
      FragmentSpread: (s) => ({ ...s, name: { ...s.name, value: `${s.name.value}_${i}` } }),
      FragmentDefinition: (f) => ({ ...f, name: { ...f.name, value: `${f.name.value}_${i}` } }),
      // the one root field, aliased; deeper fields keep their names
      Field: (f, _key, _parent, path) =>
        path.length === 3 && f.name.value === '_entities' ? { ...f, alias: { kind: Kind.NAME, value: aliasOf(i) } } : undefined,
    });
  return { operation: rename(read.operation), fragments: read.fragments.map(rename) };
}

/** The fetches as one operation and its variables. */
export function mergeFetches(fetches: readonly EntityFetch[]): EntityFetch {
  const key = fetches.map((f) => f.query).join('\n\u0000');
  let query = mergedTexts.get(key);
  if (query === undefined) {
    const parts = fetches.map((f, i) => renamed(i, f.query));
    const first = parts[0]?.operation;
    const operation: OperationDefinitionNode = {
      kind: Kind.OPERATION_DEFINITION,
      operation: 'query' as OperationDefinitionNode['operation'],
      ...(first?.name ? { name: { kind: Kind.NAME, value: `${first.name.value}__batch${fetches.length}` } } : {}),
      variableDefinitions: parts.flatMap((p) => p.operation.variableDefinitions ?? []),
      selectionSet: { kind: Kind.SELECTION_SET, selections: parts.flatMap((p) => p.operation.selectionSet.selections) },
    };
    query = remember(mergedTexts, key, stripIgnoredCharacters(print({ kind: Kind.DOCUMENT, definitions: [operation, ...parts.flatMap((p) => p.fragments)] })));
  }
  const variables: Record<string, unknown> = {};
  fetches.forEach((f, i) => {
    for (const [name, value] of Object.entries(f.variables)) variables[`_${i}_${name}`] = value;
  });
  return { query, variables };
}

type GraphQLError = NonNullable<GatewayGraphQLResponse['errors']>[number];

/**
 * The merged answer split into one answer per fetch, as each would have had it alone: its
 * `_entities`, the errors under its alias with their path starting at `_entities` again, and the
 * errors without a path (about the whole request) for every fetch. `undefined` for a fetch whose
 * answer another one's error took with it: `_entities` is non-null, so a fetch failing as a whole
 * nulls the whole merged answer; such a fetch is to be sent again on its own.
 */
export function splitResponse(
  response: GatewayGraphQLResponse,
  count: number,
  failed: (i: number) => GatewayGraphQLResponse['errors'],
): Array<GatewayGraphQLResponse | undefined> {
  const byFetch: GraphQLError[][] = Array.from({ length: count }, () => []);
  const everyone: GraphQLError[] = [];
  for (const error of response.errors ?? []) {
    const [head, ...rest] = error.path ?? [];
    const i = typeof head === 'string' && /^_b\d+$/.test(head) ? Number(head.slice(2)) : -1;
    const own = byFetch[i];
    if (own) own.push({ ...error, path: ['_entities', ...rest] });
    else everyone.push(error);
  }
  const data = response.data as Record<string, unknown> | null | undefined;
  const someFailed = byFetch.some((own) => own.length > 0);
  return byFetch.map((own, i) => {
    const entities = data?.[aliasOf(i)];
    const errors = [...own, ...everyone];
    if (entities === undefined || entities === null) {
      if (own.length) return { ...(data === null ? { data: null } : {}), errors };
      if (someFailed) return undefined;
      // nothing for this fetch: what the subgraph said about the request, else an error per field
      return { ...(data === null ? { data: null } : {}), errors: everyone.length ? everyone : failed(i) };
    }
    return { data: { _entities: entities }, ...(errors.length ? { errors } : {}), ...(response.extensions ? { extensions: response.extensions } : {}) };
  });
}
