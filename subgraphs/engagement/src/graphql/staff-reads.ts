// Customer.staffReads, "who looked at my data": the customer's staff reads, newest first, each
// with the agent's pseudonym in place of the staff id (the raw id stays in the store).
import { canReadCustomer } from '../../../../lib/access';
import type { StaffReadKey } from '../db/staff-read-store';
import { checkFirst, cursorMatch, opaqueCursor } from './arguments';
import type { EngagementContext } from './context';
import type { StaffReadConnection } from './resolvers-types.generated';

// `s1:<read at, ms>:<seq>`
const CURSOR = /^s1:(\d{1,15}):(\d{1,19})$/;

export const encodeStaffReadCursor = (key: StaffReadKey): string => opaqueCursor(`s1:${key.atMs}:${key.seq}`);

export function decodeStaffReadCursor(after: string | null | undefined): StaffReadKey | undefined {
  const m = cursorMatch(after, CURSOR);
  return m && { atMs: Number(m[1]), seq: BigInt(m[2] ?? '0') };
}

export async function staffReadsOf(
  customerId: string,
  args: { first?: number | null; after?: string | null },
  ctx: EngagementContext,
): Promise<StaffReadConnection | null> {
  if (!canReadCustomer(ctx.caller, customerId)) return null;
  const first = checkFirst(args.first);
  const after = decodeStaffReadCursor(args.after);
  // one more than asked tells whether there is a next page
  const reads = await ctx.staffReads.list(customerId, first + 1, after);
  const edges = reads.slice(0, first).map((r) => ({
    cursor: encodeStaffReadCursor(r.key),
    node: { at: r.at.toISOString(), agent: ctx.pseudonym(r.staff), operationName: r.operationName, client: r.client },
  }));
  return { edges, pageInfo: { hasNextPage: reads.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}
