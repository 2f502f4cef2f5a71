// Money is carried as integer minor units (bigint) inside the system and as a decimal string at
// the edges ("1234.50"). Nothing here ever goes through a JS number.

/** ISO 4217 minor-unit exponents for the currencies the bank books in. */
export const CURRENCY_EXPONENT: Readonly<Record<string, number>> = Object.freeze({
  EUR: 2, USD: 2, GBP: 2, CHF: 2, PLN: 2, SEK: 2, NOK: 2, DKK: 2, CZK: 2, HUF: 2, RON: 2,
  JPY: 0, KWD: 3, BHD: 3,
});

export class MoneyError extends Error {
  constructor(readonly code: 'INVALID_AMOUNT' | 'UNKNOWN_CURRENCY' | 'TOO_MANY_DECIMALS' | 'CURRENCY_MISMATCH', message: string) {
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
  const exp = exponentOf(currency);
  const neg = minor < 0n;
  const digits = (neg ? -minor : minor).toString().padStart(exp + 1, '0');
  const body = exp === 0 ? digits : `${digits.slice(0, -exp)}.${digits.slice(-exp)}`;
  return neg ? `-${body}` : body;
}

export function money(minor: bigint, currency: string): Money {
  exponentOf(currency);
  return { minor, currency };
}

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
