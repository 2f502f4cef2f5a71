// An entity fetch asks for each entity once. @apollo/gateway builds one representation per place
// an entity sits in the response so far, so a product under twenty reviews is sent twenty times:
// the federation-classic query sent 550 representations per operation where 28 were distinct
// (Hive's router and Apollo's Rust router send each once). The subgraph resolved every copy and
// answered every copy, and the gateway wrote and parsed them all.
//
// The data source sends the distinct representations (first appearance order) and gives the
// executor back an answer of the length it asked for: each place gets its entity's answer, and an
// error at `_entities.<i>` is repeated at every place that asked for the entity at i. Equal means
// equal JSON (keys in the same order): the executor builds a fetch's representations from one
// selection, so the same entity gives the same; one it spells differently is merely sent twice.
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';

/** The fetch's variables with each representation once, and where each asked-for place finds its answer. */
export interface DistinctRepresentations {
  variables: Record<string, unknown>;
  /** asked-for index -> index in the distinct list */
  places: number[];
  /** representations not sent */
  saved: number;
}

/**
 * Finds a representation seen before: equal when their JSON is equal. Flat ones (every value a
 * string, number, boolean or null: nearly every key) are looked up key by key and value by value in
 * a tree of Maps, which builds no string per representation (a JSON text each was most of this
 * module's cost); any other goes by its JSON text. Map keys compare like JSON for these values,
 * except NaN, which Map matches to itself and JSON writes as null: such a pair is merely sent twice.
 */
class SeenRepresentations {
  private readonly flat: TrieNode = { next: new Map() };
  private readonly other = new Map<string, number>();

  /** The index `rep` was first given, or `fresh` (now remembered as its index). */
  indexOf(rep: unknown, fresh: number): number {
    if (rep === null || typeof rep !== 'object' || Array.isArray(rep)) return this.byJson(rep, fresh);
    let node = this.flat;
    const fields = rep as Record<string, unknown>;
    for (const k in fields) {
      if (!Object.hasOwn(fields, k)) continue;
      const v = fields[k];
      const t = typeof v;
      // JSON leaves these keys out
      if (t === 'undefined' || t === 'function' || t === 'symbol') continue;
      if (t === 'object' && v !== null) return this.byJson(rep, fresh);
      node = step(step(node, k), v);
    }
    if (node.at === undefined) node.at = fresh;
    return node.at;
  }

  private byJson(rep: unknown, fresh: number): number {
    const key = JSON.stringify(rep);
    const at = this.other.get(key);
    if (at !== undefined) return at;
    this.other.set(key, fresh);
    return fresh;
  }
}

/** Key names and values alternate down the tree; `at` marks where a whole representation ends. */
interface TrieNode {
  next: Map<unknown, TrieNode>;
  at?: number;
}

function step(node: TrieNode, key: unknown): TrieNode {
  let child = node.next.get(key);
  if (!child) {
    child = { next: new Map() };
    node.next.set(key, child);
  }
  return child;
}

/** Null when the fetch has no `representations` list or no entity in it repeats (nothing to change). */
export function distinctRepresentations(variables: Record<string, unknown> | undefined): DistinctRepresentations | null {
  const list = variables?.representations;
  if (!Array.isArray(list) || list.length < 2) return null;
  const seen = new SeenRepresentations();
  const distinct: unknown[] = [];
  const places = new Array<number>(list.length);
  for (let i = 0; i < list.length; i++) {
    const at = seen.indexOf(list[i], distinct.length);
    if (at === distinct.length) distinct.push(list[i]);
    places[i] = at;
  }
  if (distinct.length === list.length) return null;
  return { variables: { ...variables, representations: distinct }, places, saved: list.length - distinct.length };
}

/** Whether two representations count as one entity (what distinctRepresentations decides), for the tests. */
export function sameRepresentation(a: unknown, b: unknown): boolean {
  const seen = new SeenRepresentations();
  seen.indexOf(a, 0);
  return seen.indexOf(b, 1) === 0;
}

type GraphQLError = NonNullable<GatewayGraphQLResponse['errors']>[number];

/** The answer to the distinct representations, as the executor asked for it: one entry, and its errors, per place. */
export function answerPerPlace(response: GatewayGraphQLResponse, places: readonly number[]): GatewayGraphQLResponse {
  const data = response.data as { _entities?: unknown } | null | undefined;
  const entities = data?._entities;
  const out: GatewayGraphQLResponse = { ...response };
  if (Array.isArray(entities)) out.data = { ...data, _entities: places.map((at) => entities[at] ?? null) };
  if (response.errors) out.errors = errorsPerPlace(response.errors, places);
  return out;
}

/** Each error at `_entities.<i>` once per place that asked for the entity at i, in place order. */
function errorsPerPlace(errors: readonly GraphQLError[], places: readonly number[]): GraphQLError[] {
  // only an answer with errors needs the way back from an entity to its places
  const placesOf = new Map<number, number[]>();
  places.forEach((at, i) => {
    const list = placesOf.get(at);
    if (list) list.push(i);
    else placesOf.set(at, [i]);
  });
  const other: GraphQLError[] = [];
  const placed: Array<{ i: number; error: GraphQLError }> = [];
  for (const error of errors) {
    const [head, at, ...rest] = error.path ?? [];
    const asked = head === '_entities' && typeof at === 'number' ? placesOf.get(at) : undefined;
    if (asked) for (const i of asked) placed.push({ i, error: { ...error, path: ['_entities', i, ...rest] } });
    else other.push(error);
  }
  // in the order of the places, as the fetch with every copy lists them (the sort is stable)
  return [...other, ...placed.sort((a, b) => a.i - b.i).map((p) => p.error)];
}
