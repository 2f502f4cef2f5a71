// Customer.spending: the budget view of the customer's current and card accounts in a period,
// compared with the period before, in one currency (other currencies converted as stated; the
// rules are domain/spending.ts). The queries for both periods of every account go into the same
// QueryTransactions call as the rest of the request's transaction pages (the adapter's loader
// batches a tick into one call).
import { appError } from '../../../../lib/errors';
import { CATEGORY_LABELS } from '../../../../lib/mcc-categories';
import { exponentOf, formatFixed, money, MoneyError, toGraphQL } from '../../../../lib/money';
import type { CoreTransaction } from '../../../../legacy-adapters/soap/src';
import type { AccountsContext } from './context';
import { Converter, type RateTable, UnknownRateError } from '../domain/fx';
import { type Period, type PeriodInput, resolvePeriod } from '../domain/period';
import { mainCurrency, SPENDING_TYPES, summariseSpending } from '../domain/spending';

/** The core's largest page; a period with more debits on one account takes further pages. */
const PAGE = 500;
/** Bound on pages per account and period: 10,000 debits a month is not a person's account. */
const MAX_PAGES = 20;

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

export async function spendingOf(ctx: AccountsContext, customerId: string, args: { period?: PeriodInput | null; currency?: string | null }, rates: RateTable) {
  const { current, previous } = resolvePeriod(args.period, ctx.now());
  const accounts = await ctx.reads.accounts(customerId);
  const currency = args.currency ?? mainCurrency(accounts);
  let fx: Converter;
  try {
    exponentOf(currency);
    fx = new Converter(currency, rates);
  } catch (err) {
    if (err instanceof MoneyError || err instanceof UnknownRateError)
      throw appError('BAD_USER_INPUT', `No reference rate for ${currency}.`, { argumentName: 'currency' });
    throw err;
  }
  const spenders = accounts.filter((a) => SPENDING_TYPES.has(a.type));
  // every query of both periods is asked in this tick: one core call for all of them
  const debitsOf = async (p: Period) => (await Promise.all(spenders.map((a) => debitsIn(ctx, a.accountId, p)))).flat();
  const [now, before] = await Promise.all([debitsOf(current), debitsOf(previous)]);
  const s = summariseSpending(now, before, fx);

  const asMoney = (minor: bigint) => toGraphQL(money(minor, currency));
  return {
    from: current.from,
    to: current.to,
    currency,
    total: asMoney(s.total),
    previousTotal: asMoney(s.previousTotal),
    change: asMoney(s.total - s.previousTotal),
    changePercent: s.changeBasisPoints === null ? null : formatFixed(s.changeBasisPoints, 2),
    transactionCount: s.transactionCount,
    categories: s.categories.map((r) => ({
      category: r.category,
      label: CATEGORY_LABELS[r.category],
      total: asMoney(r.total),
      share: formatFixed(r.shareBasisPoints, 2),
      previousTotal: asMoney(r.previous),
      change: asMoney(r.total - r.previous),
      transactionCount: r.count,
    })),
    topMerchants: s.topMerchants.map((m) => ({ name: m.name, category: m.category, total: asMoney(m.total), transactionCount: m.count })),
    conversion: fx.description(),
  };
}
