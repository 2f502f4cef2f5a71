// Card numbers: Luhn check digit, validation and the only form that leaves the core (first 6 +
// last 4).

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

export function isValidLuhn(pan: string): boolean {
  if (!/^\d{12,19}$/.test(pan)) return false;
  return luhnCheckDigit(pan.slice(0, -1)) === pan.charCodeAt(pan.length - 1) - 48;
}

export function maskPan(pan: string): string {
  return `${pan.slice(0, 6)}${'*'.repeat(Math.max(0, pan.length - 10))}${pan.slice(-4)}`;
}

export function brandOfPan(pan: string): 'VISA' | 'MASTERCARD' | 'UNKNOWN' {
  if (pan.startsWith('4')) return 'VISA';
  if (pan.startsWith('5')) return 'MASTERCARD';
  return 'UNKNOWN';
}
