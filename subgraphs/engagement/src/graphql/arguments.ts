// The engagement fields' arguments, checked before the store is asked; each refusal names the
// argument and changes nothing.
import { appError } from '../../../../lib/errors';
import type { Caller } from '../../../../lib/internal-auth';
import type { InboxKey } from '../db/message-store';
import { canonicalTimeZone, minutesOf, type QuietHours } from '../domain/quiet-hours';
import { CURRENCY_EXPONENT, MoneyError, parseDecimal, type Money } from '../../../../lib/money';

export const DEFAULT_FIRST = 20;
export const MAX_FIRST = 50;

/** Channels a customer changes their own settings through; kiosks, staff and partner apps do not. */
const CUSTOMER_CHANNELS = new Set(['web', 'mobile']);

export function checkFirst(first: number | null | undefined): number {
  const n = first ?? DEFAULT_FIRST;
  if (!Number.isInteger(n) || n < 1 || n > MAX_FIRST) throw appError('BAD_USER_INPUT', `first must be between 1 and ${MAX_FIRST}.`, { argumentName: 'first' });
  return n;
}

/** The signed-in customer's id, for mutations only they may make. */
export function customerOf(caller: Caller): string {
  if (!caller.customerId || !CUSTOMER_CHANNELS.has(caller.channel)) throw appError('FORBIDDEN', 'Only the customer can change their notifications.');
  return caller.customerId;
}

/** A list's cursor: its key as text, base64url (opaque to clients, bounded by lib/input-bounds.ts). */
export const opaqueCursor = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

/** What `after` holds when it is one of the list's cursors (`pattern` over the text), undefined when none was given; else BAD_USER_INPUT. */
export function cursorMatch(after: string | null | undefined, pattern: RegExp): RegExpExecArray | undefined {
  if (after === null || after === undefined) return undefined;
  const m = pattern.exec(Buffer.from(after, 'base64url').toString('utf8'));
  if (!m) throw appError('BAD_USER_INPUT', 'after is not a cursor from this list.', { argumentName: 'after' });
  return m;
}

// the inbox: `n1:<visible at, ms>:<seq>`
const CURSOR = /^n1:(\d{1,15}):(\d{1,19})$/;

export function encodeCursor(key: InboxKey): string {
  return opaqueCursor(`n1:${key.visibleAtMs}:${key.seq}`);
}

export function decodeCursor(after: string | null | undefined): InboxKey | undefined {
  const m = cursorMatch(after, CURSOR);
  return m && { visibleAtMs: Number(m[1]), seq: BigInt(m[2] ?? '0') };
}

export function checkReadSelection(ids: readonly string[] | null | undefined, upTo: string | null | undefined): { ids: readonly string[] } | { upTo: string } {
  const hasIds = ids !== null && ids !== undefined;
  const hasUpTo = upTo !== null && upTo !== undefined;
  if (hasIds === hasUpTo) throw appError('BAD_USER_INPUT', 'Give exactly one of ids and upTo.', { argumentName: hasIds ? 'upTo' : 'ids' });
  if (hasIds) {
    if (ids.length > 100) throw appError('BAD_USER_INPUT', 'ids holds at most 100 notifications.', { argumentName: 'ids' });
    return { ids };
  }
  return { upTo: upTo as string };
}

export function checkQuietHours(
  start: string | null | undefined,
  end: string | null | undefined,
  timeZone: string,
): { quietHours: QuietHours | null; timeZone: string } {
  const zone = canonicalTimeZone(timeZone);
  if (!zone) throw appError('BAD_USER_INPUT', 'timeZone is not an IANA time zone.', { argumentName: 'timeZone' });
  if ((start === null || start === undefined) !== (end === null || end === undefined)) {
    throw appError('BAD_USER_INPUT', 'Give both start and end, or neither.', { argumentName: start ? 'end' : 'start' });
  }
  if (start === null || start === undefined || end === null || end === undefined) return { quietHours: null, timeZone: zone };
  for (const [name, value] of [
    ['start', start],
    ['end', end],
  ] as const) {
    if (minutesOf(value) === undefined) throw appError('BAD_USER_INPUT', `${name} must be a time HH:MM.`, { argumentName: name });
  }
  if (start === end) throw appError('BAD_USER_INPUT', 'start and end must differ.', { argumentName: 'end' });
  return { quietHours: { start, end }, timeZone: zone };
}

/**
 * A low-balance threshold: a known currency, at most its decimals, above zero (an alert at zero or
 * below would be an overdraft alert, which is the core's). The amount arrives as a decimal string
 * already bounded in length (lib/input-bounds.ts) and never passes through a float.
 */
export function checkThreshold(input: { amount: string; currency: string }): Money {
  if (CURRENCY_EXPONENT[input.currency] === undefined) {
    throw appError('CURRENCY_MISMATCH', 'currency is not an ISO 4217 currency code.', { argumentName: 'threshold' });
  }
  let m: Money;
  try {
    m = parseDecimal(input.amount, input.currency);
  } catch (err) {
    if (err instanceof MoneyError)
      throw appError('INVALID_AMOUNT', `threshold must be a decimal with at most the decimals of ${input.currency}.`, { argumentName: 'threshold' });
    throw err;
  }
  if (m.minor <= 0n) throw appError('INVALID_AMOUNT', 'threshold must be above zero.', { argumentName: 'threshold' });
  return m;
}

/** The threshold as the audit keeps it: minor units as text, like every stored amount. */
export const auditedThreshold = (m: Money) => ({ amountMinor: m.minor.toString(), currency: m.currency });
