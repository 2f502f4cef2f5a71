// Staff campaigns over GraphQL: create, cancel, list, read, and preview a segment's audience. Only
// staff callers with a campaigns scope (the gateway checks @requiresScopes; a direct caller is
// checked here too) and the gateway writes its staff audit for every one of these operations. Input
// is checked by domain/campaign.ts before anything is stored: a refusal changes nothing.
import { appError } from '../../../../lib/errors';
import { isStaffWith, STAFF_CAMPAIGNS_READ_SCOPE, STAFF_CAMPAIGNS_WRITE_SCOPE } from '../../../../lib/access';
import type { Caller } from '../../../../lib/internal-auth';
import type { CampaignKey } from '../db/campaign-store';
import { CampaignInputError, checkCampaign, checkSegment, type Campaign, type CampaignCounts } from '../domain/campaign';
import type { EngagementContext } from './context';
import { checkFirst, cursorMatch, opaqueCursor } from './arguments';
import type { CampaignSuppressionRule, Resolvers } from './resolvers-types.generated';

/** The staff member's id for a change to campaigns, or FORBIDDEN. */
function campaignWriter(caller: Caller): string {
  if (!isStaffWith(caller, STAFF_CAMPAIGNS_WRITE_SCOPE)) throw appError('FORBIDDEN', 'Only staff with staff:campaigns:write manage campaigns.');
  return caller.subject;
}

function campaignReader(caller: Caller): void {
  if (!isStaffWith(caller, STAFF_CAMPAIGNS_WRITE_SCOPE, STAFF_CAMPAIGNS_READ_SCOPE)) throw appError('FORBIDDEN', 'Only staff read campaigns.');
}

/** A domain refusal as the client sees it: its code, the message, and the input field's path. */
function refused<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof CampaignInputError) throw appError(err.code, err.message, { argumentName: err.field });
    throw err;
  }
}

// the campaigns: `c1:<created at, ms>:<id>` (arguments.ts opaqueCursor)
const CURSOR = /^c1:(\d{1,15}):(cmp_[0-9a-f]{24})$/;
const encodeCursor = (k: CampaignKey) => opaqueCursor(`c1:${k.createdAtMs}:${k.id}`);

function decodeCursor(after: string | null | undefined): CampaignKey | undefined {
  const m = cursorMatch(after, CURSOR);
  return m && { createdAtMs: Number(m[1]), id: m[2] as string };
}

// per request (its context): a campaign's counts are read once however many of its count fields are asked
const COUNTS = new WeakMap<EngagementContext, Map<string, Promise<CampaignCounts>>>();

function countsOf(c: Campaign, ctx: EngagementContext): Promise<CampaignCounts> {
  let cache = COUNTS.get(ctx);
  if (!cache) COUNTS.set(ctx, (cache = new Map()));
  let counts = cache.get(c.id);
  if (!counts) cache.set(c.id, (counts = ctx.campaigns.counts(c.id)));
  return counts;
}

const iso = (d: Date | undefined) => d?.toISOString() ?? null;

export const campaignResolvers = {
  Query: {
    campaigns: async (_, args, ctx) => {
      campaignReader(ctx.caller);
      const first = checkFirst(args.first);
      const after = decodeCursor(args.after);
      const items = await ctx.campaigns.list(first + 1, after);
      const edges = items.slice(0, first).map((node) => ({ cursor: encodeCursor(node.key), node }));
      return { edges, pageInfo: { hasNextPage: items.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
    },
    campaign: async (_, args, ctx) => {
      campaignReader(ctx.caller);
      return (await ctx.campaigns.get(args.id)) ?? null;
    },
    campaignAudiencePreview: (_, args, ctx) => {
      campaignWriter(ctx.caller);
      const segment = refused(() => checkSegment(args.segment));
      return ctx.audience.count(segment, ctx.now);
    },
  },
  Mutation: {
    createCampaign: async (_, args, ctx) => {
      const staff = campaignWriter(ctx.caller);
      // fields of the single `input` named by their own path, as the input bounds name them (`message.en.title`)
      const draft = refused(() => checkCampaign(args.input, ctx.now));
      return ctx.campaigns.create(draft, staff, ctx.now);
    },
    cancelCampaign: async (_, args, ctx) => {
      const staff = campaignWriter(ctx.caller);
      const r = await ctx.campaigns.cancel(args.id, staff, ctx.now);
      if (r.result === 'NOT_FOUND') throw appError('CAMPAIGN_NOT_FOUND', undefined, { argumentName: 'id' });
      if (r.result === 'NOT_CANCELLABLE')
        throw appError('CAMPAIGN_NOT_CANCELLABLE', `This campaign is ${r.status} and can no longer be cancelled.`, { argumentName: 'id' });
      return r.campaign;
    },
  },
  Campaign: {
    sendAt: (c) => c.sendAt.toISOString(),
    createdAt: (c) => c.createdAt.toISOString(),
    cancelledBy: (c) => c.cancelledBy ?? null,
    cancelledAt: (c) => iso(c.cancelledAt),
    startedAt: (c) => iso(c.startedAt),
    finishedAt: (c) => iso(c.finishedAt),
    segment: (c) => ({
      tiers: c.segment.tiers ? [...c.segment.tiers] : null,
      products: c.segment.products ? [...c.segment.products] : null,
      spendCategories: c.segment.spendCategories ? [...c.segment.spendCategories] : null,
      spendWithinDays: c.segment.spendWithinDays ?? null,
      activeWithinDays: c.segment.activeWithinDays ?? null,
      inactiveForDays: c.segment.inactiveForDays ?? null,
      cities: c.segment.cities ? [...c.segment.cities] : null,
    }),
    message: (c) => ({ en: { ...c.message.en }, fa: { ...c.message.fa } }),
    // the audience is known once the walk is over: before that the recipients so far are not it
    audienceSize: async (c, _args, ctx) => (c.status === 'SENT' ? (await countsOf(c, ctx)).recipients : null),
    sent: async (c, _args, ctx) => (await countsOf(c, ctx)).sent,
    suppressed: async (c, _args, ctx) => (await countsOf(c, ctx)).recipients - (await countsOf(c, ctx)).sent,
    suppressedByRule: async (c, _args, ctx) =>
      Object.entries((await countsOf(c, ctx)).suppressed).map(([rule, count]) => ({ rule: rule as CampaignSuppressionRule, count: count ?? 0 })),
  },
} satisfies Resolvers<EngagementContext>;
