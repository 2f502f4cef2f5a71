import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { canReadCustomer } from '../../../../lib/access';
import { appError } from '../../../../lib/errors';
import { formatMinor } from '../../../../lib/money';
import type { LoyaltyContext } from './context';
import { businessDateOf, monthOf } from '../domain/business-day';
import { DecimalScalar } from '../../../../lib/decimal-scalar';
import { moneyValue, pointsValue } from './values';
import type { JournalKind } from '../domain/ledger/journal';
import { ENGAGEMENT_KINDS, multiplierText } from '../domain/rules';
import { activeBoosts } from '../db/boost-store';
import { RedemptionError, type RedemptionResult } from '../domain/redemption';
import type { TierStanding } from '../domain/tier-standing';
import type { BalancesSummary } from '../db/ledger/ledger';
import type { EarningRule, Redemption, Resolvers } from './resolvers-types.generated';

/** The parent of Loyalty and CashBack fields: figures are read only when asked for. */
export interface LoyaltyRef {
  customerId: string;
}

const MAX_PAGE = 100;

function readable(ctx: LoyaltyContext, customerId: string): boolean {
  return canReadCustomer(ctx.caller, customerId);
}

/** Mutations act for the calling customer only (staff and partner apps do not redeem). */
function actingCustomer(ctx: LoyaltyContext): string {
  const id = ctx.caller.customerId;
  if (!id) throw appError('FORBIDDEN', 'only a customer can do this for themselves');
  return id;
}

function cursorOf(journalId: string): string {
  return Buffer.from(`j:${journalId}`).toString('base64url');
}

/** journals.id is a BIGINT from 1: a cursor naming anything else is the client's mistake, not a database error. */
const MAX_JOURNAL_ID = 2n ** 63n - 1n;

function journalIdOf(cursor: string): string {
  const text = cursor.length <= 64 ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const [, journalId] = /^j:(\d{1,19})$/.exec(text) ?? [];
  if (journalId === undefined || BigInt(journalId) < 1n || BigInt(journalId) > MAX_JOURNAL_ID) throw appError('BAD_USER_INPUT', 'invalid cursor');
  return BigInt(journalId).toString();
}

async function standing(l: LoyaltyRef, ctx: LoyaltyContext): Promise<TierStanding> {
  try {
    return await ctx.tiers.standing(l.customerId, ctx.caller.requestId, ctx.deadline);
  } catch {
    throw appError('CORE_UNAVAILABLE', 'the tier cannot be worked out right now');
  }
}

/** The customer's balances as of this request, read once however many fields ask for them. */
function balances(l: LoyaltyRef, ctx: LoyaltyContext): Promise<BalancesSummary> {
  const memo = (ctx.balances ??= new Map());
  let summary = memo.get(l.customerId);
  if (!summary) {
    const month = monthOf(ctx.now);
    summary = ctx.ledger.balancesSummary({
      customerId: l.customerId,
      currency: ctx.currency,
      businessDate: businessDateOf(ctx.now),
      paidFrom: month.from,
      paidTo: month.to,
    });
    memo.set(l.customerId, summary);
  }
  return summary;
}

function percent(bp: number): string {
  const whole = Math.floor(bp / 100);
  const frac = String(bp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

function redemptionValue(r: RedemptionResult): Redemption {
  return {
    id: r.id,
    for: r.for,
    points: r.points,
    cash: r.cash ? { amount: formatMinor(BigInt(r.cash.minor), r.cash.currency), currency: r.cash.currency } : null,
    reward: r.reward ?? null,
    pointsBalance: r.pointsBalance,
  };
}

/** The resolver map, checked against the types generated from schema/loyalty.graphql. */
export const typedResolvers = {
  Decimal: DecimalScalar,
  Customer: {
    // another customer's id answers as if it did not exist, through `_entities` too
    __resolveReference: (ref, ctx) => (readable(ctx, ref.id) ? { id: ref.id } : null),
    loyalty: (c, _args, ctx) => (readable(ctx, c.id) ? { customerId: c.id } : null),
  },
  Loyalty: {
    tier: (l, _args, ctx) => standing(l, ctx),
    points: async (l, _args, ctx) => pointsValue((await balances(l, ctx)).points),
    cashBack: (l) => l,
    activity: async (l, args, ctx) => {
      const first = args.first ?? 20;
      if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) throw appError('BAD_USER_INPUT', `first must be 0..${MAX_PAGE}`);
      const after = args.after ? journalIdOf(args.after) : undefined;
      const page = await ctx.ledger.activity(l.customerId, first, after);
      const edges = page.items.map((item) => {
        const change = (account: string) => item.changes.find((c) => c.account === account);
        const points = change('CUSTOMER_POINTS')?.net ?? 0n;
        const cash = change('CUSTOMER_CASHBACK_PENDING');
        const hold = change('CUSTOMER_CASHBACK_ON_HOLD');
        return {
          cursor: cursorOf(item.journalId),
          node: {
            id: item.journalId,
            // the store's kind column is text; only kinds validateJournal accepted (JOURNAL_KINDS) are posted
            kind: item.kind as JournalKind,
            description: item.description,
            postedAt: item.postedAt,
            businessDate: item.businessDate,
            points: Number(points),
            cashBack: cash ? moneyValue(cash.net, cash.unit) : null,
            cashBackOnHold: hold ? moneyValue(hold.net, hold.unit) : null,
          },
        };
      });
      return { edges, pageInfo: { hasNextPage: page.hasMore, endCursor: edges.at(-1)?.cursor ?? null } };
    },
    earningRules: async (l, _args, ctx) => {
      const r = ctx.rules;
      const rules: EarningRule[] = [
        {
          id: 'cashback-default',
          kind: 'CASH_BACK',
          description: `${percent(r.cashBack.defaultBasisPoints)}% cash back on card purchases`,
          rate: percent(r.cashBack.defaultBasisPoints),
        },
        ...r.cashBack.byMcc.map((m, i): EarningRule => ({
          id: `cashback-mcc-${i + 1}`,
          kind: 'CASH_BACK',
          description: `${percent(m.basisPoints)}% cash back: ${m.label}`,
          rate: percent(m.basisPoints),
          mcc: m.mcc,
        })),
        {
          id: 'points-per-unit',
          kind: 'POINTS',
          description: `${r.points.perWholeCurrencyUnit} point per whole ${ctx.currency} spent by card, times your tier multiplier`,
          rate: String(r.points.perWholeCurrencyUnit),
        },
        {
          id: 'points-partner',
          kind: 'POINTS',
          description: `Points x${multiplierText(r.points.partnerMultiplier)} at partner merchants`,
          rate: multiplierText(r.points.partnerMultiplier),
        },
        ...ENGAGEMENT_KINDS.map((k): EarningRule => ({
          id: `engagement-${k.toLowerCase().replace(/_/g, '-')}`,
          kind: 'ENGAGEMENT',
          description: `${r.engagement[k]} points once for ${k === 'E_STATEMENTS' ? 'choosing e-statements' : 'completing your profile'}`,
          rate: String(r.engagement[k]),
        })),
        // awarded from engagement's FeedbackGiven (adapters/event-consumer.ts), the same whatever the answer
        ...(r.feedback.pointsPerAnswer > 0
          ? [
              {
                id: 'feedback-answered',
                kind: 'ENGAGEMENT' as const,
                description: `${r.feedback.pointsPerAnswer} points for each feedback request you answer`,
                rate: String(r.feedback.pointsPerAnswer),
              },
            ]
          : []),
        { id: 'points-expiry', kind: 'EXPIRY', description: `Points expire ${r.points.expiryMonths} months after they were earned, oldest first` },
      ];
      for (const b of await activeBoosts(ctx.db, l.customerId, ctx.now)) {
        rules.push({
          id: `boost-${b.activationId}`,
          kind: 'BOOST',
          description: `${percent(b.rateBasisPoints)}% cash back at partner ${b.partnerId}`,
          rate: percent(b.rateBasisPoints),
          validUntil: b.validUntil.toISOString(),
        });
      }
      return rules;
    },
  },
  LoyaltyTier: {
    multiplier: (s) => multiplierText(s.multiplierBp),
  },
  CashBack: {
    pendingToday: async (l, _args, ctx) => {
      const today = (await balances(l, ctx)).cashBackPendingOn;
      // a reversal today of an earlier day's purchase lowers what is pending, not below nothing
      return moneyValue(today > 0n ? today : 0n, ctx.currency);
    },
    lifetime: async (l, _args, ctx) => moneyValue((await balances(l, ctx)).cashBackLifetime, ctx.currency),
    paidThisMonth: async (l, _args, ctx) => moneyValue((await balances(l, ctx)).cashBackPaid, ctx.currency),
    onHold: async (l, _args, ctx) => moneyValue((await balances(l, ctx)).cashBackOnHold, ctx.currency),
  },
  Mutation: {
    redeemPoints: async (_root, { input }, ctx) => {
      const customerId = actingCustomer(ctx);
      try {
        return redemptionValue(await ctx.redemptions.redeem({ customerId, ...input }));
      } catch (err) {
        if (err instanceof RedemptionError) throw appError(err.code, err.message);
        throw err;
      }
    },
  },
} satisfies Resolvers<LoyaltyContext>;

// GraphQLResolverMap types __resolveReference like a field resolver (parent, args: any, context, info); ours
// take (reference, context), as Apollo calls them, which still fits: the map needs no conversion.
export const resolvers: GraphQLResolverMap<LoyaltyContext> = typedResolvers;
