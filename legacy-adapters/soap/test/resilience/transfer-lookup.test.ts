// QueryTransfer: how a caller learns the outcome of a CreateTransaction whose answer was lost,
// without sending the transfer again (issue 13). Canned envelopes: the booked transfer, none
// booked, a business refusal, a fault (a read: retried, unlike the write).
import { CoreClient, type CoreClientConfig, CoreError } from '../../src';
import { WSDL_URL, elements, failureEnvelope, fakeCore, faultEnvelope, responseEnvelope, useCannedCore, xml } from '../support/soap-core-nock';
import { nth } from '../../../../test/support/present';

const config: CoreClientConfig = { wsdlUrl: WSDL_URL, timeoutMs: 2000, maxConcurrency: 4, readRetries: 1, sourceSystem: 'CB-TEST' };
const ctx = { requestId: 'req-1', userId: 'loyalty' };

let client: CoreClient | undefined;

useCannedCore(async () => {
  await client?.close();
  client = undefined;
});

describe('SOAP adapter: QueryTransfer', () => {
  it('answers the transfer booked under the reference, amounts as the exact text the core sent', async () => {
    const core = fakeCore(() => responseEnvelope('QueryTransfer', xml.transferResult('LOYALTY-R-1', '9007199254740993.10')));
    client = await CoreClient.create(config);
    expect(await client.queryTransfer('LOYALTY-R-1', ctx)).toEqual({
      txnId: 'T-9',
      callerReference: 'LOYALTY-R-1',
      status: 'BOOKED',
      bookedAt: '2025-01-31T10:00:00Z',
      amount: '9007199254740993.10',
      currency: 'EUR',
      replayed: false,
    });
    const body = nth(core.state.requests, 0).body;
    expect(elements(body, 'Operation')).toEqual(['QueryTransfer']);
    expect(elements(body, 'CallerReference')).toEqual(['LOYALTY-R-1']);
  });

  it('answers null when the core booked nothing under the reference', async () => {
    fakeCore(() => responseEnvelope('QueryTransfer', ''));
    client = await CoreClient.create(config);
    expect(await client.queryTransfer('LOYALTY-R-2', ctx)).toBeNull();
  });

  it('throws the business error of a FAILURE answer, and refuses an empty reference without a call', async () => {
    const core = fakeCore(() => failureEnvelope('QueryTransfer', [{ code: 'INVALID_REQUEST', message: 'CallerReference is required' }]));
    client = await CoreClient.create(config);
    await expect(client.queryTransfer('LOYALTY-R-3', ctx)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    const calls = core.calls('QueryTransfer');
    await expect(client.queryTransfer(' ', ctx)).rejects.toBeInstanceOf(CoreError);
    expect(core.calls('QueryTransfer')).toBe(calls);
  });

  it('is retried as a read after a system fault (a lookup changes nothing in the core)', async () => {
    let n = 0;
    const core = fakeCore(() =>
      ++n === 1 ? { status: 500, body: faultEnvelope('SYSTEM_ERROR') } : responseEnvelope('QueryTransfer', xml.transferResult('LOYALTY-R-4', '1.00')),
    );
    client = await CoreClient.create(config);
    expect(await client.queryTransfer('LOYALTY-R-4', ctx)).toMatchObject({ callerReference: 'LOYALTY-R-4', amount: '1.00' });
    expect(core.calls('QueryTransfer')).toBe(2);
  });
});
