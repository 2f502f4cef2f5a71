// Entity fetches batched per request (transport/entity-batch.ts), each with its distinct entity
// representations once (entity-dedupe.ts), over real gateways: one with both on, one with both off
// (GATEWAY_SUBGRAPH_BATCH, GATEWAY_SUBGRAPH_DISTINCT), in front of the same two stub subgraphs.
// The plan reads a customer and a list of products from accounts, then both from catalogue at
// once: batched, that is one call to catalogue instead of two, and every answer, errors and
// partial data included, is the one the unbatched gateway gives.
import { parse } from 'graphql';
import pino from 'pino';
import type { RunningSubgraph, SubgraphContext } from '../../lib/subgraph-server';
import { tempDir } from '../../scripts/lib/processes';
import { gatewayOptions } from '../src/config';
import { type RunningGateway, startGateway } from '../src/server';
import { clientToken, composeStubs, startStubService } from './support/gateway-stub';

const ACCOUNTS = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Customer @key(fields: "id") { id: ID! }
  type Product @key(fields: "upc") { upc: String! }
  type Query { me: Customer featured(upcs: [String!]!): [Product!]! }
`);
const CATALOGUE = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Customer @key(fields: "id") { id: ID! tier: String }
  type Product @key(fields: "upc") { upc: String! name: String }
`);

const QUERY = `query Shop($upcs: [String!]!) { me { id tier } featured(upcs: $upcs) { upc name } }`;

describe('entity fetches batched per request', () => {
  const dir = tempDir('gateway-entity-batch-');
  let accounts: RunningSubgraph;
  let catalogue: RunningSubgraph;
  const gateways: Record<'on' | 'off', RunningGateway | undefined> = { on: undefined, off: undefined };
  let token: string;
  let other: string;
  let catalogueCalls = 0;
  let productsResolved = 0;

  beforeAll(async () => {
    accounts = await startStubService(dir, ACCOUNTS, {
      Query: {
        me: (_: unknown, __: unknown, ctx: SubgraphContext) => ({ id: ctx.caller.customerId }),
        featured: (_: unknown, { upcs }: { upcs: string[] }) => upcs.map((upc) => ({ upc })),
      },
    });
    catalogue = await startStubService(
      dir,
      CATALOGUE,
      {
        Customer: { __resolveReference: (c: { id: string }) => ({ id: c.id, tier: c.id === 'C-000002' ? 'SILVER' : 'GOLD' }) },
        Product: {
          __resolveReference: async (p: { upc: string }) => {
            productsResolved++;
            if (p.upc === 'withdrawn') throw new Error('product withdrawn');
            return { upc: p.upc, name: `Product ${p.upc}` };
          },
        },
      },
      { name: 'catalogue', onRequest: () => catalogueCalls++ },
    );
    const supergraphSdl = composeStubs([
      { name: 'accounts', url: accounts.url, typeDefs: ACCOUNTS },
      { name: 'catalogue', url: catalogue.url, typeDefs: CATALOGUE },
    ]);
    for (const batch of ['on', 'off'] as const) {
      gateways[batch] = await startGateway(
        gatewayOptions({
          port: 0,
          keysDir: dir,
          supergraphSdl,
          nodeEnv: 'test',
          rateLimits: false,
          // every request reaches the subgraphs
          subgraphTransport: { privateCache: false, dedup: false, batch: batch === 'on', distinct: batch === 'on' },
          log: pino({ level: 'silent' }),
        }),
      );
    }
    token = await clientToken(dir, 'C-000001', 'mobile');
    other = await clientToken(dir, 'C-000002', 'mobile');
  });

  afterAll(async () => {
    for (const g of Object.values(gateways)) await g?.close();
    await accounts?.close();
    await catalogue?.close();
  });

  async function ask(batch: 'on' | 'off', upcs: string[], as = token) {
    const before = catalogueCalls;
    const res = await fetch((gateways[batch] as RunningGateway).url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${as}` },
      body: JSON.stringify({ query: QUERY, variables: { upcs } }),
    });
    return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: Array<{ path?: unknown[] }> }, calls: catalogueCalls - before };
  }

  it('reads both entity lists from catalogue in one call, with the same answer', async () => {
    const on = await ask('on', ['1', '22']);
    const off = await ask('off', ['1', '22']);
    expect(off.calls).toBe(2);
    expect(on.calls).toBe(1);
    expect(on.body).toEqual(off.body);
    expect(on.body).toEqual({
      data: {
        me: { id: 'C-000001', tier: 'GOLD' },
        featured: [
          { upc: '1', name: 'Product 1' },
          { upc: '22', name: 'Product 22' },
        ],
      },
    });
  });

  it('asks catalogue for a repeated product once, and answers every place of it as without', async () => {
    const upcs = ['1', '22', '1', 'withdrawn', '1', 'withdrawn'];
    const before = productsResolved;
    const on = await ask('on', upcs);
    const resolvedOn = productsResolved - before;
    const off = await ask('off', upcs);
    expect(resolvedOn).toBe(3);
    expect(productsResolved - before - resolvedOn).toBe(6);
    expect(on.body).toEqual(off.body);
    expect(on.body.errors?.map((e) => e.path)).toEqual([
      ['featured', 3],
      ['featured', 5],
    ]);
    expect((on.body.data as { featured: Array<{ name: string | null }> }).featured.map((p) => p.name)).toEqual([
      'Product 1',
      'Product 22',
      'Product 1',
      null,
      'Product 1',
      null,
    ]);
  });

  it('never puts two requests in one call: each caller is read as itself', async () => {
    const before = catalogueCalls;
    const [first, second] = await Promise.all([ask('on', ['1'], token), ask('on', ['22'], other)]);
    expect(catalogueCalls - before).toBe(2);
    expect(first.body.data).toEqual({ me: { id: 'C-000001', tier: 'GOLD' }, featured: [{ upc: '1', name: 'Product 1' }] });
    expect(second.body.data).toEqual({ me: { id: 'C-000002', tier: 'SILVER' }, featured: [{ upc: '22', name: 'Product 22' }] });
  });

  it('puts an entity error at its own place in the response', async () => {
    const on = await ask('on', ['1', 'withdrawn']);
    const off = await ask('off', ['1', 'withdrawn']);
    expect(on.calls).toBe(1);
    expect(on.body).toEqual(off.body);
    expect(on.body.errors?.map((e) => e.path)).toEqual([['featured', 1]]);
    expect(on.body.data).toEqual({
      me: { id: 'C-000001', tier: 'GOLD' },
      featured: [
        { upc: '1', name: 'Product 1' },
        { upc: 'withdrawn', name: null },
      ],
    });
  });

  it('fails each batched fetch field by field when the subgraph is down, as unbatched', async () => {
    await catalogue.close();
    const on = await ask('on', ['1', '22']);
    const off = await ask('off', ['1', '22']);
    expect(on.status).toBe(200);
    expect(on.body).toEqual(off.body);
    expect(on.body.data).toEqual({
      me: { id: 'C-000001', tier: null },
      featured: [
        { upc: '1', name: null },
        { upc: '22', name: null },
      ],
    });
    expect(on.body.errors?.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        ['me', 'tier'],
        ['featured', 0, 'name'],
        ['featured', 1, 'name'],
      ]),
    );
  });
});
