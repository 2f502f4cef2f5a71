// Readiness is about this gateway, not its neighbours: with one subgraph down every gateway would
// otherwise leave the load balancer at once, and the customers whose answers need only the other
// subgraphs would get nothing instead of partial data. What each subgraph says stays visible on
// `/ready?verbose`, for people.
import { parse } from 'graphql';
import pino from 'pino';
import type { RunningSubgraph, SubgraphContext } from '../../../lib/subgraph-server';
import { tempDir } from '../../../scripts/lib/processes';
import { gatewayOptions } from '../../src/config';
import { type RunningGateway, startGateway } from '../../src/server';
import { clientToken, composeStubs, startStubService } from '../support/gateway-stub';

const ACCOUNTS_SDL = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Query { me: Customer }
  type Customer @key(fields: "id") { id: ID! displayName: String }
`);

const LOYALTY_SDL = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Customer @key(fields: "id") { id: ID! loyalty: Loyalty }
  type Loyalty { tier: String! }
`);

describe('gateway readiness with one subgraph down', () => {
  const keys = tempDir('gateway-ready-');
  let accounts: RunningSubgraph;
  let loyalty: RunningSubgraph;
  let gateway: RunningGateway;
  let token: string;

  beforeAll(async () => {
    accounts = await startStubService(
      keys,
      ACCOUNTS_SDL,
      { Query: { me: (_: unknown, __: unknown, ctx: SubgraphContext) => ({ id: ctx.caller.customerId, displayName: 'Anna K.' }) } },
      { name: 'accounts' },
    );
    loyalty = await startStubService(
      keys,
      LOYALTY_SDL,
      { Customer: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }), loyalty: () => ({ tier: 'GOLD' }) } },
      { name: 'loyalty' },
    );
    const supergraphSdl = composeStubs([
      { name: 'accounts', url: accounts.url, typeDefs: ACCOUNTS_SDL },
      { name: 'loyalty', url: loyalty.url, typeDefs: LOYALTY_SDL },
    ]);
    gateway = await startGateway(
      gatewayOptions({ port: 0, opsPort: 0, supergraphSdl, keysDir: keys, nodeEnv: 'test', readyTimeoutMs: 1000, log: pino({ level: 'silent' }) }),
    );
    token = await clientToken(keys, 'C-000001', 'web');
    await loyalty.close();
  });

  afterAll(async () => {
    await gateway?.close();
    await accounts?.close();
  });

  it('/ready answers 200 from the gateway alone, without asking any subgraph', async () => {
    let asked = 0;
    const count = () => void asked++;
    accounts.app.server.on('request', count);
    const res = await fetch(new URL('/ready', gateway.opsUrl));
    accounts.app.server.off('request', count);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready' });
    expect(asked).toBe(0);
  });

  it('/ready?verbose is still 200 and names the subgraph that does not answer', async () => {
    const res = await fetch(new URL('/ready?verbose', gateway.opsUrl));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', subgraphs: { accounts: 'ok', loyalty: 'unreachable' } });
  });

  it('answers a query with partial data: the field of the subgraph that is down is null with a masked error', async () => {
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { id displayName loyalty { tier } } }' }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: unknown; errors: Array<{ path: unknown; extensions: unknown }> };
    expect(body.data).toEqual({ me: { id: 'C-000001', displayName: 'Anna K.', loyalty: null } });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['me', 'loyalty'], extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } })]);
  });
});
