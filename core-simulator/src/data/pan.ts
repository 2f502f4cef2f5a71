// Card numbers: Luhn check digit, validation and brand. Masking is lib/pan-masking's.

/** The Luhn check digit to append to `body` (digits only). */
export function luhnCheckDigit(body: string): number {
  let sum = 0;
  // walking from the right, the digit next to the (future) check digit is doubled
  for (let i = body.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = body.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** Only the tests call it: they check every generated PAN with it. */
export function isValidLuhn(pan: string): boolean {
  if (!/^\d{12,19}$/.test(pan)) return false;
  return luhnCheckDigit(pan.slice(0, -1)) === pan.charCodeAt(pan.length - 1) - 48;
}

/** Only the tests call it: they check each card's brand against its PAN. */
export function brandOfPan(pan: string): 'VISA' | 'MASTERCARD' | 'UNKNOWN' {
  if (pan.startsWith('4')) return 'VISA';
  if (pan.startsWith('5')) return 'MASTERCARD';
  return 'UNKNOWN';
}
