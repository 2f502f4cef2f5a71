// SetCardStatus (core v1.4): a card freeze and its release through the adapter. Canned envelopes:
// the card after the call, a repeat (Changed false), business refusals and their client codes, an
// answer about the wrong state, and a system fault (retried: the call is idempotent by target state).
import type { GraphQLError } from 'graphql';
import { CARD_STATUS_REFUSALS, CoreClient, type CoreClientConfig, CoreError, toClientError } from '../../src';
import { WSDL_URL, elements, failureEnvelope, fakeCore, faultEnvelope, responseEnvelope, useCannedCore, xml } from '../support/soap-core-nock';
import { failureOf } from '../support/core-errors';
import { nth } from '../../../../test/support/present';

const config: CoreClientConfig = { wsdlUrl: WSDL_URL, timeoutMs: 2000, maxConcurrency: 4, readRetries: 1, sourceSystem: 'CB-TEST' };
const ctx = { requestId: 'req-1', userId: 'kiosk' };
const frozen = (id: string) => xml.card(id, 'C-1').replace('<Status>ACTIVE</Status>', '<Status>FROZEN</Status>');

let client: CoreClient | undefined;

useCannedCore(async () => {
  await client?.close();
  client = undefined;
});

const clientCode = (err: unknown, overrides = CARD_STATUS_REFUSALS) => (toClientError(err, overrides) as GraphQLError).extensions.code;

describe('SOAP adapter: SetCardStatus', () => {
  it('sends the card, its holder and the target state in schema order, and answers the card as it now is', async () => {
    const core = fakeCore(() => responseEnvelope('SetCardStatus', `${frozen('K-1')}<Changed>true</Changed>`));
    client = await CoreClient.create(config);
    expect(await client.setCardStatus('K-1', 'FROZEN', ctx, 'C-1')).toEqual({
      card: expect.objectContaining({ cardId: 'K-1', customerId: 'C-1', status: 'FROZEN', maskedPan: '411111******1111' }),
      changed: true,
    });
    const body = nth(core.state.requests, 0).body;
    expect(elements(body, 'Operation')).toEqual(['SetCardStatus']);
    expect(body.indexOf('<CardId') < body.indexOf('<CustomerId') && body.indexOf('<CustomerId') < body.indexOf('<TargetStatus')).toBe(true);
    expect(elements(body, 'TargetStatus')).toEqual(['FROZEN']);
  });

  it('answers a card already in the asked state as unchanged (a repeat succeeds)', async () => {
    fakeCore(() => responseEnvelope('SetCardStatus', `${frozen('K-1')}<Changed>false</Changed>`));
    client = await CoreClient.create(config);
    expect((await client.setCardStatus('K-1', 'FROZEN', ctx)).changed).toBe(false);
  });

  it('is retried after a system fault: asking again for the same state cannot freeze twice', async () => {
    let n = 0;
    const core = fakeCore(() =>
      ++n === 1 ? { status: 500, body: faultEnvelope('SYSTEM_ERROR') } : responseEnvelope('SetCardStatus', `${xml.card('K-2', 'C-1')}<Changed>false</Changed>`),
    );
    client = await CoreClient.create(config);
    expect(await client.setCardStatus('K-2', 'ACTIVE', ctx)).toMatchObject({ card: { status: 'ACTIVE' }, changed: false });
    expect(core.calls('SetCardStatus')).toBe(2);
    expect(client.stats().SetCardStatus).toMatchObject({ calls: 2, retries: 1 });
  });

  it('never retries a refusal, and maps it to the client codes the card mutations document', async () => {
    const core = fakeCore((req) =>
      failureEnvelope('SetCardStatus', [
        req.body.includes('K-BLOCKED') ? { code: 'CARD_STATUS_CONFLICT', message: 'card is BLOCKED' } : { code: 'CARD_NOT_FOUND' },
      ]),
    );
    client = await CoreClient.create(config);
    const conflict = await failureOf(client.setCardStatus('K-BLOCKED', 'FROZEN', ctx));
    expect(conflict).toMatchObject({ code: 'CARD_STATUS_CONFLICT', retryable: false });
    expect(clientCode(conflict)).toBe('CARD_NOT_FREEZABLE');
    const missing = await failureOf(client.setCardStatus('K-OTHER', 'FROZEN', ctx, 'C-1'));
    expect(missing).toMatchObject({ code: 'CARD_NOT_FOUND' });
    expect(clientCode(missing)).toBe('CARD_NOT_FOUND');
    // read paths keep the object-level NOT_FOUND
    expect(clientCode(missing, {})).toBe('NOT_FOUND');
    expect(core.calls('SetCardStatus')).toBe(2);
  });

  it('takes an answer in another state than asked for as a broken contract (CORE_ERROR), not as done', async () => {
    fakeCore(() => responseEnvelope('SetCardStatus', `${xml.card('K-3', 'C-1')}<Changed>true</Changed>`));
    client = await CoreClient.create(config);
    expect(await failureOf(client.setCardStatus('K-3', 'FROZEN', ctx))).toMatchObject({ code: 'CORE_ERROR' });
  });

  it('refuses an empty card id or a target it does not offer without a call', async () => {
    const core = fakeCore(() => responseEnvelope('SetCardStatus', frozen('K-1')));
    client = await CoreClient.create(config);
    await expect(client.setCardStatus(' ', 'FROZEN', ctx)).rejects.toBeInstanceOf(CoreError);
    await expect(client.setCardStatus('K-1', 'BLOCKED' as 'FROZEN', ctx)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    expect(core.calls('SetCardStatus')).toBe(0);
  });
});
