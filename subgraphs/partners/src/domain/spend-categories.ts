// The spend categories a partner may see (scope SPEND_CATEGORIES): category codes in order, never
// amounts.
import type { CoreTransaction } from '../../../../legacy-adapters/soap/src';
import { categoryOfMcc, type Category } from '../../../../lib/mcc-categories';
import { parseDecimal } from '../../../../lib/money';

export const TOP_CATEGORIES = 3;

/** Ranks spend categories of card/debit purchases: amount in the customer's main currency, then count. */
export function rankSpendCategories(transactions: readonly CoreTransaction[], limit = TOP_CATEGORIES): Category[] {
  const purchases = transactions.filter((t) => t.direction === 'DEBIT' && t.status !== 'REVERSED' && t.merchant?.mcc);
  const perCurrency = new Map<string, number>();
  for (const t of purchases) perCurrency.set(t.currency, (perCurrency.get(t.currency) ?? 0) + 1);
  const main = [...perCurrency.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  const totals = new Map<Category, { minor: bigint; count: number }>();
  for (const t of purchases) {
    const category = categoryOfMcc(t.merchant?.mcc);
    if (category === 'OTHER') continue;
    const entry = totals.get(category) ?? { minor: 0n, count: 0 };
    entry.count++;
    if (t.currency === main) entry.minor += parseDecimal(t.amount, t.currency).minor;
    totals.set(category, entry);
  }
  return [...totals.entries()]
    .sort(([ca, a], [cb, b]) => (a.minor === b.minor ? b.count - a.count || ca.localeCompare(cb) : a.minor > b.minor ? -1 : 1))
    .slice(0, limit)
    .map(([category]) => category);
}
