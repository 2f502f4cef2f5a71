// How the core's failures reach callers: FAILURE with the core's business code (per key in
// batches), SOAP Faults and broken connections as system codes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { CoreClient, type CoreClientConfig } from '../src';
import { freePort } from '../../../scripts/lib/processes';
import {
  WSDL_URL,
  element,
  elements,
  failureEnvelope,
  fakeCore,
  faultEnvelope,
  queriesOf,
  responseEnvelope,
  useCannedCore,
  xml,
} from './support/soap-core-nock';
import { failureOf } from './support/core-errors';

const config: CoreClientConfig = { wsdlUrl: WSDL_URL, timeoutMs: 2000, maxConcurrency: 4, readRetries: 0 };
const ctx = { requestId: 'req-1' };

let client: CoreClient | undefined;

useCannedCore(async () => {
  await client?.close();
  client = undefined;
});

describe('SOAP adapter: business failures', () => {
  it('turns Status FAILURE into a CoreError with the core code, not retryable', async () => {
    fakeCore(() => failureEnvelope('QueryCustomer', [{ code: 'CUSTOMER_NOT_FOUND', message: 'no customer C-404' }]));
    client = await CoreClient.create({ ...config, readRetries: 2 });
    const err = await failureOf(client.loaders(ctx).customer.load('C-404'));
    expect(err).toMatchObject({ code: 'CUSTOMER_NOT_FOUND', operation: 'QueryCustomer', retryable: false, message: 'no customer C-404' });
    // a business answer is final: no retry even though retries are allowed
    expect(client.stats().QueryCustomer).toMatchObject({ calls: 1, retries: 0 });
  });

  it('fails only the key a batch error names (Ref); the other keys still get balances', async () => {
    const core = fakeCore(() =>
      responseEnvelope('QueryAccBal', `<Balances>${xml.balance('A-1', '10.00')}${xml.balance('A-3', '30.00')}</Balances>`, {
        status: 'FAILURE',
        errors: [{ code: 'ACCOUNT_NOT_FOUND', message: 'unknown account', ref: 'A-2' }],
      }),
    );
    client = await CoreClient.create(config);
    const l = client.loaders(ctx);
    const [a1, a2, a3] = await Promise.allSettled(['A-1', 'A-2', 'A-3'].map((id) => l.balance.load(id)));
    expect(core.calls('QueryAccBal')).toBe(1);
    expect(a1).toMatchObject({ status: 'fulfilled', value: { accountId: 'A-1', available: '10.00' } });
    expect(a3).toMatchObject({ status: 'fulfilled', value: { accountId: 'A-3', available: '30.00' } });
    expect(a2?.status).toBe('rejected');
    expect((a2 as PromiseRejectedResult).reason).toMatchObject({ code: 'ACCOUNT_NOT_FOUND', ref: 'A-2', operation: 'QueryAccBal' });
  });

  it('fails every key of a batch on an error without Ref', async () => {
    fakeCore(() => failureEnvelope('QueryAccBal', [{ code: 'INVALID_REQUEST', message: 'bad ids' }]));
    client = await CoreClient.create(config);
    const l = client.loaders(ctx);
    const results = await Promise.allSettled(['A-1', 'A-2'].map((id) => l.balance.load(id)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(results.map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(['INVALID_REQUEST', 'INVALID_REQUEST']);
  });

  it('treats a key the core silently left out as a system error, not as a missing account', async () => {
    fakeCore(() => responseEnvelope('QueryAccBal', `<Balances>${xml.balance('A-1')}</Balances>`));
    client = await CoreClient.create(config);
    const l = client.loaders(ctx);
    const [, a2] = await Promise.allSettled(['A-1', 'A-2'].map((id) => l.balance.load(id)));
    expect((a2 as PromiseRejectedResult).reason).toMatchObject({ code: 'CORE_ERROR', ref: 'A-2' });
  });

  it("gives each transaction query its own page or its own error (Ref = QueryId), never another query's, in ONE call", async () => {
    // answers like a v1.1 core: pages echo the QueryId, refused queries are named by it in Ref
    const core = fakeCore((req) => {
      const queries = queriesOf(req.body).map((query) => ({
        accountId: element(query, 'AccountId'),
        afterKey: elements(query, 'AfterKey').at(0),
        queryId: element(query, 'QueryId'),
      }));
      const pages: string[] = [];
      const errors: Array<{ code: string; ref: string }> = [];
      for (const q of queries) {
        if (q.accountId === 'A-2') errors.push({ code: 'ACCOUNT_NOT_FOUND', ref: q.queryId });
        else if (q.afterKey === 'bad') errors.push({ code: 'INVALID_REQUEST', ref: q.queryId });
        else {
          const page = xml.page(q.accountId, [xml.transaction(q.afterKey ? `T-${q.accountId}-after-${q.afterKey}` : `T-${q.accountId}-first`, q.accountId)]);
          pages.push(page.replace(/<\/Page>$/, `<QueryId>${q.queryId}</QueryId></Page>`));
        }
      }
      // answered in another order than asked: matching must go by QueryId
      pages.reverse();
      return responseEnvelope('QueryTransactions', pages.length ? `<Pages>${pages.join('')}</Pages>` : '', {
        status: pages.length ? 'SUCCESS' : 'FAILURE',
        errors,
      });
    });
    client = await CoreClient.create(config);
    const l = client.loaders(ctx);
    const results = await Promise.allSettled([
      l.transactions.load({ accountId: 'A-1', pageSize: 1, afterKey: 'bad' }),
      l.transactions.load({ accountId: 'A-2', pageSize: 1 }),
      l.transactions.load({ accountId: 'A-1', pageSize: 1, afterKey: 'k1' }),
      l.transactions.load({ accountId: 'A-3', pageSize: 5 }),
      l.transactions.load({ accountId: 'A-1', pageSize: 5 }),
    ]);
    expect(results[0]).toMatchObject({ status: 'rejected', reason: { code: 'INVALID_REQUEST', ref: 'A-1' } });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: 'ACCOUNT_NOT_FOUND', ref: 'A-2' } });
    expect(results[2]).toMatchObject({ status: 'fulfilled', value: { accountId: 'A-1', transactions: [{ txnId: 'T-A-1-after-k1' }] } });
    expect(results[3]).toMatchObject({ status: 'fulfilled', value: { accountId: 'A-3', transactions: [{ txnId: 'T-A-3-first' }] } });
    expect(results[4]).toMatchObject({ status: 'fulfilled', value: { accountId: 'A-1', transactions: [{ txnId: 'T-A-1-first' }] } });
    expect((results[4] as PromiseFulfilledResult<unknown>).value).not.toHaveProperty('queryId');
    // several asks about one account share the call: the QueryId tells their answers apart
    expect(core.calls('QueryTransactions')).toBe(1);
    expect(core.state.requests.map((r) => elements(r.body, 'QueryId'))).toEqual([['0', '1', '2', '3', '4']]);
  });

  it('reads a v1.0 core (no QueryId echoed) by account, and never guesses between two asks about one account', async () => {
    const core = fakeCore((req) => {
      const accounts = queriesOf(req.body).map((query) => element(query, 'AccountId'));
      const pages = accounts.map((a) => xml.page(a, [xml.transaction(`T-${a}`, a)]));
      return responseEnvelope('QueryTransactions', `<Pages>${pages.join('')}</Pages>`);
    });
    client = await CoreClient.create(config);
    const l = client.loaders(ctx);
    const results = await Promise.allSettled([
      l.transactions.load({ accountId: 'A-1', pageSize: 1 }),
      l.transactions.load({ accountId: 'A-2', pageSize: 1 }),
      l.transactions.load({ accountId: 'A-2', pageSize: 9 }),
    ]);
    expect(results[0]).toMatchObject({ status: 'fulfilled', value: { accountId: 'A-1', transactions: [{ txnId: 'T-A-1' }] } });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: 'CORE_ERROR' } });
    expect(results[2]).toMatchObject({ status: 'rejected', reason: { code: 'CORE_ERROR' } });
    expect(core.calls('QueryTransactions')).toBe(1);
  });

  it('refuses a transfer whose amount is not a positive decimal string, without calling the core', async () => {
    const core = fakeCore(() => responseEnvelope('CreateTransaction', xml.transferResult('r', '1.00')));
    client = await CoreClient.create(config);
    const base = { fromAccountId: 'A-1', toAccountId: 'A-2', currency: 'EUR', callerReference: 'r' };
    for (const amount of [0.1 as unknown as string, '1e3', '-5.00', '0.00', '1,00']) {
      expect(await failureOf(client.createTransaction({ ...base, amount }, ctx))).toMatchObject({ code: 'INVALID_AMOUNT' });
    }
    expect(await failureOf(client.createTransaction({ ...base, toIban: 'DE02120300000000202051', amount: '1.00' }, ctx))).toMatchObject({
      code: 'INVALID_REQUEST',
    });
    expect(core.calls()).toBe(0);
  });

  it('passes a business refusal of a transfer through with its code', async () => {
    fakeCore(() => failureEnvelope('CreateTransaction', [{ code: 'INSUFFICIENT_FUNDS', message: 'not enough money' }]));
    client = await CoreClient.create(config);
    const err = await failureOf(
      client.createTransaction({ fromAccountId: 'A-1', toAccountId: 'A-2', amount: '5.00', currency: 'EUR', callerReference: 'r-1' }, ctx),
    );
    expect(err).toMatchObject({ code: 'INSUFFICIENT_FUNDS', operation: 'CreateTransaction', retryable: false });
  });
});

describe('SOAP adapter: system failures', () => {
  it.each([
    ['SYSTEM_ERROR', 'CORE_ERROR'],
    ['SESSION_LIMIT', 'CORE_BUSY'],
    ['TIMEOUT', 'CORE_TIMEOUT'],
  ])('maps a SOAP Fault %s to %s (retryable)', async (fault, code) => {
    fakeCore(() => faultEnvelope(fault));
    client = await CoreClient.create(config);
    const err = await failureOf(client.loaders(ctx).customer.load('C-1'));
    expect(err).toMatchObject({ code, retryable: true, operation: 'QueryCustomer' });
    expect(err.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(client.stats().QueryCustomer).toMatchObject({ calls: 1, errors: 1 });
  });

  it('maps a connection reset to CORE_UNAVAILABLE', async () => {
    // a core that drops the connection as soon as a request arrives
    const rude: Server = createServer((req) => req.socket.destroy());
    await new Promise<void>((r) => rude.listen(0, '127.0.0.1', r));
    nock.enableNetConnect('127.0.0.1');
    try {
      client = await CoreClient.create({ ...config, endpointUrl: `http://127.0.0.1:${(rude.address() as AddressInfo).port}/core` });
      expect(await failureOf(client.loaders(ctx).customer.load('C-1'))).toMatchObject({ code: 'CORE_UNAVAILABLE', retryable: true });
    } finally {
      nock.disableNetConnect();
      await new Promise((r) => rude.close(r));
    }
  });

  it('maps HTTP 503 without a SOAP answer to CORE_UNAVAILABLE and an unreadable 200 to CORE_ERROR', async () => {
    let n = 0;
    fakeCore(() => (n++ === 0 ? { status: 503, body: 'Service Unavailable' } : { status: 200, body: '<html>oops</html>' }));
    client = await CoreClient.create(config);
    expect(await failureOf(client.loaders(ctx).customer.load('C-1'))).toMatchObject({ code: 'CORE_UNAVAILABLE' });
    expect(await failureOf(client.loaders(ctx).customer.load('C-1'))).toMatchObject({ code: 'CORE_ERROR' });
  });

  it('maps connection refused (nothing listening) to CORE_UNAVAILABLE', async () => {
    const port = await freePort();
    nock.enableNetConnect('127.0.0.1');
    try {
      client = await CoreClient.create({ ...config, endpointUrl: `http://127.0.0.1:${port}/core` });
      expect(await failureOf(client.loaders(ctx).accountsOfCustomer.load('C-1'))).toMatchObject({ code: 'CORE_UNAVAILABLE', retryable: true });
    } finally {
      nock.disableNetConnect();
    }
  });
});
