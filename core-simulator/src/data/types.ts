// The simulator's own records. Money is bigint minor units throughout; decimal strings are made
// only at the SOAP edge (soap-service.ts).
import type { Segment } from './reference';

export type AccountType = 'CURRENT' | 'SAVINGS' | 'LOAN' | 'CARD';
type AccountStatus = 'ACTIVE' | 'CLOSED' | 'BLOCKED';
export type Direction = 'DEBIT' | 'CREDIT';
export type TxnStatus = 'PENDING' | 'BOOKED' | 'REVERSED';
export type TxnKind = 'CARD' | 'TRANSFER' | 'SALARY' | 'FEE' | 'INTEREST' | 'DIRECT_DEBIT' | 'ATM';

export interface Merchant {
  index: number;
  merchantId: string;
  name: string;
  mcc: string;
  city: string;
  country: string;
  latitude: string;
  longitude: string;
  cityIndex: number;
  /** index into MERCHANT_CATEGORIES */
  category: number;
}

export interface Customer {
  index: number;
  customerId: string;
  fullName: string;
  shortName: string;
  segment: Segment;
  customerSince: string;
  birthDate: string;
  email: string;
  phone: string;
  country: string;
  city: string;
  cityIndex: number;
  marketingConsent: boolean;
  eStatements: boolean;
  accounts: number[];
  cards: number[];
}

/** A monthly event of an account's history (salary, rent, subscriptions, interest, fees...). */
export interface RecurringEvent {
  /** which days it happens on */
  when: 'SALARY_DAY' | 'LAST_DAY' | number; // number: day of month 1..28
  kind: TxnKind;
  direction: Direction;
  /** fixed amount, or a monthly amount drawn in [min, max] from (seed, account, month) */
  amount: bigint | { min: number; max: number; tag: number };
  description: string;
  counterpartyName?: string;
  counterpartyIban?: string;
  merchant?: number;
  /** second of the day it is booked at (night batch for most) */
  second: number;
  /** only between these days (both inclusive), e.g. while both accounts of a standing order exist */
  firstDay?: number;
  lastDay?: number;
}

export interface Trip {
  firstDay: number;
  lastDay: number;
  cityIndex: number;
}

/** Everything needed to regenerate an account's history deterministically. */
export interface AccountProfile {
  /** expected random transactions per day in 1/256ths of 4 (see history.ts: byte thresholds) */
  dailyThreshold: number;
  tripThreshold: number;
  recurring: RecurringEvent[];
  trips: Trip[];
  /** where card spending happens when not travelling */
  homeCity: number;
  /** country whose merchants a foreign-currency account uses (undefined: home market) */
  spendCountry?: string;
  /** share of random events that are not card purchases (ATM, transfers), in percent */
  nonCardPercent: number;
  /** activity falling: from `fromDay` on, random events happen at `percent` % of the usual rate (trips excepted) */
  fade?: { fromDay: number; percent: number };
}

export interface Account {
  index: number;
  accountId: string;
  customer: number;
  accountNumber: string;
  iban: string;
  type: AccountType;
  productCode: string;
  productName: string;
  currency: string;
  status: AccountStatus;
  openedOn: string;
  openedDay: number;
  /** last day with activity for a closed account */
  closedDay?: number;
  /** interest rate in basis points per year */
  interestBp?: number;
  creditLimitMinor?: bigint;
  loanPrincipalMinor?: bigint;
  nextInstalmentMinor?: bigint;
  nextInstalmentDate?: string;
  savingsGoalMinor?: bigint;
  /**
   * Seeded balance: for CURRENT/SAVINGS the available balance (ledger = this + pending debits),
   * for CARD/LOAN the ledger balance (negative: owed).
   */
  baseMinor: bigint;
  profile: AccountProfile;
  /** number of seeded transactions in its history (without transfers made while running) */
  txnCount: number;
}

export type CardStatus = 'ACTIVE' | 'FROZEN' | 'BLOCKED' | 'EXPIRED';

export interface Card {
  index: number;
  cardId: string;
  customer: number;
  account: number;
  pan: string;
  brand: 'VISA' | 'MASTERCARD';
  kind: 'DEBIT' | 'CREDIT';
  /** as seeded; FROZEN only ever comes from SetCardStatus (CoreBank.cardStatus) */
  status: CardStatus;
  expiryMonth: number;
  expiryYear: number;
}

export interface Txn {
  txnId: string;
  account: number;
  bookedAtMs: number;
  valueDate: string;
  amountMinor: bigint;
  currency: string;
  direction: Direction;
  status: TxnStatus;
  kind: TxnKind;
  description: string;
  reference?: string;
  counterpartyName?: string;
  counterpartyIban?: string;
  merchant?: number;
}

/** Movements of one entry on one account, as booked (what a camt.054 notification tells). */
export interface Booking {
  account: Account;
  /** the core's reference of the entry (NtryRef): the txn id, or the batch's id */
  entryReference: string;
  /** one per transaction of the entry: several for a batch (salary and bonus, a card settlement) */
  txns: readonly Txn[];
}

/** A movement the core books from outside (booking traffic): a Txn without what the booking decides. */
export type EntryLine = Pick<Txn, 'amountMinor' | 'direction' | 'kind' | 'description' | 'reference' | 'counterpartyName' | 'counterpartyIban'>;
