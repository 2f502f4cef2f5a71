// startPartners: store (PGlite or PostgreSQL) -> migrations -> demo catalogue and partner apps ->
// mercurius federation subgraph on Fastify (graphql/subgraph.ts), /internal routes beside it.
import Fastify, { type FastifyInstance } from 'fastify';
import { DEFAULT_PORTS } from '../../../lib/config';
import { InternalTokenSigner, InternalTokenVerifier } from '../../../lib/internal-auth';
import { keysDir } from '../../../lib/keys';
import { createLogger, type Logger } from '../../../lib/logger';
import { ServiceClient } from '../../../lib/service-client';
import { registerServiceRoutes } from '../../../lib/subgraph-server';
import { reachableHost } from '../../../lib/listen-address';
import { drainWithin } from '../../../lib/shutdown';
import { type RunningOpsServer, startOpsServer } from '../../../lib/ops-server';
import { ServiceMetrics } from '../../../lib/service-metrics';
import type { Database } from '../../../lib/db/database';
import type { CoreClient } from '../../../legacy-adapters/soap/src';
import { type CoreClientConfig, coreClientConfigFromEnv } from '../../../legacy-adapters/soap/src/lite';
import { openStore } from './db/open';
import { migrate } from './db/migrate';
import { DEFAULT_PARTNER_APPS_FILE, readPartnerAppsFile, registerPartnerApps } from './db/partner-apps-store';
import { CatalogueStore } from './db/catalogue-store';
import { seedCatalogue, seedEarnBoosts } from './db/seed';
import { ConsentStore } from './db/consent-store';
import { coreCustomerFacts, type CustomerFactsFactory, lazy } from './adapters/customer-facts';
import { RewardIssuer } from './db/reward-issuer';
import { partnersServiceRoutes } from './adapters/service-routes';
import { registerHealthRoutes } from './adapters/health-routes';
import { registerGraphql } from './graphql/subgraph';

const SERVICE = 'partners';

export interface PartnersOptions {
  /** default 4004 (DEFAULT_PORTS.partners); 0 picks a free one */
  port?: number;
  host?: string;
  /** `/metrics` on this port (PARTNERS_OPS_PORT; 0: a free one); absent: no operations listener */
  opsPort?: number;
  /** where this process's metrics go (default: a registry of its own) */
  metrics?: ServiceMetrics;
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
  /** the operations listener (`/metrics`), when opsPort was given */
  opsUrl?: string;
  db: Database;
  metrics: ServiceMetrics;
  /** stops accepting; in-flight requests get up to drainMs (absent: as long as they take), then the store closes */
  close(drainMs?: number): Promise<void>;
}

export async function startPartners(opts: PartnersOptions = {}): Promise<RunningPartners> {
  const log = opts.log ?? createLogger(SERVICE);
  const metrics = opts.metrics ?? new ServiceMetrics(SERVICE);
  const db = await openStore({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir ?? './data', schema: opts.dbSchema ?? 'partners' });
  let app: FastifyInstance | undefined;
  let ops: RunningOpsServer | undefined;
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
      const { CoreClient: Client } = await import('../../../legacy-adapters/soap/src');
      return (coreClient = await Client.create(opts.core ?? coreClientConfigFromEnv(), { log, registry: metrics.registry }));
    });
    const loyalty = opts.loyaltyServiceUrl
      ? new ServiceClient({
          service: SERVICE,
          baseUrl: opts.loyaltyServiceUrl,
          signer: await InternalTokenSigner.fromKeysDir(keys),
          timeoutMs: 1000,
          retries: 1,
        })
      : undefined;
    const facts = opts.customerFacts ?? coreCustomerFacts({ core, loyalty, log });

    app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024 });
    registerHealthRoutes(app, SERVICE, db);
    await registerGraphql(app, verifier, { db, store, consents, facts, log });
    await registerServiceRoutes(app, verifier, partnersServiceRoutes({ db, catalogue: store, consents, issuer, log }));

    const host = opts.host ?? '127.0.0.1';
    await app.listen({ port: opts.port ?? DEFAULT_PORTS.partners, host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : (opts.port ?? DEFAULT_PORTS.partners);
    const url = `http://${reachableHost(host)}:${port}/graphql`;
    // the same operations listener as the Apollo subgraphs' (lib/subgraph-server.ts)
    if (opts.opsPort !== undefined) ops = await startOpsServer({ port: opts.opsPort, host, metrics });
    log.info({ url, host, ...(ops ? { ops: ops.url } : {}) }, 'partners subgraph listening');
    const running = app;
    const opsServer = ops;
    return {
      app: running,
      url,
      port,
      ...(opsServer ? { opsUrl: opsServer.url } : {}),
      db,
      metrics,
      close: async (drainMs?: number) => {
        await drainWithin(running.server, running.close(), drainMs);
        await opsServer?.close(drainMs);
        await coreClient?.close();
        await db.close();
      },
    };
  } catch (err) {
    await ops?.close().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw err;
  }
}
