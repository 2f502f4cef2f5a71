// What a card purchase earns on: its amount in the programme currency. A purchase in another
// currency is converted at a dated rate, and the rate, where it came from, its date and the
// original amount go on the journal. Pure: the core's rates are handed in.
import { convert, divideHalfEven, exponentOf, formatFixed, parseRate } from '../../../../lib/money';
import type { CardAdvice } from './card-advice';
import type { JournalConversion } from './ledger/journal';

/** decimals of a rate we derive (a cross of two core rates, or the one implied by fields 6 and 4) */
export const DERIVED_RATE_DECIMALS = 12;

export interface EarnBasis {
  /** minor units of `currency` */
  amountMinor: bigint;
  currency: string;
  /** absent when the purchase was in the programme currency */
  conversion?: JournalConversion;
}

/** The core's table of one day: units of each currency per one unit of `base`. */
export interface DatedRates {
  base: string;
  rates: ReadonlyMap<string, { rate: string; rateDate: string }>;
}

export interface ExchangeRateSource {
  /** The core's table in force on `date` (YYYY-MM-DD). Throws FxUnavailableError when it cannot be had. */
  ratesOn(date: string): Promise<DatedRates>;
}

/** No rate to convert with (the core cannot answer, or has none for the currency): nothing may earn yet. */
export class FxUnavailableError extends Error {
  readonly code = 'FX_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FxUnavailableError';
  }
}

/** "1.500000" -> "1.5" */
function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** numerator / denominator as decimal text, half-even to DERIVED_RATE_DECIMALS. */
function rateText(numerator: bigint, denominator: bigint): string {
  const scale = 10n ** BigInt(DERIVED_RATE_DECIMALS);
  return trimZeros(formatFixed(divideHalfEven(numerator * scale, denominator), DERIVED_RATE_DECIMALS));
}

/**
 * Whether an advice earns on another amount than its own: it is in another currency than the
 * programme's and there is something to convert.
 */
export function needsConversion(a: Pick<CardAdvice, 'amountMinor' | 'currency'>, programme: string): boolean {
  return a.currency !== programme && a.amountMinor > 0n;
}

/**
 * The cardholder billing amount (fields 6/51) when it is in the programme currency: what the card
 * network charged the cardholder, at the network's rate (field 10, or the one fields 6 and 4 imply).
 */
export function billingBasis(a: Pick<CardAdvice, 'amountMinor' | 'currency' | 'billing' | 'occurredAt'>, programme: string): EarnBasis | undefined {
  const b = a.billing;
  if (!b || b.currency !== programme || a.amountMinor <= 0n) return undefined;
  // billing major / purchase major = (b.minor / 10^eb) / (a.minor / 10^ea)
  const shift = exponentOf(a.currency) - exponentOf(b.currency);
  const implied = shift >= 0 ? rateText(b.amountMinor * 10n ** BigInt(shift), a.amountMinor) : rateText(b.amountMinor, a.amountMinor * 10n ** BigInt(-shift));
  return {
    amountMinor: b.amountMinor,
    currency: programme,
    conversion: {
      rate: b.rate ?? implied,
      source: 'CARDHOLDER_BILLING',
      rateDate: a.occurredAt.toISOString().slice(0, 10),
      originalMinor: a.amountMinor,
      originalCurrency: a.currency,
    },
  };
}

/**
 * The purchase amount converted into the programme currency with the core's table: the rate used
 * is the cross of the two quotes (programme per purchase currency), rounded half-even to 12
 * decimals, and the amount is converted with exactly that rate (half-even to the minor unit), so
 * the journal's rate reproduces its amount.
 */
export function coreRateBasis(a: Pick<CardAdvice, 'amountMinor' | 'currency'>, programme: string, table: DatedRates): EarnBasis {
  const quote = (currency: string) => {
    const q = currency === table.base ? { rate: '1', rateDate: '' } : table.rates.get(currency);
    if (!q) throw new FxUnavailableError(`the core's rates have no ${currency} per ${table.base}`);
    return { ...parseRate(q.rate), rateDate: q.rateDate };
  };
  const from = quote(a.currency);
  const to = quote(programme);
  // units of programme per one unit of purchase currency = (to per base) / (from per base)
  const rate = rateText(to.numerator * from.denominator, to.denominator * from.numerator);
  if (!/[1-9]/.test(rate)) throw new FxUnavailableError(`no usable rate from ${a.currency} to ${programme}`);
  const converted = convert({ minor: a.amountMinor, currency: a.currency }, programme, rate);
  const rateDate = [from.rateDate, to.rateDate].sort().pop() || '';
  return {
    amountMinor: converted.minor,
    currency: programme,
    conversion: { rate, source: 'CORE_FX', rateDate, originalMinor: a.amountMinor, originalCurrency: a.currency },
  };
}

/** The advice's own amount: it is in the programme currency, or there is nothing to convert. */
export function ownBasis(a: Pick<CardAdvice, 'amountMinor' | 'currency'>): EarnBasis {
  return { amountMinor: a.amountMinor, currency: a.currency };
}
