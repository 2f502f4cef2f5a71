// Customer.notificationsSent: the customer's notifications with what became of each on every
// channel, for staff with staff:customers:read (the call centre's 360° view, docs/cx.md). The
// gateway checks @requiresScopes; a direct caller is checked here too. Titles only, no body.
import { isStaffWith, STAFF_READ_SCOPE } from '../../../../lib/access';
import type { SentKey } from '../db/sent-notifications';
import { checkFirst, cursorMatch, opaqueCursor } from './arguments';
import type { EngagementContext } from './context';
import type { Resolvers } from './resolvers-types.generated';

// `t1:<decided at, ms>:<message id>` (message ids are trigger ids: any text)
const CURSOR = /^t1:(\d{1,15}):(.{1,300})$/s;

export const encodeSentCursor = (key: SentKey): string => opaqueCursor(`t1:${key.decidedAtMs}:${key.id}`);

export function decodeSentCursor(after: string | null | undefined): SentKey | undefined {
  const m = cursorMatch(after, CURSOR);
  return m && { decidedAtMs: Number(m[1]), id: m[2] as string };
}

export const notificationsSentResolvers = {
  Customer: {
    notificationsSent: async (c, args, ctx) => {
      if (!isStaffWith(ctx.caller, STAFF_READ_SCOPE)) return null;
      const first = checkFirst(args.first);
      const after = decodeSentCursor(args.after);
      // one more than asked tells whether there is a next page
      const items = await ctx.messages.sent(c.id, ctx.now, first + 1, after);
      const edges = items.slice(0, first).map((node) => ({ cursor: encodeSentCursor(node.key), node }));
      return { edges, pageInfo: { hasNextPage: items.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
    },
  },
  SentNotification: {
    decidedAt: (n) => n.decidedAt.toISOString(),
  },
  NotificationDelivery: {
    rule: (d) => d.rule ?? null,
    deliveredAt: (d) => d.deliveredAt?.toISOString() ?? null,
  },
} satisfies Resolvers<EngagementContext>;
