// The service-to-service path on a real socket: /internal routes answer only callers whose signed
// internal token says channel `service`; the client retries transport faults and 503s, never 4xx.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { InternalTokenSigner, InternalTokenVerifier, INTERNAL_TOKEN_HEADER } from '../internal-auth';
import { registerServiceRoutes } from '../subgraph-server';
import { ServiceClient, ServiceUnavailableError } from '../service-client';
import { freePort, tempDir } from '../../scripts/lib/processes';

let dir: string;
let app: FastifyInstance;
let baseUrl: string;
let signer: InternalTokenSigner;
const seen: Array<{ subject?: string; key: string }> = [];
let failuresLeft = 0;
let attempts = 0;

beforeAll(async () => {
  dir = tempDir('corebridge-service-routes-');
  const keys = join(dir, 'keys');
  signer = await InternalTokenSigner.fromKeysDir(keys);
  app = Fastify({ logger: false });
  await registerServiceRoutes(app, await InternalTokenVerifier.fromKeysDir(keys), (scope) => {
    scope.post<{ Body: { key: string } }>('/echo', async (req, reply) => {
      attempts++;
      if (failuresLeft > 0) {
        failuresLeft--;
        return reply.code(503).send({ code: 'BUSY' });
      }
      seen.push({ subject: req.caller?.subject, key: req.body.key });
      return { key: req.body.key, amountMinor: req.body.key.length };
    });
    scope.get('/missing', async (_req, reply) => {
      attempts++;
      return reply.code(404).send({ code: 'NOT_FOUND' });
    });
  });
  const port = await freePort();
  await app.listen({ port, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  attempts = 0;
  failuresLeft = 0;
  seen.length = 0;
});

describe('service routes', () => {
  it('answer a service caller and see it as svc:<name>', async () => {
    const client = new ServiceClient({ service: 'loyalty', baseUrl, signer });
    const res = await client.request<{ key: string }>('POST', '/internal/echo', { key: 'k-1' });
    expect(res).toEqual({ status: 200, body: { key: 'k-1', amountMinor: 3 } });
    expect(seen).toEqual([{ subject: 'svc:loyalty', key: 'k-1' }]);
  });

  it('refuse a request without a token (401) and a customer token forwarded by the gateway (403)', async () => {
    const none = await fetch(`${baseUrl}/internal/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"key":"x"}' });
    expect(none.status).toBe(401);
    const customerToken = await signer.sign({ subject: 'C-000001', customerId: 'C-000001', channel: 'web', scopes: [] });
    const customer = await fetch(`${baseUrl}/internal/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [INTERNAL_TOKEN_HEADER]: customerToken },
      body: '{"key":"x"}',
    });
    expect(customer.status).toBe(403);
    expect(seen).toEqual([]);
  });

  it('retries a 503 and then succeeds once', async () => {
    failuresLeft = 2;
    const client = new ServiceClient({ service: 'offers', baseUrl, signer, retries: 2, backoffMs: 1 });
    const res = await client.request('POST', '/internal/echo', { key: 'k-2' });
    expect(res.status).toBe(200);
    expect(attempts).toBe(3);
    expect(seen).toHaveLength(1);
  });

  it('gives up with SERVICE_UNAVAILABLE when the faults outlast the retries', async () => {
    failuresLeft = 5;
    const client = new ServiceClient({ service: 'offers', baseUrl, signer, retries: 1, backoffMs: 1 });
    await expect(client.request('POST', '/internal/echo', { key: 'k-3' })).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(attempts).toBe(2);
    expect(seen).toHaveLength(0);
  });

  it('does not retry a business answer (4xx)', async () => {
    const client = new ServiceClient({ service: 'offers', baseUrl, signer, retries: 3, backoffMs: 1 });
    const res = await client.request('GET', '/internal/missing');
    expect(res).toEqual({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(attempts).toBe(1);
  });

  it('reports an unreachable service as SERVICE_UNAVAILABLE', async () => {
    const client = new ServiceClient({ service: 'offers', baseUrl: `http://127.0.0.1:${await freePort()}`, signer, retries: 1, backoffMs: 1 });
    await expect(client.request('GET', '/internal/missing')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });
});
