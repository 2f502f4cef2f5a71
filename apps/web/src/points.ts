// Loyalty points in the app: whole numbers, typed by the customer in Latin or Persian digits. A
// cash redemption is worth 100 points = 1.00 in the programme's currency, so one point is a
// hundredth of the major unit: computed on bigint minor units, never through a float.
import { exponentOf, fromMinor } from './money';

/** The most points one redemption may name (the loyalty subgraph's limit). */
export const MAX_REDEEM_POINTS = 10_000_000;

/** "1,500", "۱۵۰۰" -> 1500; null unless it is a whole number from 1 to MAX_REDEEM_POINTS. */
export function parsePointsInput(text: string): number | null {
  const latin = text.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
  const plain = latin.replace(/[,\s٬]/g, '');
  if (!/^\d{1,8}$/.test(plain)) return null;
  const points = Number(plain);
  return points >= 1 && points <= MAX_REDEEM_POINTS ? points : null;
}

/** 150 points in EUR -> "1.50"; null when the points do not make a whole minor unit (a currency with fewer decimals). */
export function cashForPoints(points: number, currency: string): string | null {
  const scaled = BigInt(points) * 10n ** BigInt(exponentOf(currency));
  return scaled % 100n === 0n ? fromMinor(scaled / 100n, currency) : null;
}
