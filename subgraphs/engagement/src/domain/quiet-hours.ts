// Quiet hours are wall-clock times in the customer's own IANA time zone ("22:00" to "07:00" in
// Asia/Tehran), so they follow the customer through daylight-saving changes. All arithmetic goes
// through Intl: no offsets are stored.
import { intlFormatter } from './intl-formatters';

export interface QuietHours {
  /** "HH:MM", local time, inclusive */
  start: string;
  /** "HH:MM", local time, exclusive; before `start` means the window crosses midnight */
  end: string;
}

const HH_MM = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;
const MINUTES_PER_DAY = 24 * 60;

/** Minutes since midnight of "HH:MM", or undefined when it is not a time of day. */
export function minutesOf(hhmm: string): number | undefined {
  const m = HH_MM.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** The canonical name of an IANA time zone (or UTC), or undefined when Intl does not know it. */
export function canonicalTimeZone(zone: string): string | undefined {
  if (zone.length === 0 || zone.length > 64) return undefined;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The local time of day at `at` in `zone`, in seconds since local midnight. */
function localSecondOfDay(at: Date, zone: string): number {
  const f = intlFormatter(
    `time-of-day:${zone}`,
    () => new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }),
  );
  const part = (type: string) => Number(f.formatToParts(at).find((p) => p.type === type)?.value ?? 0);
  return part('hour') * 3600 + part('minute') * 60 + part('second');
}

function insideWindow(minute: number, start: number, end: number): boolean {
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/**
 * When a message that may not go out at `now` may go: the end of the quiet hours the customer is
 * in, or undefined when they are not in quiet hours (or have none).
 */
export function quietUntil(now: Date, quiet: QuietHours | undefined, zone: string): Date | undefined {
  if (!quiet) return undefined;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === undefined || end === undefined || start === end) return undefined;
  const second = localSecondOfDay(now, zone);
  if (!insideWindow(Math.floor(second / 60), start, end)) return undefined;
  const ahead = (((end * 60 - second) % (MINUTES_PER_DAY * 60)) + MINUTES_PER_DAY * 60) % (MINUTES_PER_DAY * 60);
  const naive = new Date(Math.floor(now.getTime() / 1000) * 1000 + ahead * 1000);
  // a daylight-saving change inside the window moves the local end by the change: correct once
  let drift = end * 60 - localSecondOfDay(naive, zone);
  if (drift > 12 * 3600) drift -= 24 * 3600;
  if (drift < -12 * 3600) drift += 24 * 3600;
  const corrected = new Date(naive.getTime() + drift * 1000);
  return corrected.getTime() > now.getTime() ? corrected : naive;
}
