// Display masks for account identifiers and contact details (the customer's own data, still
// shown minimally: enough to recognise, not to use).

export function maskAccountNumber(accountNumber: string): string {
  return `•••• ${accountNumber.slice(-4)}`;
}

/** "DE89370400440532013000" -> "DE89 •••• •••• 3000" */
export function maskIban(iban: string): string {
  const compact = iban.replace(/\s+/g, '');
  return `${compact.slice(0, 4)} •••• •••• ${compact.slice(-4)}`;
}

/** "mia.hoffmann@example.com" -> "m***@example.com"; null for anything that is not an address. */
export function maskEmail(email: string): string | null {
  const at = email.lastIndexOf('@');
  if (at < 1 || at === email.length - 1) return null;
  return `${email[0]}***${email.slice(at)}`;
}

/** "+49 151 23456789" -> "+49 ••• •••• 789": the country prefix and the last three digits. */
export function maskPhone(phone: string): string | null {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 6) return null;
  const prefix = /^\+\d{1,3}(?=[\s-])/.exec(phone.trim())?.[0];
  return `${prefix ? `${prefix} ` : ''}••• •••• ${digits.slice(-3)}`;
}
