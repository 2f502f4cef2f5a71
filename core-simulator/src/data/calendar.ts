// Day arithmetic in UTC. A "day" is the number of days since 1970-01-01; the history generator
// walks days, and the calendar table answers "is this a salary day?" without any Date object.

export const MS_PER_DAY = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses YYYY-MM-DD strictly (2025-02-30 is refused); returns the day number or undefined. */
export function parseIsoDay(text: string): number | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (!Number.isFinite(ms)) return undefined;
  const day = Math.floor(ms / MS_PER_DAY);
  return isoOfDay(day) === text ? day : undefined;
}

export function isoOfDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function todayUtcIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Day number of `day` shifted by whole months (day of month clamped to the target month). */
export function addMonths(day: number, months: number): number {
  const d = new Date(day * MS_PER_DAY);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const target = new Date(Date.UTC(y, m, 1));
  const dim = daysInMonth(target.getUTCFullYear(), target.getUTCMonth());
  return Math.floor(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(d.getUTCDate(), dim)) / MS_PER_DAY);
}

function daysInMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

/**
 * Facts about each day of a window [first, last], precomputed once so the per-account loops only
 * index arrays: day of month, weekday, last day of month, salary day (the last weekday on or
 * before the 25th), month key (yyyymm) and the ISO date.
 */
export class CalendarTable {
  readonly dom: Uint8Array;
  readonly dow: Uint8Array; // 0 = Sunday
  readonly lastOfMonth: Uint8Array;
  readonly salaryDay: Uint8Array;
  readonly monthKey: Int32Array;
  readonly iso: string[];
  readonly compact: string[]; // yyyymmdd

  constructor(
    readonly first: number,
    readonly last: number,
  ) {
    const n = last - first + 1;
    this.dom = new Uint8Array(n);
    this.dow = new Uint8Array(n);
    this.lastOfMonth = new Uint8Array(n);
    this.salaryDay = new Uint8Array(n);
    this.monthKey = new Int32Array(n);
    this.iso = new Array<string>(n);
    this.compact = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const date = new Date((first + i) * MS_PER_DAY);
      const y = date.getUTCFullYear();
      const mo = date.getUTCMonth();
      const dd = date.getUTCDate();
      this.dom[i] = dd;
      this.dow[i] = date.getUTCDay();
      this.lastOfMonth[i] = dd === daysInMonth(y, mo) ? 1 : 0;
      this.monthKey[i] = y * 100 + mo + 1;
      const iso = date.toISOString().slice(0, 10);
      this.iso[i] = iso;
      this.compact[i] = iso.replace(/-/g, '');
      // the 25th, moved back to Friday when it falls on a weekend
      const dow25 = new Date(Date.UTC(y, mo, 25)).getUTCDay();
      const payDom = dow25 === 6 ? 24 : dow25 === 0 ? 23 : 25;
      this.salaryDay[i] = dd === payDom ? 1 : 0;
    }
  }

  /** Index of `day` in the table (caller guarantees first <= day <= last). */
  at(day: number): number {
    return day - this.first;
  }
}
