// startEngagement: store (PGlite or PostgreSQL) -> migrations -> the notification engine with its
// channel deliveries (the inbox today) -> subgraph on Fastify.
import { startApolloSubgraph, type RunningSubgraph } from '../../../lib/subgraph-server';
import { InternalTokenVerifier } from '../../../lib/internal-auth';
import { keysDir } from '../../../lib/keys';
import { loadSdl } from '../../../lib/sdl';
import { createLogger, type Logger } from '../../../lib/logger';
import { ServiceMetrics } from '../../../lib/service-metrics';
import type { Database } from '../../../lib/db/database';
import { migrate } from '../../../lib/db/migrate';
import type { EngagementContext } from './graphql/context';
import { resolvers } from './graphql/resolvers';
import { MIGRATIONS } from './db/migrations';
import { MessageStore } from './db/message-store';
import { PreferencesStore } from './db/preferences-store';
import { openEngagementStore, type EngagementStoreLocation } from './db/open';
import { NotificationEngine, type ChannelDelivery } from './domain/engine';
import { DEFAULT_FREQUENCY_CAPS, type FrequencyCaps } from './domain/rules';
import { InboxDelivery } from './adapters/inbox-delivery';

export interface EngagementOptions extends EngagementStoreLocation {
  port: number;
  host?: string;
  /** `/metrics` on this port (ENGAGEMENT_OPS_PORT; 0: a free one); absent: no operations listener */
  opsPort?: number;
  /** where this process's metrics go (default: a registry of its own) */
  metrics?: ServiceMetrics;
  keysDir?: string;
  clock?: () => Date;
  log?: Logger;
  /** marketing frequency caps (default DEFAULT_FREQUENCY_CAPS) */
  caps?: Partial<FrequencyCaps>;
  /** deliveries besides the inbox (tests; push, email and SMS later) */
  deliveries?: readonly ChannelDelivery[];
}

export interface RunningEngagement extends RunningSubgraph {
  port: number;
  db: Database;
  messages: MessageStore;
  preferences: PreferencesStore;
  /** where triggers go: `engine.handle(trigger)` (the event consumer attaches here) */
  engine: NotificationEngine;
  metrics: ServiceMetrics;
}

export async function startEngagement(opts: EngagementOptions): Promise<RunningEngagement> {
  const log = opts.log ?? createLogger('engagement');
  const clock = opts.clock ?? (() => new Date());
  const metrics = opts.metrics ?? new ServiceMetrics('engagement');
  const db = await openEngagementStore(opts);
  try {
    const { applied } = await migrate(db, MIGRATIONS);
    log.info({ store: db.kind, schema: db.schema, applied }, 'engagement store ready');
    const messages = new MessageStore(db);
    const preferences = new PreferencesStore(db, clock);
    const engine = new NotificationEngine({
      store: messages,
      deliveries: [new InboxDelivery(messages), ...(opts.deliveries ?? [])],
      clock,
      caps: { ...DEFAULT_FREQUENCY_CAPS, ...opts.caps },
    });
    const verifier = await InternalTokenVerifier.fromKeysDir(opts.keysDir ?? keysDir());
    const running = await startApolloSubgraph<EngagementContext>({
      name: 'engagement',
      typeDefs: loadSdl('engagement'),
      resolvers,
      port: opts.port,
      host: opts.host,
      verifier,
      log,
      context: (base) => ({ ...base, now: clock(), messages, preferences }),
      ready: async () => (await db.query('SELECT 1 AS ok')).length === 1,
      ...(opts.opsPort !== undefined ? { ops: { port: opts.opsPort, metrics } } : {}),
    });
    return {
      ...running,
      port: Number(new URL(running.url).port),
      db,
      messages,
      preferences,
      engine,
      metrics,
      close: async (drainMs?: number) => {
        await running.close(drainMs);
        await db.close();
      },
    };
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}
