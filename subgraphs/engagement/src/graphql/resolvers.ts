import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { canReadCustomer } from '../../../../lib/access';
import { appError } from '../../../../lib/errors';
import type { EngagementContext } from './context';
import { auditedThreshold, checkFirst, checkQuietHours, checkReadSelection, checkThreshold, customerOf, decodeCursor, encodeCursor } from './arguments';
import { toGraphQL } from '../../../../lib/money';
import { DecimalScalar } from '../../../../lib/decimal-scalar';
import { channelGrid, type Locale, type PreferenceChange, type Preferences } from '../domain/preferences';
import { isLocked } from '../domain/topics';
import type { NotificationLocale, Resolvers } from './resolvers-types.generated';
import { notificationAdded } from './live-notifications';
import { campaignResolvers } from './campaigns';
import { contactResolvers } from './contacts';
import { staffReadsOf } from './staff-reads';
import { feedbackResolvers } from './feedback';
import { cxMetricsResolvers } from './cx-metrics';
import { notificationsSentResolvers } from './notifications-sent';
import { churnResolvers } from './churn';

const toLocale = (l: NotificationLocale): Locale => (l === 'FA' ? 'fa' : 'en');
const fromLocale = (l: Locale): NotificationLocale => (l === 'fa' ? 'FA' : 'EN');

/** An alert on one account needs the account to be the customer's; another's answers as an unknown one. */
async function checkAccount(ctx: EngagementContext, customerId: string, accountId: string | null | undefined): Promise<string | null> {
  if (accountId === null || accountId === undefined) return null;
  if (!(await ctx.accounts.holds(customerId, accountId, ctx.deadline))) throw appError('ACCOUNT_NOT_FOUND', undefined, { argumentName: 'accountId' });
  return accountId;
}

function change(ctx: EngagementContext, c: PreferenceChange): Promise<Preferences> {
  return ctx.preferences.change(customerOf(ctx.caller), c, ctx.caller.channel);
}

/** The resolver map, checked against the types generated from schema/engagement.graphql. */
export const typedResolvers = {
  Decimal: DecimalScalar,
  Customer: {
    // another customer's id answers as if it did not exist, through `_entities` too
    __resolveReference: (ref, ctx) => (canReadCustomer(ctx.caller, ref.id) ? { id: ref.id } : null),
    notifications: async (c, args, ctx) => {
      if (!canReadCustomer(ctx.caller, c.id)) return null;
      const first = checkFirst(args.first);
      const after = decodeCursor(args.after);
      // one more than asked tells whether there is a next page
      const items = await ctx.messages.inbox(c.id, ctx.now, first + 1, after);
      const page = items.slice(0, first);
      const edges = page.map((node) => ({ cursor: encodeCursor(node.key), node }));
      return { edges, pageInfo: { hasNextPage: items.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
    },
    unreadNotificationCount: (c, _args, ctx) => (canReadCustomer(ctx.caller, c.id) ? ctx.messages.unreadCount(c.id, ctx.now) : null),
    notificationPreferences: (c, _args, ctx) => (canReadCustomer(ctx.caller, c.id) ? ctx.preferences.preferences(c.id) : null),
    // contacts (graphql/contacts.ts): staff only
    ...contactResolvers.Customer,
    staffReads: (c, args, ctx) => staffReadsOf(c.id, args, ctx),
    // feedback requests (graphql/feedback.ts): the customer and staff:customers:read
    ...feedbackResolvers.Customer,
    // what became of each notification on every channel (graphql/notifications-sent.ts): staff only
    ...notificationsSentResolvers.Customer,
    // churn risk (graphql/churn.ts): staff:customers:read only
    ...churnResolvers.Customer,
  },
  SentNotification: notificationsSentResolvers.SentNotification,
  NotificationDelivery: notificationsSentResolvers.NotificationDelivery,
  Notification: {
    locale: (n) => fromLocale(n.locale),
    deliveredAt: (n) => n.visibleAt.toISOString(),
    readAt: (n) => n.readAt?.toISOString() ?? null,
  },
  NotificationPreferences: {
    channels: (p) => channelGrid(p),
    quietHours: (p) => p.quietHours ?? null,
    locale: (p) => fromLocale(p.locale),
    history: (p, _args, ctx) => ctx.preferences.history(p.customerId),
    lowBalanceAlerts: async (p, _args, ctx) =>
      (await ctx.preferences.lowBalanceAlerts(p.customerId)).map((a) => ({ accountId: a.accountId ?? null, threshold: toGraphQL(a.threshold) })),
  },
  NotificationPreferenceChange: {
    kind: (e) => e.change.kind,
    topic: (e) => (e.change.kind === 'CHANNEL' ? e.change.topic : null),
    channel: (e) => (e.change.kind === 'CHANNEL' ? e.change.channel : null),
    enabled: (e) => (e.change.kind === 'CHANNEL' ? e.change.enabled : null),
    quietHours: (e) => (e.change.kind === 'QUIET_HOURS' ? e.change.quietHours : null),
    timeZone: (e) => (e.change.kind === 'QUIET_HOURS' ? e.change.timeZone : null),
    marketingConsent: (e) => (e.change.kind === 'MARKETING_CONSENT' ? e.change.granted : null),
    locale: (e) => (e.change.kind === 'LOCALE' ? fromLocale(e.change.locale) : null),
    accountId: (e) => (e.change.kind === 'LOW_BALANCE_ALERT' ? e.change.accountId : null),
    threshold: (e) => {
      if (e.change.kind !== 'LOW_BALANCE_ALERT' || !e.change.threshold) return null;
      return toGraphQL({ minor: BigInt(e.change.threshold.amountMinor), currency: e.change.threshold.currency });
    },
    recordedAt: (e) => e.recordedAt.toISOString(),
  },
  Subscription: {
    notificationAdded,
  },
  // staff campaigns (graphql/campaigns.ts)
  Query: { ...campaignResolvers.Query, ...contactResolvers.Query, ...cxMetricsResolvers.Query, ...churnResolvers.Query },
  Campaign: campaignResolvers.Campaign,
  // contacts with agents and self-service sessions (graphql/contacts.ts)
  Contact: contactResolvers.Contact,
  FeedbackRequest: feedbackResolvers.FeedbackRequest,
  Mutation: {
    ...campaignResolvers.Mutation,
    ...contactResolvers.Mutation,
    ...feedbackResolvers.Mutation,
    markNotificationsRead: async (_, args, ctx) => {
      const customerId = customerOf(ctx.caller);
      const which = checkReadSelection(args.ids, args.upTo);
      const marked = await ctx.messages.markRead(customerId, ctx.now, which);
      if (marked === undefined) throw appError('NOTIFICATION_NOT_FOUND', undefined, { argumentName: 'upTo' });
      return { marked, unreadCount: await ctx.messages.unreadCount(customerId, ctx.now) };
    },
    setNotificationPreference: (_, args, ctx) => {
      customerOf(ctx.caller);
      if (!args.enabled && isLocked(args.topic, args.channel)) throw appError('NOTIFICATION_PREFERENCE_LOCKED', undefined, { argumentName: 'enabled' });
      return change(ctx, { kind: 'CHANNEL', topic: args.topic, channel: args.channel, enabled: args.enabled });
    },
    setQuietHours: (_, args, ctx) => {
      customerOf(ctx.caller);
      return change(ctx, { kind: 'QUIET_HOURS', ...checkQuietHours(args.start, args.end, args.timeZone) });
    },
    setMarketingConsent: (_, args, ctx) => change(ctx, { kind: 'MARKETING_CONSENT', granted: args.granted }),
    setNotificationLocale: (_, args, ctx) => change(ctx, { kind: 'LOCALE', locale: toLocale(args.locale) }),
    setLowBalanceAlert: async (_, args, ctx) => {
      const customerId = customerOf(ctx.caller);
      // the threshold first: a bad amount costs no call to accounts
      const threshold = checkThreshold(args.threshold);
      const accountId = await checkAccount(ctx, customerId, args.accountId);
      return change(ctx, { kind: 'LOW_BALANCE_ALERT', accountId, threshold: auditedThreshold(threshold) });
    },
    clearLowBalanceAlert: async (_, args, ctx) => {
      const customerId = customerOf(ctx.caller);
      const accountId = await checkAccount(ctx, customerId, args.accountId);
      return change(ctx, { kind: 'LOW_BALANCE_ALERT', accountId, threshold: null });
    },
  },
} satisfies Resolvers<EngagementContext>;

// GraphQLResolverMap types __resolveReference like a field resolver; ours take (reference, context),
// as Apollo calls them, which still fits: the map needs no conversion.
export const resolvers: GraphQLResolverMap<EngagementContext> = typedResolvers;
