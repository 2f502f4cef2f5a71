// Transfers in the simulated core: balances, histories, idempotency by caller reference, and
// refusals that change nothing.
import { buildDataset, type Dataset } from '../src/data/dataset';
import { CoreBank, type TransferInput } from '../src/data/ledger';
import { refusal } from './support/core-bank';
import { missing } from '../../test/support/present';
import type { Account } from '../src/data/types';

const ANCHOR = '2025-06-30';
const EXTERNAL_IBAN = 'NL91ABNA0417164300';

let d: Dataset;
beforeAll(() => {
  d = buildDataset({ seed: 42, customers: 300, anchorDate: ANCHOR });
});

const acc = (id: string): Account => d.accountById.get(id)!;
const accountsOf = (customerId: string) => d.customerById.get(customerId)!.accounts.map((i) => d.accounts[i] ?? missing(`account ${i}`));
/** The newest entry of an account's history. */
const newestOf = (bank: CoreBank, a: Account) => bank.page(a, { pageSize: 1 }).items[0] ?? missing(`history of ${a.accountId}`);

/** Balances and history heads of every account, to prove a refusal changed nothing. */
function state(bank: CoreBank) {
  return {
    balances: d.accounts.slice(0, 30).map((a) => bank.balance(a)),
    created: bank.createdTransactions,
    heads: d.accounts.slice(0, 30).map((a) => bank.page(a, { pageSize: 1 }).items[0]?.txnId),
  };
}

describe('CoreBank transfers', () => {
  // C-000001: A-0000001 CURRENT EUR, A-0000002 SAVINGS EUR, A-0000003 CARD EUR, A-0000004 CURRENT GBP
  it('moves money between own accounts and puts it on top of both histories', () => {
    const bank = new CoreBank(d);
    const [cur = missing('C-000001 account 1'), sav = missing('C-000001 account 2')] = accountsOf('C-000001');
    const b0 = [bank.balance(cur), bank.balance(sav)] as const;
    const out = bank.transfer({
      fromAccountId: cur.accountId,
      toAccountId: sav.accountId,
      amount: '125.40',
      currency: 'EUR',
      narrative: 'Holiday pot',
      callerReference: 'r-1',
    });
    expect(out).toMatchObject({ status: 'BOOKED', amountMinor: 12540n, currency: 'EUR', replayed: false, callerReference: 'r-1' });
    expect(bank.balance(cur).availableMinor).toBe(b0[0].availableMinor - 12540n);
    expect(bank.balance(cur).ledgerMinor).toBe(b0[0].ledgerMinor - 12540n);
    expect(bank.balance(sav).availableMinor).toBe(b0[1].availableMinor + 12540n);
    const top = (a: Account) => newestOf(bank, a);
    expect(top(cur)).toMatchObject({ txnId: out.txnId, direction: 'DEBIT', amountMinor: 12540n, description: 'Holiday pot', counterpartyIban: sav.iban });
    expect(top(sav)).toMatchObject({ direction: 'CREDIT', amountMinor: 12540n, counterpartyIban: cur.iban, reference: 'r-1' });
    expect(top(cur).bookedAtMs).toBe(out.bookedAtMs);
    expect(bank.totalTransactions).toBe(d.generatedTransactions + 2);
  });

  it('debits only this bank for another bank, and credits the account when the IBAN is ours', () => {
    const bank = new CoreBank(d);
    const cur = acc('A-0000001');
    const other = accountsOf('C-000002')[0] ?? missing('C-000002 account 1');
    const b0 = bank.balance(cur).availableMinor;
    const o0 = bank.balance(other).availableMinor;
    bank.transfer({
      fromAccountId: cur.accountId,
      toIban: 'nl91 abna 0417 1643 00',
      toName: 'Jan de Vries',
      amount: '10',
      currency: 'EUR',
      callerReference: 'ext-1',
    });
    expect(bank.page(cur, { pageSize: 1 }).items[0]).toMatchObject({
      counterpartyIban: EXTERNAL_IBAN,
      counterpartyName: 'Jan de Vries',
      description: 'Transfer to Jan de Vries',
    });
    bank.transfer({ fromAccountId: cur.accountId, toIban: other.iban, amount: '5.00', currency: 'EUR', callerReference: 'int-by-iban' });
    expect(bank.balance(cur).availableMinor).toBe(b0 - 1500n);
    expect(bank.balance(other).availableMinor).toBe(o0 + 500n);
    expect(bank.page(other, { pageSize: 1 }).items[0]).toMatchObject({ direction: 'CREDIT', amountMinor: 500n, counterpartyName: 'Mia Hoffmann' });
  });

  it('replays the first result for the same reference and transfer, and refuses it for another transfer', () => {
    const bank = new CoreBank(d);
    const [cur = missing('C-000001 account 1'), sav = missing('C-000001 account 2')] = accountsOf('C-000001');
    const req = { fromAccountId: cur.accountId, toAccountId: sav.accountId, amount: '10.50', currency: 'EUR', callerReference: 'same' };
    const first = bank.transfer(req);
    const after = state(bank);
    const again = bank.transfer({ ...req, amount: '10.5' });
    expect(again).toEqual({ ...first, replayed: true });
    expect(state(bank)).toEqual(after);
    expect(refusal(bank, { ...req, amount: '11.00' })).toMatchObject({ code: 'REFERENCE_REUSED', ref: 'same' });
    expect(refusal(bank, { ...req, toAccountId: undefined, toIban: EXTERNAL_IBAN })).toMatchObject({ code: 'REFERENCE_REUSED' });
    expect(state(bank)).toEqual(after);
  });

  it('refuses bad transfers with a stable code and changes nothing', () => {
    const bank = new CoreBank(d);
    const [
      cur = missing('C-000001 account 1'),
      sav = missing('C-000001 account 2'),
      card = missing('C-000001 account 3'),
      gbp = missing('C-000001 account 4'),
    ] = accountsOf('C-000001');
    const [c4cur = missing('C-000004 account 1'), c4closed = missing('C-000004 account 2'), c4loan = missing('C-000004 account 3')] = accountsOf('C-000004');
    const avail = bank.balance(cur).availableMinor;
    const base = { fromAccountId: cur.accountId, toAccountId: sav.accountId, amount: '1.00', currency: 'EUR' };
    const cases: Array<[string, Partial<TransferInput>, string]> = [
      ['zero', { amount: '0' }, 'INVALID_AMOUNT'],
      ['negative', { amount: '-5.00' }, 'INVALID_AMOUNT'],
      ['too many decimals', { amount: '1.001' }, 'INVALID_AMOUNT'],
      ['not a number', { amount: 'ten' }, 'INVALID_AMOUNT'],
      ['float syntax', { amount: '1e3' }, 'INVALID_AMOUNT'],
      ['wrong currency', { currency: 'USD' }, 'CURRENCY_MISMATCH'],
      ['to another currency', { toAccountId: gbp.accountId }, 'CURRENCY_MISMATCH'],
      ['more than available', { amount: `${(avail + 1n) / 100n}.${String((avail + 1n) % 100n).padStart(2, '0')}` }, 'INSUFFICIENT_FUNDS'],
      ['to a closed account', { toAccountId: c4closed.accountId }, 'ACCOUNT_CLOSED'],
      ['from a closed account', { fromAccountId: c4closed.accountId, toAccountId: c4cur.accountId }, 'ACCOUNT_CLOSED'],
      ['unknown from', { fromAccountId: 'A-9999999' }, 'ACCOUNT_NOT_FOUND'],
      ['unknown to', { toAccountId: 'A-9999999' }, 'ACCOUNT_NOT_FOUND'],
      ['both destinations', { toIban: EXTERNAL_IBAN }, 'INVALID_REQUEST'],
      ['no destination', { toAccountId: undefined }, 'INVALID_REQUEST'],
      ['invalid IBAN', { toAccountId: undefined, toIban: 'NL91ABNA0417164301' }, 'INVALID_REQUEST'],
      ['same account', { toAccountId: cur.accountId }, 'INVALID_REQUEST'],
      ['from a card account', { fromAccountId: card.accountId }, 'INVALID_REQUEST'],
      ['from a loan', { fromAccountId: c4loan.accountId, toAccountId: c4cur.accountId }, 'INVALID_REQUEST'],
      ['over-repaying a loan', { fromAccountId: c4cur.accountId, toAccountId: c4loan.accountId, amount: '11250.01' }, 'INVALID_AMOUNT'],
      ['no reference', { callerReference: '' }, 'INVALID_REQUEST'],
    ];
    const before = state(bank);
    const got = cases.map(([name, change]) => [name, refusal(bank, { ...base, callerReference: `ref-${name}`, ...change }).code]);
    expect(got).toEqual(cases.map(([name, , code]) => [name, code]));
    expect(state(bank)).toEqual(before);
  });

  it('does not burn a reference on a refusal: the corrected transfer goes through', () => {
    const bank = new CoreBank(d);
    const [cur = missing('C-000001 account 1'), sav = missing('C-000001 account 2')] = accountsOf('C-000001');
    expect(refusal(bank, { fromAccountId: cur.accountId, toAccountId: sav.accountId, amount: '0', currency: 'EUR', callerReference: 'retry' }).code).toBe(
      'INVALID_AMOUNT',
    );
    expect(bank.transfer({ fromAccountId: cur.accountId, toAccountId: sav.accountId, amount: '1', currency: 'EUR', callerReference: 'retry' }).replayed).toBe(
      false,
    );
  });

  it('books a transfer above the newest entry even when the clock is behind the seeded history', () => {
    const bank = new CoreBank(d, { now: () => Date.UTC(2020, 0, 1) });
    const [cur = missing('C-000001 account 1'), sav = missing('C-000001 account 2')] = accountsOf('C-000001');
    const newest = Math.max(newestOf(bank, cur).bookedAtMs, newestOf(bank, sav).bookedAtMs);
    const out = bank.transfer({ fromAccountId: cur.accountId, toAccountId: sav.accountId, amount: '1', currency: 'EUR', callerReference: 'clock' });
    expect(out.bookedAtMs).toBeGreaterThan(newest);
    expect(newestOf(bank, sav).txnId).toBe(`${out.txnId}-C`);
  });

  it('computes balances by account type', () => {
    const bank = new CoreBank(d);
    const [, , card = missing('C-000001 account 3')] = accountsOf('C-000001');
    const [, closed = missing('C-000004 account 2'), loan = missing('C-000004 account 3')] = accountsOf('C-000004');
    const cb = bank.balance(card);
    expect(cb.ledgerMinor).toBe(-64218n);
    expect(cb.availableMinor).toBeLessThanOrEqual(500000n - 64218n);
    expect(bank.balance(loan)).toEqual({ ledgerMinor: -1125000n, availableMinor: 0n });
    expect(bank.balance(closed)).toEqual({ ledgerMinor: 0n, availableMinor: 0n });
    // a current account's ledger includes the card payments still pending
    const cur = acc('A-0000001');
    const pending = bank
      .allTransactions(cur)
      .filter((t) => t.status === 'PENDING' && t.direction === 'DEBIT')
      .reduce((s, t) => s + t.amountMinor, 0n);
    expect(pending).toBeGreaterThan(0n);
    expect(bank.balance(cur)).toEqual({ availableMinor: 485000n, ledgerMinor: 485000n + pending });
  });

  it('forgets transfers on resetState', () => {
    const bank = new CoreBank(d);
    const [cur = missing('C-000001 account 1'), sav = missing('C-000001 account 2')] = accountsOf('C-000001');
    const before = state(bank);
    bank.transfer({ fromAccountId: cur.accountId, toAccountId: sav.accountId, amount: '1', currency: 'EUR', callerReference: 'x' });
    expect(state(bank)).not.toEqual(before);
    bank.resetState();
    expect(state(bank)).toEqual(before);
  });
});
