// What counts as spending and how it adds up: card debits at merchants that still stand, by
// everyday category (lib/mcc-categories) and by merchant, in one currency, against the period
// before. Totals are bigint minor units of the converter's currency, one rounding per original
// currency.
import { type Category, categoryOfMcc } from '../../../../lib/mcc-categories';
import { allocate, divideHalfEven, money, parseDecimal } from '../../../../lib/money';
import type { CoreAccount, CoreTransaction } from '../../../../legacy-adapters/soap/src';
import type { Converter } from './fx';

const TOP_MERCHANTS = 5;
/** Account types whose debits are spending. */
export const SPENDING_TYPES: ReadonlySet<string> = new Set(['CURRENT', 'CARD']);

/** A card purchase or cash withdrawal at a merchant that still stands. */
function isSpending(t: CoreTransaction): t is CoreTransaction & { merchant: NonNullable<CoreTransaction['merchant']> } {
  return t.direction === 'DEBIT' && t.status !== 'REVERSED' && t.merchant !== undefined;
}

interface Bucket {
  /** minor units per original currency */
  byCurrency: Map<string, bigint>;
  count: number;
}

function addTo(map: Map<string, Bucket>, key: string, currency: string, minor: bigint): void {
  let b = map.get(key);
  if (!b) map.set(key, (b = { byCurrency: new Map(), count: 0 }));
  b.byCurrency.set(currency, (b.byCurrency.get(currency) ?? 0n) + minor);
  b.count++;
}

/** One rounding per original currency: a bucket's converted total. */
function converted(b: Bucket | undefined, fx: Converter): bigint {
  if (!b) return 0n;
  let total = 0n;
  for (const [currency, minor] of b.byCurrency) total += fx.convert(money(minor, currency)).minor;
  return total;
}

interface Tally {
  categories: Map<string, Bucket>;
  merchants: Map<string, Bucket & { name: string; category: Category }>;
  count: number;
}

function tally(txns: readonly CoreTransaction[]): Tally {
  const t: Tally = { categories: new Map(), merchants: new Map(), count: 0 };
  for (const txn of txns) {
    if (!isSpending(txn)) continue;
    const category = categoryOfMcc(txn.merchant.mcc);
    const minor = parseDecimal(txn.amount, txn.currency).minor;
    addTo(t.categories, category, txn.currency, minor);
    const key = `${category}\u0000${txn.merchant.name}`;
    if (!t.merchants.has(key)) t.merchants.set(key, { name: txn.merchant.name, category, byCurrency: new Map(), count: 0 });
    addTo(t.merchants, key, txn.currency, minor);
    t.count++;
  }
  return t;
}

/** (a - b) / b in basis points, half-even; null when b is zero. */
function changeBasisPoints(a: bigint, b: bigint): bigint | null {
  if (b === 0n) return null;
  return divideHalfEven((a - b) * 10000n, b);
}

/** The currency spending is shown in unless the caller asks for another: the main current account's. */
export function mainCurrency(accounts: readonly CoreAccount[]): string {
  const current = accounts.find((a) => a.type === 'CURRENT' && a.status !== 'CLOSED') ?? accounts[0];
  return current?.currency ?? 'EUR';
}

export interface SpendingSummary {
  total: bigint;
  previousTotal: bigint;
  /** 10000 = 100.00 %; null when there was nothing before */
  changeBasisPoints: bigint | null;
  transactionCount: number;
  /** largest first; shares add up to exactly 10000 when anything was spent */
  categories: Array<{ category: Category; total: bigint; previous: bigint; count: number; shareBasisPoints: bigint }>;
  /** the largest few of this period */
  topMerchants: Array<{ name: string; category: Category; total: bigint; count: number }>;
}

/** Spending of `current` against `previous` (all debits of the spending accounts), converted by `fx`. */
export function summariseSpending(current: readonly CoreTransaction[], previous: readonly CoreTransaction[], fx: Converter): SpendingSummary {
  const cur = tally(current);
  const prev = tally(previous);

  const keys = new Set<string>([...cur.categories.keys(), ...prev.categories.keys()]);
  const rows = [...keys].map((category) => ({
    category: category as Category,
    total: converted(cur.categories.get(category), fx),
    previous: converted(prev.categories.get(category), fx),
    count: cur.categories.get(category)?.count ?? 0,
  }));
  rows.sort((a, b) => (a.total === b.total ? (a.category < b.category ? -1 : 1) : a.total > b.total ? -1 : 1));
  const total = rows.reduce((s, r) => s + r.total, 0n);
  const previousTotal = rows.reduce((s, r) => s + r.previous, 0n);
  // largest remainder: the shown shares add up to exactly 100.00
  const shares =
    total > 0n
      ? allocate(
          10000n,
          rows.map((r) => r.total),
        )
      : rows.map(() => 0n);

  const topMerchants = [...cur.merchants.values()]
    .map((m) => ({ name: m.name, category: m.category, total: converted(m, fx), count: m.count }))
    .sort((a, b) => (a.total === b.total ? a.name.localeCompare(b.name) : a.total > b.total ? -1 : 1))
    .slice(0, TOP_MERCHANTS);

  return {
    total,
    previousTotal,
    changeBasisPoints: changeBasisPoints(total, previousTotal),
    transactionCount: cur.count,
    categories: rows.map((r, i) => {
      const shareBasisPoints = shares[i];
      if (shareBasisPoints === undefined) throw new Error(`spending summary: no share computed for category ${r.category}`);
      return { ...r, shareBasisPoints };
    }),
    topMerchants,
  };
}
