// schema/partners.graphql is served by mercurius, whose federation plugin only knows Federation 1.
// These tests pin down that the one file works for both sides: Apollo Federation 2 composition
// (next to Fed 2 subgraphs) and mercurius at run time.
import { existsSync, readFileSync } from 'node:fs';
import '../../../test/support/mercurius-under-jest';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { buildFederationSchema } from '@mercuriusjs/federation';
import { type DocumentNode, GraphQLUnionType, Kind, parse, print, type ScalarTypeDefinitionNode } from 'graphql';
import { loadSdlText, SCHEMA_DIR } from '../../../lib/sdl';

const PARTNERS_SDL = loadSdlText('partners');

// the smallest Fed 2 subgraph shaped like accounts: owns Customer, defines Decimal and Money
const ACCOUNTS_LIKE_SDL = `
extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@shareable"])

"""
A decimal number carried as a string ("1234.50"): money is never a float.
"""
scalar Decimal

type Money @shareable {
  amount: Decimal!
  currency: String!
}

type Query {
  customer(id: ID!): Customer
}

type Customer @key(fields: "id") {
  id: ID!
  displayName: String
  balance: Money
}
`;

function compose(subgraphs: Array<{ name: string; sdl: string }>) {
  return composeServices(subgraphs.map((s) => ({ name: s.name, url: `http://127.0.0.1/${s.name}`, typeDefs: parse(s.sdl) })));
}

function messages(result: ReturnType<typeof compose>): string[] {
  return (result.errors ?? []).map((e) => `${(e.extensions?.code as string | undefined) ?? 'ERROR'}: ${e.message}`);
}

function decimalDefinition(doc: DocumentNode): string | undefined {
  const node = doc.definitions.find((d): d is ScalarTypeDefinitionNode => d.kind === Kind.SCALAR_TYPE_DEFINITION && d.name.value === 'Decimal');
  return node ? print(node) : undefined;
}

describe('partners SDL', () => {
  it('is a Federation 2 subgraph (links the federation spec)', () => {
    expect(PARTNERS_SDL).toMatch(/@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+"/);
  });

  it('composes with a Fed 2 subgraph that owns Customer and defines Decimal and Money', () => {
    const result = compose([
      { name: 'accounts', sdl: ACCOUNTS_LIKE_SDL },
      { name: 'partners', sdl: PARTNERS_SDL },
    ]);
    expect(messages(result)).toEqual([]);
    const supergraph = result.supergraphSdl ?? '';
    expect(supergraph).toMatch(/type Partner\s+@join__type\(graph: PARTNERS, key: "id"\)/);
    expect(supergraph).toMatch(/type Reward\s+@join__type\(graph: PARTNERS, key: "id"\)/);
    expect(supergraph).toContain('partners(category: PartnerCategory): [Partner!]! @join__field(graph: PARTNERS)');
    // one Decimal in the supergraph, shared by both subgraphs
    expect(supergraph.match(/^scalar Decimal/gm)).toHaveLength(1);
    expect((result.hints ?? []).filter((h) => h.message.includes('partners'))).toEqual([]);
  });

  it('would fail composition if Decimal were defined differently (the check above can fail)', () => {
    const clashing = PARTNERS_SDL.replace(/scalar Decimal/, 'type Decimal { value: String! }');
    expect(clashing).not.toBe(PARTNERS_SDL);
    expect(
      messages(
        compose([
          { name: 'accounts', sdl: ACCOUNTS_LIKE_SDL },
          { name: 'partners', sdl: clashing },
        ]),
      ).length,
    ).toBeGreaterThan(0);
  });

  it('defines Decimal exactly as the other subgraph SDLs do', () => {
    const ours = decimalDefinition(parse(PARTNERS_SDL));
    expect(ours).toBe(decimalDefinition(parse(ACCOUNTS_LIKE_SDL)));
    for (const name of ['accounts', 'loyalty', 'offers']) {
      const file = join(SCHEMA_DIR, `${name}.graphql`);
      if (!existsSync(file)) continue;
      const theirs = decimalDefinition(parse(readFileSync(file, 'utf8')));
      if (theirs !== undefined) expect(ours).toBe(theirs);
    }
  });

  it('adds no composition error to the other subgraph SDLs in schema/', () => {
    const others = ['accounts', 'loyalty', 'offers']
      .filter((name) => existsSync(join(SCHEMA_DIR, `${name}.graphql`)))
      .map((name) => ({ name, sdl: loadSdlText(name) }));
    expect(others.map((o) => o.name)).toContain('accounts');
    const without = messages(compose(others));
    const withPartners = messages(compose([...others, { name: 'partners', sdl: PARTNERS_SDL }]));
    // a broken neighbour is its own test's business; partners must not add to it
    expect(withPartners.filter((m) => !without.includes(m))).toEqual([]);
  });

  it('builds a mercurius federation schema with _service and _entities over Partner, Reward and Customer', () => {
    const schema = buildFederationSchema(PARTNERS_SDL);
    const query = schema.getQueryType();
    expect(Object.keys(query?.getFields() ?? {})).toEqual(expect.arrayContaining(['partners', 'partner', '_service', '_entities']));
    const entity = schema.getType('_Entity');
    expect(entity).toBeInstanceOf(GraphQLUnionType);
    expect(
      (entity as GraphQLUnionType)
        .getTypes()
        .map((t) => t.name)
        .sort(),
    ).toEqual(['Customer', 'Partner', 'Reward']);
    expect(Object.keys(schema.getMutationType()?.getFields() ?? {}).sort()).toEqual(['grantPartnerConsent', 'revokePartnerConsent']);
  });
});
