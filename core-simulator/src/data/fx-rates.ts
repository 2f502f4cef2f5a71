// The core's dated FX reference rates (GetExchangeRates): one table per weekday from the euro's
// first fixing on, units of each currency per one EUR as decimal text. The reference table of
// 2025-01-31 is published as is; every other day's rate is that rate moved by a drift of at most
// ±2 % drawn from (seed, currency, day), so the same seed always answers the same rates. A weekend
// or holiday date gets the latest earlier table, as a core's rate table does. Integer arithmetic
// only: no rate ever passes through a float.
import { CURRENCY_EXPONENT, divideHalfEven, formatFixed, parseRate } from '../../../lib/money';
import { isoOfDay, parseIsoDay } from './calendar';
import { hash3, tagHash } from '../prng';

export const FX_BASE = 'EUR';
export const FX_REFERENCE_DATE = '2025-01-31';
/** the first day a table exists (the euro's first reference rates) */
export const FX_FIRST_DATE = '1999-01-04';

/**
 * Units of currency per 1 EUR on FX_REFERENCE_DATE (indicative, not market rates; the same figures
 * as accounts' spending reference table, subgraphs/accounts/data/fx-reference-rates.json).
 */
const REFERENCE: Readonly<Record<string, string>> = Object.freeze({
  EUR: '1',
  USD: '1.0393',
  GBP: '0.83605',
  CHF: '0.9432',
  PLN: '4.2075',
  SEK: '11.4775',
  NOK: '11.745',
  DKK: '7.4613',
  CZK: '25.147',
  HUF: '409.78',
  RON: '4.9763',
  JPY: '161.35',
  KWD: '0.3205',
  BHD: '0.3917',
});

/** decimals of a published rate per EUR; cross rates (another base) get CROSS_DECIMALS */
const RATE_DECIMALS = 6;
const CROSS_DECIMALS = 12;
const MAX_DRIFT_BP = 200;

export interface DatedRate {
  currency: string;
  /** units of `currency` per one unit of the base */
  rate: string;
  /** the day of the table the rate comes from (the asked day, or the latest earlier weekday) */
  rateDate: string;
}

/** The weekday on or before `day` (day numbers since 1970-01-01; day 0 was a Thursday). */
function tableDay(day: number): number {
  const weekday = (((day + 4) % 7) + 7) % 7; // 0 Sunday .. 6 Saturday
  return weekday === 0 ? day - 2 : weekday === 6 ? day - 1 : day;
}

/** "1.234500" -> "1.2345", "2.000" -> "2" */
function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

function scaled(numerator: bigint, denominator: bigint, decimals: number): string {
  return trimZeros(formatFixed(divideHalfEven(numerator * 10n ** BigInt(decimals), denominator), decimals));
}

/** The published EUR rate of `currency` on table day `day` (RATE_DECIMALS at most). */
function eurRate(seed: number, currency: string, day: number, referenceDay: number): string {
  const ref = REFERENCE[currency] as string;
  if (currency === FX_BASE || day === referenceDay) return ref;
  const { numerator, denominator } = parseRate(ref);
  const drift = BigInt((hash3(seed, tagHash(`fx:${currency}`), day) % (2 * MAX_DRIFT_BP + 1)) - MAX_DRIFT_BP);
  return scaled(numerator * (10000n + drift), denominator * 10000n, RATE_DECIMALS);
}

/**
 * The rates of the table in force on `date` (YYYY-MM-DD) per one unit of `base` (default EUR), one
 * per currency the bank books in; undefined when `date` is before the first table. Throws
 * RangeError for a malformed date or an unknown base.
 */
export function exchangeRatesOn(seed: number, date: string, base: string = FX_BASE): { base: string; rateDate: string; rates: DatedRate[] } | undefined {
  const asked = parseIsoDay(date);
  if (asked === undefined) throw new RangeError('RateDate must be a calendar date YYYY-MM-DD');
  if (REFERENCE[base] === undefined) throw new RangeError(`no rates for base currency ${base}`);
  const first = parseIsoDay(FX_FIRST_DATE) as number;
  const referenceDay = parseIsoDay(FX_REFERENCE_DATE) as number;
  if (asked < first) return undefined;
  const day = tableDay(asked);
  const rateDate = isoOfDay(day);
  const basePerEur = parseRate(eurRate(seed, base, day, referenceDay));
  const rates = Object.keys(CURRENCY_EXPONENT)
    .filter((c) => REFERENCE[c] !== undefined)
    .sort()
    .map((currency) => {
      const published = eurRate(seed, currency, day, referenceDay);
      if (base === FX_BASE) return { currency, rate: published, rateDate };
      // units of currency per one unit of base = its EUR rate / the base's EUR rate, from the published figures
      const perEur = parseRate(published);
      return { currency, rate: scaled(perEur.numerator * basePerEur.denominator, perEur.denominator * basePerEur.numerator, CROSS_DECIMALS), rateDate };
    });
  return { base, rateDate, rates };
}
