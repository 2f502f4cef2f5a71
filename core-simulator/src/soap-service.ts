// The operations of core.wsdl over the simulated bank. Requests arrive as node-soap parsed
// them (decimals and dates kept as strings, see server.ts); responses are built in the element
// order of core.xsd. Business refusals are Status FAILURE + Errors; anything unexpected becomes a
// SOAP Fault with CoreFault SYSTEM_ERROR.
import type { IServices } from 'soap';
import { type CoreFaultCode, type CoreOperation, MAX_BALANCE_IDS, MAX_TRANSACTION_QUERIES } from '../../legacy-adapters/soap/src';
import { asArray } from '../../lib/as-array';
import type { Logger } from '../../lib/logger';
import { formatMinor, parseDecimal } from '../../lib/money';
import { maskPan } from '../../lib/pan-masking';
import { parseIsoDay, MS_PER_DAY } from './data/calendar';
import { exchangeRatesOn } from './data/fx-rates';
import { BusinessError, type CoreBank, type TransferOutcome } from './data/ledger';
import { nth } from './data/nth';
import { decodeKey, encodeKey } from './data/paging';
import type { Account, Card, Customer, Txn } from './data/types';
import type { Outcome } from './stats';
import { CORE_NS } from './wsdl';

/** core.xsd's bound on a QueryTransactions PageSize. */
const MAX_PAGE_SIZE = 500;

type Args = Record<string, unknown> | undefined;
type XmlObject = Record<string, unknown>;

interface ErrorItem {
  Code: string;
  Message: string;
  Ref?: string;
}

/** A SYSTEM_ERROR SOAP Fault as node-soap expects it thrown from an operation. */
function systemFault(message: string): { Fault: XmlObject } {
  const code: CoreFaultCode = 'SYSTEM_ERROR';
  return {
    Fault: {
      faultcode: 'soap:Server',
      faultstring: `${code}: ${message}`,
      detail: { CoreFault: { attributes: { xmlns: CORE_NS }, Code: code, Message: message } },
      statusCode: 500,
    },
  };
}

/** Text of a parsed element (node-soap gives strings, numbers for xsd:int, objects for nil). */
function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function rate(bp: number): string {
  return `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}`;
}

interface ServiceHooks {
  outcome(op: CoreOperation, outcome: Outcome): void;
  /** an operation failed unexpectedly and answered a SYSTEM_ERROR fault */
  fault(op: CoreOperation): void;
  logger?: Logger;
}

function transferResultXml(outcome: TransferOutcome): XmlObject {
  return {
    TxnId: outcome.txnId,
    CallerReference: outcome.callerReference,
    Status: outcome.status,
    BookedAt: new Date(outcome.bookedAtMs).toISOString(),
    Amount: formatMinor(outcome.amountMinor, outcome.currency),
    Currency: outcome.currency,
    Replayed: outcome.replayed,
    Route: outcome.route,
  };
}

// eslint-disable-next-line max-lines-per-function -- one handler per WSDL operation, side by side like the WSDL: the contract's one place in the simulator
export function createSoapServices(bank: CoreBank, hooks: ServiceHooks): IServices {
  const ds = bank.dataset;

  const header = (op: CoreOperation, args: Args, status: Outcome) => {
    const h = (args?.Header ?? {}) as XmlObject;
    return {
      SourceSystem: text(h.SourceSystem) || 'CORESIM',
      Operation: op,
      MessageId: text(h.MessageId) || `CORESIM-${Date.now()}`,
      Status: status,
      Timestamp: new Date().toISOString(),
    };
  };

  const customerXml = (c: Customer) => ({
    CustomerId: c.customerId,
    FullName: c.fullName,
    ShortName: c.shortName,
    Segment: c.segment,
    CustomerSince: c.customerSince,
    BirthDate: c.birthDate,
    Email: c.email,
    Phone: c.phone,
    Country: c.country,
    City: c.city,
    MarketingConsent: c.marketingConsent,
    EStatements: c.eStatements,
  });

  const accountXml = (a: Account) => {
    const x: XmlObject = {
      AccountId: a.accountId,
      CustomerId: nth(ds.customers, a.customer, 'customer').customerId,
      AccountNumber: a.accountNumber,
      Iban: a.iban,
      Type: a.type,
      ProductCode: a.productCode,
      ProductName: a.productName,
      Currency: a.currency,
      Status: a.status,
      OpenedOn: a.openedOn,
    };
    if (a.interestBp !== undefined) x.InterestRate = rate(a.interestBp);
    if (a.creditLimitMinor !== undefined) x.CreditLimit = formatMinor(a.creditLimitMinor, a.currency);
    if (a.loanPrincipalMinor !== undefined) x.LoanPrincipal = formatMinor(a.loanPrincipalMinor, a.currency);
    if (a.nextInstalmentMinor !== undefined) x.NextInstalmentAmount = formatMinor(a.nextInstalmentMinor, a.currency);
    if (a.nextInstalmentDate !== undefined) x.NextInstalmentDate = a.nextInstalmentDate;
    if (a.savingsGoalMinor !== undefined) x.SavingsGoal = formatMinor(a.savingsGoalMinor, a.currency);
    return x;
  };

  const txnXml = (t: Txn) => {
    const a = bank.accountAt(t.account);
    const x: XmlObject = {
      TxnId: t.txnId,
      AccountId: a.accountId,
      BookedAt: new Date(t.bookedAtMs).toISOString(),
      ValueDate: t.valueDate,
      Amount: formatMinor(t.amountMinor, t.currency),
      Currency: t.currency,
      Direction: t.direction,
      Status: t.status,
      Kind: t.kind,
      Description: t.description,
    };
    if (t.reference !== undefined) x.Reference = t.reference;
    if (t.counterpartyName !== undefined) x.CounterpartyName = t.counterpartyName;
    if (t.counterpartyIban !== undefined) x.CounterpartyIban = t.counterpartyIban;
    if (t.merchant !== undefined) {
      const m = nth(ds.merchants.all, t.merchant, 'merchant');
      x.Merchant = { MerchantId: m.merchantId, Name: m.name, Mcc: m.mcc, City: m.city, Country: m.country, Latitude: m.latitude, Longitude: m.longitude };
    }
    x.Key = encodeKey(t);
    return x;
  };

  const cardXml = (c: Card) => ({
    CardId: c.cardId,
    CustomerId: nth(ds.customers, c.customer, 'customer').customerId,
    AccountId: nth(ds.accounts, c.account, 'account').accountId,
    MaskedPan: maskPan(c.pan),
    Brand: c.brand,
    Kind: c.kind,
    Status: bank.cardStatus(c),
    ExpiryMonth: c.expiryMonth,
    ExpiryYear: c.expiryYear,
  });

  const errorsXml = (errors: ErrorItem[]) => ({ Error: errors.map((e) => (e.Ref === undefined ? { Code: e.Code, Message: e.Message } : e)) });
  const errorOf = (e: BusinessError): ErrorItem =>
    e.ref === undefined ? { Code: e.code, Message: e.message } : { Code: e.code, Message: e.message, Ref: e.ref };

  /**
   * Runs one operation: `body` returns the response body (after Header) and the errors of a
   * partly answered batch. A BusinessError thrown answers FAILURE. The call is FAILURE when it has
   * errors and nothing else to return, SUCCESS otherwise (a batch with some unknown ids succeeds
   * and lists the unknown ones in Errors with their Ref).
   */
  const operation =
    (op: CoreOperation, body: (args: Args) => { errors?: ErrorItem[]; result?: XmlObject }) =>
    (args: Args): XmlObject => {
      let errors: ErrorItem[];
      let result: XmlObject | undefined;
      try {
        if (!args || typeof args.Header !== 'object' || args.Header === null) throw new BusinessError('INVALID_REQUEST', 'Header is required');
        const out = body(args);
        errors = out.errors ?? [];
        result = out.result;
      } catch (err) {
        if (err instanceof BusinessError) {
          errors = [errorOf(err)];
          result = undefined;
        } else {
          hooks.logger?.error({ op, err: err instanceof Error ? err.message : String(err) }, 'operation failed');
          hooks.fault(op);
          // the soap library turns a thrown { Fault } object (not an Error) into a SOAP Fault response
          // eslint-disable-next-line @typescript-eslint/only-throw-error -- see above
          throw systemFault('internal error in the core');
        }
      }
      const status: Outcome = errors.length > 0 && !result ? 'FAILURE' : 'SUCCESS';
      hooks.outcome(op, status);
      const response: XmlObject = { Header: header(op, args, status) };
      if (errors.length > 0) response.Errors = errorsXml(errors);
      if (result) Object.assign(response, result);
      return response;
    };

  const requireCustomer = (args: Args): Customer => {
    const id = text(args?.CustomerId);
    if (!id) throw new BusinessError('INVALID_REQUEST', 'CustomerId is required');
    const c = ds.customerById.get(id);
    if (!c) throw new BusinessError('CUSTOMER_NOT_FOUND', `no customer ${id}`, id);
    return c;
  };

  const QueryCustomer = operation('QueryCustomer', (args) => ({ result: { Customer: customerXml(requireCustomer(args)) } }));

  const QueryAccSumm = operation('QueryAccSumm', (args) => {
    const c = requireCustomer(args);
    return { result: { Accounts: { Account: c.accounts.map((i) => accountXml(nth(ds.accounts, i, 'account'))) } } };
  });

  const QueryAccBal = operation('QueryAccBal', (args) => {
    const ids = asArray<unknown>((args?.AccountIds as XmlObject | undefined)?.AccountId).map(text);
    if (ids.length === 0) throw new BusinessError('INVALID_REQUEST', 'AccountIds must list at least one AccountId');
    if (ids.length > MAX_BALANCE_IDS) throw new BusinessError('INVALID_REQUEST', `at most ${MAX_BALANCE_IDS} AccountIds per call`);
    const errors: ErrorItem[] = [];
    const balances: XmlObject[] = [];
    const asOf = new Date().toISOString();
    for (const id of new Set(ids)) {
      // GL accounts too: a caller paying from one checks its balance here
      const a = id ? bank.accountById(id) : undefined;
      if (!a) {
        errors.push({ Code: 'ACCOUNT_NOT_FOUND', Message: `no account ${id ?? '(empty)'}`, Ref: id ?? '' });
        continue;
      }
      const b = bank.balance(a);
      balances.push({
        AccountId: a.accountId,
        Currency: a.currency,
        Available: formatMinor(b.availableMinor, a.currency),
        Ledger: formatMinor(b.ledgerMinor, a.currency),
        AsOf: asOf,
      });
    }
    return { errors, result: balances.length > 0 ? { Balances: { Balance: balances } } : undefined };
  });

  /** The v1.1 filter elements of one query as a predicate (undefined: no filter). */
  const transactionFilter = (q: XmlObject, a: Account, ref: string): ((t: Txn) => boolean) | undefined => {
    const tests: Array<(t: Txn) => boolean> = [];
    const direction = text(q.Direction);
    if (direction) {
      if (direction !== 'DEBIT' && direction !== 'CREDIT') throw new BusinessError('INVALID_REQUEST', 'Direction must be DEBIT or CREDIT', ref);
      tests.push((t) => t.direction === direction);
    }
    const bound = (field: 'MinAmount' | 'MaxAmount') => {
      const v = text(q[field]);
      if (!v) return undefined;
      try {
        return parseDecimal(v, a.currency).minor;
      } catch {
        throw new BusinessError('INVALID_REQUEST', `${field} is not an amount in ${a.currency}`, ref);
      }
    };
    const min = bound('MinAmount');
    const max = bound('MaxAmount');
    if (min !== undefined) tests.push((t) => t.amountMinor >= min);
    if (max !== undefined) tests.push((t) => t.amountMinor <= max);
    const mccs = asArray<unknown>((q.Mccs as XmlObject | undefined)?.Mcc)
      .map(text)
      .filter((m): m is string => Boolean(m));
    if (mccs.length > 0) {
      const wanted = new Set(mccs);
      tests.push((t) => t.merchant !== undefined && wanted.has(nth(ds.merchants.all, t.merchant, 'merchant').mcc));
    }
    const needle = text(q.Text)?.toLowerCase();
    if (needle) {
      tests.push(
        (t) =>
          t.description.toLowerCase().includes(needle) ||
          (t.counterpartyName ?? '').toLowerCase().includes(needle) ||
          (t.merchant !== undefined && nth(ds.merchants.all, t.merchant, 'merchant').name.toLowerCase().includes(needle)),
      );
    }
    if (tests.length === 0) return undefined;
    return (t) => tests.every((f) => f(t));
  };

  const QueryTransactions = operation('QueryTransactions', (args) => {
    const queries = asArray<unknown>((args?.Queries as XmlObject | undefined)?.Query) as XmlObject[];
    if (queries.length === 0) throw new BusinessError('INVALID_REQUEST', 'Queries must hold at least one Query');
    if (queries.length > MAX_TRANSACTION_QUERIES) throw new BusinessError('INVALID_REQUEST', `at most ${MAX_TRANSACTION_QUERIES} queries per call`);
    const errors: ErrorItem[] = [];
    const pages: XmlObject[] = [];
    for (const q of queries) {
      const accountId = text(q?.AccountId);
      const queryId = text(q?.QueryId);
      // errors name the query when the caller gave it an id, else its account
      const id = queryId || accountId || '';
      try {
        if (!accountId) throw new BusinessError('INVALID_REQUEST', 'AccountId is required', queryId);
        const a = bank.accountById(accountId);
        if (!a) throw new BusinessError('ACCOUNT_NOT_FOUND', `no account ${accountId}`, id);
        const size = Number(text(q.PageSize));
        if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
          throw new BusinessError('INVALID_REQUEST', `PageSize must be an integer 1..${MAX_PAGE_SIZE}`, id);
        }
        const afterText = text(q.AfterKey);
        const after = afterText ? decodeKey(afterText) : undefined;
        if (afterText && !after) throw new BusinessError('INVALID_REQUEST', 'AfterKey is not a key this core issued', id);
        const day = (field: 'FromDate' | 'ToDate') => {
          const v = text(q[field]);
          if (!v) return undefined;
          const d = parseIsoDay(v.slice(0, 10));
          if (d === undefined) throw new BusinessError('INVALID_REQUEST', `${field} must be a date YYYY-MM-DD`, id);
          return d;
        };
        const from = day('FromDate');
        const to = day('ToDate');
        if (from !== undefined && to !== undefined && from > to) throw new BusinessError('INVALID_REQUEST', 'FromDate is after ToDate', id);
        const page = bank.page(a, {
          pageSize: size,
          after,
          fromMs: from === undefined ? undefined : from * MS_PER_DAY,
          toMs: to === undefined ? undefined : (to + 1) * MS_PER_DAY,
          match: transactionFilter(q, a, id),
        });
        const p: XmlObject = { AccountId: a.accountId, Transactions: { Transaction: page.items.map(txnXml) }, HasMore: page.hasMore };
        if (page.nextKey) p.NextKey = page.nextKey;
        if (queryId) p.QueryId = queryId;
        pages.push(p);
      } catch (err) {
        if (!(err instanceof BusinessError)) throw err;
        errors.push(errorOf(err));
      }
    }
    return { errors, result: pages.length > 0 ? { Pages: { Page: pages } } : undefined };
  });

  const QueryCard = operation('QueryCard', (args) => {
    const customerId = text(args?.CustomerId);
    const cardId = text(args?.CardId);
    const pan = text(args?.Pan)?.replace(/[\s-]/g, '');
    if ([customerId, cardId, pan].filter(Boolean).length !== 1)
      throw new BusinessError('INVALID_REQUEST', 'exactly one of CustomerId, CardId, Pan is required');
    let cards: Card[];
    if (customerId) cards = requireCustomer(args).cards.map((i) => nth(ds.cards, i, 'card'));
    else if (cardId) {
      const c = ds.cardById.get(cardId);
      if (!c) throw new BusinessError('CARD_NOT_FOUND', `no card ${cardId}`, cardId);
      cards = [c];
    } else {
      const c = ds.cardByPan.get(pan!);
      // the Ref never carries the PAN that was asked for, only its masked form
      if (!c) throw new BusinessError('CARD_NOT_FOUND', 'no card with that PAN', /^\d{10,19}$/.test(pan!) ? maskPan(pan!) : undefined);
      cards = [c];
    }
    return { result: { Cards: { Card: cards.map(cardXml) } } };
  });

  const CreateTransaction = operation('CreateTransaction', (args) => {
    const t = args?.Transfer as XmlObject | undefined;
    if (!t || typeof t !== 'object') throw new BusinessError('INVALID_REQUEST', 'Transfer is required');
    const outcome = bank.transfer({
      fromAccountId: text(t.FromAccountId),
      toAccountId: text(t.ToAccountId),
      toIban: text(t.ToIban),
      toName: text(t.ToName),
      amount: text(t.Amount),
      currency: text(t.Currency),
      narrative: text(t.Narrative),
      callerReference: text(t.CallerReference),
      paymentMessage: typeof t.PaymentMessage === 'string' ? t.PaymentMessage : undefined,
    });
    return { result: { Result: transferResultXml(outcome) } };
  });

  const QueryTransfer = operation('QueryTransfer', (args) => {
    const reference = text(args?.CallerReference);
    if (!reference) throw new BusinessError('INVALID_REQUEST', 'CallerReference is required');
    const outcome = bank.transferByReference(reference);
    // none booked under it: SUCCESS without Result
    return { result: outcome ? { Result: transferResultXml({ ...outcome, replayed: true }) } : {} };
  });

  // v1.4: freeze / unfreeze; idempotent by TargetStatus (CoreBank.setCardStatus)
  const SetCardStatus = operation('SetCardStatus', (args) => {
    const change = bank.setCardStatus({ cardId: text(args?.CardId), customerId: text(args?.CustomerId), target: text(args?.TargetStatus) });
    return { result: { Card: cardXml(change.card), Changed: change.changed } };
  });

  const GetExchangeRates = operation('GetExchangeRates', (args) => {
    const rateDate = text(args?.RateDate);
    if (!rateDate) throw new BusinessError('INVALID_REQUEST', 'RateDate is required');
    const base = text(args?.BaseCurrency) || undefined;
    let table;
    try {
      table = exchangeRatesOn(ds.seed, rateDate, base);
    } catch (err) {
      if (err instanceof RangeError) throw new BusinessError('INVALID_REQUEST', err.message);
      throw err;
    }
    // before the first table: SUCCESS without Rates
    if (!table) return { result: {} };
    return {
      result: {
        BaseCurrency: table.base,
        Rates: { Rate: table.rates.map((r) => ({ Currency: r.currency, Rate: r.rate, RateDate: r.rateDate })) },
      },
    };
  });

  return {
    CoreBankingService: {
      CoreBankingPort: {
        QueryCustomer,
        QueryAccSumm,
        QueryAccBal,
        QueryTransactions,
        QueryCard,
        CreateTransaction,
        QueryTransfer,
        GetExchangeRates,
        SetCardStatus,
      },
    },
  };
}
