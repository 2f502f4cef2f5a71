// Money stays the gateway's decimal string: grouped for reading, never turned into a float.
import type { Money } from './operations';

export function formatMoney(m: Money): string {
  const negative = m.amount.startsWith('-');
  const [whole = '0', fraction] = (negative ? m.amount.slice(1) : m.amount).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '−' : ''}${grouped}${fraction !== undefined ? `.${fraction}` : ''} ${m.currency}`;
}

export function formatDay(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(iso));
}

/** What a customer reads for an error code (docs/error-codes.md); never the server's own text. */
export function messageFor(code: string): string {
  switch (code) {
    case 'CARD_NOT_FREEZABLE':
      return 'This card is blocked or expired and cannot be frozen or unfrozen. Please ask a member of staff for a new card.';
    case 'CARD_NOT_FOUND':
    case 'NOT_FOUND':
      return 'We could not find that card or account.';
    case 'CORE_UNAVAILABLE':
    case 'CORE_TIMEOUT':
    case 'CORE_ERROR':
    case 'DOWNSTREAM_SERVICE_ERROR':
      return 'The bank system is busy right now. Please try again in a moment.';
    case 'UNAUTHENTICATED':
      return 'Your session has ended. Please sign in again.';
    case 'RATE_LIMITED':
      return 'Too many requests. Please wait a moment and try again.';
    case 'BAD_USER_INPUT':
      return 'Please check the customer number and try again.';
    case 'NETWORK':
      return 'The kiosk is offline. Please try again in a moment.';
    default:
      return 'Something went wrong. Please try again or ask a member of staff.';
  }
}
