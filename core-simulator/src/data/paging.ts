// Keyset paging over a history that is ordered newest first by (bookedAt desc, txnId desc).
// A page starts strictly after the caller's key, so transactions added at the top between two
// page requests shift nothing: no item is skipped or repeated.
import { nth } from './nth';
import type { Txn } from './types';

export interface PageKey {
  ms: number;
  txnId: string;
}

const KEY_TEXT = /^v1:(\d{1,15}):([A-Za-z0-9-]{1,64})$/;

/** Opaque to callers (base64url); only this module reads it. */
export function encodeKey(t: Pick<Txn, 'bookedAtMs' | 'txnId'>): string {
  return Buffer.from(`v1:${t.bookedAtMs}:${t.txnId}`, 'utf8').toString('base64url');
}

export function decodeKey(key: string): PageKey | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(key)) return undefined;
  const [, ms, txnId] = KEY_TEXT.exec(Buffer.from(key, 'base64url').toString('utf8')) ?? [];
  return ms !== undefined && txnId !== undefined ? { ms: Number(ms), txnId } : undefined;
}

/** True when `t` comes after `k` in newest-first order (it is older). */
export function isAfter(t: Pick<Txn, 'bookedAtMs' | 'txnId'>, k: PageKey): boolean {
  return t.bookedAtMs < k.ms || (t.bookedAtMs === k.ms && t.txnId < k.txnId);
}

/** Newest-first comparator. */
function newestFirst(a: Txn, b: Txn): number {
  if (a.bookedAtMs !== b.bookedAtMs) return b.bookedAtMs - a.bookedAtMs;
  return a.txnId < b.txnId ? 1 : a.txnId > b.txnId ? -1 : 0;
}

/** First index in a newest-first list whose item comes after `k`. */
function firstAfter(list: readonly Txn[], k: PageKey): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (isAfter(nth(list, mid, 'transaction'), k)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export interface PageRequest {
  pageSize: number;
  after?: PageKey;
  /** bookedAt >= fromMs */
  fromMs?: number;
  /** bookedAt < toMs */
  toMs?: number;
  /** only items it accepts are returned (and counted against pageSize) */
  match?: (t: Txn) => boolean;
}

export interface Page {
  items: Txn[];
  hasMore: boolean;
  nextKey?: string;
}

/**
 * Where a page starts: after the caller's key and below the upper date bound, whichever is
 * further down the list (every item with bookedAt < toMs comes after the key (toMs, '')).
 */
export function startOf(req: Pick<PageRequest, 'after' | 'toMs'>): PageKey | undefined {
  if (req.toMs === undefined) return req.after;
  const bound: PageKey = { ms: req.toMs, txnId: '' };
  if (req.after && isAfter({ bookedAtMs: req.after.ms, txnId: req.after.txnId }, bound)) return req.after;
  return bound;
}

/** The items of a newest-first list that come after `start`. */
export function* listFrom(list: readonly Txn[], start: PageKey | undefined): Generator<Txn> {
  for (let i = start ? firstAfter(list, start) : 0; i < list.length; i++) yield nth(list, i, 'transaction');
}

/**
 * One page merged from several newest-first sources that already start after the page's start
 * (see startOf): the transfers made while running and the seeded history.
 */
export function pageOf(sources: Iterator<Txn>[], req: PageRequest): Page {
  const heads = sources.map((s) => s.next());
  const items: Txn[] = [];
  let hasMore = false;
  for (;;) {
    // the newest head; on a tie, the earlier source's
    let best = -1;
    let t: Txn | undefined;
    for (const [i, h] of heads.entries()) {
      if (!h.done && (t === undefined || newestFirst(h.value, t) < 0)) {
        best = i;
        t = h.value;
      }
    }
    const source = sources[best];
    if (t === undefined || source === undefined) break;
    if (req.fromMs !== undefined && t.bookedAtMs < req.fromMs) break;
    heads[best] = source.next();
    if (req.match && !req.match(t)) continue;
    if (items.length === req.pageSize) {
      hasMore = true;
      break;
    }
    items.push(t);
  }
  const last = items.at(-1);
  return { items, hasMore, nextKey: last ? encodeKey(last) : undefined };
}
