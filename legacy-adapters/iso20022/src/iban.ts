// IBAN checks per ISO 13616: the mod-97 check digits plus the registered length of the country.

/** Registered IBAN lengths (SWIFT IBAN registry); a country not listed is checked by mod-97 and the 15..34 bounds only. */
const IBAN_LENGTH: Readonly<Record<string, number>> = Object.freeze({
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MR: 27,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  SA: 24,
  SC: 31,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
});

const SHAPE = /^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/;

/** Electronic form: spaces (print format groups of four) removed, letters upper-cased. */
export function normaliseIban(iban: string): string {
  return iban.replace(/[\s\u00a0]+/g, '').toUpperCase();
}

/** Remainder of the IBAN's numeric form modulo 97, computed piecewise so no digit string overflows. */
function mod97(rearranged: string): number {
  let rest = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    // letters become two digits (A=10 .. Z=35), digits stay
    const value = code >= 65 ? code - 55 : code - 48;
    rest = value >= 10 ? (rest * 100 + value) % 97 : (rest * 10 + value) % 97;
  }
  return rest;
}

/** True when `iban` (print or electronic format) has a valid shape, the country's length and check digits. */
export function isValidIban(iban: string): boolean {
  if (typeof iban !== 'string') return false;
  const s = normaliseIban(iban);
  if (!SHAPE.test(s)) return false;
  const expected = IBAN_LENGTH[s.slice(0, 2)];
  if (expected !== undefined && s.length !== expected) return false;
  if (s.slice(2, 4) === '00' || s.slice(2, 4) === '01' || s.slice(2, 4) === '99') return false;
  return mod97(s.slice(4) + s.slice(0, 4)) === 1;
}

/**
 * Print format: groups of four separated by spaces (for display only, never for storage). No
 * caller yet besides its test: it is the one print form for when statements or receipts show IBANs.
 */
export function formatIbanForPrint(iban: string): string {
  return normaliseIban(iban).replace(/(.{4})(?=.)/g, '$1 ');
}
