// Calendar days as YYYY-MM-DD strings (UTC), and the periods spending is asked for.
import { appError } from '../../../../lib/errors';

const DAY_MS = 86_400_000;
/** Longest period spending sums over (a year, leap day included). */
export const MAX_PERIOD_DAYS = 366;

/** The day if `text` is a real calendar date YYYY-MM-DD, else undefined. */
export function parseDay(text: unknown): string | undefined {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) return undefined;
  return text;
}

export function dayNumber(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

export function dayOf(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export interface Period {
  from: string;
  to: string;
}

function monthPeriod(year: number, month: number): Period {
  const first = Date.UTC(year, month - 1, 1) / DAY_MS;
  const last = Date.UTC(year, month, 1) / DAY_MS - 1;
  return { from: dayOf(first), to: dayOf(last) };
}

export interface PeriodInput {
  month?: string | null;
  from?: string | null;
  to?: string | null;
}

/**
 * The period asked for and the one it is compared with: a month against the month before, a
 * from..to range against the same number of days just before it. Default: this month.
 */
export function resolvePeriod(input: PeriodInput | null | undefined, today: Date): { current: Period; previous: Period } {
  const bad = (message: string) => appError('BAD_USER_INPUT', message, { argumentName: 'period' });
  const hasMonth = input?.month != null;
  const hasRange = input?.from != null || input?.to != null;
  if (hasMonth && hasRange) throw bad('Give either month or from and to, not both.');
  let year: number;
  let month: number;
  if (hasRange) {
    const from = parseDay(input.from);
    const to = parseDay(input.to);
    if (!from || !to) throw bad('from and to must both be dates YYYY-MM-DD.');
    const a = dayNumber(from);
    const b = dayNumber(to);
    if (a > b) throw bad('from is after to.');
    const days = b - a + 1;
    if (days > MAX_PERIOD_DAYS) throw bad(`A period is at most ${MAX_PERIOD_DAYS} days.`);
    return { current: { from, to }, previous: { from: dayOf(a - days), to: dayOf(a - 1) } };
  }
  if (hasMonth) {
    const m = /^(\d{4})-(\d{2})$/.exec(String(input.month));
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw bad('month must be YYYY-MM.');
    year = Number(m[1]);
    month = Number(m[2]);
  } else {
    year = today.getUTCFullYear();
    month = today.getUTCMonth() + 1;
  }
  const prevYear = month === 1 ? year - 1 : year;
  const prevMonth = month === 1 ? 12 : month - 1;
  return { current: monthPeriod(year, month), previous: monthPeriod(prevYear, prevMonth) };
}
