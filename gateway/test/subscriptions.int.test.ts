// Subscriptions through the gateway over graphql-sse, in front of two stub subgraphs: `accounts`
// owns Subscription.moneyMoved, `loyalty` adds the cash back of each movement. What a client must
// be able to count on: each event arrives with the other subgraph's fields resolved for it, as the
// subscriber; the same admission and limits as a query; a per-customer cap; hanging up closes the
// subscription at the owning subgraph; a subgraph that breaks the stream ends it with a code.
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import pino from 'pino';
import WebSocket from 'ws';
import type { Caller } from '../../lib/internal-auth';
import type { RunningSubgraph, SubgraphContext } from '../../lib/subgraph-server';
import { tempDir } from '../../scripts/lib/processes';
import { openSubscription, type OpenedSubscription } from '../../test/support/sse-client';
import { gatewayOptions } from '../src/config';
import { type RunningGateway, startGateway } from '../src/server';
import { clientToken, composeStubs, startStubService } from './support/gateway-stub';

const ACCOUNTS_SDL = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@requiresScopes"])
  type Query { ping: String }
  type Subscription {
    moneyMoved: Movement!
    auditTrail: String! @requiresScopes(scopes: [["staff:audit:read"]])
  }
  type Movement @key(fields: "id") { id: ID! amount: String! customerId: ID! }
`);

const LOYALTY_SDL = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Movement @key(fields: "id") { id: ID! cashBack: String! }
`);

const MOVED = 'subscription { moneyMoved { id amount cashBack } }';
/** a subscription the kiosk's manifest registers (in this suite's copy of schema/persisted) */
const KIOSK_MOVED = 'subscription KioskMoved {\n  moneyMoved {\n    id\n    amount\n  }\n}';
const KIOSK_MOVED_ID = createHash('sha256').update(KIOSK_MOVED).digest('hex');

/** schema/persisted with KIOSK_MOVED added to the kiosk's manifest */
function persistedWithKioskSubscription(): string {
  const dir = join(tempDir('gateway-subs-persisted-'), 'persisted');
  cpSync(join(__dirname, '..', '..', 'schema', 'persisted'), dir, { recursive: true });
  const file = join(dir, 'manifests', 'kiosk.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { operations: unknown[] };
  manifest.operations.push({ id: KIOSK_MOVED_ID, name: 'KioskMoved', type: 'subscription', body: KIOSK_MOVED });
  writeFileSync(file, JSON.stringify(manifest));
  return dir;
}

/** the stub core's feed: each open upstream subscription, by customer */
const listeners = new Map<string, Set<(m: { id: string; amount: string; customerId: string }) => void>>();
const openUpstream = () => [...listeners.values()].reduce((n, s) => n + s.size, 0);

function publish(customerId: string, id: string, amount: string) {
  for (const l of listeners.get(customerId) ?? []) l({ id, amount, customerId });
}

type Moved = { moneyMoved: { id: string; amount: string; customerId: string } };

/**
 * The upstream events of one subscription. Not an async generator: one waiting for its next event
 * would not see return() until an event came, as a real feed must.
 */
function movementsOf(customerId: string): AsyncIterableIterator<Moved> {
  const queue: Moved[] = [];
  let waiting: ((r: IteratorResult<Moved>) => void) | undefined;
  const listener = (m: { id: string; amount: string; customerId: string }) => {
    if (waiting) {
      const w = waiting;
      waiting = undefined;
      w({ value: { moneyMoved: m }, done: false });
    } else queue.push({ moneyMoved: m });
  };
  const set = listeners.get(customerId) ?? new Set();
  listeners.set(customerId, set.add(listener));
  const iterator: AsyncIterableIterator<Moved> = {
    next: () => (queue.length ? Promise.resolve({ value: queue.shift()!, done: false }) : new Promise((r) => (waiting = r))),
    return: () => {
      set.delete(listener);
      waiting?.({ value: undefined, done: true });
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('subscriptions through the gateway (graphql-sse)', () => {
  const keys = tempDir('gateway-subs-keys-');
  const loyaltyCallers: Caller[] = [];
  let accounts: RunningSubgraph;
  let loyalty: RunningSubgraph;
  let gateway: RunningGateway;
  const opened: OpenedSubscription[] = [];

  const subscribe = async (token: string | undefined, body: Parameters<typeof openSubscription>[1] = { query: MOVED }) => {
    const sub = await openSubscription(gateway.url, body, token ? { authorization: `Bearer ${token}` } : {});
    opened.push(sub);
    return sub;
  };

  beforeAll(async () => {
    accounts = await startStubService(
      keys,
      ACCOUNTS_SDL,
      {
        Query: { ping: () => 'pong' },
        Subscription: {
          moneyMoved: { subscribe: (_: unknown, __: unknown, ctx: SubgraphContext) => movementsOf(ctx.caller.customerId ?? 'none') },
          auditTrail: { subscribe: () => movementsOf('audit') },
        },
      },
      { name: 'accounts' },
    );
    loyalty = await startStubService(
      keys,
      LOYALTY_SDL,
      {
        Movement: {
          __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
          // 2 % of the movement, in the test's own money arithmetic (cents, integers)
          cashBack: (m: { id: string }) => `cash back for ${m.id}`,
        },
      },
      { name: 'loyalty', onCall: (c) => loyaltyCallers.push(c) },
    );
    const supergraphSdl = composeStubs([
      { name: 'accounts', url: 'http://127.0.0.1:9/graphql', typeDefs: ACCOUNTS_SDL },
      { name: 'loyalty', url: 'http://127.0.0.1:9/graphql', typeDefs: LOYALTY_SDL },
    ]);
    gateway = await startGateway(
      gatewayOptions({
        port: 0,
        opsPort: 0,
        supergraphSdl,
        subgraphUrls: { accounts: accounts.url, loyalty: loyalty.url },
        keysDir: keys,
        persistedDir: persistedWithKioskSubscription(),
        // no skew allowance: the expiry case waits for a token's real end
        auth: { clockToleranceSeconds: 0 },
        nodeEnv: 'production',
        readyTimeoutMs: 1000,
        subscriptions: { perCustomer: 2, queue: 10 },
        log: pino({ level: process.env.DEBUG_SUBS ? 'debug' : 'silent' }),
      }),
    );
  });

  afterEach(async () => {
    for (const s of opened.splice(0)) s.close();
    await until(() => openUpstream() === 0);
  });

  afterAll(async () => {
    await gateway?.close(500);
    await accounts?.close(500);
    await loyalty?.close(500);
  });

  it("delivers each event with the other subgraph's fields, resolved as the subscriber", async () => {
    const anna = await subscribe(await clientToken(keys, 'C-000101', 'web'));
    const bert = await subscribe(await clientToken(keys, 'C-000102', 'mobile'));
    expect([anna.status, bert.status]).toEqual([200, 200]);
    // no waiting: once the client has its answer, upstream is listening
    expect(openUpstream()).toBe(2);
    loyaltyCallers.length = 0;

    publish('C-000101', 'm-1', '12.50');
    publish('C-000101', 'm-2', '3.00');
    expect(await anna.next()).toEqual({ data: { moneyMoved: { id: 'm-1', amount: '12.50', cashBack: 'cash back for m-1' } } });
    expect(await anna.next()).toEqual({ data: { moneyMoved: { id: 'm-2', amount: '3.00', cashBack: 'cash back for m-2' } } });
    // loyalty was asked for anna's movements as anna, never as anyone else
    expect(loyaltyCallers.length).toBeGreaterThanOrEqual(2);
    expect(new Set(loyaltyCallers.map((c) => c.customerId))).toEqual(new Set(['C-000101']));
    // bert's upstream subscription is his own: anna's events never reach him
    publish('C-000102', 'm-3', '1.00');
    expect((await bert.next()).data.moneyMoved.id).toBe('m-3');
    expect(bert.received).toHaveLength(1);
    // what operators see: the open subscriptions and each delivered event's time in the gateway
    const metrics = await (await fetch(`${gateway.opsUrl}/metrics`)).text();
    expect(metrics).toMatch(/^gateway_subscriptions_open 2$/m);
    expect(Number(/^gateway_subscription_event_duration_seconds_count\{subgraph="accounts"\} (\d+)$/m.exec(metrics)?.[1])).toBe(3);
  });

  it('refuses without a token, before any upstream subscription opens', async () => {
    const sub = await subscribe(undefined);
    expect(sub.status).toBe(401);
    expect(sub.refusal?.errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(openUpstream()).toBe(0);
  });

  it('refuses a query sent as a stream, and a field the caller lacks the scope for', async () => {
    const token = await clientToken(keys, 'C-000103', 'web');
    const query = await subscribe(token, { query: '{ ping }' });
    expect(query.status).toBe(400);
    expect(query.refusal?.errors[0]?.extensions?.code).toBe('SUBSCRIPTION_REQUIRED');
    const audit = await subscribe(token, { query: 'subscription { auditTrail }' });
    expect(audit.status).toBe(403);
    expect(audit.refusal?.errors[0]?.extensions?.code).toBe('FORBIDDEN');
    const invalid = await subscribe(token, { query: 'subscription { moneyMoved { nope } }' });
    expect(invalid.status).toBe(400);
    expect(invalid.refusal?.errors[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(openUpstream()).toBe(0);
  });

  it('lets a kiosk stream only registered operations', async () => {
    const kiosk = await subscribe(await clientToken(keys, 'C-000104', 'kiosk'));
    expect(kiosk.status).toBe(400);
    expect(kiosk.refusal?.errors[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_SAFELIST');
    expect(openUpstream()).toBe(0);
  });

  it('opens a registered subscription sent by its id alone, and answers an unknown id PERSISTED_QUERY_NOT_FOUND', async () => {
    const kiosk = await subscribe(await clientToken(keys, 'C-000110', 'kiosk'), {
      operationName: 'KioskMoved',
      extensions: { persistedQuery: { version: 1, sha256Hash: KIOSK_MOVED_ID } },
    });
    expect(kiosk.status).toBe(200);
    await until(() => (listeners.get('C-000110')?.size ?? 0) === 1);
    publish('C-000110', 'm-10', '10.00');
    expect(await kiosk.next()).toEqual({ data: { moneyMoved: { id: 'm-10', amount: '10.00' } } });
    // graphql-sse's own client sends an empty text beside the id (its request shape wants a string): the same
    const emptyText = await subscribe(await clientToken(keys, 'C-000112', 'kiosk'), {
      query: '',
      operationName: 'KioskMoved',
      extensions: { persistedQuery: { version: 1, sha256Hash: KIOSK_MOVED_ID } },
    });
    expect(emptyText.refusal).toBeUndefined();
    expect(emptyText.status).toBe(200);
    await until(() => (listeners.get('C-000112')?.size ?? 0) === 1);
    publish('C-000112', 'm-12', '12.00');
    expect(await emptyText.next()).toEqual({ data: { moneyMoved: { id: 'm-12', amount: '12.00' } } });
    // a client on automatic persisted queries learns to send the text, as with a query
    const unknown = await subscribe(await clientToken(keys, 'C-000111', 'mobile'), {
      extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.refusal?.errors[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('caps open subscriptions per customer, and gives the place back when one closes', async () => {
    const token = await clientToken(keys, 'C-000105', 'web');
    const first = await subscribe(token);
    await subscribe(token);
    const third = await subscribe(token);
    expect(third.status).toBe(429);
    expect(third.refusal?.errors[0]?.extensions?.code).toBe('SUBSCRIPTION_LIMIT_REACHED');
    // another customer is not held back by this one
    expect((await subscribe(await clientToken(keys, 'C-000106', 'web'))).status).toBe(200);
    await until(() => openUpstream() === 3);
    first.close();
    await until(() => openUpstream() === 2);
    await until(() => gateway.app.live.counts.total === 2);
    expect((await subscribe(token)).status).toBe(200);
  });

  it('closes the upstream subscription when the client hangs up', async () => {
    const sub = await subscribe(await clientToken(keys, 'C-000107', 'web'));
    await until(() => (listeners.get('C-000107')?.size ?? 0) === 1);
    sub.close();
    await until(() => gateway.app.live.counts.total === 0);
    await until(() => (listeners.get('C-000107')?.size ?? 0) === 0);
  });

  it('ends the stream with DOWNSTREAM_SERVICE_ERROR when the owning subgraph breaks it', async () => {
    const sub = await subscribe(await clientToken(keys, 'C-000108', 'web'));
    await until(() => (listeners.get('C-000108')?.size ?? 0) === 1);
    // the subgraph process goes away with the stream open
    accounts.app.server.closeAllConnections();
    const last = await sub.next();
    expect(last.errors?.[0]?.extensions?.code).toBe('DOWNSTREAM_SERVICE_ERROR');
    expect(JSON.stringify(last)).not.toMatch(/ECONN|socket|127\.0\.0\.1/);
    await sub.completed;
    await until(() => gateway.app.live.counts.total === 0);
  });

  it('ends the stream with UNAUTHENTICATED when the token it opened with expires, after the events before it, and closes upstream', async () => {
    const sub = await subscribe(await clientToken(keys, 'C-000109', 'web', { ttlSeconds: 2 }));
    expect(sub.status).toBe(200);
    publish('C-000109', 'm-9', '9.00');
    expect((await sub.next()).data.moneyMoved.id).toBe('m-9');
    const last = await sub.next();
    expect(last.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await sub.completed;
    await until(() => (listeners.get('C-000109')?.size ?? 0) === 0);
    await until(() => gateway.app.live.counts.total === 0);
  });

  describe('over WebSocket (graphql-ws)', () => {
    const clients: Client[] = [];
    const wsClient = (token: string | undefined, closed?: (code: number) => void) => {
      const client = createClient({
        url: gateway.url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: false,
        // the refused connection's close is asserted below, not logged
        onNonLazyError: () => undefined,
        connectionParams: token ? { authorization: `Bearer ${token}` } : {},
        on: { closed: (e) => closed?.((e as { code: number }).code) },
      });
      clients.push(client);
      return client;
    };
    /** a subscription's events and its end (error or complete) */
    const watch = (client: Client, query: string, extensions?: Record<string, unknown>) => {
      const events: any[] = [];
      let error: unknown;
      let done = false;
      const dispose = client.subscribe(
        { query, ...(extensions ? { extensions } : {}) },
        {
          next: (e) => void events.push(e),
          error: (e) => {
            error = e;
            done = true;
          },
          complete: () => void (done = true),
        },
      );
      return { events, dispose, error: () => error, done: () => done };
    };

    afterEach(async () => {
      for (const c of clients.splice(0)) await c.dispose();
    });

    it("delivers each event with the other subgraph's fields, and closes upstream when the client leaves", async () => {
      const client = wsClient(await clientToken(keys, 'C-000201', 'web'));
      const sub = watch(client, MOVED);
      await until(() => (listeners.get('C-000201')?.size ?? 0) === 1);
      publish('C-000201', 'w-1', '7.00');
      await until(() => sub.events.length === 1);
      expect(sub.events[0]).toEqual({ data: { moneyMoved: { id: 'w-1', amount: '7.00', cashBack: 'cash back for w-1' } } });
      sub.dispose();
      await until(() => (listeners.get('C-000201')?.size ?? 0) === 0);
      await until(() => gateway.app.live.counts.total === 0);
    });

    it('closes a connection without a valid token (4403) before anything is subscribed', async () => {
      let code = 0;
      const client = wsClient('not-a-token', (c) => (code = c));
      const sub = watch(client, MOVED);
      await until(() => sub.done());
      expect(code).toBe(4403);
      expect(openUpstream()).toBe(0);
    });

    it('runs a registered subscription sent by its id with an empty text', async () => {
      const kiosk = watch(wsClient(await clientToken(keys, 'C-000204', 'kiosk')), '', { persistedQuery: { version: 1, sha256Hash: KIOSK_MOVED_ID } });
      await until(() => (listeners.get('C-000204')?.size ?? 0) === 1);
      publish('C-000204', 'w-4', '4.00');
      await until(() => kiosk.events.length === 1);
      expect(kiosk.events[0]).toEqual({ data: { moneyMoved: { id: 'w-4', amount: '4.00' } } });
      kiosk.dispose();
      await until(() => gateway.app.live.counts.total === 0);
    });

    it("refuses a kiosk's unregistered subscription and a query, each with a query's code", async () => {
      const kiosk = watch(wsClient(await clientToken(keys, 'C-000202', 'kiosk')), MOVED);
      await until(() => kiosk.done());
      expect((kiosk.error() as Array<{ extensions?: { code?: string } }>)[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_SAFELIST');
      const query = watch(wsClient(await clientToken(keys, 'C-000203', 'web')), '{ ping }');
      await until(() => query.done());
      expect((query.error() as Array<{ extensions?: { code?: string } }>)[0]?.extensions?.code).toBe('SUBSCRIPTION_REQUIRED');
      expect(openUpstream()).toBe(0);
    });
  });
});
