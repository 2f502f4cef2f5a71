// Money is carried as integer minor units (bigint) inside the system and as a decimal string at
// the edges ("1234.50"). Nothing here ever goes through a JS number.

/** ISO 4217 minor-unit exponents for the currencies the bank books in. */
export const CURRENCY_EXPONENT: Readonly<Record<string, number>> = Object.freeze({
  EUR: 2,
  USD: 2,
  GBP: 2,
  CHF: 2,
  PLN: 2,
  SEK: 2,
  NOK: 2,
  DKK: 2,
  CZK: 2,
  HUF: 2,
  RON: 2,
  JPY: 0,
  KWD: 3,
  BHD: 3,
});

export class MoneyError extends Error {
  constructor(
    readonly code: 'INVALID_AMOUNT' | 'UNKNOWN_CURRENCY' | 'TOO_MANY_DECIMALS' | 'CURRENCY_MISMATCH',
    message: string,
  ) {
    super(message);
    this.name = 'MoneyError';
  }
}

export interface Money {
  /** integer amount in the currency's minor unit */
  readonly minor: bigint;
  readonly currency: string;
}

export function exponentOf(currency: string): number {
  const e = CURRENCY_EXPONENT[currency];
  if (e === undefined) throw new MoneyError('UNKNOWN_CURRENCY', `unknown currency ${currency}`);
  return e;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Parses "1234.5" / "-0.01" into minor units; refuses more decimals than the currency allows. */
export function parseDecimal(text: string, currency: string): Money {
  const m = DECIMAL.exec(text.trim());
  if (!m) throw new MoneyError('INVALID_AMOUNT', `not a decimal amount: ${JSON.stringify(text)}`);
  const exp = exponentOf(currency);
  const frac = m[3] ?? '';
  // trailing zeros beyond the exponent are harmless ("10.500" EUR), other digits are not
  if (frac.length > exp && /[1-9]/.test(frac.slice(exp))) {
    throw new MoneyError('TOO_MANY_DECIMALS', `${currency} allows ${exp} decimals`);
  }
  const fracPadded = (frac + '0'.repeat(exp)).slice(0, exp);
  const minor = BigInt(m[2] + fracPadded);
  return { minor: m[1] ? -minor : minor, currency };
}

/** Formats minor units as a plain decimal string with exactly the currency's decimals. */
export function formatMinor(minor: bigint, currency: string): string {
  return formatFixed(minor, exponentOf(currency));
}

/** An integer scaled by 10^-decimals as plain decimal text: formatFixed(1234n, 2) = "12.34". */
export function formatFixed(minor: bigint, exp: number): string {
  const neg = minor < 0n;
  const digits = (neg ? -minor : minor).toString().padStart(exp + 1, '0');
  const body = exp === 0 ? digits : `${digits.slice(0, -exp)}.${digits.slice(-exp)}`;
  return neg ? `-${body}` : body;
}

export function money(minor: bigint, currency: string): Money {
  exponentOf(currency);
  return { minor, currency };
}

// add, subtract, sum, percentOf, convert, convertInverse and split have no caller outside the tests
// today. They stay as the whole arithmetic of Money (pinned by money-properties.test.ts), so no
// service reaches into `.minor` to add, convert or split amounts by hand.
export function add(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new MoneyError('CURRENCY_MISMATCH', `${a.currency} + ${b.currency}`);
  return { minor: a.minor + b.minor, currency: a.currency };
}

/** GraphQL shape `Money { amount: Decimal! currency: String! }`. */
export function toGraphQL(m: Money): { amount: string; currency: string } {
  return { amount: formatMinor(m.minor, m.currency), currency: m.currency };
}

/** floor(amount * numerator / denominator) in minor units: percentages without floats. */
export function percentOf(m: Money, numerator: bigint, denominator: bigint): Money {
  if (denominator <= 0n) throw new MoneyError('INVALID_AMOUNT', 'denominator must be positive');
  const q = (m.minor * numerator) / denominator; // bigint division truncates toward zero
  return { minor: q, currency: m.currency };
}

export function subtract(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new MoneyError('CURRENCY_MISMATCH', `${a.currency} - ${b.currency}`);
  return { minor: a.minor - b.minor, currency: a.currency };
}

/** Sum of amounts in one currency (zero of `currency` for an empty list). */
export function sum(items: readonly Money[], currency: string): Money {
  let total = 0n;
  for (const m of items) {
    if (m.currency !== currency) throw new MoneyError('CURRENCY_MISMATCH', `${m.currency} in a ${currency} sum`);
    total += m.minor;
  }
  return money(total, currency);
}

/** Integer division rounding half to even (banker's rounding): no drift over many roundings. */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new MoneyError('INVALID_AMOUNT', 'division by zero');
  if (denominator < 0n) return divideHalfEven(-numerator, -denominator);
  const q = numerator / denominator; // truncates toward zero
  const r = numerator - q * denominator;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice < denominator) return q;
  const away = numerator < 0n ? q - 1n : q + 1n;
  if (twice > denominator) return away;
  return q % 2n === 0n ? q : away;
}

/** A positive decimal rate ("1.1734") as an exact fraction numerator/denominator. */
export function parseRate(rate: string): { numerator: bigint; denominator: bigint } {
  const m = /^(\d+)(?:\.(\d{1,12}))?$/.exec(rate.trim());
  if (!m) throw new MoneyError('INVALID_AMOUNT', `not a rate: ${JSON.stringify(rate)}`);
  const frac = m[2] ?? '';
  const numerator = BigInt(m[1] + frac);
  if (numerator === 0n) throw new MoneyError('INVALID_AMOUNT', 'a rate must be greater than zero');
  return { numerator, denominator: 10n ** BigInt(frac.length) };
}

/**
 * `m` in `to` at `rate` (units of `to` per one unit of m.currency), rounded half-even to the
 * target currency's minor unit: exact rational arithmetic, one rounding.
 */
export function convert(m: Money, to: string, rate: string): Money {
  const { numerator, denominator } = parseRate(rate);
  return convertByFraction(m, to, numerator, denominator);
}

/**
 * `m` in `to` where `rate` is quoted the other way round (units of m.currency per one unit of
 * `to`, as reference rates are quoted per one EUR): divides exactly, rounds once, half-even.
 */
export function convertInverse(m: Money, to: string, rate: string): Money {
  const { numerator, denominator } = parseRate(rate);
  return convertByFraction(m, to, denominator, numerator);
}

/**
 * `m` in `to` through a common base, both rates quoted per one unit of the base (e.g. per EUR):
 * m * toPerBase / fromPerBase, exact until one half-even rounding.
 */
export function convertCross(m: Money, to: string, fromPerBase: string, toPerBase: string): Money {
  const f = parseRate(fromPerBase);
  const t = parseRate(toPerBase);
  return convertByFraction(m, to, t.numerator * f.denominator, t.denominator * f.numerator);
}

function convertByFraction(m: Money, to: string, numerator: bigint, denominator: bigint): Money {
  const shift = BigInt(exponentOf(to) - exponentOf(m.currency));
  const num = m.minor * numerator * (shift > 0n ? 10n ** shift : 1n);
  const den = denominator * (shift < 0n ? 10n ** -shift : 1n);
  return { minor: divideHalfEven(num, den), currency: to };
}

/**
 * Splits `total` into parts proportional to `weights` (non-negative integers) by largest
 * remainder: the parts always add up to exactly `total`; ties go to the earlier weight.
 */
export function allocate(total: bigint, weights: readonly bigint[]): bigint[] {
  if (weights.length === 0) return [];
  if (weights.some((w) => w < 0n)) throw new MoneyError('INVALID_AMOUNT', 'weights must not be negative');
  const sumW = weights.reduce((a, b) => a + b, 0n);
  if (sumW === 0n) {
    if (total === 0n) return weights.map(() => 0n);
    throw new MoneyError('INVALID_AMOUNT', 'cannot allocate over zero weights');
  }
  const neg = total < 0n;
  const t = neg ? -total : total;
  const parts = weights.map((w) => (t * w) / sumW);
  const rema = weights.map((w, i) => ({ i, r: (t * w) % sumW }));
  const left = t - parts.reduce((a, b) => a + b, 0n);
  rema.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  // left < weights.length (each part lost less than one unit to the division): one more unit each
  const bumped = new Set(rema.slice(0, Number(left)).map(({ i }) => i));
  const result = parts.map((p, i) => (bumped.has(i) ? p + 1n : p));
  return neg ? result.map((p) => -p) : result;
}

/** Splits an amount into parts by weight (largest remainder): nothing lost, nothing invented. */
export function split(m: Money, weights: readonly bigint[]): Money[] {
  return allocate(m.minor, weights).map((minor) => ({ minor, currency: m.currency }));
}
