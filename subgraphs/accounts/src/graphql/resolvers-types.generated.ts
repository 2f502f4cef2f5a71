import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { AccountModel, CardModel, LoanModel } from './mapping';
import type { StatementModel } from './statement-resolvers';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /**
   * A customer's transactions packed for their one reader (offers, through @requires): a JSON array with
   * a row per transaction, `[bookedAt, amount, currency, direction, status, kind, merchantId, mcc,
   * merchantCountry]`, the last three null without a merchant. One value where objects would be nine
   * fields a transaction: hundreds of them for every dashboard are then cheap to build, to carry through
   * the gateway and to read.
   */
  ActivityRows: { input: unknown; output: unknown; }
  /** A decimal number carried as a string ("1234.50"): money is never a float. */
  Decimal: { input: string; output: string; }
  _FieldSet: { input: string; output: string; }
};

export type Account = {
  /** Always carries `asOf`, when the core computed it: the gateway may answer the same caller from its private cache for up to 15 s. */
  balance?: Maybe<Balance>;
  /** Credit limit of a CARD account. */
  creditLimit?: Maybe<Money>;
  currency: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** Interest rate in percent per year (savings, loans, credit cards), e.g. "2.10". */
  interestRate?: Maybe<Scalars['Decimal']['output']>;
  /** LOAN accounts: principal, outstanding amount and next instalment. */
  loan?: Maybe<LoanDetails>;
  /** IBAN masked for display: country, check digits and the last four characters. */
  maskedIban: Scalars['String']['output'];
  /** Account number masked for display, e.g. '•••• 4821'. */
  maskedNumber: Scalars['String']['output'];
  name: Scalars['String']['output'];
  /** Date (YYYY-MM-DD) the account was opened. */
  openedOn?: Maybe<Scalars['String']['output']>;
  /** SAVINGS accounts with a goal: the goal and how far the balance has got. */
  savingsGoal?: Maybe<SavingsGoal>;
  /**
   * End-of-day statements (camt.053 from the core), newest first. `from` / `to` are days
   * (YYYY-MM-DD, inclusive); `first` 1..31. Only booked movements are on a statement.
   */
  statements?: Maybe<Array<StatementSummary>>;
  status: AccountStatus;
  /**
   * Newest first. `first` 1..100 (default 20; more is refused with BAD_USER_INPUT); `after` is a
   * cursor from a previous page of the same account and filter. Cursors are stable: transactions
   * arriving between two pages are neither skipped nor repeated.
   */
  transactions?: Maybe<TransactionConnection>;
  type: AccountType;
};


export type AccountStatementsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['String']['input']>;
  to?: InputMaybe<Scalars['String']['input']>;
};


export type AccountTransactionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TransactionFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A booked transaction with its account's new balance. */
export type AccountActivity = {
  /** The account after the booking. */
  account: Account;
  transaction: Transaction;
};

export type AccountStatus =
  | 'ACTIVE'
  | 'BLOCKED'
  | 'CLOSED';

export type AccountType =
  | 'CARD'
  | 'CURRENT'
  | 'LOAN'
  | 'SAVINGS';

export type ActivityAccount = {
  accountId: Scalars['ID']['output'];
  /** YYYY-MM-DD */
  openedOn: Scalars['String']['output'];
  /** The core's account status (ACTIVE, CLOSED, BLOCKED). */
  status: Scalars['String']['output'];
  /** The core's account type (CURRENT, SAVINGS, LOAN, CARD). */
  type: Scalars['String']['output'];
};

export type Balance = {
  /** When the core computed the balance (ISO 8601). */
  asOf: Scalars['String']['output'];
  available: Money;
  ledger: Money;
};

export type CacheControlScope =
  | 'PRIVATE'
  | 'PUBLIC';

export type Card = {
  account?: Maybe<Account>;
  brand: Scalars['String']['output'];
  expiryMonth: Scalars['Int']['output'];
  expiryYear: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  kind: Scalars['String']['output'];
  /** First 6 and last 4 digits only; no API returns a full PAN. */
  maskedPan: Scalars['String']['output'];
  /**
   * As the core has it: ACTIVE, FROZEN (the customer's own temporary freeze, see freezeCard),
   * BLOCKED (lost, stolen or fraud: final) or EXPIRED.
   */
  status: Scalars['String']['output'];
};

export type CategorySpending = {
  category: SpendingCategory;
  change: Money;
  label: Scalars['String']['output'];
  previousTotal: Money;
  /** Percent of the period's total, two decimals (largest-remainder rounding: all shares add to 100.00) */
  share: Scalars['Decimal']['output'];
  total: Money;
  transactionCount: Scalars['Int']['output'];
};

/** Contact details masked for display: enough to recognise them, not to use them. */
export type ContactDetails = {
  /** e.g. "m***@example.com" */
  email?: Maybe<Scalars['String']['output']>;
  /** e.g. "+49 ••• •••• 789" */
  phone?: Maybe<Scalars['String']['output']>;
};

export type CurrencyConversion = {
  /** Target currency of every total */
  currency: Scalars['String']['output'];
  /** Rates used (only currencies that needed converting), quoted as units per one `base` */
  rates: Array<FxRate>;
  /** Date the rates were fixed on (YYYY-MM-DD) */
  ratesDate: Scalars['String']['output'];
  /** How a converted amount is rounded */
  rounding: Scalars['String']['output'];
  /** Where the rates come from */
  source: Scalars['String']['output'];
};

/**
 * A customer of the bank. Fields read from the core are nullable so that a slow or failing core
 * never blanks what other services add to the customer (loyalty, offers).
 */
export type Customer = {
  accounts?: Maybe<Array<Account>>;
  cards?: Maybe<Array<Card>>;
  contact?: Maybe<ContactDetails>;
  /** Date (YYYY-MM-DD) the customer relationship began. */
  customerSince?: Maybe<Scalars['String']['output']>;
  /** Short display name, e.g. 'Anna K.' */
  displayName?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** Number of open products (accounts) */
  productCount?: Maybe<Scalars['Int']['output']>;
  /** Open products by type, with how many of each */
  products?: Maybe<Array<ProductHolding>>;
  /** Distinct product types the customer holds. */
  productsHeld?: Maybe<Array<AccountType>>;
  /**
   * What offers' signals read about the customer, from the same core reads as the rest of this
   * answer: the account list and transaction pages asked in the same tick (one QueryTransactions).
   * Offers takes it with @requires, so ranking offers costs the core no call of its own. Not for
   * clients; null when the caller may not read this customer or the core could not answer.
   */
  recentActivity?: Maybe<RecentActivity>;
  segment?: Maybe<Scalars['String']['output']>;
  /**
   * Card spending by category for a period (default: this month), in `currency` (default: the
   * currency of the customer's main current account); other currencies converted as `conversion` states.
   */
  spending?: Maybe<Spending>;
};


/**
 * A customer of the bank. Fields read from the core are nullable so that a slow or failing core
 * never blanks what other services add to the customer (loyalty, offers).
 */
export type CustomerSpendingArgs = {
  currency?: InputMaybe<Scalars['String']['input']>;
  period?: InputMaybe<SpendingPeriodInput>;
};

export type Direction =
  | 'CREDIT'
  | 'DEBIT';

export type FxRate = {
  base: Scalars['String']['output'];
  currency: Scalars['String']['output'];
  rate: Scalars['Decimal']['output'];
};

export type GeoPoint = {
  lat: Scalars['Float']['output'];
  lon: Scalars['Float']['output'];
};

export type Instalment = {
  amount: Money;
  /** YYYY-MM-DD */
  dueOn: Scalars['String']['output'];
};

export type LoanDetails = {
  nextInstalment?: Maybe<Instalment>;
  /** What is still owed (positive) */
  outstanding?: Maybe<Money>;
  principal: Money;
};

export type Merchant = {
  category: SpendingCategory;
  city?: Maybe<Scalars['String']['output']>;
  country?: Maybe<Scalars['String']['output']>;
  location?: Maybe<GeoPoint>;
  mcc: Scalars['String']['output'];
  name: Scalars['String']['output'];
};

export type MerchantSpending = {
  category: SpendingCategory;
  name: Scalars['String']['output'];
  total: Money;
  transactionCount: Scalars['Int']['output'];
};

/** An amount in a currency (ISO 4217 code). `amount` has exactly the currency's decimals. */
export type Money = {
  amount: Scalars['Decimal']['output'];
  currency: Scalars['String']['output'];
};

export type MoneyInput = {
  /** Decimal string, at most the currency's decimals, e.g. "25.50" */
  amount: Scalars['Decimal']['input'];
  currency: Scalars['String']['input'];
};

export type Mutation = {
  /**
   * Freezes one of the caller's cards through the core (SetCardStatus): a temporary block the
   * customer lifts with unfreezeCard, unlike the bank's final block of a lost or stolen card.
   * Returns the card with its new status. Idempotent: a card already frozen answers as it is.
   * Refusals change nothing: CARD_NOT_FOUND (another customer's card answers as an unknown one),
   * CARD_NOT_FREEZABLE (a blocked or expired card). Kiosk tokens may run it with their narrow
   * `customer:cards:write` scope.
   */
  freezeCard: Card;
  /**
   * Chooses e-statements (`paperless: true`) or paper statements for the signed-in customer. The
   * first switch to e-statements earns the loyalty engagement points; accounts tells loyalty, the
   * customer cannot claim them. Staff and partner apps get FORBIDDEN.
   */
  setStatementPreference: StatementPreference;
  /**
   * Moves money from one of the caller's accounts through the core's CreateTransaction: to another
   * own account (`to.accountId`), to any IBAN: a customer of this bank (P2P) or another bank (an ISO
   * 20022 pain.001 message goes with it). Idempotent by `idempotencyKey`: the same key with the same
   * input returns the first result (`replayed: true`) and moves money once; the same key with a
   * different input fails with IDEMPOTENCY_KEY_REUSED. Refusals change nothing and carry one of the
   * codes INVALID_AMOUNT, CURRENCY_MISMATCH, INSUFFICIENT_FUNDS, ACCOUNT_CLOSED, ACCOUNT_NOT_FOUND,
   * INVALID_IBAN, IDEMPOTENCY_KEY_REUSED, BAD_USER_INPUT.
   */
  transfer: TransferResult;
  /**
   * Lifts the caller's own freeze of a card (SetCardStatus): the card is active again. Idempotent:
   * an active card answers as it is. Refusals change nothing: CARD_NOT_FOUND, CARD_NOT_FREEZABLE
   * (a blocked or expired card: a freeze never undoes the bank's block).
   */
  unfreezeCard: Card;
};


export type MutationFreezeCardArgs = {
  cardId: Scalars['ID']['input'];
};


export type MutationSetStatementPreferenceArgs = {
  paperless: Scalars['Boolean']['input'];
};


export type MutationTransferArgs = {
  input: TransferInput;
};


export type MutationUnfreezeCardArgs = {
  cardId: Scalars['ID']['input'];
};

export type PageInfo = {
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type ProductHolding = {
  count: Scalars['Int']['output'];
  type: AccountType;
};

export type Query = {
  /** One of the caller's accounts by id. */
  account?: Maybe<Account>;
  /** One of the caller's cards by id (masked PAN only). Another customer's card answers null, as an unknown id does. */
  card?: Maybe<Card>;
  /** One customer by id: a customer may read only themselves; staff with the staff read scope any. */
  customer?: Maybe<Customer>;
  /** The signed-in customer (from the caller's token). Null for callers that are not a customer. */
  me?: Maybe<Customer>;
  /** One end-of-day statement; another customer's or an unknown id answers null. */
  statement?: Maybe<Statement>;
};


export type QueryAccountArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCardArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCustomerArgs = {
  id: Scalars['ID']['input'];
};


export type QueryStatementArgs = {
  id: Scalars['ID']['input'];
};

/**
 * A customer's relationship and their transactions since `from`, slimmed to what offers' signals read
 * (no descriptions, counterparties, merchant names or places).
 */
export type RecentActivity = {
  accounts: Array<ActivityAccount>;
  /** False when an account had more transactions since `from` than one core page: the reader reads the rest itself. */
  complete: Scalars['Boolean']['output'];
  /** ISO 3166 alpha-2 country of residence. */
  country: Scalars['String']['output'];
  /** Date (YYYY-MM-DD) the customer relationship began. */
  customerSince: Scalars['String']['output'];
  /** First day covered (YYYY-MM-DD, UTC). */
  from: Scalars['String']['output'];
  marketingConsent: Scalars['Boolean']['output'];
  /** Every transaction since `from`, newest first per account. */
  transactions: Scalars['ActivityRows']['output'];
};

export type SavingsGoal = {
  /** saved / target in percent, two decimals, capped at 100.00 */
  progressPercent: Scalars['Decimal']['output'];
  saved: Money;
  target: Money;
};

/** Where the money went in a period: card spending (debits at merchants) by category. */
export type Spending = {
  /** Largest first; shares add up to exactly 100.00 */
  categories: Array<CategorySpending>;
  /** total - previousTotal */
  change: Money;
  /** Percent change against the previous period, two decimals; null when the previous total is zero */
  changePercent?: Maybe<Scalars['Decimal']['output']>;
  /** How amounts in other currencies were converted */
  conversion: CurrencyConversion;
  /** The currency every total is in */
  currency: Scalars['String']['output'];
  /** First day of the period (YYYY-MM-DD) */
  from: Scalars['String']['output'];
  /** Total of the previous period of the same length (the previous month for a month) */
  previousTotal: Money;
  /** Last day of the period, inclusive */
  to: Scalars['String']['output'];
  /** Largest first (up to 5) */
  topMerchants: Array<MerchantSpending>;
  total: Money;
  transactionCount: Scalars['Int']['output'];
};

/**
 * Everyday spending categories, grouped from merchant category codes (ISO 18245); the grouping is
 * documented in lib/mcc-categories.ts.
 */
export type SpendingCategory =
  | 'EATING_OUT'
  | 'EDUCATION'
  | 'ENTERTAINMENT'
  | 'FINANCIAL'
  | 'FUEL'
  | 'GOVERNMENT'
  | 'GROCERIES'
  | 'HEALTH'
  | 'HOME'
  | 'OTHER'
  | 'PERSONAL_CARE'
  | 'SHOPPING'
  | 'TRANSPORT'
  | 'TRAVEL'
  | 'UTILITIES'
  | 'VEHICLE';

/** A period: either `month` (YYYY-MM) or `from` and `to` (YYYY-MM-DD, both inclusive, at most 366 days). */
export type SpendingPeriodInput = {
  from?: InputMaybe<Scalars['String']['input']>;
  month?: InputMaybe<Scalars['String']['input']>;
  to?: InputMaybe<Scalars['String']['input']>;
};

export type Statement = {
  closingBalance: Money;
  date: Scalars['String']['output'];
  /** Oldest first. */
  entries: Array<StatementEntry>;
  entryCount: Scalars['Int']['output'];
  /** ISO 20022 message the statement was read from, e.g. camt.053.001.08. */
  format: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  messageId: Scalars['String']['output'];
  openingBalance: Money;
  period: StatementPeriod;
  totalCredits: Money;
  totalDebits: Money;
};

export type StatementEntry = {
  /** Always positive; `direction` says which way it moved. */
  amount: Money;
  /** YYYY-MM-DD or an ISO 8601 date-time, as the bank wrote it. */
  bookingDate?: Maybe<Scalars['String']['output']>;
  counterpartyName?: Maybe<Scalars['String']['output']>;
  description?: Maybe<Scalars['String']['output']>;
  direction: Direction;
  endToEndId?: Maybe<Scalars['String']['output']>;
  /** The bank's reference of the entry. */
  reference?: Maybe<Scalars['String']['output']>;
  /** True when the entry reverses an earlier one. */
  reversal: Scalars['Boolean']['output'];
  status: StatementEntryStatus;
  valueDate?: Maybe<Scalars['String']['output']>;
};

export type StatementEntryStatus =
  | 'BOOKED'
  | 'INFORMATION'
  | 'OTHER'
  | 'PENDING';

/** The statement period as ISO 8601 date-times. */
export type StatementPeriod = {
  from: Scalars['String']['output'];
  to: Scalars['String']['output'];
};

/** How the customer receives statements. */
export type StatementPreference = {
  /** ISO 8601 time of the last change. */
  changedAt: Scalars['String']['output'];
  paperless: Scalars['Boolean']['output'];
};

export type StatementSummary = {
  /** Booked balance at the end of the day: opening + totalCredits - totalDebits. */
  closingBalance: Money;
  /** The business day (YYYY-MM-DD). */
  date: Scalars['String']['output'];
  entryCount: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  /** Booked balance at the start of the day (negative: debit balance). */
  openingBalance: Money;
  period: StatementPeriod;
  totalCredits: Money;
  totalDebits: Money;
};

export type Subscription = {
  /**
   * Each transaction the core books on one of the signed-in customer's accounts from now on (its
   * debit/credit notification), with the account as it is after the booking: `account.balance` is
   * read from the core when the event is sent. `accountId` narrows it to one of the caller's own
   * accounts; another customer's or an unknown id fails with ACCOUNT_NOT_FOUND. At most once and only
   * while subscribed: what was missed is in `transactions`. Callers that are not a customer get
   * FORBIDDEN; a client that reads too slowly is ended with SUBSCRIPTION_CONSUMER_TOO_SLOW.
   */
  accountActivity: AccountActivity;
};


export type SubscriptionAccountActivityArgs = {
  accountId?: InputMaybe<Scalars['ID']['input']>;
};

export type Transaction = {
  /** Always positive; `direction` says which way it moved. */
  amount: Money;
  /** ISO 8601 date-time. */
  bookedAt: Scalars['String']['output'];
  /** Spending category of a merchant transaction (null for transfers, salary, fees) */
  category?: Maybe<SpendingCategory>;
  /** The other party of a transfer */
  counterpartyName?: Maybe<Scalars['String']['output']>;
  description: Scalars['String']['output'];
  direction: Direction;
  id: Scalars['ID']['output'];
  merchant?: Maybe<Merchant>;
  status: TransactionStatus;
};

export type TransactionConnection = {
  edges: Array<TransactionEdge>;
  pageInfo: PageInfo;
};

export type TransactionEdge = {
  cursor: Scalars['String']['output'];
  node: Transaction;
};

export type TransactionFilter = {
  /** Only merchant transactions in this category */
  category?: InputMaybe<SpendingCategory>;
  direction?: InputMaybe<Direction>;
  /** First booking day, inclusive (YYYY-MM-DD) */
  from?: InputMaybe<Scalars['String']['input']>;
  /** Inclusive upper bound of the (positive) amount, in the account currency */
  maxAmount?: InputMaybe<Scalars['Decimal']['input']>;
  /** Inclusive lower bound of the (positive) amount, in the account currency */
  minAmount?: InputMaybe<Scalars['Decimal']['input']>;
  /** Case-insensitive text in description, merchant or counterparty (2..64 characters) */
  text?: InputMaybe<Scalars['String']['input']>;
  /** Last booking day, inclusive (YYYY-MM-DD) */
  to?: InputMaybe<Scalars['String']['input']>;
};

export type TransactionStatus =
  | 'BOOKED'
  | 'PENDING'
  | 'REVERSED';

export type TransferDestinationInput = {
  /** One of the caller's own accounts */
  accountId?: InputMaybe<Scalars['ID']['input']>;
  /** Any IBAN (print or electronic format): a customer of this bank or another bank */
  iban?: InputMaybe<Scalars['String']['input']>;
  /** Beneficiary name (required with iban) */
  name?: InputMaybe<Scalars['String']['input']>;
};

export type TransferInput = {
  amount: MoneyInput;
  fromAccountId: Scalars['ID']['input'];
  /** Client-chosen key (8..64 characters of A-Z a-z 0-9 . _ : -), unique per transfer */
  idempotencyKey: Scalars['String']['input'];
  /** Remittance information shown to both sides (max 140 characters) */
  reference?: InputMaybe<Scalars['String']['input']>;
  /** Exactly one of accountId and iban */
  to: TransferDestinationInput;
};

export type TransferResult = {
  amount: Money;
  bookedAt: Scalars['String']['output'];
  /** The debited account (fresh balance) */
  fromAccount?: Maybe<Account>;
  /** True when this answers a repeated request with the same idempotency key */
  replayed: Scalars['Boolean']['output'];
  route: TransferRoute;
  status: TransactionStatus;
  /** Id of the debit transaction */
  transactionId: Scalars['ID']['output'];
};

export type TransferRoute =
  /** to another customer of this bank */
  | 'INTERNAL'
  /** to another bank (pain.001 sent) */
  | 'OUTBOUND'
  /** between two accounts of the caller */
  | 'OWN_ACCOUNTS';



export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = {
  Account: Account;
  Card: Card;
  Customer: Customer;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Account:
    ( { __typename: 'Account' }
    & GraphQLRecursivePick<FederationTypes['Account'], {"id":true}> );
  Card:
    ( { __typename: 'Card' }
    & GraphQLRecursivePick<FederationTypes['Card'], {"id":true}> );
  Customer:
    ( { __typename: 'Customer' }
    & GraphQLRecursivePick<FederationTypes['Customer'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Account: ResolverTypeWrapper<AccountModel>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  AccountActivity: ResolverTypeWrapper<Omit<AccountActivity, 'account'> & { account: ResolversTypes['Account'] }>;
  AccountStatus: AccountStatus;
  AccountType: AccountType;
  ActivityAccount: ResolverTypeWrapper<ActivityAccount>;
  ActivityRows: ResolverTypeWrapper<Scalars['ActivityRows']['output']>;
  Balance: ResolverTypeWrapper<Balance>;
  CacheControlScope: CacheControlScope;
  Card: ResolverTypeWrapper<CardModel>;
  CategorySpending: ResolverTypeWrapper<CategorySpending>;
  ContactDetails: ResolverTypeWrapper<ContactDetails>;
  CurrencyConversion: ResolverTypeWrapper<CurrencyConversion>;
  Customer: ResolverTypeWrapper<Omit<Customer, 'accounts' | 'cards'> & { accounts?: Maybe<Array<ResolversTypes['Account']>>, cards?: Maybe<Array<ResolversTypes['Card']>> }>;
  Decimal: ResolverTypeWrapper<Scalars['Decimal']['output']>;
  Direction: Direction;
  FxRate: ResolverTypeWrapper<FxRate>;
  GeoPoint: ResolverTypeWrapper<GeoPoint>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Instalment: ResolverTypeWrapper<Instalment>;
  LoanDetails: ResolverTypeWrapper<LoanModel>;
  Merchant: ResolverTypeWrapper<Merchant>;
  MerchantSpending: ResolverTypeWrapper<MerchantSpending>;
  Money: ResolverTypeWrapper<Money>;
  MoneyInput: MoneyInput;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  ProductHolding: ResolverTypeWrapper<ProductHolding>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RecentActivity: ResolverTypeWrapper<RecentActivity>;
  SavingsGoal: ResolverTypeWrapper<SavingsGoal>;
  Spending: ResolverTypeWrapper<Spending>;
  SpendingCategory: SpendingCategory;
  SpendingPeriodInput: SpendingPeriodInput;
  Statement: ResolverTypeWrapper<StatementModel>;
  StatementEntry: ResolverTypeWrapper<StatementEntry>;
  StatementEntryStatus: StatementEntryStatus;
  StatementPeriod: ResolverTypeWrapper<StatementPeriod>;
  StatementPreference: ResolverTypeWrapper<StatementPreference>;
  StatementSummary: ResolverTypeWrapper<StatementSummary>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Transaction: ResolverTypeWrapper<Transaction>;
  TransactionConnection: ResolverTypeWrapper<TransactionConnection>;
  TransactionEdge: ResolverTypeWrapper<TransactionEdge>;
  TransactionFilter: TransactionFilter;
  TransactionStatus: TransactionStatus;
  TransferDestinationInput: TransferDestinationInput;
  TransferInput: TransferInput;
  TransferResult: ResolverTypeWrapper<Omit<TransferResult, 'fromAccount'> & { fromAccount?: Maybe<ResolversTypes['Account']> }>;
  TransferRoute: TransferRoute;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Account: AccountModel;
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  AccountActivity: Omit<AccountActivity, 'account'> & { account: ResolversParentTypes['Account'] };
  ActivityAccount: ActivityAccount;
  ActivityRows: Scalars['ActivityRows']['output'];
  Balance: Balance;
  Card: CardModel;
  CategorySpending: CategorySpending;
  ContactDetails: ContactDetails;
  CurrencyConversion: CurrencyConversion;
  Customer: Omit<Customer, 'accounts' | 'cards'> & { accounts?: Maybe<Array<ResolversParentTypes['Account']>>, cards?: Maybe<Array<ResolversParentTypes['Card']>> } | FederationReferenceTypes['Customer'];
  Decimal: Scalars['Decimal']['output'];
  FxRate: FxRate;
  GeoPoint: GeoPoint;
  Float: Scalars['Float']['output'];
  Instalment: Instalment;
  LoanDetails: LoanModel;
  Merchant: Merchant;
  MerchantSpending: MerchantSpending;
  Money: Money;
  MoneyInput: MoneyInput;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  ProductHolding: ProductHolding;
  Query: Record<PropertyKey, never>;
  RecentActivity: RecentActivity;
  SavingsGoal: SavingsGoal;
  Spending: Spending;
  SpendingPeriodInput: SpendingPeriodInput;
  Statement: StatementModel;
  StatementEntry: StatementEntry;
  StatementPeriod: StatementPeriod;
  StatementPreference: StatementPreference;
  StatementSummary: StatementSummary;
  Subscription: Record<PropertyKey, never>;
  Transaction: Transaction;
  TransactionConnection: TransactionConnection;
  TransactionEdge: TransactionEdge;
  TransactionFilter: TransactionFilter;
  TransferDestinationInput: TransferDestinationInput;
  TransferInput: TransferInput;
  TransferResult: Omit<TransferResult, 'fromAccount'> & { fromAccount?: Maybe<ResolversParentTypes['Account']> };
  Boolean: Scalars['Boolean']['output'];
  Int: Scalars['Int']['output'];
};

export type CacheControlDirectiveArgs = {
  inheritMaxAge?: Maybe<Scalars['Boolean']['input']>;
  maxAge?: Maybe<Scalars['Int']['input']>;
  scope?: Maybe<CacheControlScope>;
};

export type CacheControlDirectiveResolver<Result, Parent, ContextType = unknown, Args = CacheControlDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type AccountResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Account'] = ResolversParentTypes['Account'], FederationReferenceType extends FederationReferenceTypes['Account'] = FederationReferenceTypes['Account']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Account']> | FederationReferenceType, FederationReferenceType, ContextType>;
  balance?: Resolver<Maybe<ResolversTypes['Balance']>, ParentType, ContextType>;
  creditLimit?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  interestRate?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  loan?: Resolver<Maybe<ResolversTypes['LoanDetails']>, ParentType, ContextType>;
  maskedIban?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  maskedNumber?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  openedOn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  savingsGoal?: Resolver<Maybe<ResolversTypes['SavingsGoal']>, ParentType, ContextType>;
  statements?: Resolver<Maybe<Array<ResolversTypes['StatementSummary']>>, ParentType, ContextType, RequireFields<AccountStatementsArgs, 'first'>>;
  status?: Resolver<ResolversTypes['AccountStatus'], ParentType, ContextType>;
  transactions?: Resolver<Maybe<ResolversTypes['TransactionConnection']>, ParentType, ContextType, RequireFields<AccountTransactionsArgs, 'first'>>;
  type?: Resolver<ResolversTypes['AccountType'], ParentType, ContextType>;
};

export type AccountActivityResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['AccountActivity'] = ResolversParentTypes['AccountActivity']> = {
  account?: Resolver<ResolversTypes['Account'], ParentType, ContextType>;
  transaction?: Resolver<ResolversTypes['Transaction'], ParentType, ContextType>;
};

export type ActivityAccountResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['ActivityAccount'] = ResolversParentTypes['ActivityAccount']> = {
  accountId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  openedOn?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export interface ActivityRowsScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['ActivityRows'], any> {
  name: 'ActivityRows';
}

export type BalanceResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Balance'] = ResolversParentTypes['Balance']> = {
  asOf?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  available?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  ledger?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
};

export type CardResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Card'] = ResolversParentTypes['Card'], FederationReferenceType extends FederationReferenceTypes['Card'] = FederationReferenceTypes['Card']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Card']> | FederationReferenceType, FederationReferenceType, ContextType>;
  account?: Resolver<Maybe<ResolversTypes['Account']>, ParentType, ContextType>;
  brand?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expiryMonth?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  expiryYear?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  maskedPan?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CategorySpendingResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['CategorySpending'] = ResolversParentTypes['CategorySpending']> = {
  category?: Resolver<ResolversTypes['SpendingCategory'], ParentType, ContextType>;
  change?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  previousTotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  share?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  transactionCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ContactDetailsResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['ContactDetails'] = ResolversParentTypes['ContactDetails']> = {
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  phone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type CurrencyConversionResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['CurrencyConversion'] = ResolversParentTypes['CurrencyConversion']> = {
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rates?: Resolver<Array<ResolversTypes['FxRate']>, ParentType, ContextType>;
  ratesDate?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rounding?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CustomerResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Customer'] = ResolversParentTypes['Customer'], FederationReferenceType extends FederationReferenceTypes['Customer'] = FederationReferenceTypes['Customer']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Customer']> | FederationReferenceType, FederationReferenceType, ContextType>;
  accounts?: Resolver<Maybe<Array<ResolversTypes['Account']>>, ParentType, ContextType>;
  cards?: Resolver<Maybe<Array<ResolversTypes['Card']>>, ParentType, ContextType>;
  contact?: Resolver<Maybe<ResolversTypes['ContactDetails']>, ParentType, ContextType>;
  customerSince?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  displayName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  productCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  products?: Resolver<Maybe<Array<ResolversTypes['ProductHolding']>>, ParentType, ContextType>;
  productsHeld?: Resolver<Maybe<Array<ResolversTypes['AccountType']>>, ParentType, ContextType>;
  recentActivity?: Resolver<Maybe<ResolversTypes['RecentActivity']>, ParentType, ContextType>;
  segment?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  spending?: Resolver<Maybe<ResolversTypes['Spending']>, ParentType, ContextType, Partial<CustomerSpendingArgs>>;
};

export interface DecimalScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Decimal'], any> {
  name: 'Decimal';
}

export type FxRateResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['FxRate'] = ResolversParentTypes['FxRate']> = {
  base?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rate?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
};

export type GeoPointResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['GeoPoint'] = ResolversParentTypes['GeoPoint']> = {
  lat?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  lon?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type InstalmentResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Instalment'] = ResolversParentTypes['Instalment']> = {
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  dueOn?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type LoanDetailsResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['LoanDetails'] = ResolversParentTypes['LoanDetails']> = {
  nextInstalment?: Resolver<Maybe<ResolversTypes['Instalment']>, ParentType, ContextType>;
  outstanding?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  principal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
};

export type MerchantResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Merchant'] = ResolversParentTypes['Merchant']> = {
  category?: Resolver<ResolversTypes['SpendingCategory'], ParentType, ContextType>;
  city?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  country?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  location?: Resolver<Maybe<ResolversTypes['GeoPoint']>, ParentType, ContextType>;
  mcc?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MerchantSpendingResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['MerchantSpending'] = ResolversParentTypes['MerchantSpending']> = {
  category?: Resolver<ResolversTypes['SpendingCategory'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  transactionCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type MoneyResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = {
  amount?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  freezeCard?: Resolver<ResolversTypes['Card'], ParentType, ContextType, RequireFields<MutationFreezeCardArgs, 'cardId'>>;
  setStatementPreference?: Resolver<ResolversTypes['StatementPreference'], ParentType, ContextType, RequireFields<MutationSetStatementPreferenceArgs, 'paperless'>>;
  transfer?: Resolver<ResolversTypes['TransferResult'], ParentType, ContextType, RequireFields<MutationTransferArgs, 'input'>>;
  unfreezeCard?: Resolver<ResolversTypes['Card'], ParentType, ContextType, RequireFields<MutationUnfreezeCardArgs, 'cardId'>>;
};

export type PageInfoResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type ProductHoldingResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['ProductHolding'] = ResolversParentTypes['ProductHolding']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['AccountType'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  account?: Resolver<Maybe<ResolversTypes['Account']>, ParentType, ContextType, RequireFields<QueryAccountArgs, 'id'>>;
  card?: Resolver<Maybe<ResolversTypes['Card']>, ParentType, ContextType, RequireFields<QueryCardArgs, 'id'>>;
  customer?: Resolver<Maybe<ResolversTypes['Customer']>, ParentType, ContextType, RequireFields<QueryCustomerArgs, 'id'>>;
  me?: Resolver<Maybe<ResolversTypes['Customer']>, ParentType, ContextType>;
  statement?: Resolver<Maybe<ResolversTypes['Statement']>, ParentType, ContextType, RequireFields<QueryStatementArgs, 'id'>>;
};

export type RecentActivityResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['RecentActivity'] = ResolversParentTypes['RecentActivity']> = {
  accounts?: Resolver<Array<ResolversTypes['ActivityAccount']>, ParentType, ContextType>;
  complete?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  country?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  customerSince?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  from?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  marketingConsent?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  transactions?: Resolver<ResolversTypes['ActivityRows'], ParentType, ContextType>;
};

export type SavingsGoalResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['SavingsGoal'] = ResolversParentTypes['SavingsGoal']> = {
  progressPercent?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  saved?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  target?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
};

export type SpendingResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Spending'] = ResolversParentTypes['Spending']> = {
  categories?: Resolver<Array<ResolversTypes['CategorySpending']>, ParentType, ContextType>;
  change?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  changePercent?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  conversion?: Resolver<ResolversTypes['CurrencyConversion'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  from?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  previousTotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  topMerchants?: Resolver<Array<ResolversTypes['MerchantSpending']>, ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  transactionCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type StatementResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Statement'] = ResolversParentTypes['Statement']> = {
  closingBalance?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  date?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  entries?: Resolver<Array<ResolversTypes['StatementEntry']>, ParentType, ContextType>;
  entryCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  format?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  messageId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  openingBalance?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  period?: Resolver<ResolversTypes['StatementPeriod'], ParentType, ContextType>;
  totalCredits?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  totalDebits?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
};

export type StatementEntryResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['StatementEntry'] = ResolversParentTypes['StatementEntry']> = {
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  bookingDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  counterpartyName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  direction?: Resolver<ResolversTypes['Direction'], ParentType, ContextType>;
  endToEndId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reference?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reversal?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['StatementEntryStatus'], ParentType, ContextType>;
  valueDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type StatementPeriodResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['StatementPeriod'] = ResolversParentTypes['StatementPeriod']> = {
  from?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type StatementPreferenceResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['StatementPreference'] = ResolversParentTypes['StatementPreference']> = {
  changedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  paperless?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type StatementSummaryResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['StatementSummary'] = ResolversParentTypes['StatementSummary']> = {
  closingBalance?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  date?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  entryCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  openingBalance?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  period?: Resolver<ResolversTypes['StatementPeriod'], ParentType, ContextType>;
  totalCredits?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  totalDebits?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  accountActivity?: SubscriptionResolver<ResolversTypes['AccountActivity'], "accountActivity", ParentType, ContextType, Partial<SubscriptionAccountActivityArgs>>;
};

export type TransactionResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Transaction'] = ResolversParentTypes['Transaction']> = {
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  bookedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  category?: Resolver<Maybe<ResolversTypes['SpendingCategory']>, ParentType, ContextType>;
  counterpartyName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  direction?: Resolver<ResolversTypes['Direction'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  merchant?: Resolver<Maybe<ResolversTypes['Merchant']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['TransactionStatus'], ParentType, ContextType>;
};

export type TransactionConnectionResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['TransactionConnection'] = ResolversParentTypes['TransactionConnection']> = {
  edges?: Resolver<Array<ResolversTypes['TransactionEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type TransactionEdgeResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['TransactionEdge'] = ResolversParentTypes['TransactionEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Transaction'], ParentType, ContextType>;
};

export type TransferResultResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['TransferResult'] = ResolversParentTypes['TransferResult']> = {
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  bookedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  fromAccount?: Resolver<Maybe<ResolversTypes['Account']>, ParentType, ContextType>;
  replayed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  route?: Resolver<ResolversTypes['TransferRoute'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['TransactionStatus'], ParentType, ContextType>;
  transactionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type Resolvers<ContextType = unknown> = {
  Account?: AccountResolvers<ContextType>;
  AccountActivity?: AccountActivityResolvers<ContextType>;
  ActivityAccount?: ActivityAccountResolvers<ContextType>;
  ActivityRows?: GraphQLScalarType;
  Balance?: BalanceResolvers<ContextType>;
  Card?: CardResolvers<ContextType>;
  CategorySpending?: CategorySpendingResolvers<ContextType>;
  ContactDetails?: ContactDetailsResolvers<ContextType>;
  CurrencyConversion?: CurrencyConversionResolvers<ContextType>;
  Customer?: CustomerResolvers<ContextType>;
  Decimal?: GraphQLScalarType;
  FxRate?: FxRateResolvers<ContextType>;
  GeoPoint?: GeoPointResolvers<ContextType>;
  Instalment?: InstalmentResolvers<ContextType>;
  LoanDetails?: LoanDetailsResolvers<ContextType>;
  Merchant?: MerchantResolvers<ContextType>;
  MerchantSpending?: MerchantSpendingResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  ProductHolding?: ProductHoldingResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RecentActivity?: RecentActivityResolvers<ContextType>;
  SavingsGoal?: SavingsGoalResolvers<ContextType>;
  Spending?: SpendingResolvers<ContextType>;
  Statement?: StatementResolvers<ContextType>;
  StatementEntry?: StatementEntryResolvers<ContextType>;
  StatementPeriod?: StatementPeriodResolvers<ContextType>;
  StatementPreference?: StatementPreferenceResolvers<ContextType>;
  StatementSummary?: StatementSummaryResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  Transaction?: TransactionResolvers<ContextType>;
  TransactionConnection?: TransactionConnectionResolvers<ContextType>;
  TransactionEdge?: TransactionEdgeResolvers<ContextType>;
  TransferResult?: TransferResultResolvers<ContextType>;
};

export type DirectiveResolvers<ContextType = unknown> = {
  cacheControl?: CacheControlDirectiveResolver<any, any, ContextType>;
};
