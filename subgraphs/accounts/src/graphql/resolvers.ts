import { appError } from '../../../../lib/errors';
import { canReadCustomer } from '../../../../lib/access';
import { formatFixed, parseDecimal, toGraphQL } from '../../../../lib/money';
import type { AccountsContext } from './context';
import { type AccountModel, type CardModel, mapAccount, mapBalance, mapCard } from './mapping';
import { spendingOf } from './spending';
import { transactionConnection } from './transactions';
import { transfer, type TransferDeps } from './transfer';
import { setCardStatus } from './card-status';
import { owedOnLoan, savingsProgress } from '../domain/account-figures';
import type { RateTable } from '../domain/fx';
import { maskEmail, maskPhone } from '../domain/masking';
import type { Resolvers } from './resolvers-types.generated';
import { accountActivity } from './account-activity';
import { recentActivity } from './recent-activity';

interface CustomerRef {
  id: string;
}

function customerIfAllowed(ctx: AccountsContext, id: string): CustomerRef | null {
  // another customer's id answers as if it did not exist
  return canReadCustomer(ctx.caller, id) ? { id } : null;
}

async function accountsOf(ctx: AccountsContext, customerId: string): Promise<AccountModel[]> {
  return (await ctx.reads.accounts(customerId)).map(mapAccount);
}

/** One of the caller's own accounts, or null: account ids never open another customer's data. */
async function ownAccount(ctx: AccountsContext, accountId: string): Promise<AccountModel | null> {
  const customerId = ctx.caller.customerId;
  if (!customerId) return null;
  const accounts = await accountsOf(ctx, customerId);
  return accounts.find((a) => a.id === accountId) ?? null;
}

/** One of the caller's own cards, or null, exactly as for an id that does not exist. */
async function ownCard(ctx: AccountsContext, cardId: string): Promise<CardModel | null> {
  const customerId = ctx.caller.customerId;
  if (!customerId) return null;
  const cards = (await ctx.reads.cards(customerId)).map(mapCard);
  return cards.find((c) => c.id === cardId) ?? null;
}

async function openAccounts(ctx: AccountsContext, customerId: string): Promise<AccountModel[]> {
  return (await accountsOf(ctx, customerId)).filter((a) => a.status !== 'CLOSED');
}

export interface ResolverDeps extends TransferDeps {
  /** the FX reference table spending converts with */
  rates: RateTable;
  /** serve Customer.recentActivity (ACCOUNTS_RECENT_ACTIVITY); off, it is null and offers reads for itself */
  recentActivity?: boolean;
}

export function createResolvers(deps: ResolverDeps) {
  return {
    Query: {
      me: (_root, _args, ctx) => {
        if (!ctx.caller.customerId) throw appError('FORBIDDEN', 'This operation needs a customer token.');
        return { id: ctx.caller.customerId };
      },
      customer: (_root, args, ctx) => customerIfAllowed(ctx, args.id),
      account: (_root, args, ctx) => ownAccount(ctx, args.id),
      card: (_root, args, ctx) => ownCard(ctx, args.id),
    },
    Mutation: {
      transfer: (_root, args, ctx) => transfer(ctx, args.input, deps),
      freezeCard: (_root, args, ctx) => setCardStatus(ctx, args.cardId, 'FROZEN'),
      unfreezeCard: (_root, args, ctx) => setCardStatus(ctx, args.cardId, 'ACTIVE'),
    },
    Subscription: {
      accountActivity,
    },
    Customer: {
      __resolveReference: (ref, ctx) => customerIfAllowed(ctx, ref.id),
      displayName: async (c, _a, ctx) => (await ctx.reads.customer(c.id)).shortName,
      segment: async (c, _a, ctx) => (await ctx.reads.customer(c.id)).segment,
      customerSince: async (c, _a, ctx) => (await ctx.reads.customer(c.id)).customerSince,
      contact: async (c, _a, ctx) => {
        const p = await ctx.reads.customer(c.id);
        return { email: maskEmail(p.email), phone: maskPhone(p.phone) };
      },
      accounts: (c, _a, ctx) => accountsOf(ctx, c.id),
      productsHeld: async (c, _a, ctx) => {
        const types = new Set((await openAccounts(ctx, c.id)).map((a) => a.type));
        return [...types].sort();
      },
      products: async (c, _a, ctx) => {
        const counts = new Map<AccountModel['type'], number>();
        for (const a of await openAccounts(ctx, c.id)) counts.set(a.type, (counts.get(a.type) ?? 0) + 1);
        return [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([type, count]) => ({ type, count }));
      },
      productCount: async (c, _a, ctx) => (await openAccounts(ctx, c.id)).length,
      cards: async (c, _a, ctx) => (await ctx.reads.cards(c.id)).map(mapCard),
      spending: (c, args, ctx) => spendingOf(ctx, c.id, args, deps.rates),
      recentActivity: (c, _a, ctx) => (deps.recentActivity === false ? null : recentActivity(ctx, c.id)),
    },
    Account: {
      __resolveReference: (ref, ctx) => ownAccount(ctx, ref.id),
      balance: async (a, _args, ctx) => mapBalance(await ctx.reads.balance(a.id)),
      loan: (a) => {
        if (a.type !== 'LOAN' || !a.loanPrincipal) return null;
        return { principal: toGraphQL(a.loanPrincipal), account: a, nextInstalment: a.nextInstalment };
      },
      savingsGoal: async (a, _args, ctx) => {
        const target = a.savingsGoalAmount;
        if (!target || target.minor <= 0n) return null;
        const balance = await ctx.reads.balance(a.id);
        const saved = parseDecimal(balance.ledger, balance.currency);
        return { target: toGraphQL(target), saved: toGraphQL(saved), progressPercent: formatFixed(savingsProgress(saved.minor, target.minor), 2) };
      },
      transactions: (a, args, ctx) => transactionConnection(a, args, ctx),
    },
    LoanDetails: {
      outstanding: async (l, _args, ctx) => {
        const b = await ctx.reads.balance(l.account.id);
        const ledger = parseDecimal(b.ledger, b.currency);
        return toGraphQL({ minor: owedOnLoan(ledger.minor), currency: ledger.currency });
      },
    },
    Card: {
      __resolveReference: (ref, ctx) => ownCard(ctx, ref.id),
      account: async (card, _a, ctx) => (await accountsOf(ctx, card.customerId)).find((a) => a.id === card.accountId) ?? null,
    },
  } satisfies Resolvers<AccountsContext>;
}
