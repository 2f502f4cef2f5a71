// What the circuit breaker counts: only the core's own failures (timeouts, broken connections,
// SYSTEM_ERROR, SESSION_LIMIT), once per logical call with its retries. Faults a request causes
// (a soap:Client fault, HTTP 413, a value refused before sending) never open it for other callers.
import { CoreClient, type CoreClientConfig } from '../../src';
import { WSDL_URL, fakeCore, faultEnvelope, responseEnvelope, useCannedCore, xml } from '../support/soap-core-nock';
import { failureOf } from '../support/core-errors';

const breaker = { errorThresholdPercentage: 50, resetTimeoutMs: 10000, volumeThreshold: 3 };
const config: CoreClientConfig = { wsdlUrl: WSDL_URL, timeoutMs: 2000, maxConcurrency: 4, readRetries: 2, breaker };
const good = { requestId: 'good', userId: 'web' };
const bad = { requestId: 'bad', userId: 'web' };

let client: CoreClient | undefined;

useCannedCore(async () => {
  await client?.close();
  client = undefined;
});

const clientFault = faultEnvelope('INVALID_XML', 'request not understood').replace(/soap:Server/g, 'soap:Client');

async function breakerState(c: CoreClient, operation: string): Promise<string | undefined> {
  const text = await c.registry.getSingleMetricAsString('core_breaker_state');
  return new RegExp(`core_breaker_state\\{operation="${operation}"\\} (\\d)`).exec(text)?.[1];
}

describe('the breaker under one caller sending bad requests', () => {
  it('200 malformed or refused requests from one caller leave it closed for the others', async () => {
    const core = fakeCore((req) => {
      if (req.body.includes('C-GOOD')) return responseEnvelope('QueryCustomer', xml.customer('C-GOOD'));
      // the core says the request was wrong: a Client fault, or too large to read at all
      return req.body.includes('C-413') ? { status: 413, body: 'request too large' } : clientFault;
    });
    client = await CoreClient.create(config);
    const refusals: string[] = [];
    for (let i = 0; i < 200; i++) {
      const id = i % 3 === 0 ? `C-413-${i}` : i % 3 === 1 ? `C-BAD-${i}` : `C-\u0001-${i}`;
      refusals.push((await failureOf(client.loaders(bad).customer.load(id))).code);
    }
    expect(new Set(refusals)).toEqual(new Set(['CORE_ERROR', 'INVALID_REQUEST']));
    // sent once each (a request-caused fault is not retried), the unsendable ones never
    expect(core.calls('QueryCustomer')).toBe(134);

    await expect(client.loaders(good).customer.load('C-GOOD')).resolves.toMatchObject({ customerId: 'C-GOOD' });
    expect(await breakerState(client, 'QueryCustomer')).toBe('0');
    expect(client.stats().QueryCustomer).toMatchObject({ rejected: 0 });
  });
});

describe('one logical call, one outcome', () => {
  it('a read that succeeds on a retry is a success: faults the retries absorbed do not open the breaker', async () => {
    const attempts = new Map<string, number>();
    fakeCore((req) => {
      const id = /<CustomerId>([^<]+)</.exec(req.body)?.[1] ?? '';
      const n = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, n);
      return n < 3 ? faultEnvelope(n === 1 ? 'SYSTEM_ERROR' : 'SESSION_LIMIT') : responseEnvelope('QueryCustomer', xml.customer(id));
    });
    client = await CoreClient.create(config);
    for (let i = 0; i < 6; i++) await expect(client.loaders(good).customer.load(`C-${i}`)).resolves.toMatchObject({ customerId: `C-${i}` });
    expect(client.stats().QueryCustomer).toEqual({ calls: 18, errors: 12, rejected: 0, retries: 12 });
    expect(await breakerState(client, 'QueryCustomer')).toBe('0');
  });

  it('a read that fails every attempt counts once', async () => {
    let failing = true;
    fakeCore(() => (failing ? faultEnvelope('SYSTEM_ERROR') : responseEnvelope('QueryCustomer', xml.customer('C-1'))));
    client = await CoreClient.create(config);
    expect(await failureOf(client.loaders(good).customer.load('C-1'))).toMatchObject({ code: 'CORE_ERROR' });
    expect(client.stats().QueryCustomer).toMatchObject({ calls: 3, retries: 2 });
    failing = false;
    // three failed attempts, but one failed call of one: below the volume threshold, still closed
    await expect(client.loaders(good).customer.load('C-1')).resolves.toMatchObject({ customerId: 'C-1' });
    expect(await breakerState(client, 'QueryCustomer')).toBe('0');
  });

  it('still opens when the core itself keeps failing, and then sends nothing', async () => {
    const core = fakeCore(() => faultEnvelope('SYSTEM_ERROR'));
    client = await CoreClient.create(config);
    for (let i = 0; i < breaker.volumeThreshold; i++)
      expect(await failureOf(client.loaders(good).customer.load(`C-${i}`))).toMatchObject({ code: 'CORE_ERROR' });
    expect(core.calls()).toBe(3 * breaker.volumeThreshold);
    expect(await failureOf(client.loaders(good).customer.load('C-9'))).toMatchObject({ code: 'CORE_UNAVAILABLE', retryable: false });
    expect(core.calls()).toBe(3 * breaker.volumeThreshold);
    expect(await breakerState(client, 'QueryCustomer')).toBe('2');
  });
});

describe('the half-open trial', () => {
  it('is one attempt: a core still failing answers the trial at once, not after a round of retries', async () => {
    const core = fakeCore(() => faultEnvelope('SYSTEM_ERROR', 'core failing'));
    client = await CoreClient.create({ ...config, breaker: { ...breaker, resetTimeoutMs: 200 } });
    for (let i = 0; i < 3; i++) await failureOf(client.loaders(good).customer.load(`C-OPEN-${i}`));
    expect(await breakerState(client, 'QueryCustomer')).toBe('2');
    const sentWhileClosed = core.calls('QueryCustomer');
    // three calls with their retries (readRetries 2)
    expect(sentWhileClosed).toBe(9);

    await new Promise((r) => setTimeout(r, 300));
    expect(await breakerState(client, 'QueryCustomer')).toBe('1');
    expect((await failureOf(client.loaders(good).customer.load('C-TRIAL'))).code).toBe('CORE_ERROR');
    expect(core.calls('QueryCustomer')).toBe(sentWhileClosed + 1);
    expect(await breakerState(client, 'QueryCustomer')).toBe('2');
  });
});
