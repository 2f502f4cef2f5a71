// The event backbone's series, in the registry of the process that publishes or consumes
// (lib/service-metrics.ts): one set per registry, however many relays and subscriptions share it.
// The relay's lag is the outbox family's (outbox_pending_messages / outbox_oldest_pending_age_seconds
// with outbox="events"), registered by the relay with ServiceMetrics.outbox.
import { Counter, Histogram, type Registry } from 'prom-client';

export class EventMetrics {
  private static readonly byRegistry = new WeakMap<Registry, EventMetrics>();

  static of(registry: Registry): EventMetrics {
    let m = EventMetrics.byRegistry.get(registry);
    if (!m) {
      m = new EventMetrics(registry);
      EventMetrics.byRegistry.set(registry, m);
    }
    return m;
  }

  readonly published: Counter<'type'>;
  readonly consumed: Counter<'group' | 'type' | 'outcome'>;
  readonly parked: Counter<'group' | 'type'>;
  readonly lag: Histogram<'group'>;
  readonly handling: Histogram<'group'>;

  private constructor(registry: Registry) {
    const registers = [registry];
    this.published = new Counter({
      name: 'events_published_total',
      help: 'Events the relay moved from the outbox to the bus, by type',
      labelNames: ['type'],
      registers,
    });
    this.consumed = new Counter({
      name: 'events_consumed_total',
      help: 'Events a consumer group finished with, by group, type and outcome (handled, parked)',
      labelNames: ['group', 'type', 'outcome'],
      registers,
    });
    this.parked = new Counter({
      name: 'events_parked_total',
      help: 'Events a consumer group parked (schema invalid, or its handler failed every attempt), by group and type',
      labelNames: ['group', 'type'],
      registers,
    });
    // where a live notification's time goes: reaching the consumer (relay, bus) or its handling
    this.lag = new Histogram({
      name: 'events_consumer_lag_seconds',
      help: "From an event's occurredAt (its producer's commit) to its arrival at a consumer group, by group",
      labelNames: ['group'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120],
      registers,
    });
    this.handling = new Histogram({
      name: 'events_handler_seconds',
      help: "How long a consumer group's handler took for an event, retries included, by group",
      labelNames: ['group'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
  }
}
