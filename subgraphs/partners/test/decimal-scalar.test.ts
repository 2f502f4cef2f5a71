// partners hands mercurius its Decimal scalar as a GraphQLScalarType (the type the generated
// resolver map asks for); mercurius copies its own properties onto the schema's Decimal, the
// description included, so that description must stay the SDL's.
import '../../../test/support/mercurius-under-jest';
import Fastify from 'fastify';
import { buildFederationSchema, mercuriusFederationPlugin } from '@mercuriusjs/federation';
import type { IResolvers } from 'mercurius';
import { loadSdlText } from '../../../lib/sdl';
import { resolvers } from '../src/graphql/resolvers';

describe('Decimal scalar under mercurius', () => {
  const sdl = loadSdlText('partners');
  const app = Fastify({ logger: false });

  beforeAll(async () => {
    await app.register(mercuriusFederationPlugin, { schema: sdl, resolvers: resolvers as IResolvers });
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
  });

  it('keeps the description the SDL gives it', async () => {
    const fromSdl = buildFederationSchema(sdl).getType('Decimal')?.description;
    expect(fromSdl).toMatch(/money is never a float/);
    const result = await app.graphql<{ __type: { description: string | null } }>('{ __type(name: "Decimal") { description } }');
    expect(result.data?.__type.description).toBe(fromSdl);
  });
});
