import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { Offer as OfferModel } from '../domain/offer';
import type { Activation } from '../domain/activation';
import type { ShownOffer as ShownOfferModel, OfferAnswer as OfferAnswerModel } from '../db/offer-history';
import type { PartnerRef } from './resolvers';
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
  ActivityRows: { input: unknown; output: unknown; }
  _FieldSet: { input: string; output: string; }
};

export type ActivationStatus =
  /** Loyalty earns the boosted rate on qualifying purchases. */
  | 'ACTIVE'
  /** Loyalty refused the activation (never expected; operators are alerted by the log). */
  | 'FAILED'
  /** Recorded; loyalty has not confirmed yet (it is retried until it does). */
  | 'PENDING';

export type ActivityAccount = {
  accountId: Scalars['ID']['output'];
  openedOn: Scalars['String']['output'];
  status: Scalars['String']['output'];
  type: Scalars['String']['output'];
};

export type CacheControlScope =
  | 'PRIVATE'
  | 'PUBLIC';

export type CashBackActivation = {
  /** Stable id of the acceptance; loyalty knows the boost by it. */
  id: Scalars['ID']['output'];
  partner: Partner;
  rateBasisPoints: Scalars['Int']['output'];
  status: ActivationStatus;
  validFrom: Scalars['String']['output'];
  validUntil: Scalars['String']['output'];
};

export type CashBackTerms = {
  /** Extra cash back in basis points of the purchase amount (500 = 5%). */
  rateBasisPoints: Scalars['Int']['output'];
  /** How many days the boost lasts from acceptance. */
  validDays: Scalars['Int']['output'];
};

/** Where the offers will be shown; each offer is only made on the channels it suits. */
export type Channel =
  | 'KIOSK'
  | 'MOBILE'
  | 'PARTNER'
  | 'STAFF'
  | 'WEB';

export type Customer = {
  id: Scalars['ID']['output'];
  /**
   * The offers this customer was shown and what they answered, last shown first: what an agent
   * needs to see which offers reached the customer and how they took them. Read from offers' own
   * store: no core call, and reading it shows the customer nothing (no impression is recorded).
   * `first` is 1..50 (default 20). Staff with staff:customers:read only: null for other callers.
   */
  offerHistory?: Maybe<Array<ShownOffer>>;
  /**
   * Next best offers for this customer, best first. `first` is 1..10 (default 3). Without marketing
   * consent only service offers (RETENTION, SERVICE) are made. Offers the customer dismissed (30
   * days), snoozed (7 days) or accepted, and offers shown on this channel as often as the frequency
   * caps allow, are left out and the next best take their place. Null when the caller may not read this customer, or
   * when offers cannot answer right now (the rest of the customer is unaffected).
   * Partner apps always get the PARTNER channel, whatever they ask for.
   */
  offers?: Maybe<Array<Offer>>;
  /** Owned by accounts (what the signals read, from its own core reads): see `offers`. */
  recentActivity?: Maybe<RecentActivity>;
};


export type CustomerOfferHistoryArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type CustomerOffersArgs = {
  channel?: InputMaybe<Channel>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type Mutation = {
  /**
   * Records the signed-in customer's answer to one of the offers they were shown. Accepting again
   * while an acceptance stands returns that acceptance (nothing is activated twice). An unknown id
   * and another customer's offer both fail with OFFER_NOT_FOUND; callers that are not a customer
   * get FORBIDDEN; nothing is recorded in either case.
   */
  respondToOffer: OfferResponseResult;
};


export type MutationRespondToOfferArgs = {
  offerId: Scalars['ID']['input'];
  response: OfferResponse;
};

export type Offer = {
  /** What accepting a cash-back offer earns. */
  cashBack?: Maybe<CashBackTerms>;
  /** When the offer lapses (ISO 8601, UTC). */
  expiresAt: Scalars['String']['output'];
  /** Stable for the same customer and offer, so a later response can refer to it. */
  id: Scalars['ID']['output'];
  kind: OfferKind;
  /** False for service offers (RETENTION, SERVICE), which are made without marketing consent. */
  marketing: Scalars['Boolean']['output'];
  /**
   * The partner behind a partner cash-back offer. Its name comes with the offer (the directory the
   * offer was made from), so a query for the partner's id and name needs no call to partners.
   */
  partner?: Maybe<Partner>;
  /** Why this customer sees this offer, in plain language, naming the signal behind it; in the language asked for. */
  reason: Scalars['String']['output'];
  /** In the language asked for (English unless told). */
  title: Scalars['String']['output'];
  /** What the offer is about: a spend category (TRAVEL, EATING_OUT, ...) or SAVINGS, CREDIT, ACCOUNT, RELATIONSHIP. */
  topic: Scalars['String']['output'];
};


export type OfferReasonArgs = {
  locale?: InputMaybe<OfferLocale>;
};


export type OfferTitleArgs = {
  locale?: InputMaybe<OfferLocale>;
};

/** One answer of the customer to an offer. */
export type OfferAnswer = {
  /** The client channel it came through (web, mobile, kiosk). */
  channel: Scalars['String']['output'];
  /** When it was recorded (ISO 8601, UTC). */
  respondedAt: Scalars['String']['output'];
  response: OfferResponse;
};

/**
 * What an offer is. RETENTION and SERVICE are service offers (help with a product the customer
 * already holds; no marketing consent needed); every other kind is marketing.
 */
export type OfferKind =
  | 'CASH_BACK'
  | 'CROSS_SELL'
  | 'EXPERIENCE'
  | 'PARTNER'
  | 'RETENTION'
  | 'SERVICE';

/** The languages offers are worded in. Persian amounts and dates use Persian digits and the Persian calendar. */
export type OfferLocale =
  | 'EN'
  | 'FA';

/** A customer's answer to an offer. */
export type OfferResponse =
  /** Take the offer up; a cash-back offer is activated in loyalty. */
  | 'ACCEPT'
  /** Not interested: the offer does not come back for 30 days. */
  | 'DISMISS'
  /** Not now: the offer is hidden for 7 days. */
  | 'SNOOZE';

export type OfferResponseResult = {
  /** The cash-back activation an ACCEPT of a cash-back offer started; null otherwise. */
  activation?: Maybe<CashBackActivation>;
  /** Until when the offer is not shown again (ISO 8601, UTC). */
  hiddenUntil: Scalars['String']['output'];
  offerId: Scalars['ID']['output'];
  /** When the response was recorded (ISO 8601, UTC). */
  recordedAt: Scalars['String']['output'];
  /** True when this repeats an acceptance that already stands. */
  replayed: Scalars['Boolean']['output'];
  response: OfferResponse;
};

export type Partner = {
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
};

export type RecentActivity = {
  accounts: Array<ActivityAccount>;
  complete: Scalars['Boolean']['output'];
  country: Scalars['String']['output'];
  customerSince: Scalars['String']['output'];
  from: Scalars['String']['output'];
  marketingConsent: Scalars['Boolean']['output'];
  transactions: Scalars['ActivityRows']['output'];
};

/** An offer as it was shown to the customer, with their answers. */
export type ShownOffer = {
  /** When it was first shown, on any channel (ISO 8601, UTC). */
  firstShownAt: Scalars['String']['output'];
  kind: OfferKind;
  /** When it was last shown (ISO 8601, UTC). */
  lastShownAt: Scalars['String']['output'];
  offerId: Scalars['ID']['output'];
  /** Every answer the customer gave to it, oldest first; empty when they never answered. */
  responses: Array<OfferAnswer>;
};



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
    & GraphQLRecursivePick<FederationTypes['Customer'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['Customer'], {"recentActivity":{"from":true,"complete":true,"customerSince":true,"country":true,"marketingConsent":true,"accounts":{"accountId":true,"type":true,"status":true,"openedOn":true},"transactions":true}}> ) );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  ActivationStatus: ActivationStatus;
  ActivityAccount: ResolverTypeWrapper<ActivityAccount>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ActivityRows: ResolverTypeWrapper<Scalars['ActivityRows']['output']>;
  CacheControlScope: CacheControlScope;
  CashBackActivation: ResolverTypeWrapper<Activation>;
  CashBackTerms: ResolverTypeWrapper<CashBackTerms>;
  Channel: Channel;
  Customer: ResolverTypeWrapper<Omit<Customer, 'offerHistory' | 'offers'> & { offerHistory?: Maybe<Array<ResolversTypes['ShownOffer']>>, offers?: Maybe<Array<ResolversTypes['Offer']>> }>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Offer: ResolverTypeWrapper<OfferModel>;
  OfferAnswer: ResolverTypeWrapper<OfferAnswerModel>;
  OfferKind: OfferKind;
  OfferLocale: OfferLocale;
  OfferResponse: OfferResponse;
  OfferResponseResult: ResolverTypeWrapper<Omit<OfferResponseResult, 'activation'> & { activation?: Maybe<ResolversTypes['CashBackActivation']> }>;
  Partner: ResolverTypeWrapper<PartnerRef>;
  RecentActivity: ResolverTypeWrapper<RecentActivity>;
  ShownOffer: ResolverTypeWrapper<ShownOfferModel>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  ActivityAccount: ActivityAccount;
  ID: Scalars['ID']['output'];
  String: Scalars['String']['output'];
  ActivityRows: Scalars['ActivityRows']['output'];
  CashBackActivation: Activation;
  CashBackTerms: CashBackTerms;
  Customer: Omit<Customer, 'offerHistory' | 'offers'> & { offerHistory?: Maybe<Array<ResolversParentTypes['ShownOffer']>>, offers?: Maybe<Array<ResolversParentTypes['Offer']>> } | FederationReferenceTypes['Customer'];
  Mutation: Record<PropertyKey, never>;
  Offer: OfferModel;
  OfferAnswer: OfferAnswerModel;
  OfferResponseResult: Omit<OfferResponseResult, 'activation'> & { activation?: Maybe<ResolversParentTypes['CashBackActivation']> };
  Partner: PartnerRef;
  RecentActivity: RecentActivity;
  ShownOffer: ShownOfferModel;
  Boolean: Scalars['Boolean']['output'];
  Int: Scalars['Int']['output'];
};

export type CacheControlDirectiveArgs = {
  inheritMaxAge?: Maybe<Scalars['Boolean']['input']>;
  maxAge?: Maybe<Scalars['Int']['input']>;
  scope?: Maybe<CacheControlScope>;
};

export type CacheControlDirectiveResolver<Result, Parent, ContextType = unknown, Args = CacheControlDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export interface ActivityRowsScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['ActivityRows'], any> {
  name: 'ActivityRows';
}

export type CashBackActivationResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['CashBackActivation'] = ResolversParentTypes['CashBackActivation']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  partner?: Resolver<ResolversTypes['Partner'], ParentType, ContextType>;
  rateBasisPoints?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ActivationStatus'], ParentType, ContextType>;
  validFrom?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  validUntil?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CashBackTermsResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['CashBackTerms'] = ResolversParentTypes['CashBackTerms']> = {
  rateBasisPoints?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  validDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CustomerResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Customer'] = ResolversParentTypes['Customer'], FederationReferenceType extends FederationReferenceTypes['Customer'] = FederationReferenceTypes['Customer']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Customer']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  offerHistory?: Resolver<Maybe<Array<ResolversTypes['ShownOffer']>>, ParentType, ContextType, RequireFields<CustomerOfferHistoryArgs, 'first'>>;
  offers?: Resolver<Maybe<Array<ResolversTypes['Offer']>>, ParentType, ContextType, RequireFields<CustomerOffersArgs, 'channel' | 'first'>>;
};

export type MutationResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  respondToOffer?: Resolver<ResolversTypes['OfferResponseResult'], ParentType, ContextType, RequireFields<MutationRespondToOfferArgs, 'offerId' | 'response'>>;
};

export type OfferResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Offer'] = ResolversParentTypes['Offer']> = {
  cashBack?: Resolver<Maybe<ResolversTypes['CashBackTerms']>, ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['OfferKind'], ParentType, ContextType>;
  marketing?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  partner?: Resolver<Maybe<ResolversTypes['Partner']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType, RequireFields<OfferReasonArgs, 'locale'>>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType, RequireFields<OfferTitleArgs, 'locale'>>;
  topic?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type OfferAnswerResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['OfferAnswer'] = ResolversParentTypes['OfferAnswer']> = {
  channel?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  respondedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  response?: Resolver<ResolversTypes['OfferResponse'], ParentType, ContextType>;
};

export type OfferResponseResultResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['OfferResponseResult'] = ResolversParentTypes['OfferResponseResult']> = {
  activation?: Resolver<Maybe<ResolversTypes['CashBackActivation']>, ParentType, ContextType>;
  hiddenUntil?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  offerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  recordedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  replayed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  response?: Resolver<ResolversTypes['OfferResponse'], ParentType, ContextType>;
};

export type PartnerResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Partner'] = ResolversParentTypes['Partner']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ShownOfferResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['ShownOffer'] = ResolversParentTypes['ShownOffer']> = {
  firstShownAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['OfferKind'], ParentType, ContextType>;
  lastShownAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  offerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  responses?: Resolver<Array<ResolversTypes['OfferAnswer']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = unknown> = {
  ActivityRows?: GraphQLScalarType;
  CashBackActivation?: CashBackActivationResolvers<ContextType>;
  CashBackTerms?: CashBackTermsResolvers<ContextType>;
  Customer?: CustomerResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Offer?: OfferResolvers<ContextType>;
  OfferAnswer?: OfferAnswerResolvers<ContextType>;
  OfferResponseResult?: OfferResponseResultResolvers<ContextType>;
  Partner?: PartnerResolvers<ContextType>;
  ShownOffer?: ShownOfferResolvers<ContextType>;
};

export type DirectiveResolvers<ContextType = unknown> = {
  cacheControl?: CacheControlDirectiveResolver<any, any, ContextType>;
};
