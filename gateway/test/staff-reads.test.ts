// The gateway's staff-read ledger at its edges: where it is configured from, which ids it sends,
// and that anything but engagement's 200 within the timeout counts as "not recorded".
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { InternalTokenSigner } from '../../lib/internal-auth';
import { tempDir } from '../../scripts/lib/processes';
import { engagementServiceUrlOf, gatewayOptionsFromEnv } from '../src/config';
import type { StaffAuditRecord } from '../src/edge/audit';
import { HttpStaffReadLedger, staffReadOf } from '../src/edge/staff-reads';

const record = (customerIds: string[]): StaffAuditRecord => ({
  at: new Date().toISOString(),
  staff: 'S-0042',
  client: 'call-centre',
  scopes: ['staff:customers:read'],
  customerIds,
  operationName: 'Look',
  operationHash: 'c'.repeat(64),
  requestId: 'req-1',
});

describe('where staff reads are recorded', () => {
  it('is ENGAGEMENT_SERVICE_URL, else the origin of ENGAGEMENT_URL, else nowhere; `off` turns it off', () => {
    expect(engagementServiceUrlOf('http://engagement:4005', 'http://other:9/graphql')).toBe('http://engagement:4005');
    expect(engagementServiceUrlOf(undefined, 'http://engagement:4005/graphql')).toBe('http://engagement:4005');
    expect(engagementServiceUrlOf(undefined, undefined)).toBeUndefined();
    expect(engagementServiceUrlOf('off', 'http://engagement:4005/graphql')).toBeUndefined();
    expect(gatewayOptionsFromEnv({ ENGAGEMENT_URL: 'http://127.0.0.1:4005/graphql' }).engagementServiceUrl).toBe('http://127.0.0.1:4005');
    expect(() => gatewayOptionsFromEnv({ ENGAGEMENT_SERVICE_URL: 'not a url' })).toThrow(/ENGAGEMENT_SERVICE_URL/);
  });
});

describe('staffReadOf', () => {
  it('sends only ids that can be a customer, and nothing when none is left', () => {
    expect(staffReadOf(record(['C-000001', '../x', '']))?.customerIds).toEqual(['C-000001']);
    expect(staffReadOf(record(['no such id!']))).toBeUndefined();
  });
});

describe('HttpStaffReadLedger', () => {
  let server: Server;
  let base: string;
  let answer: 'ok' | 'hang' | 'refuse' = 'ok';
  let signer: InternalTokenSigner;

  beforeAll(async () => {
    signer = await InternalTokenSigner.fromKeysDir(join(tempDir('gateway-staff-read-ledger-'), 'keys'));
    server = createServer((req, res) => {
      req.resume();
      if (answer === 'hang') return; // never answers
      res.writeHead(answer === 'ok' ? 200 : 400, { 'content-type': 'application/json' }).end(answer === 'ok' ? '{"stored":1}' : '{"code":"BAD_REQUEST"}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('resolves on 200, and rejects on another answer or none within its timeout', async () => {
    const ledger = new HttpStaffReadLedger(base, signer, 1000);
    answer = 'ok';
    await expect(ledger.record(record(['C-000001']))).resolves.toBeUndefined();
    answer = 'refuse';
    await expect(ledger.record(record(['C-000001']))).rejects.toThrow(/400/);
    answer = 'hang';
    const started = Date.now();
    await expect(ledger.record(record(['C-000001']))).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
