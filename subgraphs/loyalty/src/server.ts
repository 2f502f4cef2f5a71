// startLoyalty: store (PGlite or PostgreSQL) -> migrations -> demo seed -> subgraph on Fastify.
import { startApolloSubgraph, RunningSubgraph } from '../../../lib/subgraph-server';
import { InternalTokenVerifier } from '../../../lib/internal-auth';
import { keysDir } from '../../../lib/keys';
import { loadSdl } from '../../../lib/sdl';
import { createLogger, Logger } from '../../../lib/logger';
import { exponentOf } from '../../../lib/money';
import type { Database } from '../../../lib/db/database';
import { openStore } from './db/open';
import { migrate } from './db/migrate';
import { Ledger } from './ledger/ledger';
import { seedDemo } from './seed';
import type { LoyaltyContext } from './context';
import { resolvers } from './resolvers';

export interface LoyaltyOptions {
  port: number;
  host?: string;
  /** PGlite lives in `<dataDir>/loyalty` (default ./data) unless databaseUrl is set */
  dataDir?: string;
  databaseUrl?: string;
  /** PostgreSQL schema for every loyalty table (default loyalty) */
  dbSchema?: string;
  keysDir?: string;
  /** programme currency (default EUR) */
  currency?: string;
  /** post the demo customers' welcome journals (default true) */
  seedDemo?: boolean;
  clock?: () => Date;
  log?: Logger;
}

export interface RunningLoyalty extends RunningSubgraph {
  port: number;
  ledger: Ledger;
  db: Database;
}

export async function startLoyalty(opts: LoyaltyOptions): Promise<RunningLoyalty> {
  const log = opts.log ?? createLogger('loyalty');
  const currency = opts.currency ?? 'EUR';
  exponentOf(currency);
  const clock = opts.clock ?? (() => new Date());
  const db = await openStore({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir ?? './data', schema: opts.dbSchema ?? 'loyalty' });
  try {
    const { applied } = await migrate(db);
    log.info({ store: db.kind, schema: db.schema, applied }, 'loyalty store ready');
    const ledger = new Ledger(db, clock);
    if (opts.seedDemo ?? true) {
      const seeded = await seedDemo(ledger, currency, clock());
      log.info(seeded, 'demo loyalty journals');
    }
    const verifier = await InternalTokenVerifier.fromKeysDir(opts.keysDir ?? keysDir());
    const running = await startApolloSubgraph<LoyaltyContext>({
      name: 'loyalty',
      typeDefs: loadSdl('loyalty'),
      resolvers,
      port: opts.port,
      host: opts.host,
      verifier,
      log,
      context: (base) => ({ ...base, ledger, currency, now: clock() }),
      ready: async () => (await db.query('SELECT 1 AS ok')).length === 1,
    });
    return {
      ...running,
      port: Number(new URL(running.url).port),
      ledger,
      db,
      close: async () => {
        await running.close();
        await db.close();
      },
    };
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}
