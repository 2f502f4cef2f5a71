// Whose account an account id is, for a low-balance alert set on one account. Engagement holds no
// account list of its own: accounts' relationship route (lib/customer-relationship.ts, a read of the
// per-customer cache the customer's `me` just filled) lists the customer's account ids.
import { appError } from '../../../../lib/errors';
import type { Deadline } from '../../../../lib/deadline';
import { RelationshipNotFoundError, type RelationshipSource } from '../../../../lib/customer-relationship';

export interface CustomerAccounts {
  /** true when `accountId` is one of the customer's; throws ACCOUNTS_UNAVAILABLE when that cannot be said */
  holds(customerId: string, accountId: string, deadline?: Deadline): Promise<boolean>;
}

export function relationshipAccounts(source: RelationshipSource): CustomerAccounts {
  return {
    async holds(customerId, accountId, deadline) {
      try {
        const r = await source.relationship(customerId, undefined, deadline);
        return r.accounts.some((a) => a.accountId === accountId);
      } catch (err) {
        // a customer the core does not know holds no account
        if (err instanceof RelationshipNotFoundError) return false;
        throw appError('ACCOUNTS_UNAVAILABLE');
      }
    },
  };
}

/** Without an accounts service (tests that never set an alert on one account): nothing can be checked. */
export const NO_CUSTOMER_ACCOUNTS: CustomerAccounts = {
  holds: async () => {
    throw appError('ACCOUNTS_UNAVAILABLE');
  },
};
