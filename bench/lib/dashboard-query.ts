// The banking dashboard operation, built from what the supergraph has right now: the wished-for
// fields (accounts, balances, last 10 transactions, cards, loyalty summary, top 3 offers with
// partner) filtered to those that exist, so the bench keeps working while subgraphs grow.
import {
  buildASTSchema,
  getNamedType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  isObjectType,
  isLeafType,
  isNonNullType,
  parse,
} from 'graphql';

/** A wish: a leaf field name, or a field with sub-wishes and optional arguments. */
export type Wish = string | { field: string; args?: Record<string, string>; select: Wish[] };

const MONEY: Wish[] = ['amount', 'currency'];

export const DASHBOARD_WISHES: Wish[] = [
  'id',
  'displayName',
  'segment',
  {
    field: 'accounts',
    select: [
      'id',
      'type',
      'name',
      'currency',
      'status',
      'maskedNumber',
      { field: 'balance', select: [{ field: 'available', select: MONEY }, { field: 'ledger', select: MONEY }, 'asOf'] },
      {
        field: 'transactions',
        args: { first: '10' },
        select: [
          {
            field: 'edges',
            select: [
              'cursor',
              {
                field: 'node',
                select: [
                  'id',
                  { field: 'amount', select: MONEY },
                  'direction',
                  'status',
                  'bookedAt',
                  'description',
                  { field: 'merchant', select: ['name', 'mcc', 'category'] },
                ],
              },
            ],
          },
          { field: 'pageInfo', select: ['hasNextPage', 'endCursor'] },
        ],
      },
    ],
  },
  { field: 'cards', select: ['id', 'maskedPan', 'brand', 'kind', 'status', 'expiryMonth', 'expiryYear'] },
  {
    field: 'loyalty',
    select: [
      // tier as a plain value, or as the object the loyalty schema grew into: whichever exists
      'tier',
      { field: 'tier', select: ['tier', 'score', { field: 'next', select: ['tier', 'scoreNeeded'] }] },
      'points',
      { field: 'progress', select: ['nextTier', 'pointsToNextTier', 'percent'] },
      {
        field: 'cashBack',
        select: [
          { field: 'pendingToday', select: MONEY },
          { field: 'paidThisMonth', select: MONEY },
          { field: 'lifetime', select: MONEY },
        ],
      },
    ],
  },
  {
    field: 'offers',
    args: { first: '3' },
    select: ['id', 'kind', 'title', 'reason', 'expiresAt', { field: 'partner', select: ['id', 'name'] }],
  },
];

function fieldOf(type: GraphQLObjectType, name: string): GraphQLField<unknown, unknown> | undefined {
  const field = type.getFields()[name];
  // the supergraph keeps fields clients may not query; they carry @inaccessible
  if (field?.astNode?.directives?.some((d) => d.name.value === 'inaccessible')) return undefined;
  return field;
}

/** The selection set for `type` from the wishes it can satisfy; '' when none. */
export function selectionFor(type: GraphQLObjectType, wishes: Wish[], indent = '  '): string {
  const lines: string[] = [];
  for (const wish of wishes) {
    const name = typeof wish === 'string' ? wish : wish.field;
    const field = fieldOf(type, name);
    if (!field) continue;
    const wishedArgs = typeof wish === 'string' ? {} : (wish.args ?? {});
    const args = field.args.filter((a) => wishedArgs[a.name] !== undefined).map((a) => `${a.name}: ${wishedArgs[a.name]}`);
    // a required argument we have no value for: leave the field out rather than send a bad query
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined && wishedArgs[a.name] === undefined)) continue;
    const target = getNamedType(field.type);
    const head = `${indent}${name}${args.length ? `(${args.join(', ')})` : ''}`;
    if (isLeafType(target)) {
      if (typeof wish === 'string') lines.push(head);
      continue;
    }
    if (!isObjectType(target) || typeof wish === 'string') continue;
    const inner = selectionFor(target, wish.select, `${indent}  `);
    if (inner) lines.push(`${head} {\n${inner}\n${indent}}`);
  }
  return lines.join('\n');
}

/** The API-side schema of a supergraph SDL, good enough to look fields up (not to execute). */
export function schemaOfSupergraph(supergraphSdl: string): GraphQLSchema {
  return buildASTSchema(parse(supergraphSdl), { assumeValid: true, assumeValidSDL: true });
}

export function dashboardQuery(supergraphSdl: string): string {
  const schema = schemaOfSupergraph(supergraphSdl);
  const customer = schema.getType('Customer');
  if (!isObjectType(customer)) throw new Error('the supergraph has no Customer type');
  const me = schema.getQueryType()?.getFields().me;
  if (!me) throw new Error('the supergraph has no Query.me');
  return `query Dashboard {\n  me {\n${selectionFor(customer, DASHBOARD_WISHES, '    ')}\n  }\n}`;
}
