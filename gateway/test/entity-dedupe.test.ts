// An entity fetch with each distinct representation once (transport/entity-dedupe.ts) must answer
// exactly as the fetch with every copy would: run both ways against a real subgraph schema, with
// repeated entities, an entity whose resolver rejects (its error at every place that asked for it)
// and one that fails the whole `_entities` field.
import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, GraphQLError, parse } from 'graphql';
import { answerPerPlace, distinctRepresentations, sameRepresentation } from '../src/transport/entity-dedupe';

let resolved: string[] = [];
const schema = buildSubgraphSchema({
  typeDefs: parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
    type Product @key(fields: "upc") { upc: String! name: String price: Int }
    type Query { top: [Product] }
  `),
  resolvers: {
    Product: {
      __resolveReference: ({ upc, price }: { upc: string; price?: number }) => {
        resolved.push(upc);
        if (upc === 'gone') throw new GraphQLError('no such product', { extensions: { code: 'NOT_FOUND' } });
        if (upc === 'withdrawn') return Promise.reject(new GraphQLError('product withdrawn', { extensions: { code: 'NOT_FOUND' } }));
        return { upc, name: `Product ${upc}`, price: price ?? upc.length * 100 };
      },
    },
  },
});

const QUERY = 'query($representations:[_Any!]!){_entities(representations:$representations){...on Product{name price}}}';

async function answer(variables: Record<string, unknown>) {
  const result = await execute({ schema, document: parse(QUERY), variableValues: variables });
  const json = JSON.parse(JSON.stringify(result)) as { data?: Record<string, unknown> | null; errors?: Array<{ message: string; locations?: unknown }> };
  return { ...json, ...(json.errors ? { errors: json.errors.map(({ locations: _, ...e }) => e) } : {}) };
}

const product = (upc: string, extra: Record<string, unknown> = {}) => ({ __typename: 'Product', upc, ...extra });

/** The fetch both ways: with every copy, and with each distinct representation once then spread back. */
async function bothWays(representations: unknown[]) {
  resolved = [];
  const everyCopy = await answer({ representations });
  const sentEveryCopy = resolved.length;
  resolved = [];
  const distinct = distinctRepresentations({ representations });
  const once = distinct ? answerPerPlace(await answer(distinct.variables), distinct.places) : undefined;
  return { everyCopy, once, distinct, sentEveryCopy, sentOnce: resolved.length };
}

describe('each distinct entity representation sent once', () => {
  it('answers every place as the fetch with every copy does, resolving each entity once', async () => {
    const { everyCopy, once, distinct, sentEveryCopy, sentOnce } = await bothWays([
      product('1'),
      product('22'),
      product('1'),
      product('1'),
      product('333'),
      product('22'),
    ]);
    expect(distinct?.saved).toBe(3);
    expect(distinct?.places).toEqual([0, 1, 0, 0, 2, 1]);
    expect(sentEveryCopy).toBe(6);
    expect(sentOnce).toBe(3);
    expect(once).toEqual(everyCopy);
    expect((once?.data as { _entities: Array<{ name: string }> })._entities.map((e) => e.name)).toEqual([
      'Product 1',
      'Product 22',
      'Product 1',
      'Product 1',
      'Product 333',
      'Product 22',
    ]);
  });

  it('puts a repeated entity’s error at every place that asked for it', async () => {
    const { everyCopy, once, sentOnce } = await bothWays([product('withdrawn'), product('1'), product('withdrawn'), product('22'), product('withdrawn')]);
    expect(sentOnce).toBe(3);
    expect(once).toEqual(everyCopy);
    expect(once?.errors?.map((e) => e.path)).toEqual([
      ['_entities', 0],
      ['_entities', 2],
      ['_entities', 4],
    ]);
  });

  it('keeps a failure of the whole field as it is', async () => {
    const { everyCopy, once } = await bothWays([product('gone'), product('1'), product('gone')]);
    expect(once?.data).toBeNull();
    expect(once).toEqual(everyCopy);
  });

  it('treats representations that differ in a required field as different entities', async () => {
    const { everyCopy, once, distinct } = await bothWays([product('1', { price: 5 }), product('1', { price: 7 }), product('1', { price: 5 })]);
    expect(distinct?.saved).toBe(1);
    expect(once).toEqual(everyCopy);
    expect((once?.data as { _entities: Array<{ price: number }> })._entities.map((e) => e.price)).toEqual([5, 7, 5]);
  });

  it('changes nothing when no entity repeats or there is no representation list', () => {
    expect(distinctRepresentations({ representations: [product('1'), product('2')] })).toBeNull();
    expect(distinctRepresentations({ representations: [product('1')] })).toBeNull();
    expect(distinctRepresentations({ first: 3 })).toBeNull();
    expect(distinctRepresentations(undefined)).toBeNull();
  });

  it('keeps the other variables and the answer’s extensions', () => {
    const distinct = distinctRepresentations({ representations: [product('1'), product('1')], locale: 'fa' });
    expect(distinct?.variables).toEqual({ representations: [product('1')], locale: 'fa' });
    const spread = answerPerPlace({ data: { _entities: [{ name: 'x' }] }, extensions: { cost: 1 } }, [0, 0]);
    expect(spread).toEqual({ data: { _entities: [{ name: 'x' }, { name: 'x' }] }, extensions: { cost: 1 } });
  });

  it('takes two representations for one entity exactly when their JSON is alike', () => {
    const reps: unknown[] = [
      { __typename: 'Product', upc: '1' },
      { __typename: 'Product', upc: 1 },
      { __typename: 'Product', upc: '1', extra: undefined },
      { upc: '1', __typename: 'Product' },
      { __typename: 'Product', upc: null },
      { __typename: 'Product', upc: 'null' },
      { __typename: 'Product', upc: true },
      { __typename: 'Product', upc: 'true' },
      { a: '1:b', b: '' },
      { a: '1', b: ':b' },
      { 'a1:b': '' },
      { __typename: 'Product', upc: '1', dims: { w: 2 } },
      { __typename: 'Product', upc: '1', dims: { w: '2' } },
      { __typename: 'Product', upc: '1', tags: ['a', 'b'] },
      { __typename: 'Product', upc: 'é\u0000"' },
      { __typename: 'Product', upc: '\u00e9\u0000"' },
      '1',
      1,
      null,
    ];
    for (const x of reps) for (const y of reps) expect([x, y, sameRepresentation(x, y)]).toEqual([x, y, JSON.stringify(x) === JSON.stringify(y)]);
    // the one difference: NaN, which JSON writes as null, is kept apart from null (sent twice, never merged wrongly)
    expect(sameRepresentation({ upc: Number.NaN }, { upc: null })).toBe(false);
  });
});
