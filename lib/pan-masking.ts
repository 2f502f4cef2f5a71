// The only forms of a card number (PAN) that may leave the place that holds it: first 6 and last 4
// digits (PCI DSS), for a PAN on its own and for PANs inside free text (error messages, log lines).

/** Too short to be a PAN whose first 6 and last 4 leave anything hidden: nothing of it is shown. */
const MIN_MASKABLE = 11;

export function maskPan(pan: string): string {
  if (pan.length < MIN_MASKABLE) return '*'.repeat(pan.length);
  return `${pan.slice(0, 6)}${'*'.repeat(pan.length - 10)}${pan.slice(-4)}`;
}

/** Masks anything in `text` that looks like a full PAN (13-19 digits). */
export function maskPansInText(text: string): string {
  return text.replace(/\b\d{13,19}\b/g, maskPan);
}
