// IBAN construction and validation (ISO 13616: check digits by mod-97 over the rearranged,
// letters-to-numbers expansion). Bigint-free: the remainder is folded digit by digit.

/** Remainder mod 97 of the IBAN numeric expansion of `text` (letters A=10 .. Z=35). */
function mod97(text: string): number {
  let r = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch >= 48 && ch <= 57) {
      r = (r * 10 + (ch - 48)) % 97;
    } else if (ch >= 65 && ch <= 90) {
      r = (r * 100 + (ch - 55)) % 97;
    } else {
      return -1;
    }
  }
  return r;
}

/** IBAN for `country` (2 letters) and a national BBAN, with correct check digits. */
export function makeIban(country: string, bban: string): string {
  const r = mod97(`${bban}${country}00`);
  const check = String(98 - r).padStart(2, '0');
  return `${country}${check}${bban}`;
}

/** Upper-case without spaces: the form IBANs are compared in. */
export function normaliseIban(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

const IBAN_SHAPE = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;

export function isValidIban(text: string): boolean {
  const iban = normaliseIban(text);
  if (!IBAN_SHAPE.test(iban)) return false;
  return mod97(iban.slice(4) + iban.slice(0, 4)) === 1;
}
