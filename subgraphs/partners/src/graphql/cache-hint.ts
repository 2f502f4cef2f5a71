// Cache-Control for the gateway's private per-caller cache (docs/gateway.md). mercurius has no
// @cacheControl hints, so partners says it itself: catalogue reads (partners, partner, and
// `_entities` of Partner / Reward only) may be kept for CATALOGUE_MAX_AGE_SECONDS; anything that
// touches a customer (partnerCustomer, Customer.partnerConsents) and every mutation carries no
// header, which the gateway takes as "not cacheable". A partner's data changes when the bank edits
// the catalogue; stock shown may lag by this long, a redemption checks stock itself.
import { type DocumentNode, Kind, OperationTypeNode, parse } from 'graphql';

export const CATALOGUE_MAX_AGE_SECONDS = 300;
// public: the catalogue is the same for every caller, so the gateway may keep one copy for all
export const CATALOGUE_CACHE_CONTROL = `max-age=${CATALOGUE_MAX_AGE_SECONDS}, public`;

const CATALOGUE_ROOT_FIELDS = new Set(['partners', 'partner', '_entities', '__typename']);
const CATALOGUE_ENTITIES = new Set(['Partner', 'Reward']);

/** Root field names of a lone query, or undefined when the document is anything else. */
function rootFieldsOfQuery(document: DocumentNode): { name: string; representationsVariable?: string }[] | undefined {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operations[0];
  if (operations.length !== 1 || !operation || operation.kind !== Kind.OPERATION_DEFINITION || operation.operation !== OperationTypeNode.QUERY)
    return undefined;
  const fields: { name: string; representationsVariable?: string }[] = [];
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return undefined;
    const representations = selection.arguments?.find((a) => a.name.value === 'representations');
    if (selection.name.value === '_entities' && representations?.value.kind !== Kind.VARIABLE) return undefined;
    fields.push({
      name: selection.name.value,
      representationsVariable: representations?.value.kind === Kind.VARIABLE ? representations.value.name.value : undefined,
    });
  }
  return fields;
}

// the gateway sends a handful of distinct query texts: remember what each one is
const shapes = new Map<string, ReturnType<typeof rootFieldsOfQuery> | null>();
const MAX_SHAPES = 1000;

function shapeOf(query: string): ReturnType<typeof rootFieldsOfQuery> {
  const known = shapes.get(query);
  if (known !== undefined) return known ?? undefined;
  let shape: ReturnType<typeof rootFieldsOfQuery>;
  try {
    shape = rootFieldsOfQuery(parse(query));
  } catch {
    shape = undefined;
  }
  if (shapes.size >= MAX_SHAPES) shapes.clear();
  shapes.set(query, shape ?? null);
  return shape;
}

/** Whether a GraphQL POST body only reads the partner catalogue. */
export function isCatalogueRead(body: unknown): boolean {
  if (!body || typeof body !== 'object') return false;
  const { query, variables } = body as { query?: unknown; variables?: unknown };
  if (typeof query !== 'string') return false;
  const fields = shapeOf(query);
  if (!fields || fields.length === 0) return false;
  const vars = variables && typeof variables === 'object' ? (variables as Record<string, unknown>) : {};
  return fields.every((f) => {
    if (!CATALOGUE_ROOT_FIELDS.has(f.name)) return false;
    if (f.name !== '_entities') return true;
    const representations = vars[f.representationsVariable ?? ''];
    return (
      Array.isArray(representations) &&
      representations.every((r) => !!r && typeof r === 'object' && CATALOGUE_ENTITIES.has(String((r as { __typename?: unknown }).__typename)))
    );
  });
}

/** The Cache-Control an answer gets, or undefined for none (not cacheable). */
export function cacheControlFor(method: string, status: number, body: unknown, payload: unknown): string | undefined {
  if (method !== 'POST' || status !== 200 || !isCatalogueRead(body)) return undefined;
  // only clean answers: an error may be passing
  if (typeof payload !== 'string' || payload.includes('"errors"')) return undefined;
  return CATALOGUE_CACHE_CONTROL;
}
