// /metrics and /ready tell an outsider which subgraphs exist, which are down, which operations
// and clients are in use: they are served on the operations port only, never on the public one.
// /health stays on both (load balancers probe the public port).
import { parse } from 'graphql';
import pino from 'pino';
import { gatewayOptions, gatewayOptionsFromEnv } from '../../src/config';
import { type RunningGateway, startGateway } from '../../src/server';
import type { RunningSubgraph } from '../../../lib/subgraph-server';
import { tempDir } from '../../../scripts/lib/processes';
import { clientToken, startStubSubgraph } from '../support/gateway-stub';

describe('operations port', () => {
  let dir: string;
  let subgraph: RunningSubgraph;
  let gateway: RunningGateway;

  beforeAll(async () => {
    dir = tempDir('gateway-ops-port-');
    const stub = await startStubSubgraph(dir, parse('type Query { hello: String }'), { Query: { hello: () => 'hi' } });
    subgraph = stub.subgraph;
    gateway = await startGateway(
      gatewayOptions({ port: 0, opsPort: 0, keysDir: dir, supergraphSdl: stub.supergraphSdl, nodeEnv: 'test', log: pino({ level: 'silent' }) }),
    );
  });

  afterAll(async () => {
    await gateway?.close();
    await subgraph?.close();
  });

  const publicUrl = (path: string) => new URL(path, gateway.url).toString();

  it('answers 404 for /metrics and /ready on the public port, /health stays', async () => {
    expect((await fetch(publicUrl('/metrics'))).status).toBe(404);
    expect((await fetch(publicUrl('/ready'))).status).toBe(404);
    expect((await fetch(publicUrl('/health'))).status).toBe(200);
  });

  it('serves /metrics, /ready and /health on the operations port, and nothing else', async () => {
    expect(gateway.opsPort).not.toBe(gateway.port);
    const token = await clientToken(dir, 'C-000001', 'web', { clientName: 'web-app' });
    await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ hello }' }),
    });
    const metrics = await fetch(new URL('/metrics', gateway.opsUrl));
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('gateway_requests_total');
    const ready = await fetch(new URL('/ready', gateway.opsUrl));
    expect(ready.status).toBe(200);
    expect((await fetch(new URL('/health', gateway.opsUrl))).status).toBe(200);
    expect((await fetch(new URL('/graphql', gateway.opsUrl), { method: 'POST' })).status).toBe(404);
  });

  it('GATEWAY_OPS_PORT: the public port + 1000 by default, on the gateway host; the public port itself is refused', () => {
    expect(gatewayOptionsFromEnv({}).opsPort).toBe(5000);
    expect(gatewayOptionsFromEnv({ GATEWAY_PORT: '4100' }).opsPort).toBe(5100);
    expect(gatewayOptionsFromEnv({ GATEWAY_OPS_PORT: '9102' }).opsPort).toBe(9102);
    expect(gatewayOptionsFromEnv({ GATEWAY_HOST: '10.0.0.5' }).opsHost).toBe('10.0.0.5');
    expect(gatewayOptionsFromEnv({ GATEWAY_OPS_HOST: '127.0.0.1', GATEWAY_HOST: '0.0.0.0' }).opsHost).toBe('127.0.0.1');
    expect(() => gatewayOptionsFromEnv({ GATEWAY_PORT: '4000', GATEWAY_OPS_PORT: '4000' })).toThrow(/GATEWAY_OPS_PORT/);
  });
});
