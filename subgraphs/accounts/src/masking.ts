// Display masks for account identifiers (the customer's own data, still shown minimally).

export function maskAccountNumber(accountNumber: string): string {
  return `•••• ${accountNumber.slice(-4)}`;
}

/** "DE89370400440532013000" -> "DE89 •••• •••• 3000" */
export function maskIban(iban: string): string {
  const compact = iban.replace(/\s+/g, '');
  return `${compact.slice(0, 4)} •••• •••• ${compact.slice(-4)}`;
}
