// The v1.1 transaction filters of the simulated core: a filtered page holds only matching rows,
// is the filtered history in order, and keyset paging over it neither skips nor repeats.
import fc from 'fast-check';
import { buildDataset, type Dataset } from '../src/data/dataset';
import { CoreBank } from '../src/data/ledger';
import { decodeKey, type PageRequest } from '../src/data/paging';
import type { Account, Txn } from '../src/data/types';

let d: Dataset;
let bank: CoreBank;
let account: Account;
beforeAll(() => {
  d = buildDataset({ seed: 7, customers: 60, anchorDate: '2025-01-31' });
  bank = new CoreBank(d);
  account = d.accounts.find((a) => a.type === 'CURRENT' && a.txnCount > 300)!;
});

const predicates: Array<[string, (t: Txn) => boolean]> = [
  ['debits', (t) => t.direction === 'DEBIT'],
  ['credits', (t) => t.direction === 'CREDIT'],
  ['over 50.00', (t) => t.amountMinor >= 5000n],
  ['merchant rows', (t) => t.merchant !== undefined],
  ['nothing', () => false],
];

function walk(match: (t: Txn) => boolean, pageSize: number): Txn[] {
  const out: Txn[] = [];
  let after: PageRequest['after'];
  for (;;) {
    const page = bank.page(account, { pageSize, after, match });
    expect(page.items.every(match)).toBe(true);
    out.push(...page.items);
    if (!page.hasMore) return out;
    expect(page.items).toHaveLength(pageSize);
    after = decodeKey(page.nextKey!);
  }
}

describe('filtered history pages', () => {
  it.each(predicates)(
    '%s: paging the filtered list gives exactly the filtered history',
    (_name, match) => {
      const all = bank.allTransactions(account);
      fc.assert(
        fc.property(fc.integer({ min: 3, max: 120 }), (size) => {
          expect(walk(match, size).map((t) => t.txnId)).toEqual(all.filter(match).map((t) => t.txnId));
        }),
        { numRuns: 5 },
      );
    },
    30000,
  );

  it('hasMore is false when no further row matches, even with older non-matching rows', () => {
    const all = bank.allTransactions(account);
    const last = all.filter((t) => t.direction === 'CREDIT').at(-1)!;
    const onlyLast = (t: Txn) => t.txnId === last.txnId;
    const page = bank.page(account, { pageSize: 1, match: onlyLast });
    expect(page.items.map((t) => t.txnId)).toEqual([last.txnId]);
    expect(page.hasMore).toBe(false);
  });
});
