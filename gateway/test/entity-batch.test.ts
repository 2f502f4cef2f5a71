// Entity fetches merged into one operation (transport/entity-batch.ts) must answer exactly as the
// fetches would alone: run both ways against a real subgraph schema, with fragments and variables
// of the same names in both fetches, an entity whose resolver fails, and a type in one fetch only.
import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, GraphQLError, parse } from 'graphql';
import { type EntityFetch, isEntityRead, mergeFetches, splitResponse } from '../src/transport/entity-batch';

const schema = buildSubgraphSchema({
  typeDefs: parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
    type Product @key(fields: "upc") { upc: String! name: String price: Int reviews(first: Int): [Review!]! }
    type User @key(fields: "id") { id: ID! name: String }
    type Review { id: ID! body: String }
    type Query { top: [Product] }
  `),
  resolvers: {
    Product: {
      __resolveReference: ({ upc }: { upc: string }) => {
        // thrown: the subgraph fails the whole `_entities` field (it is non-null, so the answer's data is null)
        if (upc === 'gone') throw new GraphQLError('no such product', { extensions: { code: 'NOT_FOUND' } });
        // rejected: only this entity is null, with its index in the error's path
        if (upc === 'withdrawn') return Promise.reject(new GraphQLError('product withdrawn', { extensions: { code: 'NOT_FOUND' } }));
        return { upc, name: `Product ${upc}`, price: upc.length * 100 };
      },
      reviews: ({ upc }: { upc: string }, { first }: { first?: number }) =>
        [1, 2, 3].slice(0, first ?? 3).map((n) => ({ id: `${upc}-r${n}`, body: `review ${n} of ${upc}` })),
    },
    User: { __resolveReference: ({ id }: { id: string }) => ({ id, name: `User ${id}` }) },
  },
});

/** what a subgraph would send back, as JSON: errors without their place in the (other) document */
async function answer(f: EntityFetch) {
  const result = await execute({ schema, document: parse(f.query), variableValues: f.variables });
  const json = JSON.parse(JSON.stringify(result)) as { data?: Record<string, unknown> | null; errors?: Array<{ message: string; locations?: unknown }> };
  return { ...json, ...(json.errors ? { errors: json.errors.map(({ locations: _, ...e }) => e) } : {}) };
}

const byProduct: EntityFetch = {
  query:
    'query Q__catalogue__1($representations:[_Any!]!$n:Int){_entities(representations:$representations){...on Product{name reviews(first:$n){...R}}}}fragment R on Review{id}',
  variables: {
    representations: [
      { __typename: 'Product', upc: '1' },
      { __typename: 'Product', upc: 'withdrawn' },
      { __typename: 'Product', upc: '22' },
    ],
    n: 1,
  },
};
// the same fragment name and the same variable name, meaning something else
const byUser: EntityFetch = {
  query:
    'query Q__catalogue__2($representations:[_Any!]!){_entities(representations:$representations){...on User{name}...on Product{price reviews{...R}}}}fragment R on Review{id body}',
  variables: {
    representations: [
      { __typename: 'User', id: 'u1' },
      { __typename: 'Product', upc: '333' },
    ],
  },
};

describe('entity fetches merged into one call', () => {
  it('answers each fetch exactly as it would be answered alone, errors at their own entity', async () => {
    const fetches = [byProduct, byUser, byProduct];
    const merged = mergeFetches(fetches);
    expect(merged.query).toMatch(/^query Q__catalogue__1__batch3\(/);
    const alone = await Promise.all(fetches.map(answer));
    const parts = splitResponse(await answer(merged), fetches.length, () => {
      throw new Error('nothing failed');
    });
    expect(parts).toEqual(alone);
    // the withdrawn product's error is its own fetch's, at its index
    expect(parts[0]?.errors).toEqual([expect.objectContaining({ message: 'product withdrawn', path: ['_entities', 1] })]);
    expect(parts[1]?.errors).toBeUndefined();
  });

  it('sends again alone a fetch whose answer another fetch failing as a whole took with it', async () => {
    const failing: EntityFetch = { ...byProduct, variables: { ...byProduct.variables, representations: [{ __typename: 'Product', upc: 'gone' }] } };
    const fetches = [byUser, failing];
    const merged = await answer(mergeFetches(fetches));
    // the failing fetch nulls the whole merged answer
    expect(merged.data).toBeNull();
    const parts = splitResponse(merged, fetches.length, () => {
      throw new Error('nothing failed');
    });
    expect(parts[0]).toBeUndefined();
    const resent = await Promise.all(parts.map(async (p, i) => p ?? answer(fetches[i] as EntityFetch)));
    expect(resent).toEqual(await Promise.all(fetches.map(answer)));
    expect(resent[0]?.data).toEqual({ _entities: [{ name: 'User u1' }, { price: 300, reviews: expect.any(Array) }] });
  });

  it('gives a fetch without an answer what the subgraph said, else an error for each of its fields', () => {
    const failed = (i: number) => [{ message: `fields of ${i}`, path: ['_entities', 0, 'name'] }];
    // a refusal of the whole request, without a path: every fetch gets it
    expect(splitResponse({ errors: [{ message: 'validation failed' }] }, 2, failed)).toEqual([
      { errors: [{ message: 'validation failed' }] },
      { errors: [{ message: 'validation failed' }] },
    ]);
    // nothing at all for the second fetch
    expect(splitResponse({ data: { _b0: [{ name: 'A' }] } }, 2, failed)).toEqual([{ data: { _entities: [{ name: 'A' }] } }, { errors: failed(1) }]);
  });

  it('merges only reads of entities', () => {
    expect(isEntityRead(byProduct.query)).toBe(true);
    for (const query of [
      '{ top { upc } }',
      'mutation($representations:[_Any!]!){_entities(representations:$representations){__typename}}',
      'query($representations:[_Any!]!){e:_entities(representations:$representations){__typename}}',
      'query($representations:[_Any!]!){_entities(representations:$representations){__typename} top{upc}}',
      'not graphql {',
      undefined,
    ]) {
      expect([query, isEntityRead(query)]).toEqual([query, false]);
    }
  });
});
