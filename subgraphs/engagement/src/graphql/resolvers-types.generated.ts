import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { InboxItem } from '../db/message-store';
import type { Preferences, PreferenceAuditEntry, ChannelPreference } from '../domain/preferences';
import type { Campaign as CampaignModel } from '../domain/campaign';
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

export type Campaign = {
  /** Customers the segment named when it was sent; null before it is SENT. */
  audienceSize?: Maybe<Scalars['Int']['output']>;
  cancelledAt?: Maybe<Scalars['String']['output']>;
  cancelledBy?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['String']['output'];
  /** The staff member who created it. */
  createdBy: Scalars['String']['output'];
  finishedAt?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  message: CampaignMessage;
  name: Scalars['String']['output'];
  segment: CampaignSegment;
  /** ISO 8601, UTC. */
  sendAt: Scalars['String']['output'];
  /** Customers the message went to (or waits for their quiet hours to end) on at least one channel, so far. */
  sent: Scalars['Int']['output'];
  startedAt?: Maybe<Scalars['String']['output']>;
  status: CampaignStatus;
  /** Customers it reached on no channel, so far. */
  suppressed: Scalars['Int']['output'];
  /** `suppressed` by the rule that stopped it (on the in-app channel). */
  suppressedByRule: Array<CampaignSuppressionCount>;
};

export type CampaignConnection = {
  edges: Array<CampaignEdge>;
  pageInfo: CampaignPageInfo;
};

export type CampaignEdge = {
  cursor: Scalars['String']['output'];
  node: Campaign;
};

export type CampaignMessage = {
  en: CampaignText;
  fa: CampaignText;
};

/** The message in every locale customers read: both required. */
export type CampaignMessageInput = {
  en: CampaignTextInput;
  fa: CampaignTextInput;
};

export type CampaignPageInfo = {
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/** Products (account types) a segment can name. */
export type CampaignProduct =
  | 'CARD'
  | 'CURRENT'
  | 'LOAN'
  | 'SAVINGS';

export type CampaignSegment = {
  activeWithinDays?: Maybe<Scalars['Int']['output']>;
  cities?: Maybe<Array<Scalars['String']['output']>>;
  inactiveForDays?: Maybe<Scalars['Int']['output']>;
  products?: Maybe<Array<CampaignProduct>>;
  spendCategories?: Maybe<Array<CampaignSpendCategory>>;
  spendWithinDays?: Maybe<Scalars['Int']['output']>;
  tiers?: Maybe<Array<CampaignTier>>;
};

/**
 * Who a campaign goes to. Every criterion given must hold; inside a list any value will do; a segment
 * with no criterion names every customer engagement knows. Days are 1..3650.
 */
export type CampaignSegmentInput = {
  /** A card purchase or a booking within the last N days. */
  activeWithinDays?: InputMaybe<Scalars['Int']['input']>;
  /** Spends most by card in one of these cities (as merchants' terminals name them; case-insensitive). */
  cities?: InputMaybe<Array<Scalars['String']['input']>>;
  /** No activity for at least N days (below activeWithinDays when both are given). */
  inactiveForDays?: InputMaybe<Scalars['Int']['input']>;
  /** Holds at least one of these products. */
  products?: InputMaybe<Array<CampaignProduct>>;
  /** Card spend in at least one of these categories within `spendWithinDays` (default 90). */
  spendCategories?: InputMaybe<Array<CampaignSpendCategory>>;
  spendWithinDays?: InputMaybe<Scalars['Int']['input']>;
  /** The loyalty tier is one of these. */
  tiers?: InputMaybe<Array<CampaignTier>>;
};

/** Card spend categories a segment can name (lib/mcc-categories.ts). */
export type CampaignSpendCategory =
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

export type CampaignStatus =
  | 'CANCELLED'
  /** Waiting for its send time; can be cancelled. */
  | 'SCHEDULED'
  /** Its audience is being handed to the notification engine. */
  | 'SENDING'
  | 'SENT';

export type CampaignSuppressionCount = {
  count: Scalars['Int']['output'];
  rule: CampaignSuppressionRule;
};

/** Why a campaign message reached a customer on no channel. */
export type CampaignSuppressionRule =
  | 'CAMPAIGN_CAP'
  | 'CHANNEL_UNAVAILABLE'
  | 'FREQUENCY_CAP'
  | 'MARKETING_CONSENT'
  | 'PREFERENCE';

export type CampaignText = {
  body: Scalars['String']['output'];
  title: Scalars['String']['output'];
};

export type CampaignTextInput = {
  /** At most 500 characters. */
  body: Scalars['String']['input'];
  /** At most 80 characters. */
  title: Scalars['String']['input'];
};

/** Loyalty tiers a segment can name. */
export type CampaignTier =
  | 'BRONZE'
  | 'GOLD'
  | 'PLATINUM'
  | 'SILVER';

export type CreateCampaignInput = {
  message: CampaignMessageInput;
  /** For staff: at most 100 characters. */
  name: Scalars['String']['input'];
  segment: CampaignSegmentInput;
  /** ISO 8601 instant with its offset (2026-12-24T09:00:00Z), in the future, within 366 days. */
  sendAt: Scalars['String']['input'];
};

export type Customer = {
  id: Scalars['ID']['output'];
  /** What the customer receives, where and when; null when the caller may not read this customer. */
  notificationPreferences?: Maybe<NotificationPreferences>;
  /**
   * The in-app inbox, newest first; a message deferred by quiet hours appears when they end.
   * `first` is 1..50 (default 20), `after` a cursor from a previous page. Null when the caller may not
   * read this customer.
   */
  notifications?: Maybe<NotificationConnection>;
  /** Notifications in the inbox not read yet; null when the caller may not read this customer. */
  unreadNotificationCount?: Maybe<Scalars['Int']['output']>;
};


export type CustomerNotificationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A balance under which the customer is told when a debit takes the account there. */
export type LowBalanceAlert = {
  /** The account (Account.id); null: every account in the threshold's currency without an alert of its own. */
  accountId?: Maybe<Scalars['ID']['output']>;
  threshold: Money;
};

export type MarkNotificationsReadResult = {
  /** How many notifications this call marked read. */
  marked: Scalars['Int']['output'];
  unreadCount: Scalars['Int']['output'];
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
   * Cancels a campaign still scheduled; nothing of it is sent. An unknown id fails with CAMPAIGN_NOT_FOUND,
   * a campaign sending, sent or cancelled already with CAMPAIGN_NOT_CANCELLABLE. Staff only: other
   * callers get FORBIDDEN.
   */
  cancelCampaign: Campaign;
  /**
   * Removes the signed-in customer's low-balance alert for `accountId`, or with `accountId` null the
   * one for every account (alerts set for single accounts stay); recorded in the preference history,
   * also when there was none. An account that is not the customer's fails with ACCOUNT_NOT_FOUND, a
   * moment when accounts cannot say whose account it is with ACCOUNTS_UNAVAILABLE. Callers that are
   * not a customer get FORBIDDEN.
   */
  clearLowBalanceAlert: NotificationPreferences;
  /**
   * Schedules a campaign: `message` (English and Persian, both required) goes at `sendAt` to every
   * customer `segment` names then, as a marketing message (only with consent, within the marketing
   * caps and the campaign cap per customer). Returns it, status scheduled. Blank or over-long texts, an
   * invalid segment or a `sendAt` that is not an ISO 8601 instant with its offset fail with
   * BAD_USER_INPUT, a `sendAt` not in the future with SEND_AT_IN_PAST; nothing is stored. Staff
   * only: other callers get FORBIDDEN.
   */
  createCampaign: Campaign;
  /**
   * Marks the signed-in customer's notifications read: those in `ids` (ids that are not theirs, or
   * already read, change nothing), or `upTo` and every notification older than it. Give exactly one
   * of the two, else BAD_USER_INPUT; an `upTo` that is not one of the customer's notifications
   * fails with NOTIFICATION_NOT_FOUND. Callers that are not a customer get FORBIDDEN.
   */
  markNotificationsRead: MarkNotificationsReadResult;
  /**
   * Sets the signed-in customer's low-balance alert for `accountId` (one of their accounts), or with
   * `accountId` null for every account in the threshold's currency that has no alert of its own. A
   * debit that takes the balance from at or above `threshold` to below it sends a low-balance message
   * (a service message: channel preferences and quiet hours apply, marketing consent does not); further
   * debits while it stays below do not, until the balance is back at or above it. Replaces the alert
   * set before for the same account; recorded in the preference history. A threshold that is not
   * above zero or has more decimals than its currency fails with INVALID_AMOUNT, an unknown currency
   * with CURRENCY_MISMATCH, an account that is not the customer's with ACCOUNT_NOT_FOUND, and a
   * moment when accounts cannot say whose account it is with ACCOUNTS_UNAVAILABLE. Callers that
   * are not a customer get FORBIDDEN.
   */
  setLowBalanceAlert: NotificationPreferences;
  /**
   * Grants or withdraws consent to marketing messages; without it none is sent, on any channel.
   * Service and security messages do not need it. Recorded in the preference history. Callers that
   * are not a customer get FORBIDDEN.
   */
  setMarketingConsent: NotificationPreferences;
  /**
   * The language of the signed-in customer's notifications from now on (earlier ones keep theirs);
   * recorded in the preference history. Callers that are not a customer get FORBIDDEN.
   */
  setNotificationLocale: NotificationPreferences;
  /**
   * Turns one topic on one channel on or off for the signed-in customer; recorded in the preference
   * history. Security alerts in the app cannot be turned off: NOTIFICATION_PREFERENCE_LOCKED. Callers
   * that are not a customer get FORBIDDEN.
   */
  setNotificationPreference: NotificationPreferences;
  /**
   * Sets the signed-in customer's quiet hours ("HH:MM", 24-hour, local time in `timeZone`, an IANA
   * name such as Asia/Tehran); `start` and `end` both null turns them off. Inside quiet hours every
   * message but a security alert waits for their end. A time that is not HH:MM, only one of the two,
   * the same time twice or an unknown time zone fail with BAD_USER_INPUT. Callers that are not a
   * customer get FORBIDDEN.
   */
  setQuietHours: NotificationPreferences;
};


export type MutationCancelCampaignArgs = {
  id: Scalars['ID']['input'];
};


export type MutationClearLowBalanceAlertArgs = {
  accountId?: InputMaybe<Scalars['ID']['input']>;
};


export type MutationCreateCampaignArgs = {
  input: CreateCampaignInput;
};


export type MutationMarkNotificationsReadArgs = {
  ids?: InputMaybe<Array<Scalars['ID']['input']>>;
  upTo?: InputMaybe<Scalars['ID']['input']>;
};


export type MutationSetLowBalanceAlertArgs = {
  accountId?: InputMaybe<Scalars['ID']['input']>;
  threshold: MoneyInput;
};


export type MutationSetMarketingConsentArgs = {
  granted: Scalars['Boolean']['input'];
};


export type MutationSetNotificationLocaleArgs = {
  locale: NotificationLocale;
};


export type MutationSetNotificationPreferenceArgs = {
  channel: NotificationChannel;
  enabled: Scalars['Boolean']['input'];
  topic: NotificationTopic;
};


export type MutationSetQuietHoursArgs = {
  end?: InputMaybe<Scalars['String']['input']>;
  start?: InputMaybe<Scalars['String']['input']>;
  timeZone: Scalars['String']['input'];
};

export type Notification = {
  body: Scalars['String']['output'];
  class: NotificationClass;
  /** When it appeared in the inbox (ISO 8601, UTC). */
  deliveredAt: Scalars['String']['output'];
  /** RTL for Persian: show title and body right-to-left. */
  direction: TextDirection;
  id: Scalars['ID']['output'];
  kind: NotificationKind;
  locale: NotificationLocale;
  /** When the customer read it; null while unread. */
  readAt?: Maybe<Scalars['String']['output']>;
  title: Scalars['String']['output'];
  topic: NotificationTopic;
};

/** Where a notification can reach the customer. Only IN_APP delivers today; the others are recorded as not available. */
export type NotificationChannel =
  | 'EMAIL'
  | 'IN_APP'
  | 'PUSH'
  | 'SMS';

/** One topic on one channel, with what is in force. */
export type NotificationChannelPreference = {
  channel: NotificationChannel;
  class: NotificationClass;
  enabled: Scalars['Boolean']['output'];
  /** True where the customer cannot turn it off (security alerts in the app). */
  locked: Scalars['Boolean']['output'];
  topic: NotificationTopic;
};

export type NotificationClass =
  | 'MARKETING'
  | 'SECURITY'
  | 'SERVICE';

export type NotificationConnection = {
  edges: Array<NotificationEdge>;
  pageInfo: NotificationPageInfo;
};

export type NotificationEdge = {
  cursor: Scalars['String']['output'];
  node: Notification;
};

/** What started a notification. */
export type NotificationKind =
  /** A staff campaign (marketing: consent, the marketing caps and the campaign cap apply). */
  | 'CAMPAIGN'
  | 'CASHBACK_EARNED'
  | 'LOW_BALANCE'
  | 'MONEY_RECEIVED'
  | 'PARTNER_REWARD_IN_REACH'
  | 'POINTS_EXPIRING'
  | 'RETENTION'
  | 'SECURITY_CARD_USE';

/** The language notifications are written in. */
export type NotificationLocale =
  /** English */
  | 'EN'
  /** Persian: right-to-left text with Persian digits */
  | 'FA';

export type NotificationPageInfo = {
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/** One recorded choice; only the fields of its kind are set. */
export type NotificationPreferenceChange = {
  /** LOW_BALANCE_ALERT: the account (null: every account). */
  accountId?: Maybe<Scalars['ID']['output']>;
  channel?: Maybe<NotificationChannel>;
  enabled?: Maybe<Scalars['Boolean']['output']>;
  kind: NotificationPreferenceChangeKind;
  locale?: Maybe<NotificationLocale>;
  marketingConsent?: Maybe<Scalars['Boolean']['output']>;
  quietHours?: Maybe<QuietHours>;
  /** ISO 8601 date-time, UTC. */
  recordedAt: Scalars['String']['output'];
  /** LOW_BALANCE_ALERT: the threshold set; null when the alert was cleared. */
  threshold?: Maybe<Money>;
  timeZone?: Maybe<Scalars['String']['output']>;
  topic?: Maybe<NotificationTopic>;
  version: Scalars['Int']['output'];
  /** The app the customer made it in (web, mobile). */
  via: Scalars['String']['output'];
};

export type NotificationPreferenceChangeKind =
  | 'CHANNEL'
  | 'LOCALE'
  | 'LOW_BALANCE_ALERT'
  | 'MARKETING_CONSENT'
  | 'QUIET_HOURS';

export type NotificationPreferences = {
  /** Every topic on every channel. */
  channels: Array<NotificationChannelPreference>;
  /** Every change, oldest first (never changed afterwards). */
  history: Array<NotificationPreferenceChange>;
  locale: NotificationLocale;
  /** Low-balance alerts: the one for every account (accountId null) first, then those of single accounts. */
  lowBalanceAlerts: Array<LowBalanceAlert>;
  marketingConsent: Scalars['Boolean']['output'];
  /** Null when the customer has none. */
  quietHours?: Maybe<QuietHours>;
  /** IANA time zone the quiet hours are read in (UTC until the customer sets one). */
  timeZone: Scalars['String']['output'];
  /** Number of recorded changes; 0 when the customer never changed anything. */
  version: Scalars['Int']['output'];
};

/** What a notification is about; each topic belongs to one class (service, security or marketing). */
export type NotificationTopic =
  /** Partner rewards within reach, messages to customers who have gone quiet (marketing: only with consent, frequency-capped). */
  | 'MARKETING'
  /** Cash back earned, points about to expire (service). */
  | 'REWARDS'
  /** Card use that may not be the customer's (security: always delivered, quiet hours do not hold it). */
  | 'SECURITY'
  /** Account alerts such as a low balance (service). */
  | 'SERVICE'
  /** Money in and out: incoming transfers, salary (service). */
  | 'TRANSACTIONS';

export type Query = {
  /** One campaign; null when there is none with this id. Staff only: other callers get FORBIDDEN. */
  campaign?: Maybe<Campaign>;
  /**
   * How many customers `segment` names now (before consent and caps, which the send applies per
   * customer). An invalid segment fails with BAD_USER_INPUT. Staff only: other callers get FORBIDDEN.
   */
  campaignAudiencePreview: Scalars['Int']['output'];
  /**
   * Staff campaigns, newest created first. `first` is 1..50 (default 20), `after` a cursor from a
   * previous page. Staff only: other callers get FORBIDDEN.
   */
  campaigns: CampaignConnection;
};


export type QueryCampaignArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCampaignAudiencePreviewArgs = {
  segment: CampaignSegmentInput;
};


export type QueryCampaignsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type QuietHours = {
  /** HH:MM, local time, exclusive; before start when the quiet hours cross midnight */
  end: Scalars['String']['output'];
  /** HH:MM, local time, inclusive */
  start: Scalars['String']['output'];
};

export type Subscription = {
  /**
   * Each notification put in the signed-in customer's in-app inbox from now on, as it appears there
   * (one held by quiet hours is not sent: it shows in `notifications` when they end). At most once
   * and only while subscribed: what was missed is in `notifications`. Callers that are not a
   * customer get FORBIDDEN; a client that reads too slowly is ended with SUBSCRIPTION_CONSUMER_TOO_SLOW.
   */
  notificationAdded: Notification;
};

export type TextDirection =
  | 'LTR'
  | 'RTL';



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
  Campaign: ResolverTypeWrapper<CampaignModel>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  CampaignConnection: ResolverTypeWrapper<Omit<CampaignConnection, 'edges'> & { edges: Array<ResolversTypes['CampaignEdge']> }>;
  CampaignEdge: ResolverTypeWrapper<Omit<CampaignEdge, 'node'> & { node: ResolversTypes['Campaign'] }>;
  CampaignMessage: ResolverTypeWrapper<CampaignMessage>;
  CampaignMessageInput: CampaignMessageInput;
  CampaignPageInfo: ResolverTypeWrapper<CampaignPageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  CampaignProduct: CampaignProduct;
  CampaignSegment: ResolverTypeWrapper<CampaignSegment>;
  CampaignSegmentInput: CampaignSegmentInput;
  CampaignSpendCategory: CampaignSpendCategory;
  CampaignStatus: CampaignStatus;
  CampaignSuppressionCount: ResolverTypeWrapper<CampaignSuppressionCount>;
  CampaignSuppressionRule: CampaignSuppressionRule;
  CampaignText: ResolverTypeWrapper<CampaignText>;
  CampaignTextInput: CampaignTextInput;
  CampaignTier: CampaignTier;
  CreateCampaignInput: CreateCampaignInput;
  Customer: ResolverTypeWrapper<Omit<Customer, 'notificationPreferences' | 'notifications'> & { notificationPreferences?: Maybe<ResolversTypes['NotificationPreferences']>, notifications?: Maybe<ResolversTypes['NotificationConnection']> }>;
  Decimal: ResolverTypeWrapper<Scalars['Decimal']['output']>;
  LowBalanceAlert: ResolverTypeWrapper<LowBalanceAlert>;
  MarkNotificationsReadResult: ResolverTypeWrapper<MarkNotificationsReadResult>;
  Money: ResolverTypeWrapper<Money>;
  MoneyInput: MoneyInput;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Notification: ResolverTypeWrapper<InboxItem>;
  NotificationChannel: NotificationChannel;
  NotificationChannelPreference: ResolverTypeWrapper<ChannelPreference>;
  NotificationClass: NotificationClass;
  NotificationConnection: ResolverTypeWrapper<Omit<NotificationConnection, 'edges'> & { edges: Array<ResolversTypes['NotificationEdge']> }>;
  NotificationEdge: ResolverTypeWrapper<Omit<NotificationEdge, 'node'> & { node: ResolversTypes['Notification'] }>;
  NotificationKind: NotificationKind;
  NotificationLocale: NotificationLocale;
  NotificationPageInfo: ResolverTypeWrapper<NotificationPageInfo>;
  NotificationPreferenceChange: ResolverTypeWrapper<PreferenceAuditEntry>;
  NotificationPreferenceChangeKind: NotificationPreferenceChangeKind;
  NotificationPreferences: ResolverTypeWrapper<Preferences>;
  NotificationTopic: NotificationTopic;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  QuietHours: ResolverTypeWrapper<QuietHours>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  TextDirection: TextDirection;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Campaign: CampaignModel;
  Int: Scalars['Int']['output'];
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  CampaignConnection: Omit<CampaignConnection, 'edges'> & { edges: Array<ResolversParentTypes['CampaignEdge']> };
  CampaignEdge: Omit<CampaignEdge, 'node'> & { node: ResolversParentTypes['Campaign'] };
  CampaignMessage: CampaignMessage;
  CampaignMessageInput: CampaignMessageInput;
  CampaignPageInfo: CampaignPageInfo;
  Boolean: Scalars['Boolean']['output'];
  CampaignSegment: CampaignSegment;
  CampaignSegmentInput: CampaignSegmentInput;
  CampaignSuppressionCount: CampaignSuppressionCount;
  CampaignText: CampaignText;
  CampaignTextInput: CampaignTextInput;
  CreateCampaignInput: CreateCampaignInput;
  Customer: Omit<Customer, 'notificationPreferences' | 'notifications'> & { notificationPreferences?: Maybe<ResolversParentTypes['NotificationPreferences']>, notifications?: Maybe<ResolversParentTypes['NotificationConnection']> } | FederationReferenceTypes['Customer'];
  Decimal: Scalars['Decimal']['output'];
  LowBalanceAlert: LowBalanceAlert;
  MarkNotificationsReadResult: MarkNotificationsReadResult;
  Money: Money;
  MoneyInput: MoneyInput;
  Mutation: Record<PropertyKey, never>;
  Notification: InboxItem;
  NotificationChannelPreference: ChannelPreference;
  NotificationConnection: Omit<NotificationConnection, 'edges'> & { edges: Array<ResolversParentTypes['NotificationEdge']> };
  NotificationEdge: Omit<NotificationEdge, 'node'> & { node: ResolversParentTypes['Notification'] };
  NotificationPageInfo: NotificationPageInfo;
  NotificationPreferenceChange: PreferenceAuditEntry;
  NotificationPreferences: Preferences;
  Query: Record<PropertyKey, never>;
  QuietHours: QuietHours;
  Subscription: Record<PropertyKey, never>;
};

export type CampaignResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Campaign'] = ResolversParentTypes['Campaign']> = {
  audienceSize?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  cancelledAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  cancelledBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['CampaignMessage'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  segment?: Resolver<ResolversTypes['CampaignSegment'], ParentType, ContextType>;
  sendAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sent?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['CampaignStatus'], ParentType, ContextType>;
  suppressed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  suppressedByRule?: Resolver<Array<ResolversTypes['CampaignSuppressionCount']>, ParentType, ContextType>;
};

export type CampaignConnectionResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['CampaignConnection'] = ResolversParentTypes['CampaignConnection']> = {
  edges?: Resolver<Array<ResolversTypes['CampaignEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['CampaignPageInfo'], ParentType, ContextType>;
};

export type CampaignEdgeResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['CampaignEdge'] = ResolversParentTypes['CampaignEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Campaign'], ParentType, ContextType>;
};

export type CampaignMessageResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['CampaignMessage'] = ResolversParentTypes['CampaignMessage']> = {
  en?: Resolver<ResolversTypes['CampaignText'], ParentType, ContextType>;
  fa?: Resolver<ResolversTypes['CampaignText'], ParentType, ContextType>;
};

export type CampaignPageInfoResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['CampaignPageInfo'] = ResolversParentTypes['CampaignPageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type CampaignSegmentResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['CampaignSegment'] = ResolversParentTypes['CampaignSegment']> = {
  activeWithinDays?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  cities?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  inactiveForDays?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  products?: Resolver<Maybe<Array<ResolversTypes['CampaignProduct']>>, ParentType, ContextType>;
  spendCategories?: Resolver<Maybe<Array<ResolversTypes['CampaignSpendCategory']>>, ParentType, ContextType>;
  spendWithinDays?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  tiers?: Resolver<Maybe<Array<ResolversTypes['CampaignTier']>>, ParentType, ContextType>;
};

export type CampaignSuppressionCountResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['CampaignSuppressionCount'] = ResolversParentTypes['CampaignSuppressionCount']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rule?: Resolver<ResolversTypes['CampaignSuppressionRule'], ParentType, ContextType>;
};

export type CampaignTextResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['CampaignText'] = ResolversParentTypes['CampaignText']> = {
  body?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CustomerResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Customer'] = ResolversParentTypes['Customer'], FederationReferenceType extends FederationReferenceTypes['Customer'] = FederationReferenceTypes['Customer']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Customer']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  notificationPreferences?: Resolver<Maybe<ResolversTypes['NotificationPreferences']>, ParentType, ContextType>;
  notifications?: Resolver<Maybe<ResolversTypes['NotificationConnection']>, ParentType, ContextType, RequireFields<CustomerNotificationsArgs, 'first'>>;
  unreadNotificationCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export interface DecimalScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Decimal'], any> {
  name: 'Decimal';
}

export type LowBalanceAlertResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['LowBalanceAlert'] = ResolversParentTypes['LowBalanceAlert']> = {
  accountId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  threshold?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
};

export type MarkNotificationsReadResultResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['MarkNotificationsReadResult'] = ResolversParentTypes['MarkNotificationsReadResult']> = {
  marked?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  unreadCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type MoneyResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = {
  amount?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  cancelCampaign?: Resolver<ResolversTypes['Campaign'], ParentType, ContextType, RequireFields<MutationCancelCampaignArgs, 'id'>>;
  clearLowBalanceAlert?: Resolver<ResolversTypes['NotificationPreferences'], ParentType, ContextType, Partial<MutationClearLowBalanceAlertArgs>>;
  createCampaign?: Resolver<ResolversTypes['Campaign'], ParentType, ContextType, RequireFields<MutationCreateCampaignArgs, 'input'>>;
  markNotificationsRead?: Resolver<ResolversTypes['MarkNotificationsReadResult'], ParentType, ContextType, Partial<MutationMarkNotificationsReadArgs>>;
  setLowBalanceAlert?: Resolver<ResolversTypes['NotificationPreferences'], ParentType, ContextType, RequireFields<MutationSetLowBalanceAlertArgs, 'threshold'>>;
  setMarketingConsent?: Resolver<ResolversTypes['NotificationPreferences'], ParentType, ContextType, RequireFields<MutationSetMarketingConsentArgs, 'granted'>>;
  setNotificationLocale?: Resolver<ResolversTypes['NotificationPreferences'], ParentType, ContextType, RequireFields<MutationSetNotificationLocaleArgs, 'locale'>>;
  setNotificationPreference?: Resolver<ResolversTypes['NotificationPreferences'], ParentType, ContextType, RequireFields<MutationSetNotificationPreferenceArgs, 'channel' | 'enabled' | 'topic'>>;
  setQuietHours?: Resolver<ResolversTypes['NotificationPreferences'], ParentType, ContextType, RequireFields<MutationSetQuietHoursArgs, 'timeZone'>>;
};

export type NotificationResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Notification'] = ResolversParentTypes['Notification']> = {
  body?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  class?: Resolver<ResolversTypes['NotificationClass'], ParentType, ContextType>;
  deliveredAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  direction?: Resolver<ResolversTypes['TextDirection'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['NotificationKind'], ParentType, ContextType>;
  locale?: Resolver<ResolversTypes['NotificationLocale'], ParentType, ContextType>;
  readAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  topic?: Resolver<ResolversTypes['NotificationTopic'], ParentType, ContextType>;
};

export type NotificationChannelPreferenceResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['NotificationChannelPreference'] = ResolversParentTypes['NotificationChannelPreference']> = {
  channel?: Resolver<ResolversTypes['NotificationChannel'], ParentType, ContextType>;
  class?: Resolver<ResolversTypes['NotificationClass'], ParentType, ContextType>;
  enabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  locked?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  topic?: Resolver<ResolversTypes['NotificationTopic'], ParentType, ContextType>;
};

export type NotificationConnectionResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['NotificationConnection'] = ResolversParentTypes['NotificationConnection']> = {
  edges?: Resolver<Array<ResolversTypes['NotificationEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['NotificationPageInfo'], ParentType, ContextType>;
};

export type NotificationEdgeResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['NotificationEdge'] = ResolversParentTypes['NotificationEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Notification'], ParentType, ContextType>;
};

export type NotificationPageInfoResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['NotificationPageInfo'] = ResolversParentTypes['NotificationPageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type NotificationPreferenceChangeResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['NotificationPreferenceChange'] = ResolversParentTypes['NotificationPreferenceChange']> = {
  accountId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  channel?: Resolver<Maybe<ResolversTypes['NotificationChannel']>, ParentType, ContextType>;
  enabled?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['NotificationPreferenceChangeKind'], ParentType, ContextType>;
  locale?: Resolver<Maybe<ResolversTypes['NotificationLocale']>, ParentType, ContextType>;
  marketingConsent?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  quietHours?: Resolver<Maybe<ResolversTypes['QuietHours']>, ParentType, ContextType>;
  recordedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  threshold?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  timeZone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  topic?: Resolver<Maybe<ResolversTypes['NotificationTopic']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  via?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type NotificationPreferencesResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['NotificationPreferences'] = ResolversParentTypes['NotificationPreferences']> = {
  channels?: Resolver<Array<ResolversTypes['NotificationChannelPreference']>, ParentType, ContextType>;
  history?: Resolver<Array<ResolversTypes['NotificationPreferenceChange']>, ParentType, ContextType>;
  locale?: Resolver<ResolversTypes['NotificationLocale'], ParentType, ContextType>;
  lowBalanceAlerts?: Resolver<Array<ResolversTypes['LowBalanceAlert']>, ParentType, ContextType>;
  marketingConsent?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  quietHours?: Resolver<Maybe<ResolversTypes['QuietHours']>, ParentType, ContextType>;
  timeZone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  campaign?: Resolver<Maybe<ResolversTypes['Campaign']>, ParentType, ContextType, RequireFields<QueryCampaignArgs, 'id'>>;
  campaignAudiencePreview?: Resolver<ResolversTypes['Int'], ParentType, ContextType, RequireFields<QueryCampaignAudiencePreviewArgs, 'segment'>>;
  campaigns?: Resolver<ResolversTypes['CampaignConnection'], ParentType, ContextType, RequireFields<QueryCampaignsArgs, 'first'>>;
};

export type QuietHoursResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['QuietHours'] = ResolversParentTypes['QuietHours']> = {
  end?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  start?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  notificationAdded?: SubscriptionResolver<ResolversTypes['Notification'], "notificationAdded", ParentType, ContextType>;
};

export type Resolvers<ContextType = unknown> = {
  Campaign?: CampaignResolvers<ContextType>;
  CampaignConnection?: CampaignConnectionResolvers<ContextType>;
  CampaignEdge?: CampaignEdgeResolvers<ContextType>;
  CampaignMessage?: CampaignMessageResolvers<ContextType>;
  CampaignPageInfo?: CampaignPageInfoResolvers<ContextType>;
  CampaignSegment?: CampaignSegmentResolvers<ContextType>;
  CampaignSuppressionCount?: CampaignSuppressionCountResolvers<ContextType>;
  CampaignText?: CampaignTextResolvers<ContextType>;
  Customer?: CustomerResolvers<ContextType>;
  Decimal?: GraphQLScalarType;
  LowBalanceAlert?: LowBalanceAlertResolvers<ContextType>;
  MarkNotificationsReadResult?: MarkNotificationsReadResultResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Notification?: NotificationResolvers<ContextType>;
  NotificationChannelPreference?: NotificationChannelPreferenceResolvers<ContextType>;
  NotificationConnection?: NotificationConnectionResolvers<ContextType>;
  NotificationEdge?: NotificationEdgeResolvers<ContextType>;
  NotificationPageInfo?: NotificationPageInfoResolvers<ContextType>;
  NotificationPreferenceChange?: NotificationPreferenceChangeResolvers<ContextType>;
  NotificationPreferences?: NotificationPreferencesResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  QuietHours?: QuietHoursResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
};

