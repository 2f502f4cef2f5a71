// Whose data a read of a caller without a customer of their own (call-centre staff, partner apps)
// is about, so that the customer's writes outdate what the gateway cached for that caller
// (transport/fetch-key.ts). Only what the operation names for certain counts: a root field that
// does not name a customer (an account or card by its id, a catalogue) makes the answer "cannot
// tell", and such reads are outdated by anybody's write.
import { getNamedType, type GraphQLSchema, Kind, type OperationDefinitionNode, valueFromASTUntyped } from 'graphql';
import { isCustomerId } from '../../../lib/customer-id';
import { CUSTOMER_ID_ARGUMENTS, CUSTOMER_TYPES } from './audit';

/** The customer ids every root field of a query names, or undefined when one names none (or is not a plain field). */
export function customersReadBy(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): string[] | undefined {
  const root = schema.getQueryType();
  if (operation.operation !== 'query' || !root) return undefined;
  const fields = root.getFields();
  const ids = new Set<string>();
  for (const selection of operation.selectionSet.selections) {
    // fragments at the root are legal but unusual: not worth reading, the safe answer is enough
    if (selection.kind !== Kind.FIELD) return undefined;
    if (selection.name.value === '__typename') continue;
    const def = fields[selection.name.value];
    if (!def) return undefined;
    const returnsCustomer = CUSTOMER_TYPES.has(getNamedType(def.type).name);
    let named = false;
    for (const arg of selection.arguments ?? []) {
      const name = arg.name.value;
      if (!((returnsCustomer && (name === 'id' || name === 'ids')) || CUSTOMER_ID_ARGUMENTS.has(name))) continue;
      const value: unknown = arg.value.kind === Kind.VARIABLE ? variables?.[arg.value.name.value] : valueFromASTUntyped(arg.value);
      for (const id of Array.isArray(value) ? (value as unknown[]) : [value]) {
        if (!isCustomerId(id)) return undefined;
        ids.add(id);
        named = true;
      }
    }
    if (!named) return undefined;
  }
  return ids.size > 0 ? [...ids].sort() : undefined;
}
