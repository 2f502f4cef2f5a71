// startPartners: store (PGlite or PostgreSQL) -> migrations -> demo catalogue -> mercurius
// federation subgraph on Fastify, `/graphql` behind the internal token like every subgraph.
import Fastify, { FastifyInstance } from 'fastify';
import { mercuriusFederationPlugin } from '@mercuriusjs/federation';
import type { IResolvers } from 'mercurius';
import { DEFAULT_PORTS } from '../../../lib/config';
import { Caller, InternalTokenSigner, InternalTokenVerifier } from '../../../lib/internal-auth';
import { keysDir } from '../../../lib/keys';
import { createLogger, Logger } from '../../../lib/logger';
import { loadSdlText } from '../../../lib/sdl';
import { ServiceClient } from '../../../lib/service-client';
import { internalAuthHook, registerServiceRoutes } from '../../../lib/subgraph-server';
import type { Database } from '../../../lib/db/database';
import type { CoreClient } from '../../../legacy-adapters/soap/src';
import { CoreClientConfig, coreClientConfigFromEnv } from '../../../legacy-adapters/soap/src/config';
import { openStore } from './db/open';
import { migrate } from './db/migrate';
import { DEFAULT_PARTNER_APPS_FILE, readPartnerAppsFile, registerPartnerApps } from './apps/partner-apps';
import { CatalogueStore } from './catalogue/catalogue-store';
import { seedCatalogue, seedEarnBoosts } from './catalogue/seed';
import { ConsentStore } from './consents/consent-store';
import { coreCustomerFacts, CustomerFactsFactory, lazy } from './customer-view/customer-facts';
import { RewardIssuer } from './rewards/reward-issuer';
import { partnersServiceRoutes } from './service-routes';
import { cacheControlFor } from './graphql/cache-hint';
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
  /** partner apps registered at every start (default subgraphs/partners/data/partner-apps.json); null: none */
  partnerAppsFile?: string | null;
  /** the core, read for partnerCustomer (default: CORE_* from the environment); connected on first use */
  core?: CoreClientConfig;
  /** loyalty's base URL for the tier (GET /internal/customers/:id/summary); absent: tier is null */
  loyaltyServiceUrl?: string;
  /** replaces the core/loyalty readers (tests) */
  customerFacts?: CustomerFactsFactory;
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
  // created on the first partnerCustomer read that needs the core; closed only if it was
  let coreClient: CoreClient | undefined;
  try {
    const { applied } = await migrate(db);
    log.info({ store: db.kind, schema: db.schema, applied }, 'partners store ready');
    if (opts.seedDemo ?? true) {
      log.info(await seedCatalogue(db), 'demo partners catalogue');
      log.info(await seedEarnBoosts(db), 'demo partner earn boosts');
    }
    const appsFile = opts.partnerAppsFile === undefined ? DEFAULT_PARTNER_APPS_FILE : opts.partnerAppsFile;
    if (appsFile) log.info({ file: appsFile, ...(await registerPartnerApps(db, readPartnerAppsFile(appsFile))) }, 'partner apps');
    const store = new CatalogueStore(db);
    const consents = new ConsentStore(db);
    const issuer = new RewardIssuer(db);
    const keys = opts.keysDir ?? keysDir();
    const verifier = await InternalTokenVerifier.fromKeysDir(keys);
    // the SOAP stack is loaded on the first read that needs the core, not at start (a faster start)
    const core = lazy(async () => {
      const { CoreClient: Client } = await import('../../../legacy-adapters/soap/src/core-client');
      return (coreClient = await Client.create(opts.core ?? coreClientConfigFromEnv(), { log }));
    });
    const loyalty = opts.loyaltyServiceUrl
      ? new ServiceClient({ service: SERVICE, baseUrl: opts.loyaltyServiceUrl, signer: await InternalTokenSigner.fromKeysDir(keys), timeoutMs: 1000, retries: 1 })
      : undefined;
    const facts = opts.customerFacts ?? coreCustomerFacts({ core, loyalty, log });
    const deps = { db, store, consents, facts, log };

    app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024 });
    app.get('/health', async () => ({ status: 'ok', service: SERVICE }));
    app.get('/ready', async (_req, reply) => {
      const ok = await db.query('SELECT 1 AS ok').then((rows) => rows.length === 1, () => false);
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready', service: SERVICE });
    });
    await app.register(async (scope) => {
      // in this scope only, so /health and /ready stay open
      scope.addHook('onRequest', internalAuthHook(verifier));
      // catalogue reads may be kept by the gateway's private cache (graphql/cache-hint.ts)
      scope.addHook('onSend', async (req, reply, payload) => {
        const cacheControl = cacheControlFor(req.method, reply.statusCode, req.body, payload);
        if (cacheControl) void reply.header('cache-control', cacheControl);
        return payload;
      });
      await scope.register(mercuriusFederationPlugin, {
        // the SDL file is the source of truth, and `_service { sdl }` returns it verbatim
        schema: loadSdlText(SERVICE),
        // typed against PartnersContext; mercurius's own types only know MercuriusContext
        resolvers: resolvers as unknown as IResolvers,
        context: (req) => createContext(req.caller as Caller, deps),
        errorFormatter: partnersErrorFormatter(log),
        path: '/graphql',
        graphiql: false,
        queryDepth: MAX_QUERY_DEPTH,
      });
    });
    await registerServiceRoutes(app, verifier, partnersServiceRoutes({ db, catalogue: store, consents, issuer, log }));

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
        await coreClient?.close();
        await db.close();
      },
    };
  } catch (err) {
    await app?.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw err;
  }
}
