// A customer's relationship with the bank as offers and loyalty need it (consent, tenure, residence,
// the products held), served by the accounts subgraph from the core data it already holds:
//   GET /internal/customers/:customerId/relationship  (service callers only)
// Offers and loyalty are asked by the gateway only after accounts answered for the same customer,
// so this usually costs the core nothing. No names, contact details or account numbers travel:
// only the fields the two callers read.
import { z } from 'zod';
import type { Deadline } from './deadline';
import { appError } from './errors';
import type { Logger } from './logger';
import type { ServiceClient } from './service-client';

// The core's account types and statuses, spelled here because lib imports no adapter; a core record
// with a value outside them no longer fits relationshipOf, so a drift fails to compile.
const ACCOUNT_TYPES = ['CURRENT', 'SAVINGS', 'LOAN', 'CARD'] as const;
const ACCOUNT_STATUSES = ['ACTIVE', 'CLOSED', 'BLOCKED'] as const;

export interface RelationshipCustomer {
  customerId: string;
  /** YYYY-MM-DD */
  customerSince: string;
  /** ISO 3166 alpha-2 country of residence */
  country: string;
  marketingConsent: boolean;
}

export interface RelationshipAccount {
  accountId: string;
  type: (typeof ACCOUNT_TYPES)[number];
  status: (typeof ACCOUNT_STATUSES)[number];
  /** YYYY-MM-DD */
  openedOn: string;
}

export interface CustomerRelationship {
  customer: RelationshipCustomer;
  accounts: RelationshipAccount[];
}

/** The 404 answer's code when the core does not know the customer. */
export const RELATIONSHIP_NOT_FOUND = 'CUSTOMER_NOT_FOUND';

export const relationshipPath = (customerId: string) => `/internal/customers/${encodeURIComponent(customerId)}/relationship`;

/** The projection both sources (accounts' route and a caller's own core read) go through. */
export function relationshipOf(customer: RelationshipCustomer, accounts: readonly RelationshipAccount[]): CustomerRelationship {
  return {
    customer: {
      customerId: customer.customerId,
      customerSince: customer.customerSince,
      country: customer.country,
      marketingConsent: customer.marketingConsent,
    },
    accounts: accounts.map((a) => ({ accountId: a.accountId, type: a.type, status: a.status, openedOn: a.openedOn })),
  };
}

/** One account as the relationship carries it (offers also reads it off accounts' Customer.recentActivity). */
export const RELATIONSHIP_ACCOUNT = z.object({
  accountId: z.string().min(1),
  type: z.enum(ACCOUNT_TYPES),
  status: z.enum(ACCOUNT_STATUSES),
  openedOn: z.string(),
});

const RELATIONSHIP = z.object({
  customer: z.object({
    customerId: z.string().min(1),
    customerSince: z.string(),
    country: z.string(),
    marketingConsent: z.boolean(),
  }),
  accounts: z.array(RELATIONSHIP_ACCOUNT),
});

/** Accounts answered, and the core does not know this customer: asking the core again would say the same. */
export class RelationshipNotFoundError extends Error {
  readonly code = RELATIONSHIP_NOT_FOUND;
  constructor() {
    super('customer not found');
    this.name = 'RelationshipNotFoundError';
  }
}

/** Accounts could not give the relationship (down, core failure behind it, unexpected answer). */
export class RelationshipUnavailableError extends Error {
  readonly code = 'RELATIONSHIP_UNAVAILABLE';
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'RelationshipUnavailableError';
  }
}

export interface RelationshipSource {
  /** `deadline`: the client request's, passed on to accounts */
  relationship(customerId: string, requestId?: string, deadline?: Deadline): Promise<CustomerRelationship>;
}

/** Accounts' route through a ServiceClient (signed service token, timeout). */
export function accountsRelationshipSource(client: ServiceClient): RelationshipSource {
  return {
    async relationship(customerId, requestId, deadline) {
      let res;
      try {
        res = await client.request('GET', relationshipPath(customerId), undefined, requestId, deadline);
      } catch (err) {
        throw new RelationshipUnavailableError('accounts did not answer', err);
      }
      if (res.status === 404 && (res.body as { code?: string } | undefined)?.code === RELATIONSHIP_NOT_FOUND) throw new RelationshipNotFoundError();
      if (res.status !== 200) throw new RelationshipUnavailableError(`accounts answered ${res.status}`);
      const parsed = RELATIONSHIP.safeParse(res.body);
      // an answer about someone else is as good as no answer
      if (!parsed.success || parsed.data.customer.customerId !== customerId)
        throw new RelationshipUnavailableError('accounts answer does not match the contract');
      return parsed.data;
    },
  };
}

interface RelationshipReaderOptions {
  /** the calling service, for the log */
  service: string;
  /** accounts' route; absent: every read goes to the core (CORE_BATCHING=off, or not configured) */
  accounts?: RelationshipSource;
  log: Logger;
}

/**
 * Reads through accounts first and falls over to the caller's own core read when accounts cannot
 * answer, so offers and loyalty keep working while accounts is down (at the old core cost). An
 * unknown customer is not a fault: it becomes NOT_FOUND, the same code a core read gives.
 * `fallbacks` counts the reads that had to go to the core (also logged, without the customer id).
 */
export class RelationshipReader {
  fallbacks = 0;
  viaAccounts = 0;

  constructor(private readonly opts: RelationshipReaderOptions) {}

  get usesAccounts(): boolean {
    return this.opts.accounts !== undefined;
  }

  async read<T>(
    customerId: string,
    requestId: string | undefined,
    pick: (r: CustomerRelationship) => T,
    fromCore: () => Promise<T>,
    /** the client request's: accounts gets what is left of it, and so does the core read after it */
    deadline?: Deadline,
  ): Promise<T> {
    if (!this.opts.accounts) return fromCore();
    try {
      const r = await this.opts.accounts.relationship(customerId, requestId, deadline);
      this.viaAccounts++;
      return pick(r);
    } catch (err) {
      if (err instanceof RelationshipNotFoundError) throw appError('NOT_FOUND');
      this.fallbacks++;
      this.opts.log.warn(
        { err: (err as Error).message, requestId, fallbacks: this.fallbacks, service: this.opts.service },
        'relationship from accounts unavailable; reading the core',
      );
      return fromCore();
    }
  }
}
