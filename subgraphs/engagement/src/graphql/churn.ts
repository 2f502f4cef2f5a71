// Churn early warning over GraphQL (docs/cx.md "Churn early warning"): staff with
// staff:customers:read list the customers at risk (atRiskCustomers, the agent tasks) and read one
// customer's score (Customer.churnRisk). The list names customers and their figures, which is
// customer data: the CX scope (aggregates only) does not open it. Scores are written by the daily
// pass (adapters/churn-pass.ts); nothing here changes them.
import { canReadCustomer, isStaffWith, STAFF_READ_SCOPE } from '../../../../lib/access';
import { appError } from '../../../../lib/errors';
import type { ChurnKey, ChurnScore } from '../db/churn-store';
import type { EngagementContext } from './context';
import { checkFirst, cursorMatch, opaqueCursor } from './arguments';
import type { Resolvers, ResolversTypes } from './resolvers-types.generated';

// the list: `r1:<score>:<customer id>` (arguments.ts opaqueCursor); a customer id never holds a colon
const CURSOR = /^r1:(\d{1,3}):([A-Za-z0-9][A-Za-z0-9_-]{0,63})$/;
const encodeCursor = (k: ChurnKey) => opaqueCursor(`r1:${k.score}:${k.customerId}`);

function decodeCursor(after: string | null | undefined): ChurnKey | undefined {
  const m = cursorMatch(after, CURSOR);
  return m && { score: Number(m[1]), customerId: m[2] as string };
}

/** The stored score as the schema's ChurnRisk. */
export function toChurnRisk(s: ChurnScore): ResolversTypes['ChurnRisk'] {
  return {
    customer: { id: s.customerId },
    score: s.score,
    threshold: s.threshold,
    reasons: s.reasons.map((r) => ({ code: r.code, points: r.points, text: r.text })),
    evaluatedAt: s.evaluatedAt.toISOString(),
    raisedAt: s.raisedAt?.toISOString() ?? null,
  };
}

export const churnResolvers = {
  Query: {
    atRiskCustomers: async (_, args, ctx) => {
      if (!isStaffWith(ctx.caller, STAFF_READ_SCOPE)) throw appError('FORBIDDEN', 'Only staff with staff:customers:read list customers at risk.');
      const first = checkFirst(args.first);
      const after = decodeCursor(args.after);
      // one more than asked tells whether there is a next page
      const items = await ctx.churn.atRisk(first + 1, after);
      const edges = items.slice(0, first).map((s) => ({ cursor: encodeCursor(s.key), node: toChurnRisk(s) }));
      return { edges, pageInfo: { hasNextPage: items.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
    },
  },
  Customer: {
    churnRisk: async (c, _args, ctx) => {
      // staff only: the customer reading their own record does not see it
      if (!isStaffWith(ctx.caller, STAFF_READ_SCOPE) || !canReadCustomer(ctx.caller, c.id)) return null;
      const s = await ctx.churn.scoreOf(c.id);
      return s ? toChurnRisk(s) : null;
    },
  },
} satisfies Resolvers<EngagementContext>;
