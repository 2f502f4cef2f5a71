// The gateway's side of fresh reads after events (transport/event-freshness.ts): which generations
// an event moves, which group and types it reads, where it finds the producers' logs.
import { EVENT_TYPES, newEvent, type EventBus, type EventHandler, type SubscribeOptions } from '../../lib/events';
import type { InternalTokenSigner } from '../../lib/internal-auth';
import { createLogger } from '../../lib/logger';
import { FRESHNESS_GROUP, freshnessHandler, startEventFreshness } from '../src/transport/event-freshness';
import { eventSources } from '../src/transport/plugin';
import { WriteGenerations } from '../src/transport/write-generations';

const activation = (customerId?: string) =>
  newEvent({
    type: 'OfferActivated',
    occurredAt: new Date('2026-12-01T10:00:00Z'),
    ...(customerId ? { customerId } : {}),
    key: `act-${customerId ?? 'none'}`,
    payload: {
      activationId: 'A-1',
      offerId: 'O-1',
      partnerId: 'P-1',
      rateBasisPoints: 500,
      validFrom: '2026-12-01T00:00:00Z',
      validUntil: '2026-12-31T00:00:00Z',
      channel: 'web',
    },
  });

describe('an event about a customer', () => {
  it('moves that customer’s generation here and in the shared generations, and nobody else’s', async () => {
    const generations = new WriteGenerations();
    const shared: string[] = [];
    const handle = freshnessHandler({ generations, shared: { bump: async (s) => void shared.push(s) } });
    const other = generations.of('customer:C-000002');
    const before = generations.of('customer:C-000001');
    await handle(activation('C-000001'));
    expect(generations.of('customer:C-000001')).toBeGreaterThan(before);
    expect(generations.of('customer:C-000002')).toBe(other);
    expect(shared).toEqual(['customer:C-000001']);
  });

  it('changes nothing when it names no customer', async () => {
    const generations = new WriteGenerations();
    const shared: string[] = [];
    await freshnessHandler({ generations, shared: { bump: async (s) => void shared.push(s) } })(activation());
    expect(generations.latest()).toBe(0);
    expect(shared).toEqual([]);
  });
});

describe('following the events', () => {
  it('reads every type of the catalogue in the gateways’ one group, from now, and stops on close', async () => {
    const subscribed: SubscribeOptions[] = [];
    let handler: EventHandler | undefined;
    let closed = 0;
    const bus: EventBus = {
      subscribe: (opts, h) => {
        subscribed.push(opts);
        handler = h;
        return { close: async () => void closed++ };
      },
      close: async () => undefined,
    };
    const generations = new WriteGenerations();
    const running = startEventFreshness({
      generations,
      redisKeyPrefix: 'test:',
      sources: {},
      signer: {} as InternalTokenSigner,
      log: createLogger('event-freshness-test'),
      bus,
    });
    expect(subscribed).toEqual([{ group: FRESHNESS_GROUP, types: EVENT_TYPES, start: 'latest' }]);
    await handler?.(activation('C-000009'));
    expect(generations.of('customer:C-000009')).toBe(1);
    await running.close();
    expect(closed).toBe(1);
  });

  it('finds each producer’s log at its routing URL without /graphql, and skips the subgraphs that produce none', () => {
    const routing = new Map([
      ['accounts', 'http://accounts:4001/graphql'],
      ['loyalty', 'http://loyalty.bank.internal/graphql/'],
      ['partners', 'http://partners:4004/graphql'],
    ]);
    expect(eventSources(routing)).toEqual({ accounts: 'http://accounts:4001', loyalty: 'http://loyalty.bank.internal' });
  });
});
