// The words of reasons: amounts, days and periods written the same way by every rule, with no
// locale data involved (same text on every machine).
import type { Category } from '../../../../../lib/mcc-categories';
import { formatMinor } from '../../../../../lib/money';
import type { OfferSignals, Window } from '../signals';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "24 October" from "2026-10-24". */
export function dayText(iso: string): string {
  return `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]}`;
}

export function periodText(w: Window): string {
  return `between ${dayText(w.from)} and ${dayText(w.to)}`;
}

export function amountText(minor: bigint, currency: string): string {
  return `${formatMinor(minor, currency)} ${currency}`;
}

const CATEGORY_WORDS: Readonly<Partial<Record<Category, string>>> = {
  TRAVEL: 'travel',
  EATING_OUT: 'eating out',
  ENTERTAINMENT: 'entertainment',
  TRANSPORT: 'transport',
  SHOPPING: 'shopping',
  GROCERIES: 'groceries',
};

/** "because you spent 420.00 EUR on travel between ..."; only for a category with recent spend. */
export function spendReason(s: OfferSignals, category: Category): string {
  const t = s.spend.get(category)!;
  return `because you spent ${amountText(t.recentMinor, s.currency)} on ${CATEGORY_WORDS[category] ?? category.toLowerCase()} ${periodText(s.recent)}`;
}

/**
 * A reason written by another service (engagement's churn reasons, with their figures) as an offer
 * reason: "because ..." as every reason here. Its first letter is lowered unless it starts an
 * acronym or a name in capitals ("Card purchases fell" -> "because card purchases fell", "ATM ..."
 * kept); a final full stop is dropped.
 */
export function flagReasonText(text: string): string {
  const t = text.trim().replace(/\.$/, '');
  if (/^because /i.test(t)) return `because ${t.slice('because '.length)}`;
  const lowered = /^[A-Z][a-z]/.test(t) ? `${t.charAt(0).toLowerCase()}${t.slice(1)}` : t;
  return `because ${lowered}`;
}
