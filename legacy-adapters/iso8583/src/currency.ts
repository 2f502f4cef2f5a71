// Field 49 carries the ISO 4217 numeric currency code; the rest of the system speaks alpha codes.

const NUMERIC_TO_ALPHA: Readonly<Record<string, string>> = Object.freeze({
  '978': 'EUR',
  '840': 'USD',
  '826': 'GBP',
  '756': 'CHF',
  '985': 'PLN',
  '752': 'SEK',
  '578': 'NOK',
  '208': 'DKK',
  '203': 'CZK',
  '348': 'HUF',
  '946': 'RON',
  '392': 'JPY',
  '414': 'KWD',
  '048': 'BHD',
});
const ALPHA_TO_NUMERIC: Readonly<Record<string, string>> = Object.freeze(Object.fromEntries(Object.entries(NUMERIC_TO_ALPHA).map(([n, a]) => [a, n])));

/** 'EUR' for '978'; undefined for a code the bank does not book in. */
export function currencyAlpha(numeric: string): string | undefined {
  return NUMERIC_TO_ALPHA[numeric];
}

/** '978' for 'EUR'; undefined for a currency this table does not know. */
export function currencyNumeric(alpha: string): string | undefined {
  return ALPHA_TO_NUMERIC[alpha];
}
