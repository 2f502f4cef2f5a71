// The cost limit, measured per request once the variables are known: graphql-armor's model
// (scalar 1, object 2, x1.5 per level, a list times its `first`/`last`), but the page size is
// read wherever it comes from: a literal, a variable (or the variable's default) or the schema's
// default for the argument. Validation results are cached per document, so a rule there cannot
// see variables; this runs in didResolveOperation, before authorization and the query planner.
import type { ApolloServerPlugin } from '@apollo/server';
import {
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  type GraphQLCompositeType,
  GraphQLError,
  type GraphQLField,
  type GraphQLSchema,
  isCompositeType,
  isObjectType,
  isInterfaceType,
  Kind,
  type OperationDefinitionNode,
  type SelectionNode,
  valueFromASTUntyped,
} from 'graphql';

const OBJECT_COST = 2;
const SCALAR_COST = 1;
const DEPTH_FACTOR = 1.5;
const PAGE_ARGUMENTS = new Set(['first', 'last']);

export const COST_REFUSAL_CODE = 'QUERY_TOO_COMPLEX';

type Variables = Readonly<Record<string, unknown>> | undefined;

interface Walk {
  schema: GraphQLSchema;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  variables: Variables;
  operation: OperationDefinitionNode;
  /** a fragment's cost once measured (armor's memo: a repeated spread costs what the first did) */
  fragmentCosts: Map<string, number>;
}

function fieldDef(parent: GraphQLCompositeType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  if (!parent || !(isObjectType(parent) || isInterfaceType(parent))) return undefined;
  return parent.getFields()[name];
}

/** The value of a variable as this request gives it, else its declared default. */
function variableValue(walk: Walk, name: string): unknown {
  if (walk.variables && Object.hasOwn(walk.variables, name)) return walk.variables[name];
  const def = walk.operation.variableDefinitions?.find((v) => v.variable.name.value === name);
  return def?.defaultValue ? valueFromASTUntyped(def.defaultValue) : undefined;
}

/** The list size a field asks for: its `first`/`last` as the request resolves it, 1 when none. */
function pageSize(walk: Walk, node: FieldNode, def: GraphQLField<unknown, unknown> | undefined): number {
  let size: unknown;
  const given = node.arguments?.find((a) => PAGE_ARGUMENTS.has(a.name.value));
  if (given) {
    if (given.value.kind === Kind.INT) size = Number.parseInt(given.value.value, 10);
    else if (given.value.kind === Kind.VARIABLE) size = variableValue(walk, given.value.name.value);
  } else {
    size = def?.args.find((a) => PAGE_ARGUMENTS.has(a.name) && a.defaultValue !== undefined)?.defaultValue;
  }
  // anything that is not a number is refused by coercion later; here it costs what a single item does
  return typeof size === 'number' && Number.isFinite(size) ? Math.max(size, 1) : 1;
}

function selectionCost(walk: Walk, sel: SelectionNode, parent: GraphQLCompositeType | undefined): number {
  if (sel.kind === Kind.FIELD) {
    // introspection is refused outside development, and costs nothing in it (as in armor)
    if (sel.name.value === '__schema') return 0;
    if (!sel.selectionSet) return SCALAR_COST;
    const def = fieldDef(parent, sel.name.value);
    const childType = def ? getNamedType(def.type) : undefined;
    const inner = isCompositeType(childType) ? childType : undefined;
    let cost = OBJECT_COST;
    for (const child of sel.selectionSet.selections) cost += DEPTH_FACTOR * selectionCost(walk, child, inner);
    return cost * pageSize(walk, sel, def);
  }
  if (sel.kind === Kind.INLINE_FRAGMENT) {
    const cond = sel.typeCondition ? walk.schema.getType(sel.typeCondition.name.value) : parent;
    const inner = isCompositeType(cond) ? cond : parent;
    let cost = OBJECT_COST;
    for (const child of sel.selectionSet.selections) cost += DEPTH_FACTOR * selectionCost(walk, child, inner);
    return cost;
  }
  const name = sel.name.value;
  const known = walk.fragmentCosts.get(name);
  if (known !== undefined) return SCALAR_COST + DEPTH_FACTOR * known;
  const fragment = walk.fragments.get(name);
  // a spread of itself is refused by validation; meanwhile it costs nothing more
  walk.fragmentCosts.set(name, 0);
  if (!fragment) return SCALAR_COST;
  const cond = walk.schema.getType(fragment.typeCondition.name.value);
  const inner = isCompositeType(cond) ? cond : parent;
  let fragmentCost = OBJECT_COST;
  for (const child of fragment.selectionSet.selections) fragmentCost += DEPTH_FACTOR * selectionCost(walk, child, inner);
  walk.fragmentCosts.set(name, fragmentCost);
  return SCALAR_COST + DEPTH_FACTOR * fragmentCost;
}

/** What the operation costs with these variables (the schema's defaults where an argument is left out). */
export function operationCost(
  schema: GraphQLSchema,
  fragments: readonly FragmentDefinitionNode[],
  operation: OperationDefinitionNode,
  variables: Variables,
): number {
  const walk: Walk = { schema, fragments: new Map(fragments.map((f) => [f.name.value, f])), variables, operation, fragmentCosts: new Map() };
  const root = schema.getRootType(operation.operation) ?? undefined;
  return operation.selectionSet.selections.reduce((sum, sel) => sum + selectionCost(walk, sel, root), 0);
}

export function costTooHigh(cost: number, maxCost: number): GraphQLError {
  return new GraphQLError(`Query Cost limit of ${maxCost} exceeded, found ${cost}.`, {
    extensions: { code: COST_REFUSAL_CODE, http: { status: 400 } },
  });
}

/** Refuses an operation whose cost with this request's variables is over `maxCost`; nothing is planned. */
export function costLimitPlugin<C extends object>(maxCost: number): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const fragments = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
          const cost = operationCost(schema, fragments, operation, request.variables);
          if (cost > maxCost) throw costTooHigh(cost, maxCost);
        },
      };
    },
  };
}
