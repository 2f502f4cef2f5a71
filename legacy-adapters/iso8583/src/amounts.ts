// Amount and conversion-rate elements. An amount (4 transaction, 5 settlement, 6 cardholder
// billing: n 12) is in the minor unit of its currency (49, 50, 51), whose ISO 4217 exponent says
// where the point is: 000000010000 is 10000 JPY, 100.00 EUR, 10.000 BHD. A conversion rate (9, 10:
// n 8) carries its number of decimals in the leftmost digit: 61234567 is 1.234567.
import { exponentOf, type Money } from '../../../lib/money';
import { currencyAlpha } from './currency';
import { Iso8583Error } from './errors';

/** An amount element with its currency element (numeric code) as Money; undefined for a currency the bank does not book in. */
export function amountOf(field: number, digits: string, currencyNumericCode: string): Money | undefined {
  if (!/^[0-9]{1,12}$/.test(digits)) throw new Iso8583Error('ISO8583_BAD_FIELD_VALUE', 'an amount is 1 to 12 digits', field);
  const currency = currencyAlpha(currencyNumericCode);
  if (currency === undefined) return undefined;
  exponentOf(currency);
  return { minor: BigInt(digits), currency };
}

/** A conversion rate element (9 or 10) as decimal text: "61234567" -> "1.234567", "00000001" -> "1". */
export function conversionRateOf(field: number, digits: string): string {
  if (!/^[0-9]{8}$/.test(digits)) throw new Iso8583Error('ISO8583_BAD_FIELD_VALUE', 'a conversion rate is 8 digits', field);
  const decimals = Number(digits[0]);
  const body = digits.slice(1).padStart(decimals + 1, '0');
  const whole = body.slice(0, body.length - decimals).replace(/^0+(?=\d)/, '');
  const fraction = body.slice(body.length - decimals).replace(/0+$/, '');
  const rate = fraction ? `${whole}.${fraction}` : whole;
  if (!/[1-9]/.test(rate)) throw new Iso8583Error('ISO8583_BAD_FIELD_VALUE', 'a conversion rate is greater than zero', field);
  return rate;
}
