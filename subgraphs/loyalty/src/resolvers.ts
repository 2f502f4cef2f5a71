import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { canReadCustomer } from '../../../lib/access';
import type { LoyaltyContext } from './context';
import { businessDateOf, monthOf } from './business-day';
import { DecimalScalar, moneyValue, pointsValue } from './graphql-values';
import { tierFor } from './tiers';

interface CustomerRef {
  id: string;
}

/** The parent of Loyalty and CashBack fields: figures are read only when asked for. */
interface LoyaltyRef {
  customerId: string;
}

function readable(ctx: LoyaltyContext, customerId: string): boolean {
  return canReadCustomer(ctx.caller, customerId);
}

export const resolvers: GraphQLResolverMap<LoyaltyContext> = {
  Decimal: DecimalScalar,
  Customer: {
    // another customer's id answers as if it did not exist, through `_entities` too
    __resolveReference: (ref: CustomerRef, ctx: LoyaltyContext) => (readable(ctx, ref.id) ? { id: ref.id } : null),
    loyalty: (c: CustomerRef, _args: unknown, ctx: LoyaltyContext): LoyaltyRef | null => (readable(ctx, c.id) ? { customerId: c.id } : null),
  },
  Loyalty: {
    tier: async (l: LoyaltyRef, _args: unknown, ctx: LoyaltyContext) => tierFor(await ctx.ledger.pointsEarned(l.customerId)),
    points: async (l: LoyaltyRef, _args: unknown, ctx: LoyaltyContext) => pointsValue(await ctx.ledger.pointsBalance(l.customerId)),
    cashBack: (l: LoyaltyRef) => l,
  },
  CashBack: {
    pendingToday: async (l: LoyaltyRef, _args: unknown, ctx: LoyaltyContext) =>
      moneyValue(await ctx.ledger.cashBackPendingOn(l.customerId, ctx.currency, businessDateOf(ctx.now)), ctx.currency),
    lifetime: async (l: LoyaltyRef, _args: unknown, ctx: LoyaltyContext) =>
      moneyValue(await ctx.ledger.cashBackLifetime(l.customerId, ctx.currency), ctx.currency),
    paidThisMonth: async (l: LoyaltyRef, _args: unknown, ctx: LoyaltyContext) => {
      const month = monthOf(ctx.now);
      return moneyValue(await ctx.ledger.cashBackPaidBetween(l.customerId, ctx.currency, month.from, month.to), ctx.currency);
    },
  },
};
