// The bank's own general-ledger accounts in the simulated core: they fund payouts (loyalty cash
// back) through CreateTransaction, are idempotent by CallerReference like any account, and never
// show up among a customer's accounts.
import { buildDataset, type Dataset } from '../src/data/dataset';
import { GL_CURRENCIES, glAccountId } from '../src/data/gl';
import { CoreBank } from '../src/data/ledger';
import { refusal } from './support/core-bank';
import { missing } from '../../test/support/present';
import { createSoapServices } from '../src/soap-service';
import { parseDecimal } from '../../lib/money';

type Any = any;
type Op = (args: Record<string, unknown>) => Any;

let d: Dataset;
beforeAll(() => {
  d = buildDataset({ seed: 42, customers: 300, anchorDate: '2025-06-30' });
});

type Ops = Record<'QueryAccSumm' | 'QueryAccBal' | 'QueryTransactions' | 'CreateTransaction', Op>;

function soap(bank: CoreBank): Ops {
  const port = createSoapServices(bank, { outcome: () => undefined, fault: () => undefined }).CoreBankingService?.CoreBankingPort;
  if (!port) throw new Error('no CoreBankingService.CoreBankingPort');
  return port as Ops;
}
const Header = { SourceSystem: 'TEST', MessageId: 'm-1' };

describe('GL accounts of the simulated core', () => {
  it('pays a customer exactly from a GL account, once per CallerReference', () => {
    const bank = new CoreBank(d);
    const gl = bank.accountById('GL-LOYALTY-EUR')!;
    const customer = d.accountById.get('A-0000001')!; // C-000001's CURRENT EUR
    const c0 = bank.balance(customer);
    const transfer = {
      fromAccountId: 'GL-LOYALTY-EUR',
      toAccountId: 'A-0000001',
      amount: '2.96',
      currency: 'EUR',
      narrative: 'Cash back',
      callerReference: 'CASHBACK-C-000001-2025-06-30',
    };

    const first = bank.transfer(transfer);
    expect(first).toMatchObject({ amountMinor: 296n, currency: 'EUR', replayed: false, route: 'INTERNAL' });
    expect(bank.balance(customer).availableMinor).toBe(c0.availableMinor + 296n);
    expect(bank.balance(customer).ledgerMinor).toBe(c0.ledgerMinor + 296n);
    expect(bank.balance(gl)).toEqual({ availableMinor: -296n, ledgerMinor: -296n });
    expect(bank.page(customer, { pageSize: 1 }).items[0]).toMatchObject({
      txnId: `${first.txnId}-C`,
      direction: 'CREDIT',
      amountMinor: 296n,
      description: 'Cash back',
      counterpartyName: 'Corebridge Bank',
      reference: transfer.callerReference,
    });
    expect((bank.page(customer, { pageSize: 1 }).items[0] ?? missing('history of A-0000001')).counterpartyIban).toBeUndefined();
    expect(bank.allTransactions(gl)).toEqual([
      expect.objectContaining({ txnId: first.txnId, direction: 'DEBIT', amountMinor: 296n, counterpartyIban: customer.iban }),
    ]);

    // same reference, same transfer (10.5 == 10.50 style: 2.960): the first outcome, no second payment
    const again = bank.transfer({ ...transfer, amount: '2.960' });
    expect(again).toEqual({ ...first, replayed: true });
    expect(bank.balance(customer).availableMinor).toBe(c0.availableMinor + 296n);
    expect(bank.balance(gl).availableMinor).toBe(-296n);
    expect(refusal(bank, { ...transfer, amount: '3.00' }).code).toBe('REFERENCE_REUSED');
    expect(bank.createdTransactions).toBe(2);
  });

  it('is not limited by its own balance but keeps every other check', () => {
    const bank = new CoreBank(d);
    const big = bank.transfer({ fromAccountId: 'GL-LOYALTY-EUR', toAccountId: 'A-0000001', amount: '1000000.00', currency: 'EUR', callerReference: 'big' });
    expect(big.amountMinor).toBe(100_000_000n);
    expect(refusal(bank, { fromAccountId: 'GL-LOYALTY-EUR', toAccountId: 'A-0000004', amount: '1.00', currency: 'EUR', callerReference: 'fx' }).code).toBe(
      'CURRENCY_MISMATCH',
    );
    expect(refusal(bank, { fromAccountId: 'GL-LOYALTY-GBP', toAccountId: 'A-0000001', amount: '1.00', currency: 'GBP', callerReference: 'fx2' }).code).toBe(
      'CURRENCY_MISMATCH',
    );
    expect(refusal(bank, { fromAccountId: 'GL-LOYALTY-EUR', toAccountId: 'A-0000001', amount: '0', currency: 'EUR', callerReference: 'zero' }).code).toBe(
      'INVALID_AMOUNT',
    );
    expect(refusal(bank, { fromAccountId: 'GL-LOYALTY-XXX', toAccountId: 'A-0000001', amount: '1', currency: 'EUR', callerReference: 'nope' }).code).toBe(
      'ACCOUNT_NOT_FOUND',
    );
    // GBP to the GBP current account of C-000001 works from the GBP GL account
    bank.transfer({ fromAccountId: 'GL-LOYALTY-GBP', toAccountId: 'A-0000004', amount: '1.00', currency: 'GBP', callerReference: 'gbp' });
    expect(bank.balance(bank.accountById('GL-LOYALTY-GBP')!).availableMinor).toBe(-100n);
    bank.resetState();
    expect(bank.balance(bank.accountById('GL-LOYALTY-EUR')!).availableMinor).toBe(0n);
  });

  it('has one GL account per currency the bank holds accounts in, owned by no customer', () => {
    const bank = new CoreBank(d);
    const currencies = new Set(d.accounts.map((a) => a.currency));
    for (const ccy of currencies) expect(GL_CURRENCIES).toContain(ccy);
    expect(bank.glAccounts.map((a) => a.accountId)).toEqual(GL_CURRENCIES.map(glAccountId));
    for (const gl of bank.glAccounts) {
      expect(d.accountById.has(gl.accountId)).toBe(false);
      expect(d.accounts[gl.index]).toBeUndefined();
      expect(d.customers.some((c) => c.accounts.includes(gl.index))).toBe(false);
    }
  });

  it('over SOAP: CreateTransaction from GL, QueryAccBal shows both sides, no QueryAccSumm lists it', () => {
    const bank = new CoreBank(d);
    const ops = soap(bank);
    const bal = (id: string) => ops.QueryAccBal({ Header, AccountIds: { AccountId: [id] } }).Balances.Balance[0];
    const before = bal('A-0000005');
    const create = () =>
      ops.CreateTransaction({
        Header,
        Transfer: { FromAccountId: 'GL-LOYALTY-EUR', ToAccountId: 'A-0000005', Amount: '0.99', Currency: 'EUR', CallerReference: 'LOYALTY-R-abc' },
      });
    const r1 = create();
    expect(r1.Header.Status).toBe('SUCCESS');
    expect(r1.Result).toMatchObject({ Amount: '0.99', Currency: 'EUR', Replayed: false, Route: 'INTERNAL' });
    const r2 = create();
    expect(r2.Result).toMatchObject({ TxnId: r1.Result.TxnId, Replayed: true });
    expect(bal('GL-LOYALTY-EUR')).toMatchObject({ AccountId: 'GL-LOYALTY-EUR', Currency: 'EUR', Available: '-0.99', Ledger: '-0.99' });
    expect(parseDecimal(bal('A-0000005').Available, 'EUR').minor).toBe(parseDecimal(before.Available, 'EUR').minor + 99n);

    const history = ops.QueryTransactions({ Header, Queries: { Query: [{ AccountId: 'GL-LOYALTY-EUR', PageSize: 10 }] } });
    expect(history.Pages.Page[0].Transactions.Transaction).toEqual([
      expect.objectContaining({ TxnId: r1.Result.TxnId, AccountId: 'GL-LOYALTY-EUR', Direction: 'DEBIT', Amount: '0.99' }),
    ]);

    for (const c of d.customers) {
      const listed = (ops.QueryAccSumm({ Header, CustomerId: c.customerId }).Accounts.Account as Any[]).map((a) => a.AccountId);
      expect(listed.filter((id: string) => id.startsWith('GL-'))).toEqual([]);
    }
  });
});
