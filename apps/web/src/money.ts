// Money in the app: the gateway sends amounts as decimal strings ("1234.50"). Arithmetic is on
// bigint minor units at the currency's exponent; display goes through Intl with the decimal
// string itself (Intl formats a string exactly), so no amount is ever a float.

/** ISO 4217 minor-unit exponents that differ from 2 (Intl knows them too, but not every engine agrees). */
const EXPONENTS: Record<string, number> = { JPY: 0, KRW: 0, ISK: 0, CLP: 0, VND: 0, BHD: 3, KWD: 3, OMR: 3, JOD: 3, TND: 3, IRR: 0 };

export function exponentOf(currency: string): number {
  const known = EXPONENTS[currency];
  if (known !== undefined) return known;
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** "12.5" in EUR -> 1250n. Throws on text that is not a plain decimal or has more decimals than the currency. */
export function toMinor(amount: string, currency: string): bigint {
  const m = DECIMAL.exec(amount.trim());
  if (!m) throw new RangeError(`not a decimal amount: ${amount}`);
  const exp = exponentOf(currency);
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  if (fraction.length > exp) throw new RangeError(`${currency} has ${exp} decimals`);
  const minor = BigInt((m[2] ?? '0') + fraction.padEnd(exp, '0'));
  return m[1] ? -minor : minor;
}

/** 1250n in EUR -> "12.50" (always the currency's exponent). */
export function fromMinor(minor: bigint, currency: string): string {
  const exp = exponentOf(currency);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exp + 1, '0');
  const whole = digits.slice(0, digits.length - exp);
  const text = exp === 0 ? whole : `${whole}.${digits.slice(digits.length - exp)}`;
  return negative ? `-${text}` : text;
}

/** Input as a customer types it ("1,234.5", Persian digits) -> a decimal string, or null when it is not one. */
export function parseAmountInput(text: string): string | null {
  const latin = text.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
  const plain = latin.replace(/[,\s٬]/g, '').replace('٫', '.');
  return /^\d+(\.\d+)?$/.test(plain) ? plain : null;
}

export function formatMoney(amount: string, currency: string, locale: string, opts: { signed?: boolean } = {}): string {
  const exp = exponentOf(currency);
  const exact = fromMinor(toMinor(amount, currency), currency);
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: exp,
    maximumFractionDigits: exp,
    signDisplay: opts.signed ? 'always' : 'auto',
  });
  // a string argument is formatted exactly (Intl.NumberFormat v3), never through a double
  return format.format(exact as unknown as number);
}
