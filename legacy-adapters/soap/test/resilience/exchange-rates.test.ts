// GetExchangeRates: the core's dated FX table, which loyalty converts foreign purchases with
// (issue 13). Canned envelopes: the table, the request's elements, no table, refused malformed
// answers (a rate of zero, a float-parsed rate, a table dated after the asked day), a fault
// (a read: retried).
import { CoreClient, type CoreClientConfig, CoreError } from '../../src';
import { WSDL_URL, elements, failureEnvelope, fakeCore, faultEnvelope, responseEnvelope, useCannedCore } from '../support/soap-core-nock';
import { nth } from '../../../../test/support/present';

const config: CoreClientConfig = { wsdlUrl: WSDL_URL, timeoutMs: 2000, maxConcurrency: 4, readRetries: 1, sourceSystem: 'CB-TEST' };
const ctx = { requestId: 'req-1', userId: 'loyalty' };

let client: CoreClient | undefined;

useCannedCore(async () => {
  await client?.close();
  client = undefined;
});

const rate = (currency: string, value: string, date = '2025-01-31') =>
  `<Rate><Currency>${currency}</Currency><Rate>${value}</Rate><RateDate>${date}</RateDate></Rate>`;
const table = (base: string, rates: string[]) => `<BaseCurrency>${base}</BaseCurrency><Rates>${rates.join('')}</Rates>`;

describe('SOAP adapter: GetExchangeRates', () => {
  it('answers the dated rates as the exact decimal text the core sent, and asks for the date and base', async () => {
    const core = fakeCore(() =>
      responseEnvelope('GetExchangeRates', table('EUR', [rate('EUR', '1'), rate('JPY', '161.35'), rate('BHD', '0.3917'), rate('USD', '1.000000000001')])),
    );
    client = await CoreClient.create(config);
    expect(await client.exchangeRates('2025-02-01', ctx)).toEqual({
      base: 'EUR',
      rates: [
        { currency: 'EUR', rate: '1', rateDate: '2025-01-31' },
        { currency: 'JPY', rate: '161.35', rateDate: '2025-01-31' },
        { currency: 'BHD', rate: '0.3917', rateDate: '2025-01-31' },
        { currency: 'USD', rate: '1.000000000001', rateDate: '2025-01-31' },
      ],
    });
    const body = nth(core.state.requests, 0).body;
    expect(elements(body, 'Operation')).toEqual(['GetExchangeRates']);
    expect(elements(body, 'RateDate')).toEqual(['2025-02-01']);
    expect(elements(body, 'BaseCurrency')).toEqual([]);

    await client.exchangeRates('2025-02-01', ctx, 'GBP').catch(() => undefined);
    expect(elements(nth(core.state.requests, 1).body, 'BaseCurrency')).toEqual(['GBP']);
  });

  it('answers no rates when the core has no table on or before the date', async () => {
    fakeCore(() => responseEnvelope('GetExchangeRates', ''));
    client = await CoreClient.create(config);
    expect(await client.exchangeRates('1990-01-01', ctx)).toEqual({ base: 'EUR', rates: [] });
  });

  it.each([
    ['a rate of zero', table('EUR', [rate('JPY', '0.000')])],
    ['a negative rate', table('EUR', [rate('JPY', '-161.35')])],
    ['a table dated after the asked day', table('EUR', [rate('JPY', '161.35', '2025-02-02')])],
    ['rates per another base than asked', table('USD', [rate('JPY', '161.35')])],
  ])('refuses a malformed answer: %s', async (_what, body) => {
    fakeCore(() => responseEnvelope('GetExchangeRates', body));
    client = await CoreClient.create(config);
    await expect(client.exchangeRates('2025-02-01', ctx, 'EUR')).rejects.toMatchObject({ code: 'CORE_ERROR' });
  });

  it('throws the business error of a FAILURE answer, and refuses a malformed date or base without a call', async () => {
    const core = fakeCore(() => failureEnvelope('GetExchangeRates', [{ code: 'INVALID_REQUEST', message: 'RateDate is required' }]));
    client = await CoreClient.create(config);
    await expect(client.exchangeRates('2025-02-01', ctx)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    const calls = core.calls('GetExchangeRates');
    await expect(client.exchangeRates('01.02.2025', ctx)).rejects.toBeInstanceOf(CoreError);
    await expect(client.exchangeRates('2025-02-01', ctx, 'eur<x/>')).rejects.toBeInstanceOf(CoreError);
    expect(core.calls('GetExchangeRates')).toBe(calls);
  });

  it('is retried as a read after a system fault', async () => {
    let n = 0;
    const core = fakeCore(() =>
      ++n === 1 ? { status: 500, body: faultEnvelope('SYSTEM_ERROR') } : responseEnvelope('GetExchangeRates', table('EUR', [rate('KWD', '0.3205')])),
    );
    client = await CoreClient.create(config);
    expect(await client.exchangeRates('2025-01-31', ctx)).toEqual({ base: 'EUR', rates: [{ currency: 'KWD', rate: '0.3205', rateDate: '2025-01-31' }] });
    expect(core.calls('GetExchangeRates')).toBe(2);
  });
});
