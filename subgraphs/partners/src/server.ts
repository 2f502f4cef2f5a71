// startPartners: store (PGlite or PostgreSQL) -> migrations -> demo catalogue -> mercurius
// federation subgraph on Fastify, `/graphql` behind the internal token like every subgraph.
import Fastify, { FastifyInstance } from 'fastify';
import { mercuriusFederationPlugin } from '@mercuriusjs/federation';
import type { IResolvers } from 'mercurius';
import { DEFAULT_PORTS } from '../../../lib/config';
import { Caller, InternalTokenVerifier } from '../../../lib/internal-auth';
import { keysDir } from '../../../lib/keys';
import { createLogger, Logger } from '../../../lib/logger';
import { loadSdlText } from '../../../lib/sdl';
import { internalAuthHook } from '../../../lib/subgraph-server';
import type { Database } from '../../../lib/db/database';
import { openStore } from './db/open';
import { migrate } from './db/migrate';
import { CatalogueStore } from './catalogue/catalogue-store';
import { seedCatalogue } from './catalogue/seed';
import { createContext } from './graphql/context';
import { partnersErrorFormatter } from './graphql/error-formatter';
import { resolvers } from './graphql/resolvers';

const SERVICE = 'partners';

export interface PartnersOptions {
  /** default 4004 (DEFAULT_PORTS.partners); 0 picks a free one */
  port?: number;
  host?: string;
  /** PGlite lives in `<dataDir>/partners` (default ./data) unless databaseUrl is set */
  dataDir?: string;
  databaseUrl?: string;
  /** PostgreSQL schema for every partners table (default partners) */
  dbSchema?: string;
  keysDir?: string;
  /** load the demo catalogue on first start (default true) */
  seedDemo?: boolean;
  log?: Logger;
}

export interface RunningPartners {
  app: FastifyInstance;
  url: string;
  port: number;
  db: Database;
  close(): Promise<void>;
}

// nesting beyond this is only ever the partner <-> rewards cycle repeated
const MAX_QUERY_DEPTH = 10;

export async function startPartners(opts: PartnersOptions = {}): Promise<RunningPartners> {
  const log = opts.log ?? createLogger(SERVICE);
  const db = await openStore({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir ?? './data', schema: opts.dbSchema ?? 'partners' });
  let app: FastifyInstance | undefined;
  try {
    const { applied } = await migrate(db);
    log.info({ store: db.kind, schema: db.schema, applied }, 'partners store ready');
    if (opts.seedDemo ?? true) log.info(await seedCatalogue(db), 'demo partners catalogue');
    const store = new CatalogueStore(db);
    const verifier = await InternalTokenVerifier.fromKeysDir(opts.keysDir ?? keysDir());

    app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024 });
    app.get('/health', async () => ({ status: 'ok', service: SERVICE }));
    app.get('/ready', async (_req, reply) => {
      const ok = await db.query('SELECT 1 AS ok').then((rows) => rows.length === 1, () => false);
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready', service: SERVICE });
    });
    await app.register(async (scope) => {
      // in this scope only, so /health and /ready stay open
      scope.addHook('onRequest', internalAuthHook(verifier));
      await scope.register(mercuriusFederationPlugin, {
        // the SDL file is the source of truth, and `_service { sdl }` returns it verbatim
        schema: loadSdlText(SERVICE),
        // typed against PartnersContext; mercurius's own types only know MercuriusContext
        resolvers: resolvers as unknown as IResolvers,
        context: (req) => createContext(req.caller as Caller, store, log),
        errorFormatter: partnersErrorFormatter(log),
        path: '/graphql',
        graphiql: false,
        queryDepth: MAX_QUERY_DEPTH,
      });
    });

    const host = opts.host ?? '127.0.0.1';
    await app.listen({ port: opts.port ?? DEFAULT_PORTS.partners, host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : (opts.port ?? DEFAULT_PORTS.partners);
    const url = `http://${host}:${port}/graphql`;
    log.info({ url }, 'partners subgraph listening');
    const running = app;
    return {
      app: running,
      url,
      port,
      db,
      close: async () => {
        await running.close();
        await db.close();
      },
    };
  } catch (err) {
    await app?.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw err;
  }
}
