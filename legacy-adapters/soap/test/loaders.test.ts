// Per-request DataLoaders: one round trip per operation type per tick where the core batches,
// split at the core's limits; per-key calls deduplicated.
import { CoreClient, type CoreClientConfig } from '../src';
import { transactionQueryKey } from '../src/loaders';
import { WSDL_URL, element, elements, fakeCore, responseEnvelope, useCannedCore, xml } from './support/soap-core-nock';

const config: CoreClientConfig = { wsdlUrl: WSDL_URL, timeoutMs: 2000, maxConcurrency: 8, readRetries: 0 };
const ctx = { requestId: 'req-1' };

let client: CoreClient | undefined;

useCannedCore(async () => {
  await client?.close();
  client = undefined;
});

/** A core that answers balances and transaction pages for whatever ids it is asked. */
function echoingCore() {
  return fakeCore((req) => {
    if (req.operation === 'QueryAccBal') {
      return responseEnvelope(
        'QueryAccBal',
        `<Balances>${elements(req.body, 'AccountId')
          .map((id) => xml.balance(id))
          .join('')}</Balances>`,
      );
    }
    if (req.operation === 'QueryTransactions') {
      const pages = elements(req.body, 'AccountId').map((id) => xml.page(id, [xml.transaction(`T-${id}`, id)]));
      return responseEnvelope('QueryTransactions', `<Pages>${pages.join('')}</Pages>`);
    }
    if (req.operation === 'QueryCustomer') return responseEnvelope('QueryCustomer', xml.customer(element(req.body, 'CustomerId')));
    throw new Error(`unexpected ${req.operation}`);
  });
}

describe('core loaders', () => {
  it('loads all balances and all transaction pages of one tick in ONE call each', async () => {
    const core = echoingCore();
    client = await CoreClient.create(config);
    const l = client.loaders(ctx);
    const ids = ['A-1', 'A-2', 'A-3', 'A-4'];
    const [balances, pages] = await Promise.all([
      Promise.all(ids.map((id) => l.balance.load(id))),
      Promise.all(ids.map((id) => l.transactions.load({ accountId: id, pageSize: 20 }))),
    ]);
    expect(balances.map((b) => b.accountId)).toEqual(ids);
    expect(pages.map((p) => p.transactions[0]?.txnId)).toEqual(ids.map((id) => `T-${id}`));
    expect(core.calls('QueryAccBal')).toBe(1);
    expect(core.calls('QueryTransactions')).toBe(1);
    const balReq = core.state.requests.find((r) => r.operation === 'QueryAccBal')!;
    expect(elements(balReq.body, 'AccountId')).toEqual(ids);
    expect(elements(core.state.requests.find((r) => r.operation === 'QueryTransactions')!.body, 'PageSize')).toEqual(['20', '20', '20', '20']);
  });

  it('splits above the core limits: 100 ids per QueryAccBal, 50 queries per QueryTransactions', async () => {
    const core = echoingCore();
    client = await CoreClient.create(config);
    const l = client.loaders(ctx);
    const ids = Array.from({ length: 150 }, (_, i) => `A-${i}`);
    const balances = await Promise.all(ids.map((id) => l.balance.load(id)));
    const pages = await Promise.all(ids.slice(0, 60).map((id) => l.transactions.load({ accountId: id, pageSize: 5 })));
    expect(balances.map((b) => b.accountId)).toEqual(ids);
    expect(pages.map((p) => p.accountId)).toEqual(ids.slice(0, 60));
    const sizes = (op: string, el: string) => core.state.requests.filter((r) => r.operation === op).map((r) => elements(r.body, el).length);
    expect(sizes('QueryAccBal', 'AccountId').sort((a, b) => b - a)).toEqual([100, 50]);
    expect(sizes('QueryTransactions', 'PageSize').sort((a, b) => b - a)).toEqual([50, 10]);
  });

  it('asks once for a key loaded twice, and again in a new request', async () => {
    const core = echoingCore();
    client = await CoreClient.create(config);
    const l = client.loaders(ctx);
    await Promise.all([l.customer.load('C-1'), l.customer.load('C-1'), l.customer.load('C-2')]);
    await l.customer.load('C-1');
    expect(core.calls('QueryCustomer')).toBe(2);
    await Promise.all([l.transactions.load({ accountId: 'A-1', pageSize: 5 }), l.transactions.load({ pageSize: 5, accountId: 'A-1', afterKey: undefined })]);
    expect(core.calls('QueryTransactions')).toBe(1);
    expect(elements(core.state.requests.find((r) => r.operation === 'QueryTransactions')!.body, 'AccountId')).toEqual(['A-1']);
    await client.loaders(ctx).customer.load('C-1');
    expect(core.calls('QueryCustomer')).toBe(3);
  });

  it('keys transaction queries by value, whatever the property order', () => {
    expect(transactionQueryKey({ accountId: 'A', pageSize: 5, afterKey: 'k' })).toBe(transactionQueryKey({ afterKey: 'k', pageSize: 5, accountId: 'A' }));
    expect(transactionQueryKey({ accountId: 'A', pageSize: 5 })).not.toBe(transactionQueryKey({ accountId: 'A', pageSize: 6 }));
    expect(transactionQueryKey({ accountId: 'A', pageSize: 5 })).not.toBe(transactionQueryKey({ accountId: 'A', pageSize: 5, fromDate: '2025-01-01' }));
  });

  it('fails all keys of a batch with the system error when the batch call fails', async () => {
    fakeCore(() => ({ status: 503, body: 'down' }));
    client = await CoreClient.create(config);
    const l = client.loaders(ctx);
    const results = await Promise.allSettled(['A-1', 'A-2'].map((id) => l.balance.load(id)));
    expect(results.map((r) => (r as PromiseRejectedResult).reason?.code)).toEqual(['CORE_UNAVAILABLE', 'CORE_UNAVAILABLE']);
  });
});
