// Customer.recentActivity (schema/accounts.graphql): what offers' signals read, served from this
// request's own core reads so that ranking offers costs the core no call of its own. The gateway
// asks for it in the same fetch as the dashboard's accounts (offers @requires it), and the pages
// are asked as soon as the account list is there, so they land in the same tick, and the same
// QueryTransactions, as the dashboard's own pages. One page per account: an account with more
// transactions in the period says `complete: false`, and offers reads the rest itself rather than
// this answer waiting on further round trips.
import { canReadCustomer } from '../../../../lib/access';
import type { CoreTransaction } from '../../../../legacy-adapters/soap/src';
import type { AccountsContext } from './context';
import type { RecentActivity } from './resolvers-types.generated';

/** One transaction as `ActivityRows` packs it (schema/accounts.graphql): [bookedAt, amount, currency, direction, status, kind, merchantId, mcc, merchantCountry]. */
export type ActivityRow = [string, string, string, string, string, string, string | null, string | null, string | null];

/** Days before today covered: offers compares the last 30 days with the 30 before, and one day more absorbs a midnight between the two processes' clocks. */
export const ACTIVITY_DAYS = 61;
/** The core's largest page. */
export const ACTIVITY_PAGE_SIZE = 500;

export function activityFrom(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - ACTIVITY_DAYS);
  return d.toISOString().slice(0, 10);
}

/** Only what the signals read: no descriptions, counterparties, merchant names or places. */
export function activityRow(t: CoreTransaction): ActivityRow {
  const m = t.merchant;
  return [t.bookedAt, t.amount, t.currency, t.direction, t.status, t.kind, m ? m.merchantId : null, m ? m.mcc : null, m ? m.country : null];
}

async function readActivity(ctx: AccountsContext, customerId: string): Promise<RecentActivity> {
  const from = activityFrom(ctx.now());
  const pages = ctx.reads.accounts(customerId).then((accounts) =>
    Promise.all(
      accounts.map(async (a) => ({
        account: a,
        page: await ctx.reads.transactions({ accountId: a.accountId, pageSize: ACTIVITY_PAGE_SIZE, fromDate: from }),
      })),
    ),
  );
  const [customer, read] = await Promise.all([ctx.reads.customer(customerId), pages]);
  return {
    from,
    complete: read.every(({ page }) => !page.hasMore),
    customerSince: customer.customerSince,
    country: customer.country,
    marketingConsent: customer.marketingConsent,
    accounts: read.map(({ account: a }) => ({ accountId: a.accountId, type: a.type, status: a.status, openedOn: a.openedOn })),
    transactions: read.flatMap(({ page }) => page.transactions.map(activityRow)),
  };
}

/**
 * Null (offers then reads the core itself) when the caller may not read this customer or the core
 * could not answer: a failure here must not become an error in the client's answer, which never
 * asked for this field.
 */
export async function recentActivity(ctx: AccountsContext, customerId: string): Promise<RecentActivity | null> {
  if (!canReadCustomer(ctx.caller, customerId)) return null;
  try {
    return await ctx.cache.get(customerId, 'activity', () => readActivity(ctx, customerId));
  } catch (err) {
    const code = (err as { extensions?: { code?: unknown } }).extensions?.code;
    ctx.log.warn(
      { requestId: ctx.caller.requestId, code: typeof code === 'string' ? code : 'INTERNAL' },
      'recent activity unavailable; offers reads the core itself',
    );
    return null;
  }
}
