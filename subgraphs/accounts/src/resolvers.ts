import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { appError } from '../../../lib/errors';
import { canReadCustomer } from '../../../lib/access';
import type { AccountsContext } from './context';
import { fromCore } from '../../../legacy-adapters/soap/src';
import { AccountModel, CardModel, mapAccount, mapBalance, mapCard, mapTransaction } from './mapping';
import { decodeCursor, edgePosition, encodeCursor, CursorPosition } from './cursor';

interface CustomerRef {
  id: string;
}

const MAX_PAGE = 100;

function customerIfAllowed(ctx: AccountsContext, id: string): CustomerRef | null {
  // another customer's id answers as if it did not exist
  return canReadCustomer(ctx.caller, id) ? { id } : null;
}

async function accountsOf(ctx: AccountsContext, customerId: string): Promise<AccountModel[]> {
  const accounts = await fromCore(ctx.core.accountsOfCustomer.load(customerId));
  return accounts.map(mapAccount);
}

/** One of the caller's own accounts, or null: account ids never open another customer's data. */
async function ownAccount(ctx: AccountsContext, accountId: string): Promise<AccountModel | null> {
  const customerId = ctx.caller.customerId;
  if (!customerId) return null;
  const accounts = await accountsOf(ctx, customerId);
  return accounts.find((a) => a.id === accountId) ?? null;
}

export const resolvers: GraphQLResolverMap<AccountsContext> = {
  Query: {
    me: (_root: unknown, _args: unknown, ctx: AccountsContext) => {
      if (!ctx.caller.customerId) throw appError('FORBIDDEN', 'This operation needs a customer token.');
      return { id: ctx.caller.customerId };
    },
    customer: (_root: unknown, args: { id: string }, ctx: AccountsContext) => customerIfAllowed(ctx, args.id),
    account: (_root: unknown, args: { id: string }, ctx: AccountsContext) => ownAccount(ctx, args.id),
  },
  Customer: {
    __resolveReference: (ref: CustomerRef, ctx: AccountsContext) => customerIfAllowed(ctx, ref.id),
    displayName: async (c: CustomerRef, _a: unknown, ctx: AccountsContext) => (await fromCore(ctx.core.customer.load(c.id))).shortName,
    segment: async (c: CustomerRef, _a: unknown, ctx: AccountsContext) => (await fromCore(ctx.core.customer.load(c.id))).segment,
    customerSince: async (c: CustomerRef, _a: unknown, ctx: AccountsContext) =>
      (await fromCore(ctx.core.customer.load(c.id))).customerSince,
    accounts: (c: CustomerRef, _a: unknown, ctx: AccountsContext) => accountsOf(ctx, c.id),
    productsHeld: async (c: CustomerRef, _a: unknown, ctx: AccountsContext) => {
      const types = new Set((await accountsOf(ctx, c.id)).filter((a) => a.status !== 'CLOSED').map((a) => a.type));
      return [...types].sort();
    },
    cards: async (c: CustomerRef, _a: unknown, ctx: AccountsContext) => (await fromCore(ctx.core.cardsOfCustomer.load(c.id))).map(mapCard),
  },
  Account: {
    __resolveReference: (ref: { id: string }, ctx: AccountsContext) => ownAccount(ctx, ref.id),
    balance: async (a: AccountModel, _args: unknown, ctx: AccountsContext) => mapBalance(await fromCore(ctx.core.balance.load(a.id))),
    transactions: async (a: AccountModel, args: { first?: number | null; after?: string | null }, ctx: AccountsContext) => {
      const first = args.first ?? 20;
      if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
        throw appError('BAD_USER_INPUT', `first must be between 1 and ${MAX_PAGE}.`, { argumentName: 'first' });
      }
      const start: CursorPosition = args.after ? decodeCursor(args.after, a.id) : { skip: 0 };
      const page = await fromCore(ctx.core.transactions.load({ accountId: a.id, pageSize: start.skip + first, afterKey: start.afterKey }));
      const rows = page.transactions.slice(start.skip);
      const edges = rows.map((t, i) => ({
        cursor: encodeCursor(a.id, edgePosition(start, i, i === rows.length - 1, page.nextKey)),
        node: mapTransaction(t),
      }));
      return {
        edges,
        pageInfo: { hasNextPage: page.hasMore, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
      };
    },
  },
  Card: {
    __resolveReference: async (ref: { id: string }, ctx: AccountsContext) => {
      const customerId = ctx.caller.customerId;
      if (!customerId) return null;
      const cards = (await fromCore(ctx.core.cardsOfCustomer.load(customerId))).map(mapCard);
      return cards.find((c) => c.id === ref.id) ?? null;
    },
    account: async (card: CardModel, _a: unknown, ctx: AccountsContext) =>
      (await accountsOf(ctx, card.customerId)).find((a) => a.id === card.accountId) ?? null,
  },
};
