import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { Partner as PartnerModel, Reward as RewardModel } from '../domain/catalogue';
import type { ConsentView } from './resolvers';
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
};

export type Customer = {
  id: Scalars['ID']['output'];
  /**
   * The partners this customer has granted consent to, current or revoked, by partner id; null when
   * the caller may not read this customer or the consent store does not answer.
   */
  partnerConsents?: Maybe<Array<PartnerConsent>>;
};

export type Mutation = {
  /**
   * The signed-in customer lets a partner see the given scopes (replacing the scopes granted before).
   * Recorded with time and a new version. Unknown partner: PARTNER_NOT_FOUND; no scopes:
   * BAD_USER_INPUT; nothing is stored in either case.
   */
  grantPartnerConsent: PartnerConsent;
  /**
   * The signed-in customer withdraws every scope from a partner; recorded with time and a new
   * version. Revoking when nothing is granted records nothing and answers the unchanged consent.
   */
  revokePartnerConsent: PartnerConsent;
};


export type MutationGrantPartnerConsentArgs = {
  partnerId: Scalars['ID']['input'];
  scopes: Array<PartnerConsentScope>;
};


export type MutationRevokePartnerConsentArgs = {
  partnerId: Scalars['ID']['input'];
};

/** A brand the bank partners with: customers earn more at it and spend points on its rewards. */
export type Partner = {
  category: PartnerCategory;
  /**
   * Multiplier of the bank's base earning on card purchases at this partner's merchants ("1" = no
   * boost, "3" = three times); what loyalty applies.
   */
  earnBoost: Scalars['Decimal']['output'];
  /**
   * Extra earning at this partner, in percent of the purchase ("1.50" = 1.5 %); null when the
   * partner gives no boost.
   */
  earnBoostPercent?: Maybe<Scalars['Decimal']['output']>;
  id: Scalars['ID']['output'];
  /** An https URL of the brand's logo. */
  logoUrl: Scalars['String']['output'];
  /** The card-network merchant ids of this partner's outlets (e.g. M-COFFEE-001): card purchases match on them. */
  merchantIds: Array<Scalars['String']['output']>;
  /** Shareable: offers names the partner on its offers from partners' own directory (Offer.partner @provides). */
  name: Scalars['String']['output'];
  /** The partner's rewards, cheapest first; sold-out rewards included (stock 0). */
  rewards: Array<Reward>;
};

/** What a partner sells: offers and the budget view group partners by it. */
export type PartnerCategory =
  | 'COFFEE'
  | 'DINING'
  | 'EVENTS'
  | 'GROCERIES'
  | 'RIDE_HAILING'
  | 'STREAMING'
  | 'TRAVEL';

/** A customer's consent for one partner: what is in force now, and every change that led to it. */
export type PartnerConsent = {
  active: Scalars['Boolean']['output'];
  /** Every grant and revocation, oldest first. */
  history: Array<PartnerConsentChange>;
  partner: Partner;
  /** The scopes in force; empty when revoked or never granted. */
  scopes: Array<PartnerConsentScope>;
  /** When the consent last changed (ISO 8601, UTC); null when never granted. */
  updatedAt?: Maybe<Scalars['String']['output']>;
  /** Number of recorded changes; 0 when never granted. */
  version: Scalars['Int']['output'];
};

export type PartnerConsentAction =
  | 'GRANTED'
  | 'REVOKED';

/** One grant or revocation, as recorded (never changed afterwards). */
export type PartnerConsentChange = {
  action: PartnerConsentAction;
  /** ISO 8601 date-time, UTC. */
  recordedAt: Scalars['String']['output'];
  /** The scopes in force after this change (empty for a revocation). */
  scopes: Array<PartnerConsentScope>;
  version: Scalars['Int']['output'];
};

/** What a customer may let a partner see. */
export type PartnerConsentScope =
  /** loyalty tier */
  | 'LOYALTY_TIER'
  /** first name, display name and customer-since date */
  | 'PROFILE_BASIC'
  /** the top spending categories of the last 90 days (names only, never amounts) */
  | 'SPEND_CATEGORIES';

/**
 * What a partner sees of a customer who granted it consent. A field outside the consent is null,
 * exactly as if the bank did not know it.
 */
export type PartnerCustomerView = {
  /** Version of the consent this answer was given under. */
  consentVersion: Scalars['Int']['output'];
  customerId: Scalars['ID']['output'];
  /** PROFILE_BASIC: YYYY-MM-DD */
  customerSince?: Maybe<Scalars['String']['output']>;
  /** PROFILE_BASIC: first name and initial, e.g. "Ana M." */
  displayName?: Maybe<Scalars['String']['output']>;
  /** PROFILE_BASIC */
  firstName?: Maybe<Scalars['String']['output']>;
  /** LOYALTY_TIER; null as well when loyalty does not answer */
  loyaltyTier?: Maybe<Scalars['String']['output']>;
  /** The scopes this customer granted to the calling partner. */
  scopes: Array<PartnerConsentScope>;
  /** SPEND_CATEGORIES: category codes of the last 90 days, most spent first (e.g. TRAVEL); never amounts */
  topSpendCategories?: Maybe<Array<Scalars['String']['output']>>;
};

export type Query = {
  /** One partner by id; null when there is none. */
  partner?: Maybe<Partner>;
  /**
   * A partner app's view of one customer (callers of channel `partner` only; others get FORBIDDEN).
   * null unless that customer has granted this partner consent, and null for unknown customers:
   * the same answer. Each field is present only under its scope; fields outside the consent answer
   * null exactly like absent data. Read at call time: a revocation holds from the next call.
   */
  partnerCustomer?: Maybe<PartnerCustomerView>;
  /** The partner brands, ordered by name; only those of one category when `category` is given. */
  partners: Array<Partner>;
};


export type QueryPartnerArgs = {
  id: Scalars['ID']['input'];
};


export type QueryPartnerCustomerArgs = {
  customerId: Scalars['ID']['input'];
};


export type QueryPartnersArgs = {
  category?: InputMaybe<PartnerCategory>;
};

/** A reward in the partners catalogue, bought with loyalty points. */
export type Reward = {
  id: Scalars['ID']['output'];
  kind: RewardKind;
  partner: Partner;
  /** Price in whole loyalty points. */
  pointsPrice: Scalars['Int']['output'];
  /** How many are left; 0 when sold out. */
  stock: Scalars['Int']['output'];
  title: Scalars['String']['output'];
};

export type RewardKind =
  /** Credit on the customer's account with the partner. */
  | 'CREDIT'
  /** An event or experience. */
  | 'EXPERIENCE'
  /** A code to use at the partner. */
  | 'VOUCHER';



export type ResolverTypeWrapper<T> = Promise<T> | T;


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





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Customer: ResolverTypeWrapper<Omit<Customer, 'partnerConsents'> & { partnerConsents?: Maybe<Array<ResolversTypes['PartnerConsent']>> }>;
  Decimal: ResolverTypeWrapper<Scalars['Decimal']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Partner: ResolverTypeWrapper<PartnerModel>;
  PartnerCategory: PartnerCategory;
  PartnerConsent: ResolverTypeWrapper<ConsentView>;
  PartnerConsentAction: PartnerConsentAction;
  PartnerConsentChange: ResolverTypeWrapper<PartnerConsentChange>;
  PartnerConsentScope: PartnerConsentScope;
  PartnerCustomerView: ResolverTypeWrapper<PartnerCustomerView>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Reward: ResolverTypeWrapper<RewardModel>;
  RewardKind: RewardKind;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Boolean: Scalars['Boolean']['output'];
  Customer: Omit<Customer, 'partnerConsents'> & { partnerConsents?: Maybe<Array<ResolversParentTypes['PartnerConsent']>> };
  Decimal: Scalars['Decimal']['output'];
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  Mutation: Record<PropertyKey, never>;
  Partner: PartnerModel;
  PartnerConsent: ConsentView;
  PartnerConsentChange: PartnerConsentChange;
  PartnerCustomerView: PartnerCustomerView;
  Query: Record<PropertyKey, never>;
  Reward: RewardModel;
  String: Scalars['String']['output'];
};

export type CustomerResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Customer'] = ResolversParentTypes['Customer']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  partnerConsents?: Resolver<Maybe<Array<ResolversTypes['PartnerConsent']>>, ParentType, ContextType>;
};

export interface DecimalScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Decimal'], any> {
  name: 'Decimal';
}

export type MutationResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  grantPartnerConsent?: Resolver<ResolversTypes['PartnerConsent'], ParentType, ContextType, RequireFields<MutationGrantPartnerConsentArgs, 'partnerId' | 'scopes'>>;
  revokePartnerConsent?: Resolver<ResolversTypes['PartnerConsent'], ParentType, ContextType, RequireFields<MutationRevokePartnerConsentArgs, 'partnerId'>>;
};

export type PartnerResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Partner'] = ResolversParentTypes['Partner']> = {
  category?: Resolver<ResolversTypes['PartnerCategory'], ParentType, ContextType>;
  earnBoost?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  earnBoostPercent?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  logoUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  merchantIds?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rewards?: Resolver<Array<ResolversTypes['Reward']>, ParentType, ContextType>;
};

export type PartnerConsentResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['PartnerConsent'] = ResolversParentTypes['PartnerConsent']> = {
  active?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  history?: Resolver<Array<ResolversTypes['PartnerConsentChange']>, ParentType, ContextType>;
  partner?: Resolver<ResolversTypes['Partner'], ParentType, ContextType>;
  scopes?: Resolver<Array<ResolversTypes['PartnerConsentScope']>, ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PartnerConsentChangeResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['PartnerConsentChange'] = ResolversParentTypes['PartnerConsentChange']> = {
  action?: Resolver<ResolversTypes['PartnerConsentAction'], ParentType, ContextType>;
  recordedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  scopes?: Resolver<Array<ResolversTypes['PartnerConsentScope']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PartnerCustomerViewResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['PartnerCustomerView'] = ResolversParentTypes['PartnerCustomerView']> = {
  consentVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  customerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  customerSince?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  displayName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  firstName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  loyaltyTier?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  scopes?: Resolver<Array<ResolversTypes['PartnerConsentScope']>, ParentType, ContextType>;
  topSpendCategories?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
};

export type QueryResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  partner?: Resolver<Maybe<ResolversTypes['Partner']>, ParentType, ContextType, RequireFields<QueryPartnerArgs, 'id'>>;
  partnerCustomer?: Resolver<Maybe<ResolversTypes['PartnerCustomerView']>, ParentType, ContextType, RequireFields<QueryPartnerCustomerArgs, 'customerId'>>;
  partners?: Resolver<Array<ResolversTypes['Partner']>, ParentType, ContextType, Partial<QueryPartnersArgs>>;
};

export type RewardResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Reward'] = ResolversParentTypes['Reward']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['RewardKind'], ParentType, ContextType>;
  partner?: Resolver<ResolversTypes['Partner'], ParentType, ContextType>;
  pointsPrice?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  stock?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type Resolvers<ContextType = unknown> = {
  Customer?: CustomerResolvers<ContextType>;
  Decimal?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  Partner?: PartnerResolvers<ContextType>;
  PartnerConsent?: PartnerConsentResolvers<ContextType>;
  PartnerConsentChange?: PartnerConsentChangeResolvers<ContextType>;
  PartnerCustomerView?: PartnerCustomerViewResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Reward?: RewardResolvers<ContextType>;
};

