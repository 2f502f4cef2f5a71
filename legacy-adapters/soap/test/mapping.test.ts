// What the adapter sends (header block, body in schema order) and how it reads answers: decimals
// stay text, lists that are absent / single / repeated all become arrays.
import { Writable } from 'node:stream';
import { createLogger } from '../../../lib/logger';
import { CoreClient, type CoreClientConfig } from '../src';
import { XmlReader } from '../src/mapping';
import { WSDL_URL, element, elements, fakeCore, responseEnvelope, useCannedCore, xml } from './support/soap-core-nock';
import { missing, nth } from '../../../test/support/present';

const config: CoreClientConfig = { wsdlUrl: WSDL_URL, timeoutMs: 2000, maxConcurrency: 4, readRetries: 0, sourceSystem: 'CB-TEST' };
const ctx = { requestId: 'req-1', userId: 'web' };

let client: CoreClient | undefined;

useCannedCore(async () => {
  await client?.close();
  client = undefined;
});

describe('SOAP adapter: requests', () => {
  it('sends the header block with source system, user, branch, operation and a fresh uuid MessageId', async () => {
    const core = fakeCore(() => responseEnvelope('QueryCustomer', xml.customer('C-1')));
    client = await CoreClient.create(config);
    const loaders = client.loaders(ctx);
    await loaders.customer.load('C-1');
    await client.loaders(ctx).customer.load('C-1');

    expect(core.calls('QueryCustomer')).toBe(2);
    const [first, second] = [nth(core.state.requests, 0), nth(core.state.requests, 1)];
    expect(first.body).toMatch(/<(\w+:)?QueryCustomerRequest[^>]*xmlns(:\w+)?="urn:corebridge:core:v1"/);
    expect(elements(first.body, 'SourceSystem')).toEqual(['CB-TEST']);
    expect(elements(first.body, 'UserId')).toEqual(['web']);
    expect(elements(first.body, 'Branch')).toEqual(['000']);
    expect(elements(first.body, 'Operation')).toEqual(['QueryCustomer']);
    expect(elements(first.body, 'CustomerId')).toEqual(['C-1']);
    const [id1] = elements(first.body, 'MessageId');
    const [id2] = elements(second.body, 'MessageId');
    expect(id1).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id2).not.toBe(id1);
    // the header block comes first, as the schema's sequence demands
    expect(first.body.indexOf('Header>')).toBeLessThan(first.body.indexOf('CustomerId>'));
  });

  it('sends the endpoint the WSDL was published at, not the stale address inside it', async () => {
    // the WSDL says 127.0.0.1:8081; nothing listens there in this test
    const core = fakeCore(() => responseEnvelope('QueryAccSumm', '<Accounts/>'));
    client = await CoreClient.create(config);
    await expect(client.loaders(ctx).accountsOfCustomer.load('C-1')).resolves.toEqual([]);
    expect(core.calls('QueryAccSumm')).toBe(1);
  });

  it('sends transfers with the amount as given and fields in schema order', async () => {
    const core = fakeCore(() => responseEnvelope('CreateTransaction', xml.transferResult('ref-1', '1000000000000000.01')));
    client = await CoreClient.create(config);
    const result = await client.createTransaction(
      { fromAccountId: 'A-1', toIban: 'DE02120300000000202051', toName: 'Bob', amount: '1000000000000000.01', currency: 'EUR', callerReference: 'ref-1' },
      ctx,
    );
    expect(result).toEqual({
      txnId: 'T-9',
      callerReference: 'ref-1',
      status: 'BOOKED',
      bookedAt: '2025-01-31T10:00:00Z',
      amount: '1000000000000000.01',
      currency: 'EUR',
      replayed: false,
    });
    const body = nth(core.state.requests, 0).body;
    expect(elements(body, 'Amount')).toEqual(['1000000000000000.01']);
    expect(elements(body, 'ToAccountId')).toEqual([]);
    const order = ['FromAccountId', 'ToIban', 'ToName', 'Amount', 'Currency', 'CallerReference'].map((n) => body.indexOf(`${n}>`));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe('SOAP adapter: answers', () => {
  it('keeps xsd:decimal amounts as the exact strings the core sent (no float anywhere)', async () => {
    // 2^53 + 1 and a tenth: both change when they pass through a JS number
    fakeCore(() =>
      responseEnvelope('QueryAccBal', `<Balances>${xml.balance('A-1', '9007199254740993.10', '0.1')}${xml.balance('A-2', '-0.30', '+5.')}</Balances>`),
    );
    client = await CoreClient.create(config);
    const loaders = client.loaders(ctx);
    const [a1, a2] = await Promise.all([loaders.balance.load('A-1'), loaders.balance.load('A-2')]);
    expect(a1).toEqual({ accountId: 'A-1', currency: 'EUR', available: '9007199254740993.10', ledger: '0.1', asOf: '2025-01-31T10:00:00Z' });
    expect(typeof a1.available).toBe('string');
    expect(a2.available).toBe('-0.30');
    expect(a2.ledger).toBe('5');
  });

  it('refuses a decimal that reached it as a JS number', () => {
    const r = XmlReader.of({ Amount: 0.1 }, 'QueryAccBal', 'Balance');
    expect(() => r.decimal('Amount')).toThrow(expect.objectContaining({ code: 'CORE_ERROR' }));
    expect(XmlReader.of({ Amount: '0.10' }, 'QueryAccBal', 'Balance').decimal('Amount')).toBe('0.10');
  });

  it('reads customers with booleans and dates as sent', async () => {
    fakeCore(() => responseEnvelope('QueryCustomer', xml.customer('C-7')));
    client = await CoreClient.create(config);
    await expect(client.loaders(ctx).customer.load('C-7')).resolves.toEqual({
      customerId: 'C-7',
      fullName: 'Ada Example',
      shortName: 'Ada',
      segment: 'PREMIER',
      customerSince: '2011-04-02',
      birthDate: '1980-01-15',
      email: 'ada@example.test',
      phone: '+491700000000',
      country: 'DE',
      city: 'Berlin',
      marketingConsent: true,
      eStatements: false,
    });
  });

  it('maps absent, single and repeated list elements to arrays, optional decimals as strings', async () => {
    const answers: Record<string, string> = {
      'C-none': responseEnvelope('QueryAccSumm', ''),
      'C-empty': responseEnvelope('QueryAccSumm', '<Accounts/>'),
      'C-one': responseEnvelope('QueryAccSumm', `<Accounts>${xml.account('A-1', 'C-one', '<InterestRate>1.250</InterestRate>')}</Accounts>`),
      'C-two': responseEnvelope('QueryAccSumm', `<Accounts>${xml.account('A-2', 'C-two')}${xml.account('A-3', 'C-two')}</Accounts>`),
    };
    fakeCore((req) => {
      const id = element(req.body, 'CustomerId');
      return answers[id] ?? missing(`a canned answer for ${id}`);
    });
    client = await CoreClient.create(config);
    const l = client.loaders(ctx);
    const [none, empty, one, two] = await Promise.all([
      l.accountsOfCustomer.load('C-none'),
      l.accountsOfCustomer.load('C-empty'),
      l.accountsOfCustomer.load('C-one'),
      l.accountsOfCustomer.load('C-two'),
    ]);
    expect(none).toEqual([]);
    expect(empty).toEqual([]);
    expect(one).toHaveLength(1);
    expect(one[0]).toMatchObject({ accountId: 'A-1', type: 'CURRENT', status: 'ACTIVE', openedOn: '2015-06-01', interestRate: '1.250' });
    expect(one[0]).not.toHaveProperty('creditLimit');
    expect(two.map((a) => a.accountId)).toEqual(['A-2', 'A-3']);
  });

  it('reads transaction pages with merchant, empty pages and next keys', async () => {
    fakeCore(() =>
      responseEnvelope('QueryTransactions', `<Pages>${xml.page('A-1', [xml.transaction('T-1', 'A-1', '12.30')], true, 'k-1')}${xml.page('A-2', [])}</Pages>`),
    );
    client = await CoreClient.create(config);
    const l = client.loaders(ctx);
    const [p1, p2] = await Promise.all([l.transactions.load({ accountId: 'A-1', pageSize: 1 }), l.transactions.load({ accountId: 'A-2', pageSize: 1 })]);
    expect(p1).toEqual({
      accountId: 'A-1',
      hasMore: true,
      nextKey: 'k-1',
      transactions: [
        {
          txnId: 'T-1',
          accountId: 'A-1',
          bookedAt: '2025-01-30T08:15:00Z',
          valueDate: '2025-01-30',
          amount: '12.30',
          currency: 'EUR',
          direction: 'DEBIT',
          status: 'BOOKED',
          kind: 'CARD',
          description: 'Coffee',
          merchant: { merchantId: 'M1', name: 'Bean Bar', mcc: '5814', city: 'Berlin', country: 'DE', latitude: '52.520008', longitude: '13.404954' },
        },
      ],
    });
    expect(p2).toEqual({ accountId: 'A-2', transactions: [], hasMore: false });
  });

  it('reads cards with integer expiry; a customer without cards has none', async () => {
    fakeCore((req) =>
      elements(req.body, 'CustomerId')[0] === 'C-1'
        ? responseEnvelope('QueryCard', `<Cards>${xml.card('K-1', 'C-1')}</Cards>`)
        : responseEnvelope('QueryCard', '', { errors: [{ code: 'CARD_NOT_FOUND', message: 'no cards' }] }),
    );
    client = await CoreClient.create(config);
    const l = client.loaders(ctx);
    await expect(l.cardsOfCustomer.load('C-1')).resolves.toEqual([
      {
        cardId: 'K-1',
        customerId: 'C-1',
        accountId: 'A-1',
        maskedPan: '411111******1111',
        brand: 'VISA',
        kind: 'DEBIT',
        status: 'ACTIVE',
        expiryMonth: 7,
        expiryYear: 2028,
      },
    ]);
    await expect(l.cardsOfCustomer.load('C-2')).resolves.toEqual([]);
  });

  it('looks a card up by PAN without the PAN reaching a log or an error', async () => {
    const pan = '4111111111111111';
    const unknownPan = '5500005555555559';
    fakeCore((req) =>
      elements(req.body, 'Pan')[0] === pan
        ? responseEnvelope('QueryCard', `<Cards>${xml.card('K-1', 'C-1')}</Cards>`)
        : req.body.includes('6011000990139424')
          ? responseEnvelope('QueryCard', '', { errors: [{ code: 'INVALID_REQUEST', message: 'bad pan 6011000990139424', ref: '6011000990139424' }] })
          : responseEnvelope('QueryCard', '', { errors: [{ code: 'CARD_NOT_FOUND', message: `no card ${unknownPan}` }] }),
    );
    const lines: string[] = [];
    const log = createLogger(
      'soap-test',
      new Writable({
        write(c, _e, cb) {
          lines.push(String(c));
          cb();
        },
      }),
    );
    log.level = 'debug';
    client = await CoreClient.create(config, { log });
    const l = client.loaders(ctx);
    await expect(l.cardByPan.load(pan)).resolves.toMatchObject({ cardId: 'K-1', maskedPan: '411111******1111' });
    await expect(l.cardByPan.load(unknownPan)).resolves.toBeNull();
    const err = await l.cardByPan.load('6011000990139424').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'INVALID_REQUEST' });
    expect(JSON.stringify(err) + String((err as Error).message)).not.toContain('6011000990139424');
    expect((err as { ref?: string }).ref).toBe('601100******9424');
    const out = lines.join('');
    expect(lines.length).toBeGreaterThanOrEqual(3); // one debug line per call at least
    for (const p of [pan, unknownPan, '6011000990139424']) expect(out).not.toContain(p);
  });
});
