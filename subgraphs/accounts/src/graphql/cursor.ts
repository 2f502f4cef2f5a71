// Transaction cursors: opaque to clients, bound to one account. A cursor names a position in the
// core's newest-first order that does not move when new transactions arrive (they arrive at the
// top): either the core's own paging key after a page (`k`), or a page start key plus an offset
// into that page (`s`, `o`) for edges in the middle of a page.
import { appError } from '../../../../lib/errors';

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
  /** fingerprint of the filter the page was asked with: a cursor only continues that listing */
  f?: string;
}

/** Largest skip a cursor may carry: a page is at most 100 edges. */
const MAX_SKIP = 100;
/**
 * What the core's AfterKey holds: its keys are opaque but short printable tokens (the simulator's
 * are base64url of about 100 characters). A cursor is client input: anything longer, or with
 * characters no key has, is refused here instead of being handed to the core.
 */
const CORE_KEY = /^[A-Za-z0-9_.:+/=-]{1,256}$/;
/** No cursor we issue is longer (account id, core key, offset, filter fingerprint, base64url); checked before decoding. */
const MAX_CURSOR_LENGTH = 1024;

export function encodeCursor(accountId: string, position: CursorPosition, filterKey?: string): string {
  const payload: CursorPayload = { a: accountId };
  if (position.afterKey !== undefined) payload.k = position.afterKey;
  if (position.skip > 0) payload.o = position.skip;
  if (filterKey) payload.f = filterKey;
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

// one message for every bad cursor: a cursor of another customer's account must not read
// differently from garbage
const invalid = () => appError('BAD_USER_INPUT', 'Invalid cursor for this listing.', { argumentName: 'after' });

export function decodeCursor(cursor: string, accountId: string, filterKey?: string): CursorPosition {
  if (cursor.length > MAX_CURSOR_LENGTH) throw invalid();
  let payload: CursorPayload;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorPayload;
  } catch {
    throw invalid();
  }
  if (!payload || typeof payload !== 'object') throw invalid();
  const skip = payload.o ?? 0;
  const validKey = payload.k === undefined || (typeof payload.k === 'string' && CORE_KEY.test(payload.k));
  const sameFilter = (payload.f ?? '') === (filterKey ?? '');
  if (payload.a !== accountId || !validKey || !sameFilter || !Number.isInteger(skip) || skip < 0 || skip > MAX_SKIP) throw invalid();
  return { afterKey: payload.k, skip };
}

/**
 * Cursor of the edge at `index` in a page that began at `start` (after skipping start.skip rows).
 * An edge whose transaction carries its own core key (core v1.1) gets that key: a position that
 * never moves. Otherwise the last edge of a page the core ended with a key gets that key, and the
 * others an offset from the page start (stable only below a keyed start: a v1.0 core's first page
 * shifts when new transactions arrive).
 */
export function edgePosition(start: CursorPosition, index: number, isLast: boolean, nextKey: string | undefined, ownKey?: string): CursorPosition {
  if (ownKey !== undefined) return { afterKey: ownKey, skip: 0 };
  if (isLast && nextKey !== undefined) return { afterKey: nextKey, skip: 0 };
  return { afterKey: start.afterKey, skip: start.skip + index + 1 };
}
