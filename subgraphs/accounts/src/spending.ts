// Customer.spending: the budget view. Card spending (debits at merchants, reversals left out) of
// the customer's current and card accounts in a period, by everyday category (lib/mcc-categories),
// compared with the period before, in one currency (other currencies converted as stated).
// The queries for both periods of every account go into the same QueryTransactions call as the
// rest of the request's transaction pages (the adapter's loader batches a tick into one call).
import { appError } from '../../../lib/errors';
import { CATEGORY_LABELS, Category, categoryOfMcc } from '../../../lib/mcc-categories';
import { allocate, divideHalfEven, exponentOf, formatFixed, money, MoneyError, parseDecimal, toGraphQL } from '../../../lib/money';
import type { CoreAccount, CoreTransaction } from '../../../legacy-adapters/soap/src';
import type { AccountsContext } from './context';
import { Converter, UnknownRateError } from './fx';
import { Period, PeriodInput, resolvePeriod } from './period';

/** The core's largest page; a period with more debits on one account takes further pages. */
const PAGE = 500;
/** Bound on pages per account and period: 10,000 debits a month is not a person's account. */
const MAX_PAGES = 20;
const TOP_MERCHANTS = 5;
const SPENDING_TYPES = new Set(['CURRENT', 'CARD']);

async function debitsIn(ctx: AccountsContext, accountId: string, period: Period): Promise<CoreTransaction[]> {
  const out: CoreTransaction[] = [];
  let afterKey: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await ctx.reads.transactions({ accountId, pageSize: PAGE, afterKey, fromDate: period.from, toDate: period.to, direction: 'DEBIT' });
    out.push(...page.transactions);
    if (!page.hasMore || !page.nextKey) return out;
    afterKey = page.nextKey;
  }
  throw appError('PERIOD_TOO_LARGE', 'Too many transactions in this period; ask for a shorter one.', { argumentName: 'period' });
}

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

/** (a - b) / b in percent with two decimals, half-even; null when b is zero. */
function changePercent(a: bigint, b: bigint): string | null {
  if (b === 0n) return null;
  return formatFixed(divideHalfEven((a - b) * 10000n, b), 2);
}

function mainCurrency(accounts: readonly CoreAccount[]): string {
  const current = accounts.find((a) => a.type === 'CURRENT' && a.status !== 'CLOSED') ?? accounts[0];
  return current?.currency ?? 'EUR';
}

export async function spendingOf(ctx: AccountsContext, customerId: string, args: { period?: PeriodInput | null; currency?: string | null }) {
  const { current, previous } = resolvePeriod(args.period, ctx.now());
  const accounts = await ctx.reads.accounts(customerId);
  const currency = args.currency ?? mainCurrency(accounts);
  let fx: Converter;
  try {
    exponentOf(currency);
    fx = new Converter(currency);
  } catch (err) {
    if (err instanceof MoneyError || err instanceof UnknownRateError) throw appError('BAD_USER_INPUT', `No reference rate for ${currency}.`, { argumentName: 'currency' });
    throw err;
  }
  const spenders = accounts.filter((a) => SPENDING_TYPES.has(a.type));
  // every query of both periods is asked in this tick: one core call for all of them
  const [now, before] = await Promise.all(
    [current, previous].map(async (p) => (await Promise.all(spenders.map((a) => debitsIn(ctx, a.accountId, p)))).flat()),
  );
  const cur = tally(now);
  const prev = tally(before);

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
  // basis points of 100.00%, largest remainder: the shown shares add up to exactly 100.00
  const shares = total > 0n ? allocate(10000n, rows.map((r) => r.total)) : rows.map(() => 0n);

  const merchants = [...cur.merchants.values()]
    .map((m) => ({ name: m.name, category: m.category, total: converted(m, fx), count: m.count }))
    .sort((a, b) => (a.total === b.total ? a.name.localeCompare(b.name) : a.total > b.total ? -1 : 1))
    .slice(0, TOP_MERCHANTS);

  const asMoney = (minor: bigint) => toGraphQL(money(minor, currency));
  return {
    from: current.from,
    to: current.to,
    currency,
    total: asMoney(total),
    previousTotal: asMoney(previousTotal),
    change: asMoney(total - previousTotal),
    changePercent: changePercent(total, previousTotal),
    transactionCount: cur.count,
    categories: rows.map((r, i) => ({
      category: r.category,
      label: CATEGORY_LABELS[r.category],
      total: asMoney(r.total),
      share: formatFixed(shares[i], 2),
      previousTotal: asMoney(r.previous),
      change: asMoney(r.total - r.previous),
      transactionCount: r.count,
    })),
    topMerchants: merchants.map((m) => ({ name: m.name, category: m.category, total: asMoney(m.total), transactionCount: m.count })),
    conversion: fx.description(),
  };
}
