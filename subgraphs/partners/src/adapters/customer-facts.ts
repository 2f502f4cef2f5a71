// What a partner may learn about a consenting customer, read at call time from where it lives:
// profile and transactions from the core (legacy-adapters/soap, per-request loaders), the tier from
// loyalty (GET /internal/customers/:id/summary). Nothing here decides who may see what: the
// resolvers ask only for the fields the consent in force covers.
import type { CoreClient, CoreLoaders, CoreTransaction } from '../../../../legacy-adapters/soap/src';
// the module itself, not the adapter's index: loading the SOAP stack waits for the first core read
import { fromCore } from '../../../../legacy-adapters/soap/src/lite';
import type { Deadline } from '../../../../lib/deadline';
import type { Logger } from '../../../../lib/logger';
import type { ServiceClient } from '../../../../lib/service-client';
import { rankSpendCategories } from '../domain/spend-categories';

export interface CustomerProfile {
  firstName: string;
  displayName: string;
  /** YYYY-MM-DD */
  customerSince: string;
}

/** One request's reader of customer facts (its core loaders are per request, never shared). */
export interface CustomerFacts {
  /** null when the core knows no such customer */
  profile(customerId: string): Promise<CustomerProfile | null>;
  /** null when loyalty does not answer or knows no membership */
  loyaltyTier(customerId: string): Promise<string | null>;
  /** category codes (e.g. TRAVEL), most spent first; never amounts */
  topSpendCategories(customerId: string): Promise<string[]>;
}

/** `deadline`: the client request's; the core and loyalty are waited for no longer */
export type CustomerFactsFactory = (request: { requestId?: string; deadline?: Deadline }) => CustomerFacts;

export const SPEND_WINDOW_DAYS = 90;
// a customer's 90 days rarely need more; the cap keeps one partner call from paging the core dry
const PAGE_SIZE = 200;
const MAX_PAGES_PER_ACCOUNT = 5;

export interface CoreFactsOptions {
  /** the core client, created on first use (the core may start after partners) */
  core: () => Promise<CoreClient>;
  loyalty?: ServiceClient;
  log: Logger;
  now?: () => Date;
}

/** Remembers the first successful creation; a failed one is tried again on the next call. */
export function lazy<T>(create: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= create().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function coreCustomerFacts(opts: CoreFactsOptions): CustomerFactsFactory {
  const now = opts.now ?? (() => new Date());
  return (request) => {
    let loaders: Promise<CoreLoaders> | undefined;
    const core = () => (loaders ??= opts.core().then((c) => c.loaders({ requestId: request.requestId, userId: 'partners', deadline: request.deadline })));
    return {
      async profile(customerId) {
        const c = await fromCore((await core()).customer.load(customerId)).catch((err: unknown) => {
          if ((err as { extensions?: { code?: string } }).extensions?.code === 'NOT_FOUND') return null;
          throw err;
        });
        if (!c) return null;
        return { firstName: c.fullName.trim().split(/\s+/)[0] ?? '', displayName: c.shortName, customerSince: c.customerSince };
      },

      async loyaltyTier(customerId) {
        if (!opts.loyalty) return null;
        try {
          const res = await opts.loyalty.request<{ tier?: unknown }>(
            'GET',
            `/internal/customers/${encodeURIComponent(customerId)}/summary`,
            undefined,
            request.requestId,
            request.deadline,
          );
          return res.status === 200 && typeof res.body?.tier === 'string' ? res.body.tier : null;
        } catch (err) {
          opts.log.warn({ err: (err as Error).message }, 'loyalty summary unavailable: tier answered as null');
          return null;
        }
      },

      async topSpendCategories(customerId) {
        const l = await core();
        const accounts = await fromCore(l.accountsOfCustomer.load(customerId));
        const fromDate = isoDay(new Date(now().getTime() - SPEND_WINDOW_DAYS * 86_400_000));
        const all: CoreTransaction[] = [];
        await Promise.all(
          accounts
            .filter((a) => a.type === 'CURRENT' || a.type === 'CARD')
            .map(async (a) => {
              let afterKey: string | undefined;
              for (let page = 0; page < MAX_PAGES_PER_ACCOUNT; page++) {
                const p = await fromCore(l.transactions.load({ accountId: a.accountId, pageSize: PAGE_SIZE, fromDate, afterKey }));
                all.push(...p.transactions);
                if (!p.hasMore || !p.nextKey) break;
                afterKey = p.nextKey;
              }
            }),
        );
        return rankSpendCategories(all);
      },
    };
  };
}
