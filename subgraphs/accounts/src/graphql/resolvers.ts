import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { appError } from '../../../../lib/errors';
import { canReadCustomer } from '../../../../lib/access';
import { formatFixed, parseDecimal, toGraphQL } from '../../../../lib/money';
import type { AccountsContext } from './context';
import { type AccountModel, type CardModel, mapAccount, mapBalance, mapCard } from './mapping';
import { spendingOf } from './spending';
import { transactionConnection } from './transactions';
import { transfer, type TransferDeps } from './transfer';
import { owedOnLoan, savingsProgress } from '../domain/account-figures';
import type { RateTable } from '../domain/fx';
import { maskEmail, maskPhone } from '../domain/masking';
import type { TransactionFilterInput } from '../domain/transaction-filter';
import type { TransferInput } from '../domain/transfer';

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
}

export function createResolvers(deps: ResolverDeps): GraphQLResolverMap<AccountsContext> {
  return {
    Query: {
      me: (_root: unknown, _args: unknown, ctx: AccountsContext) => {
        if (!ctx.caller.customerId) throw appError('FORBIDDEN', 'This operation needs a customer token.');
        return { id: ctx.caller.customerId };
      },
      customer: (_root: unknown, args: { id: string }, ctx: AccountsContext) => customerIfAllowed(ctx, args.id),
      account: (_root: unknown, args: { id: string }, ctx: AccountsContext) => ownAccount(ctx, args.id),
      card: (_root: unknown, args: { id: string }, ctx: AccountsContext) => ownCard(ctx, args.id),
    },
    Mutation: {
      transfer: (_root: unknown, args: { input: TransferInput }, ctx: AccountsContext) => transfer(ctx, args.input, deps),
    },
    Customer: {
      __resolveReference: (ref: CustomerRef, ctx: AccountsContext) => customerIfAllowed(ctx, ref.id),
      displayName: async (c: CustomerRef, _a: unknown, ctx: AccountsContext) => (await ctx.reads.customer(c.id)).shortName,
      segment: async (c: CustomerRef, _a: unknown, ctx: AccountsContext) => (await ctx.reads.customer(c.id)).segment,
      customerSince: async (c: CustomerRef, _a: unknown, ctx: AccountsContext) => (await ctx.reads.customer(c.id)).customerSince,
      contact: async (c: CustomerRef, _a: unknown, ctx: AccountsContext) => {
        const p = await ctx.reads.customer(c.id);
        return { email: maskEmail(p.email), phone: maskPhone(p.phone) };
      },
      accounts: (c: CustomerRef, _a: unknown, ctx: AccountsContext) => accountsOf(ctx, c.id),
      productsHeld: async (c: CustomerRef, _a: unknown, ctx: AccountsContext) => {
        const types = new Set((await openAccounts(ctx, c.id)).map((a) => a.type));
        return [...types].sort();
      },
      products: async (c: CustomerRef, _a: unknown, ctx: AccountsContext) => {
        const counts = new Map<string, number>();
        for (const a of await openAccounts(ctx, c.id)) counts.set(a.type, (counts.get(a.type) ?? 0) + 1);
        return [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([type, count]) => ({ type, count }));
      },
      productCount: async (c: CustomerRef, _a: unknown, ctx: AccountsContext) => (await openAccounts(ctx, c.id)).length,
      cards: async (c: CustomerRef, _a: unknown, ctx: AccountsContext) => (await ctx.reads.cards(c.id)).map(mapCard),
      spending: (c: CustomerRef, args: { period?: { month?: string; from?: string; to?: string } | null; currency?: string | null }, ctx: AccountsContext) =>
        spendingOf(ctx, c.id, args, deps.rates),
    },
    Account: {
      __resolveReference: (ref: { id: string }, ctx: AccountsContext) => ownAccount(ctx, ref.id),
      balance: async (a: AccountModel, _args: unknown, ctx: AccountsContext) => mapBalance(await ctx.reads.balance(a.id)),
      loan: (a: AccountModel) => {
        if (a.type !== 'LOAN' || !a.loanPrincipal) return null;
        return { principal: toGraphQL(a.loanPrincipal), account: a, nextInstalment: a.nextInstalment };
      },
      savingsGoal: async (a: AccountModel, _args: unknown, ctx: AccountsContext) => {
        const target = a.savingsGoalAmount;
        if (!target || target.minor <= 0n) return null;
        const balance = await ctx.reads.balance(a.id);
        const saved = parseDecimal(balance.ledger, balance.currency);
        return { target: toGraphQL(target), saved: toGraphQL(saved), progressPercent: formatFixed(savingsProgress(saved.minor, target.minor), 2) };
      },
      transactions: (a: AccountModel, args: { first?: number | null; after?: string | null; filter?: TransactionFilterInput | null }, ctx: AccountsContext) =>
        transactionConnection(a, args, ctx),
    },
    LoanDetails: {
      outstanding: async (l: { account: AccountModel }, _args: unknown, ctx: AccountsContext) => {
        const b = await ctx.reads.balance(l.account.id);
        const ledger = parseDecimal(b.ledger, b.currency);
        return toGraphQL({ minor: owedOnLoan(ledger.minor), currency: ledger.currency });
      },
    },
    Card: {
      __resolveReference: (ref: { id: string }, ctx: AccountsContext) => ownCard(ctx, ref.id),
      account: async (card: CardModel, _a: unknown, ctx: AccountsContext) =>
        (await accountsOf(ctx, card.customerId)).find((a) => a.id === card.accountId) ?? null,
    },
  };
}
