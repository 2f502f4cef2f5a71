// The accounts subgraph's reads against the simulated core: profile, accounts with loan/savings
// specifics, filtered transactions with stable cursors, cards without PANs (responses and logs),
// spending, the core-call budget of the dashboard, the cache and the no-leak ownership rule.
import { categoryOfMcc } from '../../../lib/mcc-categories';
import { convertInverse, formatMinor, money } from '../../../lib/money';
import type { Txn } from '../../../core-simulator/src/data/types';
import type { RunningAccounts } from '../src/server';
import { encodeCursor } from '../src/graphql/cursor';
import { useAccountsSuite, type Harness, totalCalls } from './support/harness';
import { missing, nth } from '../../../test/support/present';

// a loaded machine (shared CI box) must not turn a slow first answer into a failure
jest.setTimeout(60000);

let h: Harness;
let accounts: RunningAccounts;

const ds = () => h.core.data.dataset;
const accountIds = (customerId: string) => h.accountIds(customerId);
const firstAccountId = (customerId: string) => nth(accountIds(customerId), 0);
const cardIds = (customerId: string) =>
  ds()
    .customerById.get(customerId)!
    .cards.map((i) => nth(ds().cards, i).cardId);
const history = (accountId: string) => h.core.data.allTransactions(ds().accountById.get(accountId)!);
const merchantOf = (t: Txn) => (t.merchant === undefined ? undefined : ds().merchants.all[t.merchant]);

useAccountsSuite((suite) => ({ h, accounts } = suite));

describe('customer and accounts', () => {
  it('gives the profile, products held and masked contact details', async () => {
    const { body } = await h.ask(
      accounts,
      'C-000001',
      '{ me { id displayName segment customerSince productCount productsHeld products { type count } contact { email phone } } }',
    );
    expect(body.errors).toBeUndefined();
    const c = ds().customerById.get('C-000001')!;
    expect(body.data.me).toEqual({
      id: 'C-000001',
      displayName: 'Mia H.',
      segment: 'PREMIER',
      customerSince: c.customerSince,
      productCount: 4,
      productsHeld: ['CARD', 'CURRENT', 'SAVINGS'],
      products: [
        { type: 'CARD', count: 1 },
        { type: 'CURRENT', count: 2 },
        { type: 'SAVINGS', count: 1 },
      ],
      contact: { email: 'm***@example.com', phone: '+49 ••• •••• 789' },
    });
    expect(JSON.stringify(body)).not.toContain(c.email);
    expect(JSON.stringify(body)).not.toContain('23456789');
  });

  it('gives each account its type, currency, masks, balance with asOf, and loan / savings / card specifics', async () => {
    const q = `{ me { accounts { id type currency status maskedNumber maskedIban openedOn interestRate creditLimit { amount currency }
      balance { available { amount currency } ledger { amount currency } asOf }
      loan { principal { amount currency } outstanding { amount currency } nextInstalment { amount { amount currency } dueOn } }
      savingsGoal { target { amount } saved { amount } progressPercent } } } }`;
    const mia = (await h.ask(accounts, 'C-000001', q)).body;
    expect(mia.errors).toBeUndefined();
    const [current, savings, card, gbp] = mia.data.me.accounts;
    expect(current).toMatchObject({ type: 'CURRENT', currency: 'EUR', loan: null, savingsGoal: null, creditLimit: null });
    expect(current.maskedNumber).toMatch(/^•••• \d{4}$/);
    expect(current.maskedIban).toMatch(/^DE\d{2} •••• •••• \d{4}$/);
    expect(Date.parse(current.balance.asOf)).not.toBeNaN();
    expect(savings).toMatchObject({
      type: 'SAVINGS',
      interestRate: '2.10',
      savingsGoal: { target: { amount: '20000.00' }, saved: { amount: '12400.00' }, progressPercent: '62.00' },
    });
    expect(card).toMatchObject({ type: 'CARD', interestRate: '16.90', creditLimit: { amount: '5000.00', currency: 'EUR' } });
    expect(gbp).toMatchObject({ type: 'CURRENT', currency: 'GBP', balance: { available: { currency: 'GBP' } } });
    const felix = (await h.ask(accounts, 'C-000004', q)).body;
    const loan = felix.data.me.accounts.find((a: { type: string }) => a.type === 'LOAN');
    expect(loan.loan.principal).toEqual({ amount: '18000.00', currency: 'EUR' });
    expect(loan.loan.outstanding).toEqual({ amount: '11250.00', currency: 'EUR' });
    expect(loan.loan.nextInstalment.dueOn).toBe('2025-02-15');
    expect(loan.loan.nextInstalment.amount.amount).toMatch(/^\d+\.\d{2}$/);
    expect(felix.data.me.accounts.find((a: { status: string }) => a.status === 'CLOSED')).toBeDefined();
  });
});

describe('transactions', () => {
  const PAGE = `query($id: ID!, $first: Int, $after: String, $filter: TransactionFilter) {
    account(id: $id) { transactions(first: $first, after: $after, filter: $filter) {
      edges { cursor node { id amount { amount currency } direction status bookedAt description category counterpartyName merchant { name mcc category city country location { lat lon } } } }
      pageInfo { hasNextPage endCursor } } } }`;
  const ids = (body: any): string[] => body.data.account.transactions.edges.map((e: { node: { id: string } }) => e.node.id);
  const minor = (t: Txn) => t.amountMinor;

  const FILTERS: Array<[string, Record<string, unknown>, (t: Txn) => boolean]> = [
    ['direction', { direction: 'CREDIT' }, (t) => t.direction === 'CREDIT'],
    ['category', { category: 'GROCERIES' }, (t) => merchantOf(t) !== undefined && categoryOfMcc(merchantOf(t)!.mcc) === 'GROCERIES'],
    ['amount range', { minAmount: '50.00', maxAmount: '100' }, (t) => minor(t) >= 5000n && minor(t) <= 10000n],
    ['text', { text: 'FRESH' }, (t) => [t.description, t.counterpartyName ?? '', merchantOf(t)?.name ?? ''].some((s) => s.toLowerCase().includes('fresh'))],
    ['date range', { from: '2025-01-10', to: '2025-01-20' }, (t) => t.valueDate >= '2025-01-10' && t.valueDate <= '2025-01-20'],
    [
      'combined',
      { direction: 'DEBIT', category: 'EATING_OUT', from: '2024-11-01', minAmount: '20.00' },
      (t) =>
        t.direction === 'DEBIT' &&
        merchantOf(t) !== undefined &&
        categoryOfMcc(merchantOf(t)!.mcc) === 'EATING_OUT' &&
        t.bookedAtMs >= Date.parse('2024-11-01') &&
        minor(t) >= 2000n,
    ],
  ];

  it.each(FILTERS)('filters by %s exactly as the core data says, and pages through the filtered list', async (_name, filter, predicate) => {
    const id = firstAccountId('C-000001');
    const truth = history(id)
      .filter(predicate)
      .map((t) => t.txnId);
    expect(truth.length).toBeGreaterThan(3);
    const full = (await h.ask(accounts, 'C-000001', PAGE, { id, first: 100, filter })).body;
    expect(full.errors).toBeUndefined();
    expect(ids(full)).toEqual(truth.slice(0, 100));
    // the same listing in pages of 3 via cursors
    const p1 = (await h.ask(accounts, 'C-000001', PAGE, { id, first: 3, filter })).body;
    const p2 = (await h.ask(accounts, 'C-000001', PAGE, { id, first: 3, filter, after: p1.data.account.transactions.pageInfo.endCursor })).body;
    expect([...ids(p1), ...ids(p2)]).toEqual(truth.slice(0, 6));
    expect(p1.data.account.transactions.pageInfo.hasNextPage).toBe(true);
    // a cursor continues only the listing it came from
    const other = await h.ask(accounts, 'C-000001', PAGE, { id, first: 3, after: p1.data.account.transactions.pageInfo.endCursor });
    expect(other.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('gives merchant details with category and location for map pins', async () => {
    const id = firstAccountId('C-000001');
    const { body } = await h.ask(accounts, 'C-000001', PAGE, { id, first: 30, filter: { category: 'GROCERIES' } });
    const node = body.data.account.transactions.edges[0].node;
    expect(node.category).toBe('GROCERIES');
    expect(node.merchant).toMatchObject({ mcc: '5411', category: 'GROCERIES', country: 'DE' });
    expect(typeof node.merchant.location.lat).toBe('number');
    const statuses = new Set(history(id).map((t) => t.status));
    expect(statuses.has('PENDING') && statuses.has('BOOKED')).toBe(true);
  });

  it.each([
    [{ first: 101 }, 'first'],
    [{ first: 0 }, 'first'],
    [{ filter: { from: '2025-02-30' } }, 'filter.from'],
    [{ filter: { from: '2025-01-20', to: '2025-01-10' } }, 'filter.from'],
    [{ filter: { minAmount: '-1.00' } }, 'filter.minAmount'],
    [{ filter: { minAmount: '1.001' } }, 'filter.minAmount'],
    [{ filter: { minAmount: '10', maxAmount: '5' } }, 'filter.minAmount'],
    [{ filter: { text: 'a' } }, 'filter.text'],
  ])('refuses %j with BAD_USER_INPUT before calling the core', async (args, argumentName) => {
    const id = firstAccountId('C-000001');
    await h.ask(accounts, 'C-000001', '{ me { accounts { id } } }');
    await h.resetCoreStats();
    const { body } = await h.ask(accounts, 'C-000001', PAGE, { id, first: 10, ...args });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName });
    expect((await h.coreCalls()).QueryTransactions ?? 0).toBe(0);
  });

  it('pages with stable cursors while a new transaction arrives: no skip, no repeat', async () => {
    const id = firstAccountId('C-000003');
    const expected = history(id)
      .slice(0, 12)
      .map((t) => t.txnId);
    const p1 = (await h.ask(accounts, 'C-000003', PAGE, { id, first: 5 })).body;
    expect(ids(p1)).toEqual(expected.slice(0, 5));
    const mid = p1.data.account.transactions.edges[2].cursor;
    // a transfer lands on top of the account's history between the two page requests
    const created = h.core.data.transfer({
      fromAccountId: id,
      toIban: 'GB82WEST12345698765432',
      toName: 'Jane Smith',
      amount: '1.00',
      currency: 'EUR',
      callerReference: `cursor-test-${Date.now()}`,
    });
    const p2 = (await h.ask(accounts, 'C-000003', PAGE, { id, first: 7, after: p1.data.account.transactions.pageInfo.endCursor })).body;
    expect([...ids(p1), ...ids(p2)]).toEqual(expected);
    const fromMiddle = (await h.ask(accounts, 'C-000003', PAGE, { id, first: 4, after: mid })).body;
    expect(ids(fromMiddle)).toEqual(expected.slice(3, 7));
    const fresh = (await h.ask(accounts, 'C-000003', PAGE, { id, first: 2 })).body;
    expect(ids(fresh)).toEqual([created.txnId, expected[0]]);
  });
});

describe('cards', () => {
  it('shows masked PANs (first 6, last 4), brand, status, expiry and linked account; no full PAN in responses or logs', async () => {
    const q = '{ me { cards { id maskedPan brand kind status expiryMonth expiryYear account { id type } } } }';
    const { body } = await h.ask(accounts, 'C-000001', q);
    expect(body.errors).toBeUndefined();
    const cards = ds()
      .customerById.get('C-000001')!
      .cards.map((i) => nth(ds().cards, i));
    expect(body.data.me.cards).toHaveLength(cards.length);
    for (const [i, c] of body.data.me.cards.entries()) {
      const truth = nth(cards, i);
      expect(c.maskedPan).toBe(`${truth.pan.slice(0, 6)}${'*'.repeat(truth.pan.length - 10)}${truth.pan.slice(-4)}`);
      expect(c).toMatchObject({ id: truth.cardId, brand: truth.brand, status: truth.status, expiryMonth: truth.expiryMonth, expiryYear: truth.expiryYear });
      expect(c.account.id).toBe(nth(ds().accounts, truth.account).accountId);
    }
    const firstCardId = nth(cards, 0).cardId;
    const one = await h.ask(accounts, 'C-000001', `{ card(id: "${firstCardId}") { id maskedPan account { id } } }`);
    expect(one.body.data.card.id).toBe(firstCardId);
    const everything = JSON.stringify(body) + JSON.stringify(one.body) + h.logs();
    expect(h.logs().length).toBeGreaterThan(0);
    for (const c of ds().cards) {
      expect(everything).not.toContain(c.pan);
    }
    expect(everything).not.toMatch(/cvv|cvc/i);
  });
});

describe('spending', () => {
  const Q = `query($period: SpendingPeriodInput, $currency: String) { me { spending(period: $period, currency: $currency) {
    from to currency total { amount currency } previousTotal { amount } change { amount } changePercent transactionCount
    categories { category label share total { amount currency } previousTotal { amount } change { amount } transactionCount }
    topMerchants { name category total { amount } transactionCount }
    conversion { currency source ratesDate rounding rates { currency base rate } } } } }`;

  /** totals per category in EUR straight from the core data, converted per category and currency */
  function truth(customerId: string, from: string, to: string) {
    const per = new Map<string, Map<string, bigint>>();
    let count = 0;
    for (const id of accountIds(customerId)) {
      const a = ds().accountById.get(id)!;
      if (a.type !== 'CURRENT' && a.type !== 'CARD') continue;
      for (const t of h.core.data.allTransactions(a)) {
        const m = merchantOf(t);
        if (!m || t.direction !== 'DEBIT' || t.status === 'REVERSED' || t.valueDate < from || t.valueDate > to) continue;
        const cat = categoryOfMcc(m.mcc);
        const byCur = per.get(cat) ?? new Map<string, bigint>();
        byCur.set(t.currency, (byCur.get(t.currency) ?? 0n) + t.amountMinor);
        per.set(cat, byCur);
        count++;
      }
    }
    const rates: Record<string, string> = { EUR: '1', GBP: '0.83605', USD: '1.0393', CHF: '0.9432', PLN: '4.2075' };
    const totals = new Map<string, string>();
    for (const [cat, byCur] of per) {
      let sum = 0n;
      for (const [cur, m] of byCur) sum += cur === 'EUR' ? m : convertInverse(money(m, cur), 'EUR', rates[cur] ?? missing(`a test rate for ${cur}`)).minor;
      totals.set(cat, formatMinor(sum, 'EUR'));
    }
    return { totals, count };
  }

  it('sums card spending of a month by category, shares adding to exactly 100.00, with the conversion stated', async () => {
    const { body } = await h.ask(accounts, 'C-000001', Q, { period: { month: '2025-01' } });
    expect(body.errors).toBeUndefined();
    const s = body.data.me.spending;
    expect(s).toMatchObject({ from: '2025-01-01', to: '2025-01-31', currency: 'EUR' });
    const t = truth('C-000001', '2025-01-01', '2025-01-31');
    const current = s.categories.filter((c: { transactionCount: number }) => c.transactionCount > 0);
    expect(new Map(current.map((c: { category: string; total: { amount: string } }) => [c.category, c.total.amount]))).toEqual(t.totals);
    expect(s.transactionCount).toBe(t.count);
    const cents = (x: string) => BigInt(x.replace('.', ''));
    expect(s.categories.reduce((a: bigint, c: { share: string }) => a + cents(c.share), 0n)).toBe(10000n);
    expect(s.categories.reduce((a: bigint, c: { total: { amount: string } }) => a + cents(c.total.amount), 0n)).toBe(cents(s.total.amount));
    // largest first
    const totals = s.categories.map((c: { total: { amount: string } }) => cents(c.total.amount));
    expect([...totals].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))).toEqual(totals);
    // the previous period and the change
    const prev = truth('C-000001', '2024-12-01', '2024-12-31');
    expect(s.previousTotal.amount).toBe(
      formatMinor(
        [...prev.totals.values()].reduce((a, v) => a + cents(v), 0n),
        'EUR',
      ),
    );
    expect(cents(s.change.amount)).toBe(cents(s.total.amount) - cents(s.previousTotal.amount));
    // Mia's GBP account spends too: the answer says how it was converted
    expect(s.conversion).toMatchObject({ currency: 'EUR', ratesDate: '2025-01-31', rates: [{ currency: 'GBP', base: 'EUR', rate: '0.83605' }] });
    expect(s.conversion.source).toMatch(/reference/i);
    expect(s.conversion.rounding).toMatch(/HALF_EVEN/);
    expect(s.topMerchants.length).toBeGreaterThan(0);
    expect(s.topMerchants.length).toBeLessThanOrEqual(5);
  });

  it('defaults to this month, takes from/to ranges and another currency, and refuses bad periods', async () => {
    const def = (await h.ask(accounts, 'C-000002', Q)).body;
    expect(def.data.me.spending).toMatchObject({ from: '2025-01-01', to: '2025-01-31' });
    const range = (await h.ask(accounts, 'C-000002', Q, { period: { from: '2025-01-10', to: '2025-01-19' } })).body;
    expect(range.data.me.spending).toMatchObject({ from: '2025-01-10', to: '2025-01-19' });
    const t = truth('C-000002', '2025-01-10', '2025-01-19');
    expect(range.data.me.spending.transactionCount).toBe(t.count);
    const usd = (await h.ask(accounts, 'C-000002', Q, { period: { month: '2025-01' }, currency: 'USD' })).body;
    expect(usd.data.me.spending.currency).toBe('USD');
    expect(usd.data.me.spending.conversion.rates).toEqual(expect.arrayContaining([{ currency: 'USD', base: 'EUR', rate: '1.0393' }]));
    for (const period of [
      { month: '2025-13' },
      { month: '2025-01', from: '2025-01-01', to: '2025-01-02' },
      { from: '2025-01-01' },
      { from: '2024-01-01', to: '2025-01-31' },
    ]) {
      const bad = (await h.ask(accounts, 'C-000002', Q, { period })).body;
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('light on the core', () => {
  const DASHBOARD = `{ me { accounts { id balance { available { amount currency } ledger { amount } asOf }
      transactions(first: 10) { edges { node { id amount { amount currency } merchant { name category } } } } }
    cards { id maskedPan status } spending { total { amount currency } categories { category share } } } }`;
  const oneAccountCustomer = () => ds().customers.find((c) => c.accounts.length === 1 && c.cards.length > 0)!.customerId;

  it.each([
    ['C-000001', 4],
    ['one-account', 1],
  ])('the dashboard of %s (%i accounts) costs at most 4 core calls, read from /admin/stats', async (who, n) => {
    const id = who === 'one-account' ? oneAccountCustomer() : who;
    expect(accountIds(id)).toHaveLength(n);
    accounts.cache.clear();
    await h.resetCoreStats();
    const { body } = await h.ask(accounts, id, DASHBOARD);
    expect(body.errors).toBeUndefined();
    expect(body.data.me.accounts).toHaveLength(n);
    const calls = await h.coreCalls();
    expect(totalCalls(calls)).toBeLessThanOrEqual(4);
    expect(calls).toEqual({ QueryAccSumm: 1, QueryAccBal: 1, QueryTransactions: 1, QueryCard: 1 });
  });

  it('CORE_BATCHING=off issues one core call per key and caches nothing', async () => {
    const naive = await h.start({ core: { ...h.coreConfig, batching: false } });
    await h.resetCoreStats();
    const { body } = await h.ask(naive, 'C-000001', DASHBOARD);
    expect(body.errors).toBeUndefined();
    const calls = await h.coreCalls();
    expect(calls.QueryAccBal).toBe(4);
    expect(calls.QueryTransactions).toBeGreaterThanOrEqual(4 + 2 * 3);
    expect(totalCalls(calls)).toBeGreaterThan(10);
    await h.resetCoreStats();
    await h.ask(naive, 'C-000001', '{ me { displayName } }');
    await h.ask(naive, 'C-000001', '{ me { displayName } }');
    expect((await h.coreCalls()).QueryCustomer).toBe(2);
  });

  it('serves profiles and card lists from a per-customer cache within the TTL, never across customers', async () => {
    const cached = await h.start({ cacheTtlMs: 60_000 });
    const q = '{ me { displayName cards { id } } }';
    await h.resetCoreStats();
    const a1 = (await h.ask(cached, 'C-000001', q)).body;
    const a2 = (await h.ask(cached, 'C-000001', q)).body;
    expect(a2).toEqual(a1);
    expect(await h.coreCalls()).toEqual({ QueryCustomer: 1, QueryCard: 1 });
    const b = (await h.ask(cached, 'C-000002', q)).body;
    expect(b.data.me.displayName).toBe('Jonas B.');
    expect(b.data.me.cards.map((c: { id: string }) => c.id)).toEqual(cardIds('C-000002'));
    expect(await h.coreCalls()).toEqual({ QueryCustomer: 2, QueryCard: 2 });
    // asking for another customer's id is refused before the cache is looked at
    const leak = (await h.ask(cached, 'C-000002', '{ customer(id: "C-000001") { displayName cards { id } } }')).body;
    expect(leak.data.customer).toBeNull();
  });

  it('expires cached entries after the TTL, and TTL 0 disables the cache', async () => {
    // long enough that two asks in a row fit in it on a loaded machine
    const short = await h.start({ cacheTtlMs: 1000 });
    const off = await h.start({ cacheTtlMs: 0 });
    const q = '{ me { displayName } }';
    await h.resetCoreStats();
    await h.ask(short, 'C-000003', q);
    await h.ask(short, 'C-000003', q);
    expect((await h.coreCalls()).QueryCustomer).toBe(1);
    await new Promise((r) => setTimeout(r, 1100));
    await h.ask(short, 'C-000003', q);
    expect((await h.coreCalls()).QueryCustomer).toBe(2);
    await h.resetCoreStats();
    await h.ask(off, 'C-000003', q);
    await h.ask(off, 'C-000003', q);
    expect((await h.coreCalls()).QueryCustomer).toBe(2);
  });
});

describe("ownership: another customer's id answers exactly like an unknown id", () => {
  const same = async (query: (id: string) => string, other: string, unknown: string, vars?: (id: string) => Record<string, unknown>) => {
    const a = (await h.ask(accounts, 'C-000001', query(other), vars?.(other))).body;
    const b = (await h.ask(accounts, 'C-000001', query(unknown), vars?.(unknown))).body;
    expect(a).toEqual(b);
    return a;
  };

  it('customer(id)', async () => {
    const body = await same((id) => `{ customer(id: "${id}") { id displayName accounts { id } spending { total { amount } } } }`, 'C-000002', 'C-999999');
    expect(body).toEqual({ data: { customer: null } });
  });

  it('account(id)', async () => {
    const body = await same(
      (id) => `{ account(id: "${id}") { id balance { available { amount } } transactions(first: 1) { edges { node { id } } } } }`,
      firstAccountId('C-000002'),
      'A-9999999',
    );
    expect(body).toEqual({ data: { account: null } });
  });

  it('card(id)', async () => {
    const other = nth(cardIds('C-000002'), 0);
    const body = await same((id) => `{ card(id: "${id}") { id maskedPan } }`, other, 'K-9999999');
    expect(body).toEqual({ data: { card: null } });
  });

  it.each(['Customer', 'Account', 'Card'])('_entities for %s', async (typename) => {
    const ids: Record<string, [string, string]> = {
      Customer: ['C-000002', 'C-999999'],
      Account: [firstAccountId('C-000002'), 'A-9999999'],
      Card: [nth(cardIds('C-000002'), 0), 'K-9999999'],
    };
    const [other, unknown] = ids[typename] ?? missing(`ids for ${typename}`);
    const q = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on ${typename} { id } } }`;
    const body = await same(
      () => q,
      other,
      unknown,
      (id) => ({ reps: [{ __typename: typename, id }] }),
    );
    expect(body).toEqual({ data: { _entities: [null] } });
  });

  it("transaction cursors: one made for another customer's account reads like garbage", async () => {
    const own = firstAccountId('C-000001');
    const q = (after: string) => `{ account(id: "${own}") { transactions(first: 2, after: "${after}") { edges { node { id } } } } }`;
    const others = encodeCursor(firstAccountId('C-000002'), { skip: 1 });
    const a = (await h.ask(accounts, 'C-000001', q(others))).body;
    const b = (await h.ask(accounts, 'C-000001', q('bm9uc2Vuc2U'))).body;
    expect(a).toEqual(b);
    expect(a.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
