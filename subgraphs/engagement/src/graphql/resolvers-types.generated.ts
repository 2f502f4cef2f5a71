import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { InboxItem } from '../db/message-store';
import type { Preferences, PreferenceAuditEntry, ChannelPreference } from '../domain/preferences';
import type { Campaign as CampaignModel } from '../domain/campaign';
import type { Contact as ContactModel } from '../domain/contacts';
import type { FeedbackRequest as FeedbackRequestModel } from '../domain/feedback';
import type { SentNotification as SentNotificationModel, ChannelDelivery } from '../db/sent-notifications';
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

export type AtRiskCustomerConnection = {
  edges: Array<AtRiskCustomerEdge>;
  pageInfo: AtRiskCustomerPageInfo;
};

export type AtRiskCustomerEdge = {
  cursor: Scalars['String']['output'];
  node: ChurnRisk;
};

export type AtRiskCustomerPageInfo = {
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
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

/** A customer's churn risk score, 0-100 (higher: likelier to leave), and why. */
export type ChurnRisk = {
  customer: Customer;
  /** When the pass scored it (ISO 8601, UTC). */
  evaluatedAt: Scalars['String']['output'];
  /** When the score last crossed the threshold upwards: the agent task's time. Null while below it. */
  raisedAt?: Maybe<Scalars['String']['output']>;
  /** Strongest first; empty when no signal fired. */
  reasons: Array<ChurnRiskReason>;
  score: Scalars['Int']['output'];
  /** The threshold it was judged against (ENGAGEMENT_CHURN_THRESHOLD, default 50). */
  threshold: Scalars['Int']['output'];
};

/** One signal of a churn risk score, with the real figures behind it. */
export type ChurnRiskReason = {
  code: ChurnRiskReasonCode;
  /** What the signal adds to the score. */
  points: Scalars['Int']['output'];
  /** The figures in words, e.g. "12 card purchases in the last 30 days, down from 41 in the 30 days before". */
  text: Scalars['String']['output'];
};

export type ChurnRiskReasonCode =
  /** Balance under half of 30 days ago, with credit transfers out exceeding those in by at least a quarter of it. */
  | 'BALANCE_DRAINING'
  /** Card purchases in the last 30 days under half of the 30 days before (which held at least 4). */
  | 'CARD_ACTIVITY_FALLING'
  /** The last NPS answer in 180 days was 0-6. */
  | 'DETRACTOR'
  /** An account emptied to 0 by a debit in the last 60 days with nothing booked since. */
  | 'PRODUCT_CLOSED'
  /** No salary credit in the last 35 days after at least one in the 60 days before. */
  | 'SALARY_STOPPED';

/** A customer's contact with the bank: with an agent, or a self-service session (no agent). */
export type Contact = {
  /** A self-service session the device never ended, ended unresolved by engagement after ENGAGEMENT_SELF_SERVICE_MAX_MINUTES; false otherwise. */
  abandoned: Scalars['Boolean']['output'];
  /** The agent actions, oldest first; empty for callers that are not staff. */
  actions: Array<ContactActionRecord>;
  /** The staff member who took the contact; null for self-service sessions and for callers that are not staff. */
  agentId?: Maybe<Scalars['String']['output']>;
  channel: ContactChannel;
  customerId: Scalars['ID']['output'];
  endedAt?: Maybe<Scalars['String']['output']>;
  /** The first agent action's time; null until an agent acted (always for self-service). */
  firstResponseAt?: Maybe<Scalars['String']['output']>;
  /** Whole seconds from the start to the first agent action; null like firstResponseAt. */
  firstResponseSeconds?: Maybe<Scalars['Int']['output']>;
  id: Scalars['ID']['output'];
  reasonCodes: Array<ContactReasonCode>;
  /** Whether the matter was settled; null while open. */
  resolved?: Maybe<Scalars['Boolean']['output']>;
  selfService: Scalars['Boolean']['output'];
  /** ISO 8601, UTC. */
  startedAt: Scalars['String']['output'];
  status: ContactStatus;
};

/** What an agent did on a contact (docs/cx.md). */
export type ContactAction =
  | 'CALLBACK_ARRANGED'
  | 'CARD_BLOCKED'
  | 'CARD_REISSUED'
  | 'DISPUTE_OPENED'
  | 'ESCALATED'
  | 'INFORMATION_GIVEN'
  | 'NOTE_ADDED'
  | 'REPLIED'
  | 'TRANSFERRED'
  | 'TRANSFER_TRACED';

/** One thing an agent did, in order. */
export type ContactActionRecord = {
  action: ContactAction;
  /** The staff member (token subject). */
  agentId: Scalars['String']['output'];
  /** ISO 8601, UTC. */
  at: Scalars['String']['output'];
};

/** How the customer reached the bank for a contact. */
export type ContactChannel =
  | 'BRANCH'
  | 'CHAT'
  /** A branch kiosk, self-service */
  | 'KIOSK'
  | 'PHONE'
  /** The visual IVR (a menu on the phone's screen instead of spoken), self-service */
  | 'VISUAL_IVR';

export type ContactConnection = {
  edges: Array<ContactEdge>;
  pageInfo: ContactPageInfo;
};

export type ContactEdge = {
  cursor: Scalars['String']['output'];
  node: Contact;
};

export type ContactPageInfo = {
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/** Why the customer got in touch (docs/cx.md). */
export type ContactReasonCode =
  | 'ACCESS_PROBLEM'
  | 'BALANCE_ENQUIRY'
  | 'CARD_BLOCKED'
  | 'CARD_NOT_RECEIVED'
  | 'CASHBACK_QUESTION'
  | 'COMPLAINT'
  | 'DISPUTE'
  | 'OFFER_QUESTION'
  | 'OTHER'
  | 'PARTNER_CONSENT'
  | 'TRANSFER_STATUS';

export type ContactStatus =
  | 'ENDED'
  | 'OPEN';

export type CreateCampaignInput = {
  message: CampaignMessageInput;
  /** For staff: at most 100 characters. */
  name: Scalars['String']['input'];
  segment: CampaignSegmentInput;
  /** ISO 8601 instant with its offset (2026-12-24T09:00:00Z), in the future, within 366 days. */
  sendAt: Scalars['String']['input'];
};

export type Customer = {
  /**
   * The customer's churn risk as the last daily pass scored it (docs/cx.md "Churn early warning"),
   * with its reasons; null when never scored. Staff with staff:customers:read only: null for other
   * callers (the customer never sees it).
   */
  churnRisk?: Maybe<ChurnRisk>;
  /**
   * The customer's contacts (with agents and self-service sessions), newest started first; only open
   * ones with `openOnly`. `first` is 1..50 (default 20), `after` a cursor from a previous page. Staff
   * only: null for other callers.
   */
  contacts?: Maybe<ContactConnection>;
  /**
   * What the customer was asked for feedback about, newest first; only unanswered ones with
   * `openOnly`. `first` is 1..50 (default 20), `after` a cursor from a previous page. The customer
   * themself and staff with staff:customers:read only: null for other callers.
   */
  feedbackRequests?: Maybe<FeedbackRequestConnection>;
  id: Scalars['ID']['output'];
  /** What the customer receives, where and when; null when the caller may not read this customer. */
  notificationPreferences?: Maybe<NotificationPreferences>;
  /**
   * The in-app inbox, newest first; a message deferred by quiet hours appears when they end.
   * `first` is 1..50 (default 20), `after` a cursor from a previous page. Null when the caller may not
   * read this customer.
   */
  notifications?: Maybe<NotificationConnection>;
  /**
   * The notifications sent to the customer, newest decided first, each with what became of it on
   * every channel (delivered, pending, failed after retries, suppressed and by which rule) and how
   * many delivery attempts it took: what an agent needs when a customer says "I never got it".
   * Title only, never the body (the body may name amounts and merchants; the agent reads those from
   * the accounts themselves). `first` is 1..50 (default 20), `after` a cursor from a previous page.
   * Staff with staff:customers:read only: null for other callers.
   */
  notificationsSent?: Maybe<SentNotificationConnection>;
  /**
   * Who looked at my data: every staff operation that read this customer, newest first, recorded
   * by the gateway before the operation ran (a staff read that could not be recorded was refused
   * with AUDIT_UNAVAILABLE). Staff show as an agent pseudonym, the same for every read by the same
   * staff member. `first` is 1..50 (default 20), `after` a cursor from a previous page. Null when
   * the caller may not read this customer; staff reading it are audited like any staff read.
   */
  staffReads?: Maybe<StaffReadConnection>;
  /** Notifications in the inbox not read yet; null when the caller may not read this customer. */
  unreadNotificationCount?: Maybe<Scalars['Int']['output']>;
};


export type CustomerContactsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  openOnly?: InputMaybe<Scalars['Boolean']['input']>;
};


export type CustomerFeedbackRequestsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  openOnly?: InputMaybe<Scalars['Boolean']['input']>;
};


export type CustomerNotificationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type CustomerNotificationsSentArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type CustomerStaffReadsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type CxCes = {
  answered: Scalars['Int']['output'];
  /** scoreSum / answered, 1 to 7, 2 decimals (half-even). */
  mean?: Maybe<Scalars['Decimal']['output']>;
  scoreSum: Scalars['Int']['output'];
};

/** current − previous, in the values' own units (percentage points for percentages). */
export type CxChange = {
  cesMean?: Maybe<Scalars['Decimal']['output']>;
  csat?: Maybe<Scalars['Decimal']['output']>;
  firstResponseMeanSeconds?: Maybe<Scalars['Decimal']['output']>;
  firstResponseP50Seconds?: Maybe<Scalars['Decimal']['output']>;
  firstResponseP90Seconds?: Maybe<Scalars['Decimal']['output']>;
  handlingMeanSeconds?: Maybe<Scalars['Decimal']['output']>;
  handlingP50Seconds?: Maybe<Scalars['Decimal']['output']>;
  handlingP90Seconds?: Maybe<Scalars['Decimal']['output']>;
  nps?: Maybe<Scalars['Decimal']['output']>;
  responseRate?: Maybe<Scalars['Decimal']['output']>;
  selfServiceShare?: Maybe<Scalars['Decimal']['output']>;
};

export type CxCsat = {
  answered: Scalars['Int']['output'];
  /** Answered CSAT requests scored 4 or 5. */
  satisfied: Scalars['Int']['output'];
  /** 100 × satisfied / answered, percent, 2 decimals (half-even). */
  value?: Maybe<Scalars['Decimal']['output']>;
};

/** Durations in seconds, 3 decimals (milliseconds); percentiles by nearest rank. */
export type CxDurations = {
  /** Contacts measured. */
  count: Scalars['Int']['output'];
  /** Sum / count, rounded half-even. */
  meanSeconds?: Maybe<Scalars['Decimal']['output']>;
  p50Seconds?: Maybe<Scalars['Decimal']['output']>;
  p90Seconds?: Maybe<Scalars['Decimal']['output']>;
};

/**
 * One period's figures. Feedback figures count the requests asked in the period (answered whenever);
 * contact figures the contacts started in it. A value is null when there is nothing to divide by.
 */
export type CxFigures = {
  ces: CxCes;
  csat: CxCsat;
  /** Agent contacts with a first response: first agent action − start. */
  firstResponse: CxDurations;
  /** Ended agent contacts: end − start. */
  handling: CxDurations;
  nps: CxNps;
  responseRate: CxResponseRate;
  selfService: CxSelfService;
};

/** The CX metrics of a period and of the one before it (docs/cx.md "CX metrics"). */
export type CxMetrics = {
  /** current − previous of each value, computed exactly, then rounded like the value; null where either is null. */
  change: CxChange;
  channel?: Maybe<FeedbackChannel>;
  current: CxFigures;
  period: CxPeriod;
  previous: CxFigures;
  /** The period of equal length just before `period`. */
  previousPeriod: CxPeriod;
};

export type CxNps = {
  answered: Scalars['Int']['output'];
  /** Scored 0 to 6. */
  detractors: Scalars['Int']['output'];
  /** Scored 7 or 8. */
  passives: Scalars['Int']['output'];
  /** Scored 9 or 10. */
  promoters: Scalars['Int']['output'];
  /** 100 × (promoters − detractors) / answered, −100 to 100, 2 decimals (half-even). */
  value?: Maybe<Scalars['Decimal']['output']>;
};

export type CxPeriod = {
  /** ISO 8601, UTC, included. */
  from: Scalars['String']['output'];
  /** ISO 8601, UTC, excluded. */
  to: Scalars['String']['output'];
};

/** A period: from `from` (included) to `to` (excluded), ISO 8601 instants with their offsets, at most 366 days. */
export type CxPeriodInput = {
  from: Scalars['String']['input'];
  to: Scalars['String']['input'];
};

export type CxResponseRate = {
  /** Requests of the period answered (whenever). */
  answered: Scalars['Int']['output'];
  /** Requests asked in the period, every kind. */
  requested: Scalars['Int']['output'];
  /** 100 × answered / requested, percent, 2 decimals (half-even). */
  value?: Maybe<Scalars['Decimal']['output']>;
};

export type CxSelfService = {
  /** Every contact started in the period (agent contacts and sessions). */
  contacts: Scalars['Int']['output'];
  /** Sessions ended resolved but followed by such an agent contact. */
  resolvedFollowedByAgent: Scalars['Int']['output'];
  /** Sessions ended resolved and not followed by an agent contact of the same customer within 24 hours of their end. */
  resolvedWithoutAgent: Scalars['Int']['output'];
  /** Self-service sessions started in the period. */
  sessions: Scalars['Int']['output'];
  /** 100 × resolvedWithoutAgent / contacts, percent, 2 decimals (half-even). */
  share?: Maybe<Scalars['Decimal']['output']>;
};

export type EndContactInput = {
  /** Reasons learnt during the contact, added to those given at the start. */
  reasonCodes?: InputMaybe<Array<ContactReasonCode>>;
  /** Whether the customer's matter was settled in this contact. */
  resolved: Scalars['Boolean']['input'];
};

/** Where the moment happened: the contact's channel, or the app for transfers and redemptions. */
export type FeedbackChannel =
  | 'APP'
  | 'BRANCH'
  | 'CHAT'
  | 'KIOSK'
  | 'PHONE'
  | 'VISUAL_IVR';

/** What a feedback request asks (docs/cx.md "Feedback"). */
export type FeedbackKind =
  /** Customer effort: 1 (very hard) to 7 (very easy). */
  | 'CES'
  /** Customer satisfaction: 1 (very unsatisfied) to 5 (very satisfied). */
  | 'CSAT'
  /** Net promoter: 0 (not at all likely to recommend) to 10 (extremely likely); at most once in 90 days. */
  | 'NPS';

/** The moment a feedback request is about. */
export type FeedbackMomentType =
  /** A contact with an agent ended. */
  | 'CONTACT'
  /** Points were redeemed. */
  | 'REDEMPTION'
  /** A kiosk or visual IVR session ended. */
  | 'SELF_SERVICE'
  /** An outgoing transfer was booked. */
  | 'TRANSFER';

/** A feedback request and, once given, the customer's answer. */
export type FeedbackRequest = {
  /** ISO 8601, UTC; null while unanswered. */
  answeredAt?: Maybe<Scalars['String']['output']>;
  channel: FeedbackChannel;
  comment?: Maybe<Scalars['String']['output']>;
  /** The moment's id: the contact's id for contacts and self-service sessions; null for transfers and redemptions. */
  contactId?: Maybe<Scalars['ID']['output']>;
  /** Also the id of the FEEDBACK_REQUEST notification that asked it. */
  id: Scalars['ID']['output'];
  kind: FeedbackKind;
  momentType: FeedbackMomentType;
  /** ISO 8601, UTC. */
  requestedAt: Scalars['String']['output'];
  score?: Maybe<Scalars['Int']['output']>;
};

export type FeedbackRequestConnection = {
  edges: Array<FeedbackRequestEdge>;
  pageInfo: FeedbackRequestPageInfo;
};

export type FeedbackRequestEdge = {
  cursor: Scalars['String']['output'];
  node: FeedbackRequest;
};

export type FeedbackRequestPageInfo = {
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
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
   * Ends an open contact, resolved or not, adding `input.reasonCodes` to its reasons. An unknown id
   * fails with CONTACT_NOT_FOUND, an ended contact with CONTACT_ALREADY_ENDED, a self-service session
   * (its device ends it) or too many reason codes with BAD_USER_INPUT; nothing is changed. Staff with
   * staff:contacts:write only: other callers get FORBIDDEN.
   */
  endContact: Contact;
  /**
   * Ends the signed-in customer's self-service session, `resolved` when the customer got what they
   * came for. An id that is not one of the customer's self-service sessions fails with
   * CONTACT_NOT_FOUND, an ended session with CONTACT_ALREADY_ENDED. Callers that are not a customer
   * on a kiosk get FORBIDDEN.
   */
  endSelfServiceSession: Contact;
  /**
   * Marks the signed-in customer's notifications read: those in `ids` (ids that are not theirs, or
   * already read, change nothing), or `upTo` and every notification older than it. Give exactly one
   * of the two, else BAD_USER_INPUT; an `upTo` that is not one of the customer's notifications
   * fails with NOTIFICATION_NOT_FOUND. Callers that are not a customer get FORBIDDEN.
   */
  markNotificationsRead: MarkNotificationsReadResult;
  /**
   * Records an agent action on an open contact; the first one sets the contact's first response time.
   * An unknown id fails with CONTACT_NOT_FOUND, an ended contact with CONTACT_ALREADY_ENDED, a
   * self-service session (no agent acts on it) with BAD_USER_INPUT; nothing is stored. Staff with
   * staff:contacts:write only: other callers get FORBIDDEN.
   */
  recordContactAction: Contact;
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
  /**
   * Records that the calling staff member took a contact with `customerId` on `channel` (one with an
   * agent), for `reasonCodes` (may be empty; more can be added when it ends); it starts now and the
   * caller is its agent. A customer id that is not one, a self-service channel (their device starts
   * those) or too many reason codes fail with BAD_USER_INPUT; nothing is stored.
   * Staff with staff:contacts:write only: other callers get FORBIDDEN.
   */
  startContact: Contact;
  /**
   * Starts a self-service session (a kiosk or visual IVR contact without an agent) for the signed-in
   * customer on the kiosk: `reasonCodes` as the customer chose them (may be empty). Too many reason
   * codes fail with BAD_USER_INPUT. Callers that are not a customer on a kiosk get FORBIDDEN.
   */
  startSelfServiceSession: Contact;
  /**
   * The signed-in customer's answer to one of their feedback requests: `score` on the request's scale
   * (CSAT 1-5, CES 1-7, NPS 0-10), `comment` optional plain text. Answered once: the same answer again
   * returns the stored one, a different answer after it fails with FEEDBACK_ALREADY_GIVEN. An unknown
   * request or another customer's fails with FEEDBACK_REQUEST_NOT_FOUND; a score off the scale or a
   * comment with HTML, control characters or over 1000 characters fails with BAD_USER_INPUT naming the
   * field; nothing is changed. Callers that are not a customer get FORBIDDEN.
   */
  submitFeedback: FeedbackRequest;
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


export type MutationEndContactArgs = {
  id: Scalars['ID']['input'];
  input: EndContactInput;
};


export type MutationEndSelfServiceSessionArgs = {
  id: Scalars['ID']['input'];
  resolved: Scalars['Boolean']['input'];
};


export type MutationMarkNotificationsReadArgs = {
  ids?: InputMaybe<Array<Scalars['ID']['input']>>;
  upTo?: InputMaybe<Scalars['ID']['input']>;
};


export type MutationRecordContactActionArgs = {
  action: ContactAction;
  id: Scalars['ID']['input'];
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


export type MutationStartContactArgs = {
  input: StartContactInput;
};


export type MutationStartSelfServiceSessionArgs = {
  channel: SelfServiceChannel;
  reasonCodes?: Array<ContactReasonCode>;
};


export type MutationSubmitFeedbackArgs = {
  input: SubmitFeedbackInput;
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

/** Why the rules stopped or held a notification on a channel. */
export type NotificationDecisionRule =
  | 'CAMPAIGN_CAP'
  | 'CHANNEL_UNAVAILABLE'
  | 'FREQUENCY_CAP'
  | 'MARKETING_CONSENT'
  | 'PREFERENCE'
  | 'QUIET_HOURS';

export type NotificationDelivery = {
  /** Delivery attempts made so far on this channel. */
  attempts: Scalars['Int']['output'];
  channel: NotificationChannel;
  /** When it reached the channel (ISO 8601, UTC); null unless DELIVERED. */
  deliveredAt?: Maybe<Scalars['String']['output']>;
  /** The rule that suppressed it when decided, or QUIET_HOURS when it was held; null otherwise. */
  rule?: Maybe<NotificationDecisionRule>;
  status: NotificationDeliveryStatus;
};

/** What became of a notification on one channel. */
export type NotificationDeliveryStatus =
  /** It reached the channel (the inbox shows it, or the provider took it). */
  | 'DELIVERED'
  /** Every attempt failed; it will not be tried again. */
  | 'FAILED'
  /** Not yet: held by quiet hours, waiting in the delivery outbox, or being retried. */
  | 'PENDING'
  /** Not sent: a rule stopped it (see rule), or the settings in force when it came due no longer allowed it. */
  | 'SUPPRESSED';

export type NotificationEdge = {
  cursor: Scalars['String']['output'];
  node: Notification;
};

/** What started a notification. */
export type NotificationKind =
  /** A staff campaign (marketing: consent, the marketing caps and the campaign cap apply). */
  | 'CAMPAIGN'
  | 'CASHBACK_EARNED'
  /** A feedback request after a contact, a transfer or a redemption (a service message, topic SERVICE): answer it with submitFeedback. */
  | 'FEEDBACK_REQUEST'
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
  /** Account alerts such as a low balance, and feedback requests after a contact, a transfer or a redemption (service). */
  | 'SERVICE'
  /** Money in and out: incoming transfers, salary (service). */
  | 'TRANSACTIONS';

export type Query = {
  /**
   * Churn early warning (docs/cx.md "Churn early warning"): the customers whose churn risk score is
   * at or above its threshold, highest score first (then customer id), each with its reasons and
   * their figures. Each is an agent task, raised when the daily pass saw the score cross the
   * threshold upwards (raisedAt). `first` is 1..50 (default 20), `after` a cursor from a previous
   * page. Staff with staff:customers:read only: other callers get FORBIDDEN.
   */
  atRiskCustomers: AtRiskCustomerConnection;
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
  /**
   * One contact (with an agent, or a self-service session); null when there is none with this id.
   * Staff only: other callers get FORBIDDEN.
   */
  contact?: Maybe<Contact>;
  /**
   * Customer-experience figures of `period` and of the period of equal length just before it, with
   * their counts and the change (docs/cx.md "CX metrics" gives every formula). `channel`: only that
   * channel's contacts and feedback (APP: feedback after transfers and redemptions, no contacts).
   * `segment`: only the customers a campaign segment names now (the customer facts). A bad period
   * (not instants with offsets, `to` not after `from`, longer than 366 days) or segment fails with
   * BAD_USER_INPUT naming it. Staff with staff:cx:read only: other callers get FORBIDDEN.
   */
  cxMetrics: CxMetrics;
};


export type QueryAtRiskCustomersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
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


export type QueryContactArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCxMetricsArgs = {
  channel?: InputMaybe<FeedbackChannel>;
  period: CxPeriodInput;
  segment?: InputMaybe<CampaignSegmentInput>;
};

export type QuietHours = {
  /** HH:MM, local time, exclusive; before start when the quiet hours cross midnight */
  end: Scalars['String']['output'];
  /** HH:MM, local time, inclusive */
  start: Scalars['String']['output'];
};

/** The channels a customer serves themselves on, without an agent. */
export type SelfServiceChannel =
  | 'KIOSK'
  | 'VISUAL_IVR';

/** One notification decided for the customer, as staff see it: no body. */
export type SentNotification = {
  class: NotificationClass;
  /** When the rules decided it (ISO 8601, UTC). */
  decidedAt: Scalars['String']['output'];
  /** What became of it on each channel the rules considered, in channel order. */
  deliveries: Array<NotificationDelivery>;
  id: Scalars['ID']['output'];
  kind: NotificationKind;
  title: Scalars['String']['output'];
  topic: NotificationTopic;
};

export type SentNotificationConnection = {
  edges: Array<SentNotificationEdge>;
  pageInfo: SentNotificationPageInfo;
};

export type SentNotificationEdge = {
  cursor: Scalars['String']['output'];
  node: SentNotification;
};

export type SentNotificationPageInfo = {
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/** One staff operation that read the customer's data. */
export type StaffRead = {
  /** The staff member as a pseudonym (Agent-XXXXXXXX): stable per staff member, not their staff id. */
  agent: Scalars['String']['output'];
  /** When the gateway recorded it, just before the operation ran (ISO 8601, UTC). */
  at: Scalars['String']['output'];
  /** The staff client it came through (e.g. call-centre); null when the token named none. */
  client?: Maybe<Scalars['String']['output']>;
  /** The operation's name as the staff client sent it; null for an anonymous operation. */
  operationName?: Maybe<Scalars['String']['output']>;
};

export type StaffReadConnection = {
  edges: Array<StaffReadEdge>;
  pageInfo: StaffReadPageInfo;
};

export type StaffReadEdge = {
  cursor: Scalars['String']['output'];
  node: StaffRead;
};

export type StaffReadPageInfo = {
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type StartContactInput = {
  /** PHONE, CHAT or BRANCH: the self-service channels are started by their device. */
  channel: ContactChannel;
  customerId: Scalars['ID']['input'];
  /** Each code counts once; at most 22 given. */
  reasonCodes?: Array<ContactReasonCode>;
};

export type SubmitFeedbackInput = {
  /** Optional plain text, at most 1000 characters; no HTML. */
  comment?: InputMaybe<Scalars['String']['input']>;
  /** A feedback request's id (Customer.feedbackRequests, or the FEEDBACK_REQUEST notification's id). */
  requestId: Scalars['ID']['input'];
  /** On the request's scale: CSAT 1-5, CES 1-7, NPS 0-10. */
  score: Scalars['Int']['input'];
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
  AtRiskCustomerConnection: ResolverTypeWrapper<Omit<AtRiskCustomerConnection, 'edges'> & { edges: Array<ResolversTypes['AtRiskCustomerEdge']> }>;
  AtRiskCustomerEdge: ResolverTypeWrapper<Omit<AtRiskCustomerEdge, 'node'> & { node: ResolversTypes['ChurnRisk'] }>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  AtRiskCustomerPageInfo: ResolverTypeWrapper<AtRiskCustomerPageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Campaign: ResolverTypeWrapper<CampaignModel>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  CampaignConnection: ResolverTypeWrapper<Omit<CampaignConnection, 'edges'> & { edges: Array<ResolversTypes['CampaignEdge']> }>;
  CampaignEdge: ResolverTypeWrapper<Omit<CampaignEdge, 'node'> & { node: ResolversTypes['Campaign'] }>;
  CampaignMessage: ResolverTypeWrapper<CampaignMessage>;
  CampaignMessageInput: CampaignMessageInput;
  CampaignPageInfo: ResolverTypeWrapper<CampaignPageInfo>;
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
  ChurnRisk: ResolverTypeWrapper<Omit<ChurnRisk, 'customer'> & { customer: ResolversTypes['Customer'] }>;
  ChurnRiskReason: ResolverTypeWrapper<ChurnRiskReason>;
  ChurnRiskReasonCode: ChurnRiskReasonCode;
  Contact: ResolverTypeWrapper<ContactModel>;
  ContactAction: ContactAction;
  ContactActionRecord: ResolverTypeWrapper<ContactActionRecord>;
  ContactChannel: ContactChannel;
  ContactConnection: ResolverTypeWrapper<Omit<ContactConnection, 'edges'> & { edges: Array<ResolversTypes['ContactEdge']> }>;
  ContactEdge: ResolverTypeWrapper<Omit<ContactEdge, 'node'> & { node: ResolversTypes['Contact'] }>;
  ContactPageInfo: ResolverTypeWrapper<ContactPageInfo>;
  ContactReasonCode: ContactReasonCode;
  ContactStatus: ContactStatus;
  CreateCampaignInput: CreateCampaignInput;
  Customer: ResolverTypeWrapper<Omit<Customer, 'churnRisk' | 'contacts' | 'feedbackRequests' | 'notificationPreferences' | 'notifications' | 'notificationsSent'> & { churnRisk?: Maybe<ResolversTypes['ChurnRisk']>, contacts?: Maybe<ResolversTypes['ContactConnection']>, feedbackRequests?: Maybe<ResolversTypes['FeedbackRequestConnection']>, notificationPreferences?: Maybe<ResolversTypes['NotificationPreferences']>, notifications?: Maybe<ResolversTypes['NotificationConnection']>, notificationsSent?: Maybe<ResolversTypes['SentNotificationConnection']> }>;
  CxCes: ResolverTypeWrapper<CxCes>;
  CxChange: ResolverTypeWrapper<CxChange>;
  CxCsat: ResolverTypeWrapper<CxCsat>;
  CxDurations: ResolverTypeWrapper<CxDurations>;
  CxFigures: ResolverTypeWrapper<CxFigures>;
  CxMetrics: ResolverTypeWrapper<CxMetrics>;
  CxNps: ResolverTypeWrapper<CxNps>;
  CxPeriod: ResolverTypeWrapper<CxPeriod>;
  CxPeriodInput: CxPeriodInput;
  CxResponseRate: ResolverTypeWrapper<CxResponseRate>;
  CxSelfService: ResolverTypeWrapper<CxSelfService>;
  Decimal: ResolverTypeWrapper<Scalars['Decimal']['output']>;
  EndContactInput: EndContactInput;
  FeedbackChannel: FeedbackChannel;
  FeedbackKind: FeedbackKind;
  FeedbackMomentType: FeedbackMomentType;
  FeedbackRequest: ResolverTypeWrapper<FeedbackRequestModel>;
  FeedbackRequestConnection: ResolverTypeWrapper<Omit<FeedbackRequestConnection, 'edges'> & { edges: Array<ResolversTypes['FeedbackRequestEdge']> }>;
  FeedbackRequestEdge: ResolverTypeWrapper<Omit<FeedbackRequestEdge, 'node'> & { node: ResolversTypes['FeedbackRequest'] }>;
  FeedbackRequestPageInfo: ResolverTypeWrapper<FeedbackRequestPageInfo>;
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
  NotificationDecisionRule: NotificationDecisionRule;
  NotificationDelivery: ResolverTypeWrapper<ChannelDelivery>;
  NotificationDeliveryStatus: NotificationDeliveryStatus;
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
  SelfServiceChannel: SelfServiceChannel;
  SentNotification: ResolverTypeWrapper<SentNotificationModel>;
  SentNotificationConnection: ResolverTypeWrapper<Omit<SentNotificationConnection, 'edges'> & { edges: Array<ResolversTypes['SentNotificationEdge']> }>;
  SentNotificationEdge: ResolverTypeWrapper<Omit<SentNotificationEdge, 'node'> & { node: ResolversTypes['SentNotification'] }>;
  SentNotificationPageInfo: ResolverTypeWrapper<SentNotificationPageInfo>;
  StaffRead: ResolverTypeWrapper<StaffRead>;
  StaffReadConnection: ResolverTypeWrapper<StaffReadConnection>;
  StaffReadEdge: ResolverTypeWrapper<StaffReadEdge>;
  StaffReadPageInfo: ResolverTypeWrapper<StaffReadPageInfo>;
  StartContactInput: StartContactInput;
  SubmitFeedbackInput: SubmitFeedbackInput;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  TextDirection: TextDirection;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AtRiskCustomerConnection: Omit<AtRiskCustomerConnection, 'edges'> & { edges: Array<ResolversParentTypes['AtRiskCustomerEdge']> };
  AtRiskCustomerEdge: Omit<AtRiskCustomerEdge, 'node'> & { node: ResolversParentTypes['ChurnRisk'] };
  String: Scalars['String']['output'];
  AtRiskCustomerPageInfo: AtRiskCustomerPageInfo;
  Boolean: Scalars['Boolean']['output'];
  Campaign: CampaignModel;
  Int: Scalars['Int']['output'];
  ID: Scalars['ID']['output'];
  CampaignConnection: Omit<CampaignConnection, 'edges'> & { edges: Array<ResolversParentTypes['CampaignEdge']> };
  CampaignEdge: Omit<CampaignEdge, 'node'> & { node: ResolversParentTypes['Campaign'] };
  CampaignMessage: CampaignMessage;
  CampaignMessageInput: CampaignMessageInput;
  CampaignPageInfo: CampaignPageInfo;
  CampaignSegment: CampaignSegment;
  CampaignSegmentInput: CampaignSegmentInput;
  CampaignSuppressionCount: CampaignSuppressionCount;
  CampaignText: CampaignText;
  CampaignTextInput: CampaignTextInput;
  ChurnRisk: Omit<ChurnRisk, 'customer'> & { customer: ResolversParentTypes['Customer'] };
  ChurnRiskReason: ChurnRiskReason;
  Contact: ContactModel;
  ContactActionRecord: ContactActionRecord;
  ContactConnection: Omit<ContactConnection, 'edges'> & { edges: Array<ResolversParentTypes['ContactEdge']> };
  ContactEdge: Omit<ContactEdge, 'node'> & { node: ResolversParentTypes['Contact'] };
  ContactPageInfo: ContactPageInfo;
  CreateCampaignInput: CreateCampaignInput;
  Customer: Omit<Customer, 'churnRisk' | 'contacts' | 'feedbackRequests' | 'notificationPreferences' | 'notifications' | 'notificationsSent'> & { churnRisk?: Maybe<ResolversParentTypes['ChurnRisk']>, contacts?: Maybe<ResolversParentTypes['ContactConnection']>, feedbackRequests?: Maybe<ResolversParentTypes['FeedbackRequestConnection']>, notificationPreferences?: Maybe<ResolversParentTypes['NotificationPreferences']>, notifications?: Maybe<ResolversParentTypes['NotificationConnection']>, notificationsSent?: Maybe<ResolversParentTypes['SentNotificationConnection']> } | FederationReferenceTypes['Customer'];
  CxCes: CxCes;
  CxChange: CxChange;
  CxCsat: CxCsat;
  CxDurations: CxDurations;
  CxFigures: CxFigures;
  CxMetrics: CxMetrics;
  CxNps: CxNps;
  CxPeriod: CxPeriod;
  CxPeriodInput: CxPeriodInput;
  CxResponseRate: CxResponseRate;
  CxSelfService: CxSelfService;
  Decimal: Scalars['Decimal']['output'];
  EndContactInput: EndContactInput;
  FeedbackRequest: FeedbackRequestModel;
  FeedbackRequestConnection: Omit<FeedbackRequestConnection, 'edges'> & { edges: Array<ResolversParentTypes['FeedbackRequestEdge']> };
  FeedbackRequestEdge: Omit<FeedbackRequestEdge, 'node'> & { node: ResolversParentTypes['FeedbackRequest'] };
  FeedbackRequestPageInfo: FeedbackRequestPageInfo;
  LowBalanceAlert: LowBalanceAlert;
  MarkNotificationsReadResult: MarkNotificationsReadResult;
  Money: Money;
  MoneyInput: MoneyInput;
  Mutation: Record<PropertyKey, never>;
  Notification: InboxItem;
  NotificationChannelPreference: ChannelPreference;
  NotificationConnection: Omit<NotificationConnection, 'edges'> & { edges: Array<ResolversParentTypes['NotificationEdge']> };
  NotificationDelivery: ChannelDelivery;
  NotificationEdge: Omit<NotificationEdge, 'node'> & { node: ResolversParentTypes['Notification'] };
  NotificationPageInfo: NotificationPageInfo;
  NotificationPreferenceChange: PreferenceAuditEntry;
  NotificationPreferences: Preferences;
  Query: Record<PropertyKey, never>;
  QuietHours: QuietHours;
  SentNotification: SentNotificationModel;
  SentNotificationConnection: Omit<SentNotificationConnection, 'edges'> & { edges: Array<ResolversParentTypes['SentNotificationEdge']> };
  SentNotificationEdge: Omit<SentNotificationEdge, 'node'> & { node: ResolversParentTypes['SentNotification'] };
  SentNotificationPageInfo: SentNotificationPageInfo;
  StaffRead: StaffRead;
  StaffReadConnection: StaffReadConnection;
  StaffReadEdge: StaffReadEdge;
  StaffReadPageInfo: StaffReadPageInfo;
  StartContactInput: StartContactInput;
  SubmitFeedbackInput: SubmitFeedbackInput;
  Subscription: Record<PropertyKey, never>;
};

export type AtRiskCustomerConnectionResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['AtRiskCustomerConnection'] = ResolversParentTypes['AtRiskCustomerConnection']> = {
  edges?: Resolver<Array<ResolversTypes['AtRiskCustomerEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['AtRiskCustomerPageInfo'], ParentType, ContextType>;
};

export type AtRiskCustomerEdgeResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['AtRiskCustomerEdge'] = ResolversParentTypes['AtRiskCustomerEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['ChurnRisk'], ParentType, ContextType>;
};

export type AtRiskCustomerPageInfoResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['AtRiskCustomerPageInfo'] = ResolversParentTypes['AtRiskCustomerPageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
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

export type ChurnRiskResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['ChurnRisk'] = ResolversParentTypes['ChurnRisk']> = {
  customer?: Resolver<ResolversTypes['Customer'], ParentType, ContextType>;
  evaluatedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  raisedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reasons?: Resolver<Array<ResolversTypes['ChurnRiskReason']>, ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  threshold?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ChurnRiskReasonResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['ChurnRiskReason'] = ResolversParentTypes['ChurnRiskReason']> = {
  code?: Resolver<ResolversTypes['ChurnRiskReasonCode'], ParentType, ContextType>;
  points?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ContactResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Contact'] = ResolversParentTypes['Contact']> = {
  abandoned?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  actions?: Resolver<Array<ResolversTypes['ContactActionRecord']>, ParentType, ContextType>;
  agentId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  channel?: Resolver<ResolversTypes['ContactChannel'], ParentType, ContextType>;
  customerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  endedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  firstResponseAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  firstResponseSeconds?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  reasonCodes?: Resolver<Array<ResolversTypes['ContactReasonCode']>, ParentType, ContextType>;
  resolved?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  selfService?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ContactStatus'], ParentType, ContextType>;
};

export type ContactActionRecordResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['ContactActionRecord'] = ResolversParentTypes['ContactActionRecord']> = {
  action?: Resolver<ResolversTypes['ContactAction'], ParentType, ContextType>;
  agentId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ContactConnectionResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['ContactConnection'] = ResolversParentTypes['ContactConnection']> = {
  edges?: Resolver<Array<ResolversTypes['ContactEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['ContactPageInfo'], ParentType, ContextType>;
};

export type ContactEdgeResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['ContactEdge'] = ResolversParentTypes['ContactEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Contact'], ParentType, ContextType>;
};

export type ContactPageInfoResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['ContactPageInfo'] = ResolversParentTypes['ContactPageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type CustomerResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Customer'] = ResolversParentTypes['Customer'], FederationReferenceType extends FederationReferenceTypes['Customer'] = FederationReferenceTypes['Customer']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Customer']> | FederationReferenceType, FederationReferenceType, ContextType>;
  churnRisk?: Resolver<Maybe<ResolversTypes['ChurnRisk']>, ParentType, ContextType>;
  contacts?: Resolver<Maybe<ResolversTypes['ContactConnection']>, ParentType, ContextType, RequireFields<CustomerContactsArgs, 'first' | 'openOnly'>>;
  feedbackRequests?: Resolver<Maybe<ResolversTypes['FeedbackRequestConnection']>, ParentType, ContextType, RequireFields<CustomerFeedbackRequestsArgs, 'first' | 'openOnly'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  notificationPreferences?: Resolver<Maybe<ResolversTypes['NotificationPreferences']>, ParentType, ContextType>;
  notifications?: Resolver<Maybe<ResolversTypes['NotificationConnection']>, ParentType, ContextType, RequireFields<CustomerNotificationsArgs, 'first'>>;
  notificationsSent?: Resolver<Maybe<ResolversTypes['SentNotificationConnection']>, ParentType, ContextType, RequireFields<CustomerNotificationsSentArgs, 'first'>>;
  staffReads?: Resolver<Maybe<ResolversTypes['StaffReadConnection']>, ParentType, ContextType, RequireFields<CustomerStaffReadsArgs, 'first'>>;
  unreadNotificationCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type CxCesResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['CxCes'] = ResolversParentTypes['CxCes']> = {
  answered?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  mean?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  scoreSum?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CxChangeResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['CxChange'] = ResolversParentTypes['CxChange']> = {
  cesMean?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  csat?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  firstResponseMeanSeconds?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  firstResponseP50Seconds?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  firstResponseP90Seconds?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  handlingMeanSeconds?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  handlingP50Seconds?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  handlingP90Seconds?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  nps?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  responseRate?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  selfServiceShare?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
};

export type CxCsatResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['CxCsat'] = ResolversParentTypes['CxCsat']> = {
  answered?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  satisfied?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
};

export type CxDurationsResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['CxDurations'] = ResolversParentTypes['CxDurations']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  meanSeconds?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  p50Seconds?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  p90Seconds?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
};

export type CxFiguresResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['CxFigures'] = ResolversParentTypes['CxFigures']> = {
  ces?: Resolver<ResolversTypes['CxCes'], ParentType, ContextType>;
  csat?: Resolver<ResolversTypes['CxCsat'], ParentType, ContextType>;
  firstResponse?: Resolver<ResolversTypes['CxDurations'], ParentType, ContextType>;
  handling?: Resolver<ResolversTypes['CxDurations'], ParentType, ContextType>;
  nps?: Resolver<ResolversTypes['CxNps'], ParentType, ContextType>;
  responseRate?: Resolver<ResolversTypes['CxResponseRate'], ParentType, ContextType>;
  selfService?: Resolver<ResolversTypes['CxSelfService'], ParentType, ContextType>;
};

export type CxMetricsResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['CxMetrics'] = ResolversParentTypes['CxMetrics']> = {
  change?: Resolver<ResolversTypes['CxChange'], ParentType, ContextType>;
  channel?: Resolver<Maybe<ResolversTypes['FeedbackChannel']>, ParentType, ContextType>;
  current?: Resolver<ResolversTypes['CxFigures'], ParentType, ContextType>;
  period?: Resolver<ResolversTypes['CxPeriod'], ParentType, ContextType>;
  previous?: Resolver<ResolversTypes['CxFigures'], ParentType, ContextType>;
  previousPeriod?: Resolver<ResolversTypes['CxPeriod'], ParentType, ContextType>;
};

export type CxNpsResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['CxNps'] = ResolversParentTypes['CxNps']> = {
  answered?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  detractors?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  passives?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  promoters?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
};

export type CxPeriodResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['CxPeriod'] = ResolversParentTypes['CxPeriod']> = {
  from?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CxResponseRateResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['CxResponseRate'] = ResolversParentTypes['CxResponseRate']> = {
  answered?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  requested?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
};

export type CxSelfServiceResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['CxSelfService'] = ResolversParentTypes['CxSelfService']> = {
  contacts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  resolvedFollowedByAgent?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  resolvedWithoutAgent?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sessions?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  share?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
};

export interface DecimalScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Decimal'], any> {
  name: 'Decimal';
}

export type FeedbackRequestResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['FeedbackRequest'] = ResolversParentTypes['FeedbackRequest']> = {
  answeredAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  channel?: Resolver<ResolversTypes['FeedbackChannel'], ParentType, ContextType>;
  comment?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  contactId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['FeedbackKind'], ParentType, ContextType>;
  momentType?: Resolver<ResolversTypes['FeedbackMomentType'], ParentType, ContextType>;
  requestedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  score?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type FeedbackRequestConnectionResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['FeedbackRequestConnection'] = ResolversParentTypes['FeedbackRequestConnection']> = {
  edges?: Resolver<Array<ResolversTypes['FeedbackRequestEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['FeedbackRequestPageInfo'], ParentType, ContextType>;
};

export type FeedbackRequestEdgeResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['FeedbackRequestEdge'] = ResolversParentTypes['FeedbackRequestEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['FeedbackRequest'], ParentType, ContextType>;
};

export type FeedbackRequestPageInfoResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['FeedbackRequestPageInfo'] = ResolversParentTypes['FeedbackRequestPageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

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
  endContact?: Resolver<ResolversTypes['Contact'], ParentType, ContextType, RequireFields<MutationEndContactArgs, 'id' | 'input'>>;
  endSelfServiceSession?: Resolver<ResolversTypes['Contact'], ParentType, ContextType, RequireFields<MutationEndSelfServiceSessionArgs, 'id' | 'resolved'>>;
  markNotificationsRead?: Resolver<ResolversTypes['MarkNotificationsReadResult'], ParentType, ContextType, Partial<MutationMarkNotificationsReadArgs>>;
  recordContactAction?: Resolver<ResolversTypes['Contact'], ParentType, ContextType, RequireFields<MutationRecordContactActionArgs, 'action' | 'id'>>;
  setLowBalanceAlert?: Resolver<ResolversTypes['NotificationPreferences'], ParentType, ContextType, RequireFields<MutationSetLowBalanceAlertArgs, 'threshold'>>;
  setMarketingConsent?: Resolver<ResolversTypes['NotificationPreferences'], ParentType, ContextType, RequireFields<MutationSetMarketingConsentArgs, 'granted'>>;
  setNotificationLocale?: Resolver<ResolversTypes['NotificationPreferences'], ParentType, ContextType, RequireFields<MutationSetNotificationLocaleArgs, 'locale'>>;
  setNotificationPreference?: Resolver<ResolversTypes['NotificationPreferences'], ParentType, ContextType, RequireFields<MutationSetNotificationPreferenceArgs, 'channel' | 'enabled' | 'topic'>>;
  setQuietHours?: Resolver<ResolversTypes['NotificationPreferences'], ParentType, ContextType, RequireFields<MutationSetQuietHoursArgs, 'timeZone'>>;
  startContact?: Resolver<ResolversTypes['Contact'], ParentType, ContextType, RequireFields<MutationStartContactArgs, 'input'>>;
  startSelfServiceSession?: Resolver<ResolversTypes['Contact'], ParentType, ContextType, RequireFields<MutationStartSelfServiceSessionArgs, 'channel' | 'reasonCodes'>>;
  submitFeedback?: Resolver<ResolversTypes['FeedbackRequest'], ParentType, ContextType, RequireFields<MutationSubmitFeedbackArgs, 'input'>>;
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

export type NotificationDeliveryResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['NotificationDelivery'] = ResolversParentTypes['NotificationDelivery']> = {
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  channel?: Resolver<ResolversTypes['NotificationChannel'], ParentType, ContextType>;
  deliveredAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  rule?: Resolver<Maybe<ResolversTypes['NotificationDecisionRule']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['NotificationDeliveryStatus'], ParentType, ContextType>;
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
  atRiskCustomers?: Resolver<ResolversTypes['AtRiskCustomerConnection'], ParentType, ContextType, RequireFields<QueryAtRiskCustomersArgs, 'first'>>;
  campaign?: Resolver<Maybe<ResolversTypes['Campaign']>, ParentType, ContextType, RequireFields<QueryCampaignArgs, 'id'>>;
  campaignAudiencePreview?: Resolver<ResolversTypes['Int'], ParentType, ContextType, RequireFields<QueryCampaignAudiencePreviewArgs, 'segment'>>;
  campaigns?: Resolver<ResolversTypes['CampaignConnection'], ParentType, ContextType, RequireFields<QueryCampaignsArgs, 'first'>>;
  contact?: Resolver<Maybe<ResolversTypes['Contact']>, ParentType, ContextType, RequireFields<QueryContactArgs, 'id'>>;
  cxMetrics?: Resolver<ResolversTypes['CxMetrics'], ParentType, ContextType, RequireFields<QueryCxMetricsArgs, 'period'>>;
};

export type QuietHoursResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['QuietHours'] = ResolversParentTypes['QuietHours']> = {
  end?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  start?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SentNotificationResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['SentNotification'] = ResolversParentTypes['SentNotification']> = {
  class?: Resolver<ResolversTypes['NotificationClass'], ParentType, ContextType>;
  decidedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  deliveries?: Resolver<Array<ResolversTypes['NotificationDelivery']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['NotificationKind'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  topic?: Resolver<ResolversTypes['NotificationTopic'], ParentType, ContextType>;
};

export type SentNotificationConnectionResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['SentNotificationConnection'] = ResolversParentTypes['SentNotificationConnection']> = {
  edges?: Resolver<Array<ResolversTypes['SentNotificationEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['SentNotificationPageInfo'], ParentType, ContextType>;
};

export type SentNotificationEdgeResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['SentNotificationEdge'] = ResolversParentTypes['SentNotificationEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['SentNotification'], ParentType, ContextType>;
};

export type SentNotificationPageInfoResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['SentNotificationPageInfo'] = ResolversParentTypes['SentNotificationPageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type StaffReadResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['StaffRead'] = ResolversParentTypes['StaffRead']> = {
  agent?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  client?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  operationName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type StaffReadConnectionResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['StaffReadConnection'] = ResolversParentTypes['StaffReadConnection']> = {
  edges?: Resolver<Array<ResolversTypes['StaffReadEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['StaffReadPageInfo'], ParentType, ContextType>;
};

export type StaffReadEdgeResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['StaffReadEdge'] = ResolversParentTypes['StaffReadEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['StaffRead'], ParentType, ContextType>;
};

export type StaffReadPageInfoResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['StaffReadPageInfo'] = ResolversParentTypes['StaffReadPageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = unknown, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  notificationAdded?: SubscriptionResolver<ResolversTypes['Notification'], "notificationAdded", ParentType, ContextType>;
};

export type Resolvers<ContextType = unknown> = {
  AtRiskCustomerConnection?: AtRiskCustomerConnectionResolvers<ContextType>;
  AtRiskCustomerEdge?: AtRiskCustomerEdgeResolvers<ContextType>;
  AtRiskCustomerPageInfo?: AtRiskCustomerPageInfoResolvers<ContextType>;
  Campaign?: CampaignResolvers<ContextType>;
  CampaignConnection?: CampaignConnectionResolvers<ContextType>;
  CampaignEdge?: CampaignEdgeResolvers<ContextType>;
  CampaignMessage?: CampaignMessageResolvers<ContextType>;
  CampaignPageInfo?: CampaignPageInfoResolvers<ContextType>;
  CampaignSegment?: CampaignSegmentResolvers<ContextType>;
  CampaignSuppressionCount?: CampaignSuppressionCountResolvers<ContextType>;
  CampaignText?: CampaignTextResolvers<ContextType>;
  ChurnRisk?: ChurnRiskResolvers<ContextType>;
  ChurnRiskReason?: ChurnRiskReasonResolvers<ContextType>;
  Contact?: ContactResolvers<ContextType>;
  ContactActionRecord?: ContactActionRecordResolvers<ContextType>;
  ContactConnection?: ContactConnectionResolvers<ContextType>;
  ContactEdge?: ContactEdgeResolvers<ContextType>;
  ContactPageInfo?: ContactPageInfoResolvers<ContextType>;
  Customer?: CustomerResolvers<ContextType>;
  CxCes?: CxCesResolvers<ContextType>;
  CxChange?: CxChangeResolvers<ContextType>;
  CxCsat?: CxCsatResolvers<ContextType>;
  CxDurations?: CxDurationsResolvers<ContextType>;
  CxFigures?: CxFiguresResolvers<ContextType>;
  CxMetrics?: CxMetricsResolvers<ContextType>;
  CxNps?: CxNpsResolvers<ContextType>;
  CxPeriod?: CxPeriodResolvers<ContextType>;
  CxResponseRate?: CxResponseRateResolvers<ContextType>;
  CxSelfService?: CxSelfServiceResolvers<ContextType>;
  Decimal?: GraphQLScalarType;
  FeedbackRequest?: FeedbackRequestResolvers<ContextType>;
  FeedbackRequestConnection?: FeedbackRequestConnectionResolvers<ContextType>;
  FeedbackRequestEdge?: FeedbackRequestEdgeResolvers<ContextType>;
  FeedbackRequestPageInfo?: FeedbackRequestPageInfoResolvers<ContextType>;
  LowBalanceAlert?: LowBalanceAlertResolvers<ContextType>;
  MarkNotificationsReadResult?: MarkNotificationsReadResultResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Notification?: NotificationResolvers<ContextType>;
  NotificationChannelPreference?: NotificationChannelPreferenceResolvers<ContextType>;
  NotificationConnection?: NotificationConnectionResolvers<ContextType>;
  NotificationDelivery?: NotificationDeliveryResolvers<ContextType>;
  NotificationEdge?: NotificationEdgeResolvers<ContextType>;
  NotificationPageInfo?: NotificationPageInfoResolvers<ContextType>;
  NotificationPreferenceChange?: NotificationPreferenceChangeResolvers<ContextType>;
  NotificationPreferences?: NotificationPreferencesResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  QuietHours?: QuietHoursResolvers<ContextType>;
  SentNotification?: SentNotificationResolvers<ContextType>;
  SentNotificationConnection?: SentNotificationConnectionResolvers<ContextType>;
  SentNotificationEdge?: SentNotificationEdgeResolvers<ContextType>;
  SentNotificationPageInfo?: SentNotificationPageInfoResolvers<ContextType>;
  StaffRead?: StaffReadResolvers<ContextType>;
  StaffReadConnection?: StaffReadConnectionResolvers<ContextType>;
  StaffReadEdge?: StaffReadEdgeResolvers<ContextType>;
  StaffReadPageInfo?: StaffReadPageInfoResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
};

