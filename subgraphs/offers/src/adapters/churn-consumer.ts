// Offers' consumer on the event backbone (docs/events.md, docs/offers.md "Churn flags"): engagement's
// ChurnRiskRaised becomes the customer's churn flag (db/churn-flags.ts), which the retention rule
// reads on the customer's next offers read. Without REDIS_URL it reads engagement's log at its
// service URL (ENGAGEMENT_SERVICE_URL), with its position in offers' store.
import type { Database } from '../../../../lib/db/database';
import { type ConsumerSource, type DomainEvent, type EventType, type RunningConsumer, startStoreConsumer } from '../../../../lib/events';
import type { ChurnFlagStore } from '../db/churn-flags';

/** The consumer group: every offers replica shares its events (Redis); one process reads them (embedded). */
export const OFFERS_GROUP = 'offers-retention';
export const CONSUMED_TYPES: readonly EventType[] = Object.freeze(['ChurnRiskRaised']);

export interface ChurnConsumerOptions extends ConsumerSource {
  db: Database;
  flags: ChurnFlagStore;
}

/** Subscribes offers' group; a handler failure is retried, then parked in offers' store (event_parked). */
export function startChurnConsumer(opts: ChurnConsumerOptions): RunningConsumer {
  return startStoreConsumer({ ...opts, keyPrefix: opts.redisKeyPrefix, service: 'offers', group: OFFERS_GROUP, types: CONSUMED_TYPES }, async (event) => {
    if (event.type === 'ChurnRiskRaised') await opts.flags.record(OFFERS_GROUP, event as DomainEvent<'ChurnRiskRaised'>);
  });
}
