// Transaction cursors: opaque to clients, bound to one account. A cursor names a position in the
// core's newest-first order that does not move when new transactions arrive (they arrive at the
// top): either the core's own paging key after a page (`k`), or a page start key plus an offset
// into that page (`s`, `o`) for edges in the middle of a page.
import { appError } from '../../../lib/errors';

export interface CursorPosition {
  /** core paging key to start after (undefined: from the newest) */
  afterKey?: string;
  /** rows to drop after afterKey before the page starts */
  skip: number;
}

interface CursorPayload {
  a: string;
  k?: string;
  o?: number;
}

/** Largest skip a cursor may carry: a page is at most 100 edges. */
const MAX_SKIP = 100;

export function encodeCursor(accountId: string, position: CursorPosition): string {
  const payload: CursorPayload = { a: accountId };
  if (position.afterKey !== undefined) payload.k = position.afterKey;
  if (position.skip > 0) payload.o = position.skip;
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, accountId: string): CursorPosition {
  let payload: CursorPayload;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorPayload;
  } catch {
    throw appError('BAD_USER_INPUT', 'Invalid cursor.', { argumentName: 'after' });
  }
  const skip = payload.o ?? 0;
  const validKey = payload.k === undefined || typeof payload.k === 'string';
  if (payload?.a !== accountId || !validKey || !Number.isInteger(skip) || skip < 0 || skip > MAX_SKIP) {
    throw appError('BAD_USER_INPUT', 'Invalid cursor for this account.', { argumentName: 'after' });
  }
  return { afterKey: payload.k, skip };
}

/**
 * Cursor of the edge at `index` in a page that began at `start` (after skipping start.skip rows).
 * The last edge of a page the core ended with a key gets that key, so the next page starts clean.
 */
export function edgePosition(start: CursorPosition, index: number, isLast: boolean, nextKey: string | undefined): CursorPosition {
  if (isLast && nextKey !== undefined) return { afterKey: nextKey, skip: 0 };
  return { afterKey: start.afterKey, skip: start.skip + index + 1 };
}
