// Partners' /graphql: a mercurius federation subgraph behind the internal token like every
// subgraph, with the catalogue's cache hints (cache-hint.ts) and the house error format
// (error-formatter.ts).
import type { FastifyInstance } from 'fastify';
import { mercuriusFederationPlugin } from '@mercuriusjs/federation';
import type { IResolvers } from 'mercurius';
import type { Caller, InternalTokenVerifier } from '../../../../lib/internal-auth';
import { loadSdlText } from '../../../../lib/sdl';
import { checkInputBounds } from '../../../../lib/input-bounds';
import { internalAuthHook } from '../../../../lib/subgraph-server';
import { cacheControlFor } from './cache-hint';
import { createContext, type PartnersDeps } from './context';
import { partnersErrorFormatter } from './error-formatter';
import { resolvers } from './resolvers';

// nesting beyond this is only ever the partner <-> rewards cycle repeated
const MAX_QUERY_DEPTH = 10;

export async function registerGraphql(app: FastifyInstance, verifier: InternalTokenVerifier, deps: PartnersDeps): Promise<void> {
  await app.register(async (scope) => {
    // in this scope only, so /health and /ready stay open
    scope.addHook('onRequest', internalAuthHook(verifier));
    // catalogue reads may be kept by the gateway's private cache
    scope.addHook('onSend', async (req, reply, payload) => {
      const cacheControl = cacheControlFor(req.method, reply.statusCode, req.body, payload);
      if (cacheControl) void reply.header('cache-control', cacheControl);
      return payload;
    });
    await scope.register(mercuriusFederationPlugin, {
      // the SDL file is the source of truth, and `_service { sdl }` returns it verbatim
      schema: loadSdlText('partners'),
      // the one conversion: the map is typed against PartnersContext (createContext below); mercurius's types only know MercuriusContext
      resolvers: resolvers as IResolvers,
      context: (req) => createContext(req.caller as Caller, deps, req.deadline),
      errorFormatter: partnersErrorFormatter(deps.log),
      path: '/graphql',
      graphiql: false,
      queryDepth: MAX_QUERY_DEPTH,
    });
    // free inputs bounded before any resolver or store runs (lib/input-bounds.ts)
    scope.graphql.addHook('preExecution', (schema, document, _context, variables) => {
      checkInputBounds(schema, document, variables);
    });
  });
}
