// Configuration from the environment, and loading the WSDL at start (retrying, within a bound).
import nock from 'nock';
import { ConfigError } from '../../../lib/config';
import { CoreClient, coreClientConfigFromEnv } from '../src';
import { defaultEndpoint } from '../src/config';
import { CORE_HOST, WSDL_URL, fakeCore, responseEnvelope, serveWsdl, resetCannedCore, xml } from './support/soap-core-nock';

describe('coreClientConfigFromEnv', () => {
  it('has the documented defaults', () => {
    expect(coreClientConfigFromEnv({})).toEqual({
      wsdlUrl: 'http://127.0.0.1:8081/core?wsdl',
      endpointUrl: undefined,
      timeoutMs: 3000,
      maxConcurrency: 8,
      readRetries: 4,
      sourceSystem: undefined,
      branch: undefined,
      wsdlWaitMs: 30000,
      breaker: { errorThresholdPercentage: 50, resetTimeoutMs: 10000, volumeThreshold: 10 },
      batching: true,
      fastParse: true,
      http: 'node',
    });
  });

  it('reads every variable', () => {
    const cfg = coreClientConfigFromEnv({
      CORE_WSDL_URL: 'http://core:9000/core?wsdl',
      CORE_ENDPOINT_URL: 'http://core-lb:9000/core',
      CORE_TIMEOUT_MS: '1500',
      CORE_MAX_CONCURRENCY: '3',
      CORE_READ_RETRIES: '0',
      CORE_SOURCE_SYSTEM: 'CB',
      CORE_BRANCH: '042',
      CORE_WSDL_WAIT_MS: '0',
      CORE_BREAKER_ERROR_PERCENT: '25',
      CORE_BREAKER_RESET_MS: '5000',
      CORE_BREAKER_VOLUME: '4',
      CORE_BATCHING: 'off',
      CORE_FAST_PARSE: 'off',
      CORE_HTTP: 'axios',
    });
    expect(cfg).toEqual({
      wsdlUrl: 'http://core:9000/core?wsdl',
      endpointUrl: 'http://core-lb:9000/core',
      timeoutMs: 1500,
      maxConcurrency: 3,
      readRetries: 0,
      sourceSystem: 'CB',
      branch: '042',
      wsdlWaitMs: 0,
      breaker: { errorThresholdPercentage: 25, resetTimeoutMs: 5000, volumeThreshold: 4 },
      batching: false,
      fastParse: false,
      http: 'axios',
    });
  });

  it('names every wrong variable', () => {
    let err: unknown;
    try {
      coreClientConfigFromEnv({
        CORE_WSDL_URL: 'not a url',
        CORE_TIMEOUT_MS: '0',
        CORE_MAX_CONCURRENCY: 'many',
        CORE_READ_RETRIES: '-1',
        CORE_BATCHING: 'maybe',
        CORE_FAST_PARSE: 'fast',
        CORE_HTTP: 'fetch',
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    for (const v of ['CORE_WSDL_URL', 'CORE_TIMEOUT_MS', 'CORE_MAX_CONCURRENCY', 'CORE_READ_RETRIES', 'CORE_BATCHING', 'CORE_FAST_PARSE', 'CORE_HTTP'])
      expect(msg).toContain(v);
  });

  it('derives the endpoint from a ?wsdl URL only', () => {
    expect(defaultEndpoint('http://h:1/core?wsdl')).toBe('http://h:1/core');
    expect(defaultEndpoint('http://h:1/core?WSDL')).toBe('http://h:1/core');
    expect(defaultEndpoint('http://h:1/contracts/core.wsdl')).toBeUndefined();
  });
});

describe('CoreClient.create', () => {
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => {
    nock.enableNetConnect();
    // un-patch node:http: the next test file in this worker brings its own nock
    nock.restore();
  });
  afterEach(() => resetCannedCore());

  it('keeps trying until the WSDL is served', async () => {
    const early = nock(CORE_HOST).get('/core').query({ wsdl: '' }).times(2).reply(503, 'starting');
    serveWsdl();
    const core = fakeCore(() => responseEnvelope('QueryCustomer', xml.customer('C-1')));
    const client = await CoreClient.create({ wsdlUrl: WSDL_URL, timeoutMs: 1000, maxConcurrency: 2, readRetries: 0, wsdlWaitMs: 5000 });
    try {
      expect(early.isDone()).toBe(true);
      await expect(client.loaders({}).customer.load('C-1')).resolves.toMatchObject({ customerId: 'C-1' });
      expect(core.calls()).toBe(1);
    } finally {
      await client.close();
    }
  });

  it('gives up after wsdlWaitMs with a message naming the URL', async () => {
    nock(CORE_HOST).persist().get('/core').query({ wsdl: '' }).reply(503, 'down');
    const start = Date.now();
    await expect(CoreClient.create({ wsdlUrl: WSDL_URL, timeoutMs: 1000, maxConcurrency: 2, readRetries: 0, wsdlWaitMs: 500 })).rejects.toThrow(
      /could not load the core WSDL from http:\/\/core\.test\/core\?wsdl/,
    );
    expect(Date.now() - start).toBeLessThan(2000);
  });

  it('refuses a WSDL that lacks the operations the adapter needs', async () => {
    const wsdl = `<?xml version="1.0"?><wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:tns="urn:x" targetNamespace="urn:x" name="X">
      <wsdl:portType name="P"/><wsdl:binding name="B" type="tns:P"><soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/></wsdl:binding>
      <wsdl:service name="S"><wsdl:port name="P" binding="tns:B"><soap:address location="http://core.test/core"/></wsdl:port></wsdl:service></wsdl:definitions>`;
    nock(CORE_HOST).get('/core').query({ wsdl: '' }).reply(200, wsdl);
    await expect(CoreClient.create({ wsdlUrl: WSDL_URL, timeoutMs: 1000, maxConcurrency: 2, readRetries: 0, wsdlWaitMs: 0 })).rejects.toThrow(
      /lacks operations QueryCustomer, QueryAccSumm/,
    );
  });

  it('refuses a nonsensical config', async () => {
    await expect(CoreClient.create({ wsdlUrl: WSDL_URL, timeoutMs: 0, maxConcurrency: 2, readRetries: 0 })).rejects.toThrow(/timeoutMs/);
  });
});
