// The adapter's typed view of the core (mirrors core-simulator/wsdl/core.xsd). Amounts stay
// decimal strings as the core sent them; callers turn them into Money with lib/money.
import type { Deadline } from '../../../lib/deadline';

export type AccountType = 'CURRENT' | 'SAVINGS' | 'LOAN' | 'CARD';
export type AccountStatus = 'ACTIVE' | 'CLOSED' | 'BLOCKED';
export type TxnDirection = 'DEBIT' | 'CREDIT';
export type TxnStatus = 'PENDING' | 'BOOKED' | 'REVERSED';

export interface CoreCustomer {
  customerId: string;
  fullName: string;
  shortName: string;
  segment: string;
  customerSince: string; // YYYY-MM-DD
  birthDate: string;
  email: string;
  phone: string;
  country: string;
  city: string;
  marketingConsent: boolean;
  eStatements: boolean;
}

export interface CoreAccount {
  accountId: string;
  customerId: string;
  accountNumber: string;
  iban: string;
  type: AccountType;
  productCode: string;
  productName: string;
  currency: string;
  status: AccountStatus;
  openedOn: string;
  interestRate?: string;
  creditLimit?: string;
  loanPrincipal?: string;
  nextInstalmentAmount?: string;
  nextInstalmentDate?: string;
  savingsGoal?: string;
}

export interface CoreBalance {
  accountId: string;
  currency: string;
  available: string;
  ledger: string;
  asOf: string; // ISO date-time
}

export interface CoreMerchant {
  merchantId: string;
  name: string;
  mcc: string;
  city: string;
  country: string;
  latitude: string;
  longitude: string;
}

export interface CoreTransaction {
  txnId: string;
  accountId: string;
  bookedAt: string;
  valueDate: string;
  amount: string; // positive; see direction
  currency: string;
  direction: TxnDirection;
  status: TxnStatus;
  kind: string;
  description: string;
  reference?: string;
  counterpartyName?: string;
  counterpartyIban?: string;
  merchant?: CoreMerchant;
  /** v1.1: paging key that continues right after this transaction */
  key?: string;
}

export interface TransactionPageQuery {
  accountId: string;
  pageSize: number;
  afterKey?: string;
  fromDate?: string;
  toDate?: string;
  /** v1.1 filters, applied by the core before paging */
  direction?: TxnDirection;
  /** inclusive bounds, decimal text in the account currency */
  minAmount?: string;
  maxAmount?: string;
  /** only merchant transactions with one of these codes */
  mccs?: readonly string[];
  /** case-insensitive substring of description, merchant or counterparty */
  text?: string;
}

export interface CoreTransactionPage {
  accountId: string;
  transactions: CoreTransaction[];
  hasMore: boolean;
  nextKey?: string;
  /** echo of the query's QueryId (v1.1) */
  queryId?: string;
}

export interface CoreCard {
  cardId: string;
  customerId: string;
  accountId: string;
  maskedPan: string;
  brand: string;
  kind: string;
  /** ACTIVE | FROZEN | BLOCKED | EXPIRED (a newer core may add others: kept as text) */
  status: string;
  expiryMonth: number;
  expiryYear: number;
}

/** v1.4 SetCardStatus: the card after the call, and whether the call changed it. */
export interface CardStatusResult {
  card: CoreCard;
  /** false: the card already was in the asked state (a resend after a lost answer, a double tap) */
  changed: boolean;
}

export interface TransferRequest {
  fromAccountId: string;
  toAccountId?: string;
  toIban?: string;
  toName?: string;
  amount: string;
  currency: string;
  narrative?: string;
  callerReference: string;
  /** pain.001 document for a payment leaving the bank */
  paymentMessage?: string;
}

export interface TransferResult {
  txnId: string;
  callerReference: string;
  status: string;
  bookedAt: string;
  amount: string;
  currency: string;
  replayed: boolean;
  /** INTERNAL | OUTBOUND (absent from a v1.0 core) */
  route?: string;
}

/** One rate of the core's dated FX table: units of `currency` per one unit of the table's base. */
export interface ExchangeRate {
  currency: string;
  /** decimal text as the core sent it: never a float */
  rate: string;
  /** YYYY-MM-DD: the table the rate comes from (the asked date, or the latest earlier one) */
  rateDate: string;
}

export interface ExchangeRates {
  base: string;
  /** empty when the core has no table on or before the asked date */
  rates: ExchangeRate[];
}

/** Who is asking, for the core's header block and for logs (never personal data). */
export interface CoreCallContext {
  requestId?: string;
  /** channel / user id for the header's UserId */
  userId?: string;
  /** the client request's deadline (lib/deadline.ts, from the gateway's budget): how long the caller waits (call-core.ts) */
  deadline?: Deadline;
}
