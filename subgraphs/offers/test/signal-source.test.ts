// Offers' signal data: customer and accounts from accounts' relationship route with offers' own
// core read behind it (RelationshipReader), then one transactions read; kept per customer for a
// TTL, never across customers, off at TTL 0.
import DataLoader from 'dataloader';
import { Writable } from 'node:stream';
import { createLogger } from '../../../lib/logger';
import {
  type CustomerRelationship,
  RelationshipNotFoundError,
  RelationshipReader,
  type RelationshipSource,
  RelationshipUnavailableError,
} from '../../../lib/customer-relationship';
import type { CoreAccount, CoreCustomer, CoreLoaders, CoreTransaction, CoreTransactionPage, TransactionPageQuery } from '../../../legacy-adapters/soap/src';
import { SignalSource } from '../src/adapters/signal-source';

const TODAY = '2025-03-15';

function logSink() {
  let text = '';
  const log = createLogger('offers-test', new Writable({ write: (c: Buffer, _e, done) => ((text += c.toString()), done()) }));
  return { log, text: () => text };
}

/** one card purchase per account, at a merchant named after the account (so it shows whose it is) */
const txn = (accountId: string): CoreTransaction => ({
  txnId: `T-${accountId}`,
  accountId,
  bookedAt: `${TODAY}T10:00:00Z`,
  valueDate: TODAY,
  amount: '1.00',
  currency: 'EUR',
  direction: 'DEBIT',
  status: 'BOOKED',
  kind: 'CARD',
  description: 'Card purchase',
  counterpartyName: 'Someone',
  counterpartyIban: 'DE89370400440532013000',
  merchant: { merchantId: `M-${accountId}`, name: 'Shop', mcc: '5411', city: 'Berlin', country: 'DE', latitude: '52.5', longitude: '13.4' },
});
const merchantOf = (t: { merchant?: { merchantId: string } }) => t.merchant?.merchantId;

/** per-request loaders over a fake core, counting calls */
function fakeCore() {
  const calls = { customer: 0, accounts: 0, transactions: 0 };
  const loaders = () =>
    ({
      customer: new DataLoader<string, CoreCustomer>(async (ids) => {
        calls.customer++;
        return ids.map(
          (id) =>
            ({
              customerId: id,
              fullName: `Name of ${id}`,
              email: `${id}@example.com`,
              marketingConsent: true,
              customerSince: '2020-01-01',
              country: 'DE',
            }) as CoreCustomer,
        );
      }),
      accountsOfCustomer: new DataLoader<string, CoreAccount[]>(async (ids) => {
        calls.accounts++;
        return ids.map((id) => [
          { accountId: `${id}-core`, customerId: id, iban: 'DE00 SECRET', type: 'CURRENT', status: 'ACTIVE', openedOn: '2020-01-01' } as CoreAccount,
        ]);
      }),
      transactions: new DataLoader<TransactionPageQuery, CoreTransactionPage, string>(
        async (qs) => {
          calls.transactions++;
          return qs.map((q) => ({ accountId: q.accountId, transactions: [txn(q.accountId)], hasMore: false }));
        },
        { cacheKeyFn: (q) => JSON.stringify(q) },
      ),
    }) as unknown as CoreLoaders;
  return { calls, loaders };
}

/** accounts' route as a fake: answers from a table, or fails as told */
function fakeAccounts(mode: { down?: boolean } = {}) {
  const asked: string[] = [];
  const source: RelationshipSource = {
    async relationship(customerId) {
      asked.push(customerId);
      if (mode.down) throw new RelationshipUnavailableError('accounts did not answer');
      if (customerId === 'C-UNKNOWN') throw new RelationshipNotFoundError();
      const r: CustomerRelationship = {
        customer: { customerId, customerSince: '2019-05-01', country: 'DE', marketingConsent: false },
        accounts: [{ accountId: `${customerId}-acc`, type: 'SAVINGS', status: 'ACTIVE', openedOn: '2019-05-01' }],
      };
      return r;
    },
  };
  return { source, asked, mode };
}

describe('RelationshipReader', () => {
  it('takes customer and accounts from accounts: no core read', async () => {
    const core = fakeCore();
    const accounts = fakeAccounts();
    const src = new SignalSource({ reader: new RelationshipReader({ service: 'offers', accounts: accounts.source, log: logSink().log }), ttlMs: 0 });
    const data = await src.load(core.loaders(), 'C-000001', TODAY);
    expect(data.customer).toEqual({ customerId: 'C-000001', customerSince: '2019-05-01', country: 'DE', marketingConsent: false });
    expect(data.accounts.map((a) => a.accountId)).toEqual(['C-000001-acc']);
    expect(data.transactions.map(merchantOf)).toEqual(['M-C-000001-acc']);
    expect(core.calls).toEqual({ customer: 0, accounts: 0, transactions: 1 });
    // only what the signals read is kept: no descriptions, counterparties or merchant places
    expect(data.transactions[0]).toEqual({
      bookedAt: `${TODAY}T10:00:00Z`,
      amount: '1.00',
      currency: 'EUR',
      direction: 'DEBIT',
      status: 'BOOKED',
      kind: 'CARD',
      merchant: { merchantId: 'M-C-000001-acc', mcc: '5411', country: 'DE' },
    });
  });

  it('falls over to the core when accounts cannot answer, counts it and logs it without the customer id', async () => {
    const core = fakeCore();
    const accounts = fakeAccounts({ down: true });
    const sink = logSink();
    const reader = new RelationshipReader({ service: 'offers', accounts: accounts.source, log: sink.log });
    const data = await new SignalSource({ reader, ttlMs: 0 }).load(core.loaders(), 'C-000002', TODAY);
    expect(accounts.asked).toEqual(['C-000002']);
    expect(core.calls).toEqual({ customer: 1, accounts: 1, transactions: 1 });
    expect(reader.fallbacks).toBe(1);
    // projected like accounts' answer: nothing personal from the core record is kept
    expect(data.customer).toEqual({ customerId: 'C-000002', customerSince: '2020-01-01', country: 'DE', marketingConsent: true });
    expect(data.accounts).toEqual([{ accountId: 'C-000002-core', type: 'CURRENT', status: 'ACTIVE', openedOn: '2020-01-01' }]);
    expect(sink.text()).toContain('relationship from accounts unavailable');
    expect(sink.text()).not.toContain('C-000002');
  });

  it('takes an unknown customer from accounts as NOT_FOUND without asking the core again', async () => {
    const core = fakeCore();
    const reader = new RelationshipReader({ service: 'offers', accounts: fakeAccounts().source, log: logSink().log });
    await expect(new SignalSource({ reader, ttlMs: 0 }).load(core.loaders(), 'C-UNKNOWN', TODAY)).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect(core.calls).toEqual({ customer: 0, accounts: 0, transactions: 0 });
    expect(reader.fallbacks).toBe(0);
  });

  it('without accounts configured (CORE_BATCHING=off), reads the core only', async () => {
    const core = fakeCore();
    const reader = new RelationshipReader({ service: 'offers', log: logSink().log });
    expect(reader.usesAccounts).toBe(false);
    await new SignalSource({ reader, ttlMs: 0 }).load(core.loaders(), 'C-000003', TODAY);
    expect(core.calls).toEqual({ customer: 1, accounts: 1, transactions: 1 });
    expect(reader.fallbacks).toBe(0);
  });
});

describe('SignalSource cache', () => {
  const setup = (ttlMs: number) => {
    const core = fakeCore();
    const accounts = fakeAccounts();
    let now = 1_000_000;
    const src = new SignalSource({
      reader: new RelationshipReader({ service: 'offers', accounts: accounts.source, log: logSink().log }),
      ttlMs,
      now: () => now,
    });
    return { core, accounts, src, advance: (ms: number) => (now += ms) };
  };

  it('serves the same customer from the cache within the TTL: no accounts call, no core call', async () => {
    const { core, accounts, src } = setup(300_000);
    const first = await src.load(core.loaders(), 'C-000001', TODAY);
    const second = await src.load(core.loaders(), 'C-000001', TODAY);
    expect(second).toBe(first);
    expect(accounts.asked).toEqual(['C-000001']);
    expect(core.calls.transactions).toBe(1);
    expect(src.hits).toBe(1);
  });

  it("never answers one customer with another's data", async () => {
    const { core, accounts, src } = setup(300_000);
    await src.load(core.loaders(), 'C-000001', TODAY);
    const other = await src.load(core.loaders(), 'C-000002', TODAY);
    expect(other.customer.customerId).toBe('C-000002');
    expect(other.accounts.map((a) => a.accountId)).toEqual(['C-000002-acc']);
    expect(other.transactions.map(merchantOf)).toEqual(['M-C-000002-acc']);
    expect(accounts.asked).toEqual(['C-000001', 'C-000002']);
    expect(core.calls.transactions).toBe(2);
  });

  it('reads again after the TTL, and on another day (other windows)', async () => {
    const { core, accounts, src, advance } = setup(300_000);
    await src.load(core.loaders(), 'C-000001', TODAY);
    // lru-cache keeps an entry through its last millisecond: stale only once more than the TTL has passed
    advance(300_000);
    await src.load(core.loaders(), 'C-000001', TODAY);
    expect(accounts.asked).toHaveLength(1);
    advance(1);
    await src.load(core.loaders(), 'C-000001', TODAY);
    expect(accounts.asked).toHaveLength(2);
    await src.load(core.loaders(), 'C-000001', '2025-03-16');
    expect(accounts.asked).toHaveLength(3);
    expect(core.calls.transactions).toBe(3);
  });

  it('shares one read between concurrent misses of a customer, and keeps no failure', async () => {
    const { core, accounts, src } = setup(300_000);
    const [a, b] = await Promise.all([src.load(core.loaders(), 'C-000001', TODAY), src.load(core.loaders(), 'C-000001', TODAY)]);
    expect(b).toBe(a);
    expect(accounts.asked).toHaveLength(1);
    await expect(src.load(core.loaders(), 'C-UNKNOWN', TODAY)).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    await expect(src.load(core.loaders(), 'C-UNKNOWN', TODAY)).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect(accounts.asked.filter((id) => id === 'C-UNKNOWN')).toHaveLength(2);
  });

  it('TTL 0 turns it off: every load reads', async () => {
    const { core, accounts, src } = setup(0);
    expect(src.cacheEnabled).toBe(false);
    await src.load(core.loaders(), 'C-000001', TODAY);
    await src.load(core.loaders(), 'C-000001', TODAY);
    expect(accounts.asked).toHaveLength(2);
    expect(core.calls.transactions).toBe(2);
  });

  it('holds at most maxCustomers, dropping the oldest', async () => {
    const core = fakeCore();
    const accounts = fakeAccounts();
    const src = new SignalSource({
      reader: new RelationshipReader({ service: 'offers', accounts: accounts.source, log: logSink().log }),
      ttlMs: 300_000,
      maxCustomers: 2,
    });
    for (const id of ['C-1', 'C-2', 'C-3', 'C-2', 'C-1']) await src.load(core.loaders(), id, TODAY);
    // C-1 was dropped when C-3 came in; C-2 was still held
    expect(accounts.asked).toEqual(['C-1', 'C-2', 'C-3', 'C-1']);
  });
});
