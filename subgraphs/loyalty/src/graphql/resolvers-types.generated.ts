import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { LoyaltyRef } from './resolvers';
import type { TierStanding } from '../domain/tier-standing';
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
  /** A decimal number carried as a string ("1234.50"): money is never a float. */
  Decimal: { input: string; output: string; }
  _FieldSet: { input: string; output: string; }
};

export type CacheControlScope =
  | 'PRIVATE'
  | 'PUBLIC';

/**
 * Cash back in the programme currency. Cash back accrues per business day and is paid out to the
 * customer's account after the day closes.
 */
export type CashBack = {
  /** All cash back ever earned, paid or not, net of reversals. */
  lifetime: Money;
  /** Cash back expected from authorised card payments: shown, not spendable, until the purchase is confirmed. */
  onHold: Money;
  /** Cash back paid out to the customer's account since the first day of this calendar month (UTC). */
  paidThisMonth: Money;
  /** Cash back earned on today's business day (UTC) that has not been paid out yet. */
  pendingToday: Money;
};

export type Customer = {
  id: Scalars['ID']['output'];
  /**
   * The customer's loyalty membership. Null when the caller may not read this customer, or when
   * loyalty cannot answer right now: a failing loyalty service never blanks the rest of the customer.
   */
  loyalty?: Maybe<Loyalty>;
};

export type EarningRule = {
  description: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  kind: EarningRuleKind;
  /** Merchant category codes the rule applies to, when limited to some. */
  mcc?: Maybe<Array<Scalars['String']['output']>>;
  /** Cash-back rate in percent ("1", "2", "5") or points multiplier, when the rule has one. */
  rate?: Maybe<Scalars['Decimal']['output']>;
  /** End of a time-limited rule (a cash-back boost), ISO 8601. */
  validUntil?: Maybe<Scalars['String']['output']>;
};

export type EarningRuleKind =
  | 'BOOST'
  | 'CASH_BACK'
  | 'ENGAGEMENT'
  | 'EXPIRY'
  | 'POINTS';

export type Loyalty = {
  /** Ledger movements in the customer's terms, newest first. */
  activity: LoyaltyActivityConnection;
  cashBack: CashBack;
  /** The rules this customer earns by. */
  earningRules: Array<EarningRule>;
  /** Points that can be spent now (whole points, never negative). */
  points: Scalars['Int']['output'];
  /** Membership tier from the relationship score (tenure, product types held, recent card activity). */
  tier: LoyaltyTier;
};


export type LoyaltyActivityArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type LoyaltyActivityConnection = {
  edges: Array<LoyaltyActivityEdge>;
  pageInfo: LoyaltyPageInfo;
};

export type LoyaltyActivityEdge = {
  cursor: Scalars['String']['output'];
  node: LoyaltyMovement;
};

/** One journal of the ledger as the customer sees it: what changed on their points and cash back. */
export type LoyaltyMovement = {
  businessDate: Scalars['String']['output'];
  /** Change of cash back earned and not yet paid out, when there is one. */
  cashBack?: Maybe<Money>;
  /** Change of cash back on hold (authorised card payments), when there is one. */
  cashBackOnHold?: Maybe<Money>;
  description: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  kind: LoyaltyMovementKind;
  /** Change of the spendable points balance (negative when points left). */
  points: Scalars['Int']['output'];
  /** ISO 8601 time the movement took effect. */
  postedAt: Scalars['String']['output'];
};

export type LoyaltyMovementKind =
  | 'CARD_PURCHASE'
  | 'CARD_PURCHASE_REVERSED'
  | 'CASHBACK_ACCRUED'
  | 'CASHBACK_HOLD'
  | 'CASHBACK_HOLD_RELEASED'
  | 'CASHBACK_PAID'
  | 'CASHBACK_REVERSED'
  | 'ENGAGEMENT_REWARD'
  /** Points for an answered feedback request (engagement's FeedbackGiven), once per request. */
  | 'FEEDBACK_REWARD'
  | 'POINTS_EARNED'
  | 'POINTS_EXPIRED'
  | 'POINTS_REDEEMED'
  | 'POINTS_REDEMPTION_REFUNDED'
  | 'WELCOME_BONUS';

export type LoyaltyPageInfo = {
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type LoyaltyTier = {
  /** Points multiplier of this tier, e.g. "1.25". */
  multiplier: Scalars['Decimal']['output'];
  /** Null at the top tier. */
  next?: Maybe<NextTier>;
  /** Relationship score: tenure + product types + recent card purchases, each part capped (see docs/loyalty.md). */
  score: Scalars['Int']['output'];
  signals: RelationshipSignals;
  tier: LoyaltyTierName;
};

export type LoyaltyTierName =
  | 'BRONZE'
  | 'GOLD'
  | 'PLATINUM'
  | 'SILVER';

/** An amount in a currency (ISO 4217 code). `amount` has exactly the currency's decimals. */
export type Money = {
  amount: Scalars['Decimal']['output'];
  currency: Scalars['String']['output'];
};

export type Mutation = {
  /**
   * Turns points into cash on the current account or into a partner reward. Errors (nothing changes):
   * INSUFFICIENT_POINTS, IDEMPOTENCY_KEY_REUSED, BAD_USER_INPUT, REWARD_NOT_FOUND, OUT_OF_STOCK,
   * PRICE_ABOVE_LIMIT, NO_CURRENT_ACCOUNT, CORE_REFUSED; CORE_UNAVAILABLE / DOWNSTREAM_SERVICE_ERROR /
   * REDEMPTION_IN_PROGRESS: retry with the same key.
   */
  redeemPoints: Redemption;
};


export type MutationRedeemPointsArgs = {
  input: RedeemPointsInput;
};

export type NextTier = {
  /** True when no single way is enough and the ways are needed together. */
  allNeeded: Scalars['Boolean']['output'];
  /** The same in plain English words, for a client that shows a sentence as it is. */
  hint: Scalars['String']['output'];
  minScore: Scalars['Int']['output'];
  scoreNeeded: Scalars['Int']['output'];
  tier: LoyaltyTierName;
  /** What would get there, for an app to say in its customer's language: any one of them is enough, or all of them together when allNeeded. */
  ways: Array<TierWay>;
};

export type RedeemFor =
  | 'CASH'
  | 'REWARD';

export type RedeemPointsInput = {
  for: RedeemFor;
  /** The same key with the same input gives the same result; with other input IDEMPOTENCY_KEY_REUSED. */
  idempotencyKey: Scalars['String']['input'];
  /** CASH: the points to turn into money (100 points = 1.00). REWARD: the most the customer agrees to pay. */
  points: Scalars['Int']['input'];
  /** Required for REWARD. */
  rewardId?: InputMaybe<Scalars['ID']['input']>;
};

export type Redemption = {
  /** CASH: the amount credited to the current account. */
  cash?: Maybe<Money>;
  for: RedeemFor;
  id: Scalars['ID']['output'];
  /** Points taken from the balance. */
  points: Scalars['Int']['output'];
  /** Points left after this redemption (at the time it was made). */
  pointsBalance: Scalars['Int']['output'];
  /** REWARD: the voucher issued. */
  reward?: Maybe<RewardVoucher>;
};

export type RelationshipSignals = {
  productTypes: Scalars['Int']['output'];
  recentCardPurchases: Scalars['Int']['output'];
  tenureYears: Scalars['Int']['output'];
};

export type RewardVoucher = {
  rewardId: Scalars['ID']['output'];
  voucherCode: Scalars['String']['output'];
};

/** One thing that raises the relationship score, in its own units. */
export type TierWay = {
  /** How many more: product types, card purchases or years. */
  count: Scalars['Int']['output'];
  kind: TierWayKind;
  /** The days card purchases are counted in (CARD_PURCHASES); null for the others. */
  withinDays?: Maybe<Scalars['Int']['output']>;
};

export type TierWayKind =
  /** More card purchases within the window. */
  | 'CARD_PURCHASES'
  /** More distinct active product types (current, savings, loan, card). */
  | 'PRODUCT_TYPES'
  /** More whole years with the bank. */
  | 'TENURE_YEARS';



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
  Customer: Customer;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Customer:
    ( { __typename: 'Customer' }
    & GraphQLRecursivePick<FederationTypes['Customer'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  CacheControlScope: CacheControlScope;
  CashBack: ResolverTypeWrapper<LoyaltyRef>;
  Customer: ResolverTypeWrapper<Omit<Customer, 'loyalty'> & { loyalty?: Maybe<ResolversTypes['Loyalty']> }>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Decimal: ResolverTypeWrapper<Scalars['Decimal']['output']>;
  EarningRule: ResolverTypeWrapper<EarningRule>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  EarningRuleKind: EarningRuleKind;
  Loyalty: ResolverTypeWrapper<LoyaltyRef>;
  LoyaltyActivityConnection: ResolverTypeWrapper<LoyaltyActivityConnection>;
  LoyaltyActivityEdge: ResolverTypeWrapper<LoyaltyActivityEdge>;
  LoyaltyMovement: ResolverTypeWrapper<LoyaltyMovement>;
  LoyaltyMovementKind: LoyaltyMovementKind;
  LoyaltyPageInfo: ResolverTypeWrapper<LoyaltyPageInfo>;
  LoyaltyTier: ResolverTypeWrapper<TierStanding>;
  LoyaltyTierName: LoyaltyTierName;
  Money: ResolverTypeWrapper<Money>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  NextTier: ResolverTypeWrapper<NextTier>;
  RedeemFor: RedeemFor;
  RedeemPointsInput: RedeemPointsInput;
  Redemption: ResolverTypeWrapper<Redemption>;
  RelationshipSignals: ResolverTypeWrapper<RelationshipSignals>;
  RewardVoucher: ResolverTypeWrapper<RewardVoucher>;
  TierWay: ResolverTypeWrapper<TierWay>;
  TierWayKind: TierWayKind;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  CashBack: LoyaltyRef;
  Customer: Omit<Customer, 'loyalty'> & { loyalty?: Maybe<ResolversParentTypes['Loyalty']> } | FederationReferenceTypes['Customer'];
  ID: Scalars['ID']['output'];
  Decimal: Scalars['Decimal']['output'];
  EarningRule: EarningRule;
  String: Scalars['String']['output'];
  Loyalty: LoyaltyRef;
  LoyaltyActivityConnection: LoyaltyActivityConnection;
  LoyaltyActivityEdge: LoyaltyActivityEdge;
  LoyaltyMovement: LoyaltyMovement;
  LoyaltyPageInfo: LoyaltyPageInfo;
  LoyaltyTier: TierStanding;
  Money: Money;
  Mutation: Record<PropertyKey, never>;
  NextTier: NextTier;
  RedeemPointsInput: RedeemPointsInput;
  Redemption: Redemption;
  RelationshipSignals: RelationshipSignals;
  RewardVoucher: RewardVoucher;
  TierWay: TierWay;
  Boolean: Scalars['Boolean']['output'];
  Int: Scalars['Int']['output'];
};

export type CacheControlDirectiveArgs = {
  inheritMaxAge?: Maybe<Scalars['Boolean']['input']>;
  maxAge?: Maybe<Scalars['Int']['input']>;
  scope?: Maybe<CacheControlScope>;
};

export type CacheControlDirectiveResolver<Result, Parent, ContextType = unknown, Args = CacheControlDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type CashBackResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['CashBack'] = ResolversParentTypes['CashBack']> = {
  lifetime?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  onHold?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  paidThisMonth?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  pendingToday?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
};

export type CustomerResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Customer'] = ResolversParentTypes['Customer'], FederationReferenceType extends FederationReferenceTypes['Customer'] = FederationReferenceTypes['Customer']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Customer']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  loyalty?: Resolver<Maybe<ResolversTypes['Loyalty']>, ParentType, ContextType>;
};

export interface DecimalScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Decimal'], any> {
  name: 'Decimal';
}

export type EarningRuleResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['EarningRule'] = ResolversParentTypes['EarningRule']> = {
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['EarningRuleKind'], ParentType, ContextType>;
  mcc?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  rate?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  validUntil?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type LoyaltyResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Loyalty'] = ResolversParentTypes['Loyalty']> = {
  activity?: Resolver<ResolversTypes['LoyaltyActivityConnection'], ParentType, ContextType, RequireFields<LoyaltyActivityArgs, 'first'>>;
  cashBack?: Resolver<ResolversTypes['CashBack'], ParentType, ContextType>;
  earningRules?: Resolver<Array<ResolversTypes['EarningRule']>, ParentType, ContextType>;
  points?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  tier?: Resolver<ResolversTypes['LoyaltyTier'], ParentType, ContextType>;
};

export type LoyaltyActivityConnectionResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['LoyaltyActivityConnection'] = ResolversParentTypes['LoyaltyActivityConnection']> = {
  edges?: Resolver<Array<ResolversTypes['LoyaltyActivityEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['LoyaltyPageInfo'], ParentType, ContextType>;
};

export type LoyaltyActivityEdgeResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['LoyaltyActivityEdge'] = ResolversParentTypes['LoyaltyActivityEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['LoyaltyMovement'], ParentType, ContextType>;
};

export type LoyaltyMovementResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['LoyaltyMovement'] = ResolversParentTypes['LoyaltyMovement']> = {
  businessDate?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  cashBack?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  cashBackOnHold?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['LoyaltyMovementKind'], ParentType, ContextType>;
  points?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  postedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type LoyaltyPageInfoResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['LoyaltyPageInfo'] = ResolversParentTypes['LoyaltyPageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type LoyaltyTierResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['LoyaltyTier'] = ResolversParentTypes['LoyaltyTier']> = {
  multiplier?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  next?: Resolver<Maybe<ResolversTypes['NextTier']>, ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  signals?: Resolver<ResolversTypes['RelationshipSignals'], ParentType, ContextType>;
  tier?: Resolver<ResolversTypes['LoyaltyTierName'], ParentType, ContextType>;
};

export type MoneyResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = {
  amount?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  redeemPoints?: Resolver<ResolversTypes['Redemption'], ParentType, ContextType, RequireFields<MutationRedeemPointsArgs, 'input'>>;
};

export type NextTierResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['NextTier'] = ResolversParentTypes['NextTier']> = {
  allNeeded?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hint?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  minScore?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  scoreNeeded?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  tier?: Resolver<ResolversTypes['LoyaltyTierName'], ParentType, ContextType>;
  ways?: Resolver<Array<ResolversTypes['TierWay']>, ParentType, ContextType>;
};

export type RedemptionResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Redemption'] = ResolversParentTypes['Redemption']> = {
  cash?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  for?: Resolver<ResolversTypes['RedeemFor'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  points?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pointsBalance?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reward?: Resolver<Maybe<ResolversTypes['RewardVoucher']>, ParentType, ContextType>;
};

export type RelationshipSignalsResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['RelationshipSignals'] = ResolversParentTypes['RelationshipSignals']> = {
  productTypes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  recentCardPurchases?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  tenureYears?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type RewardVoucherResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['RewardVoucher'] = ResolversParentTypes['RewardVoucher']> = {
  rewardId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  voucherCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type TierWayResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['TierWay'] = ResolversParentTypes['TierWay']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['TierWayKind'], ParentType, ContextType>;
  withinDays?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = unknown> = {
  CashBack?: CashBackResolvers<ContextType>;
  Customer?: CustomerResolvers<ContextType>;
  Decimal?: GraphQLScalarType;
  EarningRule?: EarningRuleResolvers<ContextType>;
  Loyalty?: LoyaltyResolvers<ContextType>;
  LoyaltyActivityConnection?: LoyaltyActivityConnectionResolvers<ContextType>;
  LoyaltyActivityEdge?: LoyaltyActivityEdgeResolvers<ContextType>;
  LoyaltyMovement?: LoyaltyMovementResolvers<ContextType>;
  LoyaltyPageInfo?: LoyaltyPageInfoResolvers<ContextType>;
  LoyaltyTier?: LoyaltyTierResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  NextTier?: NextTierResolvers<ContextType>;
  Redemption?: RedemptionResolvers<ContextType>;
  RelationshipSignals?: RelationshipSignalsResolvers<ContextType>;
  RewardVoucher?: RewardVoucherResolvers<ContextType>;
  TierWay?: TierWayResolvers<ContextType>;
};

export type DirectiveResolvers<ContextType = unknown> = {
  cacheControl?: CacheControlDirectiveResolver<any, any, ContextType>;
};
