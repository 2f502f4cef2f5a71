// The simulator's seeded bank: determinism, scale, valid identifiers, the demo customers, and
// histories that are newest first and end at the anchor date.
import { buildDataset, type Dataset } from '../src/data/dataset';
import { PENDING_DAYS } from '../src/data/history';
import { isValidIban, makeIban } from '../src/data/iban';
import { maskPan } from '../../lib/pan-masking';
import { brandOfPan, isValidLuhn, luhnCheckDigit } from '../src/data/pan';
import { hash3, Rng } from '../src/prng';
import type { Txn } from '../src/data/types';
import { missing } from '../../test/support/present';

const ANCHOR = '2025-06-30';
const ANCHOR_END_MS = Date.UTC(2025, 5, 30) + 86_400_000;
const DAY_MS = 86_400_000;

/** Everything a dataset holds that could differ, as comparable plain data. */
function snapshot(d: Dataset, sampleEvery = 97) {
  return {
    customers: d.customers,
    accounts: d.accounts,
    cards: d.cards,
    total: d.generatedTransactions,
    histories: d.accounts.filter((_, i) => i % sampleEvery === 0).map((a) => d.generator.generate(a)),
  };
}

function isNewestFirst(list: Txn[]): boolean {
  for (let i = 1; i < list.length; i++) {
    const a = list.at(i - 1)!;
    const b = list.at(i)!;
    if (a.bookedAtMs < b.bookedAtMs) return false;
    if (a.bookedAtMs === b.bookedAtMs && a.txnId <= b.txnId) return false;
  }
  return true;
}

describe('seeded PRNG', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const seq = (seed: number) =>
      Array.from(
        { length: 8 },
        (
          (r) => () =>
            r.u32()
        )(new Rng(seed)),
      );
    expect(seq(42)).toEqual(seq(42));
    expect(seq(42)).not.toEqual(seq(43));
    expect(hash3(42, 1, 2)).toBe(hash3(42, 1, 2));
    expect(hash3(42, 1, 2)).not.toBe(hash3(42, 2, 1));
  });

  it('keeps draws in range', () => {
    const r = new Rng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) seen.add(r.int(-3, 3));
    expect([...seen].sort((x, y) => x - y)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
  });
});

describe('IBAN and PAN helpers', () => {
  it('validates IBANs by mod-97 and builds valid ones', () => {
    expect(isValidIban('GB82 WEST 1234 5698 7654 32')).toBe(true); // the ISO 13616 example
    expect(isValidIban('GB82WEST12345698765433')).toBe(false);
    expect(isValidIban('DE89370400440532013000')).toBe(true);
    expect(isValidIban('DE89370400440532013001')).toBe(false);
    const built = makeIban('NL', 'ABNA0417164300');
    expect(built).toBe('NL91ABNA0417164300');
    expect(isValidIban(built)).toBe(true);
  });

  it('validates PANs by Luhn and masks them to first 6 + last 4', () => {
    expect(isValidLuhn('4111111111111111')).toBe(true);
    expect(isValidLuhn('4111111111111112')).toBe(false);
    expect(luhnCheckDigit('411111111111111')).toBe(1);
    expect(isValidLuhn('5555555555554444')).toBe(true);
    expect(maskPan('4111111111111111')).toBe('411111******1111');
  });
});

describe('seeded bank (10,000 customers, default scale)', () => {
  let d: Dataset;
  beforeAll(() => {
    d = buildDataset({ seed: 42, customers: 10_000, anchorDate: ANCHOR });
  });

  it('holds at least 1,000,000 transactions', () => {
    expect(d.customers).toHaveLength(10_000);
    expect(d.generatedTransactions).toBeGreaterThanOrEqual(1_000_000);
    expect(d.generatedTransactions).toBe(d.accounts.reduce((s, a) => s + a.txnCount, 0));
  });

  it('generates exactly the counted number of transactions for each account', () => {
    const wrong = d.accounts.filter((a, i) => i % 151 === 0 && d.generator.generate(a).length !== a.txnCount);
    expect(wrong.map((a) => a.accountId)).toEqual([]);
  });

  it('gives customers sequential ids and 1 to 4 accounts each', () => {
    expect(d.customers[0]?.customerId).toBe('C-000001');
    expect(d.customers[9999]?.customerId).toBe('C-010000');
    expect(d.customers.filter((c) => c.accounts.length < 1 || c.accounts.length > 4)).toEqual([]);
    const types = new Set(d.accounts.map((a) => a.type));
    expect([...types].sort()).toEqual(['CARD', 'CURRENT', 'LOAN', 'SAVINGS']);
  });

  it('has mostly EUR accounts, some in GBP, USD, CHF and PLN, and multi-currency customers', () => {
    const byCurrency: Record<string, number> = {};
    for (const a of d.accounts) byCurrency[a.currency] = (byCurrency[a.currency] ?? 0) + 1;
    expect((byCurrency.EUR ?? 0) / d.accounts.length).toBeGreaterThan(0.8);
    for (const cur of ['GBP', 'USD', 'CHF', 'PLN']) expect(byCurrency[cur]).toBeGreaterThan(50);
    const multi = d.customers.filter((c) => new Set(c.accounts.map((i) => (d.accounts[i] ?? missing(`account ${i}`)).currency)).size > 1);
    expect(multi.length).toBeGreaterThan(100);
  });

  it('gives every account a unique IBAN with valid mod-97 check digits', () => {
    const bad = d.accounts.filter((a) => !isValidIban(a.iban) || !a.iban.endsWith(a.accountNumber) || !a.iban.startsWith('DE'));
    expect(bad.map((a) => a.iban)).toEqual([]);
    expect(new Set(d.accounts.map((a) => a.iban)).size).toBe(d.accounts.length);
  });

  it('issues cards with unique Luhn-valid PANs, VISA on 4 and MASTERCARD on 5, debit on current and credit on card accounts', () => {
    const bad = d.cards.filter((c) => {
      const account = d.accounts[c.account] ?? missing(`account ${c.account}`);
      return (
        !isValidLuhn(c.pan) ||
        c.pan.length !== 16 ||
        brandOfPan(c.pan) !== c.brand ||
        c.kind !== (account.type === 'CARD' ? 'CREDIT' : 'DEBIT') ||
        !['CURRENT', 'CARD'].includes(account.type) ||
        c.expiryMonth < 1 ||
        c.expiryMonth > 12 ||
        account.customer !== c.customer
      );
    });
    expect(bad.map((c) => c.cardId)).toEqual([]);
    expect(new Set(d.cards.map((c) => c.pan)).size).toBe(d.cards.length);
    expect(d.cards.some((c) => c.status === 'EXPIRED')).toBe(true);
  });

  it('makes C-000001 the rich demo customer', () => {
    const c = d.customerById.get('C-000001')!;
    expect(c.marketingConsent).toBe(true);
    const accounts = c.accounts.map((i) => d.accounts[i] ?? missing(`account ${i}`));
    expect(accounts.map((a) => `${a.type}:${a.currency}`)).toEqual(['CURRENT:EUR', 'SAVINGS:EUR', 'CARD:EUR', 'CURRENT:GBP']);
    expect(accounts.every((a) => a.status === 'ACTIVE')).toBe(true);
    expect(c.cards).toHaveLength(2);
    expect(c.cards.map((i) => d.cards[i]?.kind).sort()).toEqual(['CREDIT', 'DEBIT']);
    // spend abroad in its history (the Barcelona trip), and a salary
    const [main = missing('C-000001 account 1'), , cardAccount = missing('C-000001 account 3')] = accounts;
    const card = d.generator.generate(cardAccount);
    expect(card.some((t) => t.merchant !== undefined && (d.merchants.all[t.merchant] ?? missing(`merchant ${t.merchant}`)).country === 'ES')).toBe(true);
    expect(d.generator.generate(main).some((t) => t.kind === 'SALARY')).toBe(true);
  });

  it('has the documented demo customers and, among the others, refusals of consent and single-account customers', () => {
    expect(d.customerById.get('C-000002')!.marketingConsent).toBe(false);
    expect(d.customerById.get('C-000003')!.accounts).toHaveLength(1);
    const c4 = d.customerById.get('C-000004')!.accounts.map((i) => d.accounts[i] ?? missing(`account ${i}`));
    expect(c4.map((a) => `${a.type}:${a.status}`)).toEqual(['CURRENT:ACTIVE', 'SAVINGS:CLOSED', 'LOAN:ACTIVE']);
    const c5 = d.customerById.get('C-000005')!.accounts.map((i) => d.accounts[i] ?? missing(`account ${i}`));
    expect(c5.map((a) => a.currency)).toEqual(['EUR', 'USD']);
    const others = d.customers.slice(5);
    const noConsent = others.filter((c) => !c.marketingConsent).length / others.length;
    expect(noConsent).toBeGreaterThan(0.05);
    expect(noConsent).toBeLessThan(0.3);
    expect(others.some((c) => c.accounts.length === 1)).toBe(true);
    expect(d.accounts.filter((a) => a.status === 'CLOSED').length).toBeGreaterThan(10);
  });

  it('has a few hundred merchants in many cities with realistic MCCs and coordinates', () => {
    const m = d.merchants.all;
    expect(m.length).toBeGreaterThanOrEqual(300);
    expect(new Set(m.map((x) => x.city)).size).toBeGreaterThanOrEqual(40);
    expect(new Set(m.map((x) => x.country)).size).toBeGreaterThanOrEqual(10);
    const bad = m.filter((x) => !/^\d{4}$/.test(x.mcc) || !/^-?\d{1,2}\.\d{6}$/.test(x.latitude) || !/^-?\d{1,3}\.\d{6}$/.test(x.longitude));
    expect(bad).toEqual([]);
    for (const mcc of ['5411', '5812', '5541', '6011', '7011', '4511']) expect(m.some((x) => x.mcc === mcc)).toBe(true);
  });

  it('writes histories newest first, ending at the anchor date, with every kind of transaction', () => {
    const kinds = new Set<string>();
    const statuses = new Set<string>();
    let abroad = 0;
    const unordered: string[] = [];
    const bad: Txn[] = [];
    for (let i = 0; i < d.accounts.length; i += 37) {
      const a = d.accounts[i] ?? missing(`account ${i}`);
      const h = d.generator.generate(a);
      if (!isNewestFirst(h)) unordered.push(a.accountId);
      for (const t of h) {
        const pendingTooOld = t.status === 'PENDING' && t.bookedAtMs < ANCHOR_END_MS - PENDING_DAYS * DAY_MS;
        if (
          t.bookedAtMs >= ANCHOR_END_MS ||
          t.amountMinor <= 0n ||
          t.currency !== a.currency ||
          pendingTooOld ||
          (t.counterpartyIban && !isValidIban(t.counterpartyIban))
        )
          bad.push(t);
        kinds.add(t.kind);
        statuses.add(t.status);
        if (
          t.merchant !== undefined &&
          (d.merchants.all[t.merchant] ?? missing(`merchant ${t.merchant}`)).country !== (d.customers[a.customer] ?? missing(`customer ${a.customer}`)).country
        )
          abroad++;
      }
    }
    expect(unordered).toEqual([]);
    expect(bad).toEqual([]);
    expect([...kinds].sort()).toEqual(['ATM', 'CARD', 'DIRECT_DEBIT', 'FEE', 'INTEREST', 'SALARY', 'TRANSFER']);
    expect([...statuses].sort()).toEqual(['BOOKED', 'PENDING', 'REVERSED']);
    expect(abroad).toBeGreaterThan(0);
    // the main demo account is used daily: its history reaches the anchor day itself
    const main = d.generator.generate(d.accounts[0] ?? missing('account 0'));
    expect(new Date((main[0] ?? missing('history of account 0')).bookedAtMs).toISOString().slice(0, 10)).toBe(ANCHOR);
  });

  it('pairs a standing order on both sides with the same amount', () => {
    const [current = missing('C-000001 account 1'), savings = missing('C-000001 account 2')] = d.customerById
      .get('C-000001')!
      .accounts.map((i) => d.accounts[i]);
    const out = d.generator.generate(current).filter((t) => t.description.startsWith('Standing order to savings'));
    const into = d.generator.generate(savings).filter((t) => t.description.startsWith('Standing order from current'));
    expect(out.length).toBeGreaterThan(0);
    expect(out.map((t) => [t.valueDate, t.amountMinor])).toEqual(into.map((t) => [t.valueDate, t.amountMinor]));
  });
});

describe('determinism', () => {
  const build = (seed: number, anchorDate = ANCHOR) => buildDataset({ seed, customers: 800, anchorDate });

  it('rebuilds identical data from the same seed and anchor date', () => {
    expect(snapshot(build(42))).toEqual(snapshot(build(42)));
  });

  it('builds different data from another seed', () => {
    const a = build(42);
    const b = build(7);
    expect(a.generatedTransactions).not.toBe(b.generatedTransactions);
    expect(a.customers.slice(5).map((c) => c.fullName)).not.toEqual(b.customers.slice(5).map((c) => c.fullName));
    expect(a.cards.map((c) => c.pan)).not.toEqual(b.cards.map((c) => c.pan));
    expect(a.generator.generate(a.accounts[0] ?? missing('account 0'))).not.toEqual(b.generator.generate(b.accounts[0] ?? missing('account 0')));
  });

  it('ends the history at another anchor date when asked', () => {
    const d = build(42, '2024-02-29');
    const end = Date.UTC(2024, 1, 29) + DAY_MS;
    const newest = d.generator.generate(d.accounts[0] ?? missing('account 0'))[0] ?? missing('history of account 0');
    expect(newest.bookedAtMs).toBeLessThan(end);
    expect(newest.bookedAtMs).toBeGreaterThanOrEqual(end - 3 * DAY_MS);
  });

  it('refuses a malformed anchor date and too few customers', () => {
    expect(() => buildDataset({ seed: 1, customers: 100, anchorDate: '2025-02-30' })).toThrow(/anchorDate/);
    expect(() => buildDataset({ seed: 1, customers: 2, anchorDate: ANCHOR })).toThrow(/customers/);
  });
});
