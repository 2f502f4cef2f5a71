// Account.transactions: a Relay connection over the core's newest-first keyset paging, filtered
// by the core (domain/transaction-filter.ts), with cursors that survive new transactions.
import { appError } from '../../../../lib/errors';
import type { AccountsContext } from './context';
import { type CursorPosition, decodeCursor, edgePosition, encodeCursor } from './cursor';
import { type AccountModel, mapTransaction } from './mapping';
import { coreFilter, filterKey, type TransactionFilterInput } from '../domain/transaction-filter';

const MAX_PAGE = 100;
const DEFAULT_PAGE = 20;

export async function transactionConnection(
  a: AccountModel,
  args: { first?: number | null; after?: string | null; filter?: TransactionFilterInput | null },
  ctx: AccountsContext,
) {
  const first = args.first ?? DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
    throw appError('BAD_USER_INPUT', `first must be between 1 and ${MAX_PAGE}.`, { argumentName: 'first', maxPageSize: MAX_PAGE });
  }
  const filter = coreFilter(args.filter, a.currency);
  const fkey = filterKey(filter);
  const start: CursorPosition = args.after ? decodeCursor(args.after, a.id, fkey) : { skip: 0 };
  const page = await ctx.reads.transactions({ accountId: a.id, pageSize: start.skip + first, afterKey: start.afterKey, ...filter });
  const rows = page.transactions.slice(start.skip);
  const edges = rows.map((t, i) => ({
    cursor: encodeCursor(a.id, edgePosition(start, i, i === rows.length - 1, page.nextKey, t.key), fkey),
    node: mapTransaction(t),
  }));
  return {
    edges,
    pageInfo: { hasNextPage: page.hasMore, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
