// The cost limit counts a list at the size the request really asks for: `first`/`last` passed as
// a variable (or left to the variable's default) and `first` left out (the schema's default) cost
// what a literal would. Before, only literals counted, so `first: $n` with a huge n cost 1.
import { ApolloServer } from '@apollo/server';
import { DEFAULT_LIMITS, type Limits, protection } from '../../src/edge/limits';
import type { GatewayContext } from '../../src/context';

const typeDefs = `
  type Query { items(first: Int = 20): [Item!]! }
  type Item { id: ID! children(first: Int, last: Int): [Item!]! }
`;

let resolved = 0;
const resolvers = {
  Query: {
    items: () => {
      resolved++;
      return [];
    },
  },
};

function serverWith(limits: Partial<Limits> = {}) {
  const guard = protection({ ...DEFAULT_LIMITS, ...limits }, { introspection: false });
  return new ApolloServer<GatewayContext>({ typeDefs, resolvers, validationRules: guard.validationRules, plugins: guard.plugins });
}

async function run(server: ApolloServer<GatewayContext>, query: string, variables?: Record<string, unknown>) {
  await server.start();
  try {
    const res = await server.executeOperation({ query, variables }, { contextValue: {} as GatewayContext });
    if (res.body.kind !== 'single') throw new Error('expected a single result');
    return { status: res.http.status, errors: res.body.singleResult.errors ?? [], data: res.body.singleResult.data };
  } finally {
    await server.stop();
  }
}

const codes = (r: { errors: ReadonlyArray<{ extensions?: Record<string, unknown> }> }) => r.errors.map((e) => e.extensions?.code);

beforeEach(() => {
  resolved = 0;
});

describe('cost limit with page sizes from variables and defaults', () => {
  it('refuses `first: $n` with a huge n with QUERY_TOO_COMPLEX, before any resolver runs', async () => {
    const r = await run(serverWith(), 'query Q($n: Int) { items(first: $n) { id } }', { n: 1_000_000 });
    expect(codes(r)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(r.status).toBe(400);
    expect(r.data).toBeUndefined();
    expect(resolved).toBe(0);
  });

  it('counts a variable nested in the selection and `last` the same way', async () => {
    const r = await run(serverWith(), 'query Q($m: Int) { items(first: 1) { children(last: $m) { id } } }', { m: 2_000_000 });
    expect(codes(r)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(resolved).toBe(0);
  });

  it("counts a variable's declared default when the request leaves the variable out", async () => {
    const r = await run(serverWith(), 'query Q($n: Int = 1000000) { items(first: $n) { id } }');
    expect(codes(r)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(resolved).toBe(0);
  });

  it("costs a list without `first` at the schema's default (20)", async () => {
    // (object 2 + 1.5 x scalar 1) x 20 = 70
    const q = '{ items { id } }';
    expect(codes(await run(serverWith({ maxCost: 70 }), q))).toEqual([]);
    expect(codes(await run(serverWith({ maxCost: 69 }), q))).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('refuses a default-sized outer list whose children make it too costly, and accepts a smaller one', async () => {
    // items x 20 (default) around children x 500: (2 + 1.5 x 1750) x 20 = 52540 > 50000
    expect(codes(await run(serverWith(), '{ items { children(first: 500) { id } } }'))).toEqual(['QUERY_TOO_COMPLEX']);
    // children x 400: (2 + 1.5 x 1400) x 20 = 42040
    expect(codes(await run(serverWith(), '{ items { children(first: 400) { id } } }'))).toEqual([]);
  });

  it('costs a variable exactly as the same literal', async () => {
    const literal = await run(serverWith({ maxCost: 350 }), '{ items(first: 100) { id } }');
    const variable = await run(serverWith({ maxCost: 350 }), 'query Q($n: Int) { items(first: $n) { id } }', { n: 100 });
    expect(codes(literal)).toEqual([]);
    expect(codes(variable)).toEqual([]);
    const over = await run(serverWith({ maxCost: 349 }), 'query Q($n: Int) { items(first: $n) { id } }', { n: 100 });
    expect(codes(over)).toEqual(['QUERY_TOO_COMPLEX']);
  });
});
