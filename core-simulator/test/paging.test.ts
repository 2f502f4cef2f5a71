// Keyset paging of the simulated core's histories: newest first, AfterKey neither skips nor
// repeats, also when transfers land on top between two pages; date filters.
import fc from 'fast-check';
import { buildDataset, type Dataset } from '../src/data/dataset';
import { CoreBank } from '../src/data/ledger';
import { decodeKey, encodeKey, type PageRequest } from '../src/data/paging';
import type { Account, Txn } from '../src/data/types';
import { missing } from '../../test/support/present';

const ANCHOR = '2025-06-30';
const DAY_MS = 86_400_000;
const EXTERNAL_IBAN = 'NL91ABNA0417164300';

let d: Dataset;
beforeAll(() => {
  d = buildDataset({ seed: 42, customers: 400, anchorDate: ANCHOR });
});

const ids = (list: Txn[]) => list.map((t) => t.txnId);

/** Every page from the start, following NextKey; `between(n)` runs after page n. */
function walk(bank: CoreBank, a: Account, req: Omit<PageRequest, 'after'>, between?: (page: number) => void): { items: Txn[]; pages: number } {
  const items: Txn[] = [];
  let after: PageRequest['after'];
  for (let n = 1; ; n++) {
    const page = bank.page(a, { ...req, after });
    expect(page.items.length).toBeLessThanOrEqual(req.pageSize);
    items.push(...page.items);
    if (!page.hasMore) return { items, pages: n };
    expect(page.items).toHaveLength(req.pageSize);
    after = decodeKey(page.nextKey!);
    expect(after).toBeDefined();
    between?.(n);
  }
}

function richCurrentEur(bank: CoreBank): Account[] {
  return d.accounts.filter(
    (a) => a.type === 'CURRENT' && a.currency === 'EUR' && a.status === 'ACTIVE' && bank.balance(a).availableMinor > 10_000n && a.txnCount > 20,
  );
}

describe('history paging', () => {
  it('gives the whole seeded history newest first when nothing was created', () => {
    const bank = new CoreBank(d);
    for (const a of d.accounts.slice(0, 60)) expect(ids(bank.allTransactions(a))).toEqual(ids(d.generator.generate(a)));
  });

  it('pages through every account type without skipping or repeating, whatever the page size', () => {
    const bank = new CoreBank(d);
    const sample = ['CURRENT', 'SAVINGS', 'LOAN', 'CARD'].map((type) => d.accounts.find((a) => a.type === type && a.txnCount > 5)!);
    for (const a of sample) {
      const full = ids(d.generator.generate(a));
      for (const size of [1, 7, 50, 500]) {
        const { items, pages } = walk(bank, a, { pageSize: size });
        expect(ids(items)).toEqual(full);
        expect(pages).toBe(Math.max(1, Math.ceil(full.length / size)));
      }
    }
  });

  it('answers an empty last page after the oldest key, and refuses keys it did not issue', () => {
    const bank = new CoreBank(d);
    const a = d.accounts[0] ?? missing('account 0');
    const full = bank.allTransactions(a);
    const page = bank.page(a, { pageSize: 10, after: decodeKey(encodeKey(full.at(-1) ?? missing('history of account 0'))) });
    expect(page).toEqual({ items: [], hasMore: false, nextKey: undefined });
    expect(decodeKey('not-a-key')).toBeUndefined();
    expect(decodeKey(Buffer.from('v1:abc:T-1').toString('base64url'))).toBeUndefined();
    const fourth = full[3] ?? missing('4th entry of account 0');
    expect(decodeKey(encodeKey(fourth))).toEqual({ ms: fourth.bookedAtMs, txnId: fourth.txnId });
  });

  it('keeps paging stable while transfers land on top between pages, and shows them on a fresh first page', () => {
    const bank = new CoreBank(d);
    const [a = missing('rich EUR current account'), other = missing('second rich EUR current account')] = richCurrentEur(bank);
    const before = ids(bank.allTransactions(a));
    let n = 0;
    const { items } = walk(bank, a, { pageSize: 9 }, () => {
      bank.transfer({ fromAccountId: a.accountId, toIban: EXTERNAL_IBAN, amount: '0.01', currency: 'EUR', callerReference: `page-out-${++n}` });
      bank.transfer({ fromAccountId: other.accountId, toAccountId: a.accountId, amount: '0.02', currency: 'EUR', callerReference: `page-in-${n}` });
    });
    expect(n).toBeGreaterThan(1);
    expect(ids(items)).toEqual(before);
    const fresh = bank.page(a, { pageSize: 2 * n });
    expect(fresh.items.every((t) => t.txnId.startsWith('X-'))).toBe(true);
    expect(fresh.items[0]?.reference).toBe(`page-in-${n}`);
    expect(ids(bank.allTransactions(a)).slice(2 * n)).toEqual(before);
  });

  it('holds for random page sizes and random transfers between pages (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 30 }), fc.nat(), (size, transferAfter, pick) => {
        const bank = new CoreBank(d);
        const candidates = richCurrentEur(bank);
        const a = candidates[pick % candidates.length] ?? missing('rich EUR current account');
        const before = ids(bank.allTransactions(a));
        let k = 0;
        const { items } = walk(bank, a, { pageSize: size }, (page) => {
          if (transferAfter[page % transferAfter.length]) {
            bank.transfer({ fromAccountId: a.accountId, toIban: EXTERNAL_IBAN, amount: '0.01', currency: 'EUR', callerReference: `prop-${++k}` });
          }
        });
        expect(ids(items)).toEqual(before);
      }),
      { numRuns: 40 },
    );
  });

  it('filters by FromDate/ToDate (inclusive days) and pages within the filter', () => {
    const bank = new CoreBank(d);
    const a = d.accounts[0] ?? missing('account 0');
    const anchorDay = Date.UTC(2025, 5, 30) / DAY_MS;
    const fromMs = (anchorDay - 40) * DAY_MS;
    const toMs = (anchorDay - 10 + 1) * DAY_MS;
    const expected = ids(bank.allTransactions(a).filter((t) => t.bookedAtMs >= fromMs && t.bookedAtMs < toMs));
    expect(expected.length).toBeGreaterThan(10);
    for (const size of [3, 500]) expect(ids(walk(bank, a, { pageSize: size, fromMs, toMs }).items)).toEqual(expected);
    // a key from before the window start still respects the upper bound
    const newest = bank.allTransactions(a)[0] ?? missing('history of account 0');
    expect(ids(bank.page(a, { pageSize: 500, after: decodeKey(encodeKey(newest)), fromMs, toMs }).items)).toEqual(expected);
  });
});
