// The parsed XML of core responses into the typed records of ./types. The SOAP library gives a
// repeated element as an array, a single object or nothing depending on the document, booleans
// and ints as values or text; all of that is normalised here. Amounts must arrive as the decimal
// text the core sent: a JS number here would mean money went through a float, so it is refused.
import { asArray } from '../../../lib/as-array';
import { maskPansInText } from '../../../lib/pan-masking';
import { malformed } from './errors';
import type {
  AccountStatus,
  AccountType,
  CoreAccount,
  CoreBalance,
  CoreCard,
  CoreCustomer,
  CoreMerchant,
  CoreTransaction,
  CoreTransactionPage,
  ExchangeRate,
  TransferResult,
  TxnDirection,
  TxnStatus,
} from './types';

type Xml = Record<string, unknown>;

/** Reads fields of one element, naming the operation and element in every complaint. */
export class XmlReader {
  constructor(
    private readonly node: Xml,
    private readonly operation: string,
    private readonly where: string,
  ) {}

  static of(value: unknown, operation: string, where: string): XmlReader {
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw malformed(operation, `${where} is not an element`);
    return new XmlReader(value as Xml, operation, where);
  }

  has(name: string): boolean {
    const v = this.node[name];
    return v !== undefined && v !== null;
  }

  raw(name: string): unknown {
    return this.node[name];
  }

  str(name: string): string {
    const v = this.optStr(name);
    if (v === undefined) throw this.missing(name);
    return v;
  }

  optStr(name: string): string | undefined {
    const v = unwrap(this.node[name]);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (v instanceof Date) return v.toISOString();
    throw malformed(this.operation, `${this.where}.${name} is not text`);
  }

  /** xsd:date: YYYY-MM-DD as sent */
  date(name: string): string {
    const v = this.optDate(name);
    if (v === undefined) throw this.missing(name);
    return v;
  }

  optDate(name: string): string | undefined {
    const v = unwrap(this.node[name]);
    if (v === undefined || v === null) return undefined;
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    return this.optStr(name);
  }

  /** xsd:dateTime as sent */
  dateTime(name: string): string {
    const v = unwrap(this.node[name]);
    if (v instanceof Date) return v.toISOString();
    return this.str(name);
  }

  decimal(name: string): string {
    const v = this.optDecimal(name);
    if (v === undefined) throw this.missing(name);
    return v;
  }

  optDecimal(name: string): string | undefined {
    const v = unwrap(this.node[name]);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw malformed(this.operation, `${this.where}.${name} was parsed as ${typeof v}, not decimal text`);
    const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(v.trim());
    if (!m || (m[2] === '' && !m[3])) throw malformed(this.operation, `${this.where}.${name} is not a decimal`);
    // xsd:decimal lexical variants ("+5", "5.", ".5") become the plain form lib/money reads
    const sign = m[1] === '-' ? '-' : '';
    return `${sign}${m[2] || '0'}${m[3] ? `.${m[3]}` : ''}`;
  }

  int(name: string): number {
    const v = unwrap(this.node[name]);
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^[+-]?\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
    if (!Number.isSafeInteger(n))
      throw v === undefined || v === null ? this.missing(name) : malformed(this.operation, `${this.where}.${name} is not an integer`);
    return n;
  }

  bool(name: string): boolean {
    const v = unwrap(this.node[name]);
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0') return false;
    throw v === undefined || v === null ? this.missing(name) : malformed(this.operation, `${this.where}.${name} is not a boolean`);
  }

  /** children `item` of container `list` (`<Accounts><Account/>...</Accounts>`), absent = none */
  list(list: string, item: string): XmlReader[] {
    const container = this.node[list];
    if (container === undefined || container === null || container === '') return [];
    if (typeof container !== 'object' || Array.isArray(container)) throw malformed(this.operation, `${this.where}.${list} is not an element`);
    return asArray((container as Xml)[item]).map((v, i) => XmlReader.of(v, this.operation, `${list}.${item}[${i}]`));
  }

  child(name: string): XmlReader {
    return XmlReader.of(this.node[name], this.operation, `${this.where}.${name}`);
  }

  private missing(name: string) {
    return malformed(this.operation, `${this.where}.${name} is missing`);
  }
}

/** an element with attributes parses as { attributes, $value } */
function unwrap(v: unknown): unknown {
  if (v && typeof v === 'object' && !(v instanceof Date) && '$value' in (v as Xml)) return (v as Xml).$value;
  return v;
}

export function mapCustomer(r: XmlReader): CoreCustomer {
  return {
    customerId: r.str('CustomerId'),
    fullName: r.str('FullName'),
    shortName: r.str('ShortName'),
    segment: r.str('Segment'),
    customerSince: r.date('CustomerSince'),
    birthDate: r.date('BirthDate'),
    email: r.str('Email'),
    phone: r.str('Phone'),
    country: r.str('Country'),
    city: r.str('City'),
    marketingConsent: r.bool('MarketingConsent'),
    eStatements: r.bool('EStatements'),
  };
}

export function mapAccount(r: XmlReader): CoreAccount {
  const account: CoreAccount = {
    accountId: r.str('AccountId'),
    customerId: r.str('CustomerId'),
    accountNumber: r.str('AccountNumber'),
    iban: r.str('Iban'),
    type: r.str('Type') as AccountType,
    productCode: r.str('ProductCode'),
    productName: r.str('ProductName'),
    currency: r.str('Currency'),
    status: r.str('Status') as AccountStatus,
    openedOn: r.date('OpenedOn'),
  };
  const optional = {
    interestRate: r.optDecimal('InterestRate'),
    creditLimit: r.optDecimal('CreditLimit'),
    loanPrincipal: r.optDecimal('LoanPrincipal'),
    nextInstalmentAmount: r.optDecimal('NextInstalmentAmount'),
    nextInstalmentDate: r.optDate('NextInstalmentDate'),
    savingsGoal: r.optDecimal('SavingsGoal'),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (account as unknown as Record<string, string>)[k] = v;
  return account;
}

export function mapBalance(r: XmlReader): CoreBalance {
  return {
    accountId: r.str('AccountId'),
    currency: r.str('Currency'),
    available: r.decimal('Available'),
    ledger: r.decimal('Ledger'),
    asOf: r.dateTime('AsOf'),
  };
}

function mapMerchant(r: XmlReader): CoreMerchant {
  return {
    merchantId: r.str('MerchantId'),
    name: r.str('Name'),
    mcc: r.str('Mcc'),
    city: r.str('City'),
    country: r.str('Country'),
    latitude: r.decimal('Latitude'),
    longitude: r.decimal('Longitude'),
  };
}

function mapTransaction(r: XmlReader): CoreTransaction {
  const txn: CoreTransaction = {
    txnId: r.str('TxnId'),
    accountId: r.str('AccountId'),
    bookedAt: r.dateTime('BookedAt'),
    valueDate: r.date('ValueDate'),
    amount: r.decimal('Amount'),
    currency: r.str('Currency'),
    direction: r.str('Direction') as TxnDirection,
    status: r.str('Status') as TxnStatus,
    kind: r.str('Kind'),
    description: r.str('Description'),
  };
  const reference = r.optStr('Reference');
  const counterpartyName = r.optStr('CounterpartyName');
  const counterpartyIban = r.optStr('CounterpartyIban');
  if (reference !== undefined) txn.reference = reference;
  if (counterpartyName !== undefined) txn.counterpartyName = counterpartyName;
  if (counterpartyIban !== undefined) txn.counterpartyIban = counterpartyIban;
  if (r.has('Merchant')) txn.merchant = mapMerchant(r.child('Merchant'));
  const key = r.optStr('Key');
  if (key !== undefined) txn.key = key;
  return txn;
}

export function mapTransactionPage(r: XmlReader): CoreTransactionPage {
  const page: CoreTransactionPage = {
    accountId: r.str('AccountId'),
    transactions: r.list('Transactions', 'Transaction').map(mapTransaction),
    hasMore: r.bool('HasMore'),
  };
  const nextKey = r.optStr('NextKey');
  if (nextKey !== undefined) page.nextKey = nextKey;
  const queryId = r.optStr('QueryId');
  if (queryId !== undefined) page.queryId = queryId;
  return page;
}

export function mapCard(r: XmlReader): CoreCard {
  return {
    cardId: r.str('CardId'),
    customerId: r.str('CustomerId'),
    accountId: r.str('AccountId'),
    // the contract promises a masked PAN; a core that breaks it must not leak one further
    maskedPan: maskPansInText(r.str('MaskedPan')),
    brand: r.str('Brand'),
    kind: r.str('Kind'),
    status: r.str('Status'),
    expiryMonth: r.int('ExpiryMonth'),
    expiryYear: r.int('ExpiryYear'),
  };
}

export function mapTransferResult(r: XmlReader): TransferResult {
  return {
    txnId: r.str('TxnId'),
    callerReference: r.str('CallerReference'),
    status: r.str('Status'),
    bookedAt: r.dateTime('BookedAt'),
    amount: r.decimal('Amount'),
    currency: r.str('Currency'),
    replayed: r.bool('Replayed'),
    ...(r.optStr('Route') !== undefined ? { route: r.optStr('Route') } : {}),
  };
}

export function mapExchangeRate(r: XmlReader): ExchangeRate {
  const rate = r.decimal('Rate');
  // a rate multiplies money: zero or negative is no rate, refused here rather than dividing by it later
  if (rate.startsWith('-') || !/[1-9]/.test(rate)) throw malformed('GetExchangeRates', 'Rate must be greater than zero');
  return { currency: r.str('Currency'), rate, rateDate: r.date('RateDate') };
}
