// The account list behind a customer's tier standing. Loyalty is asked by the gateway only after
// accounts answered for the same customer, so accounts' relationship route (lib/customer-relationship)
// usually answers it from its cache, without a core call; when accounts cannot answer, loyalty
// reads the core itself (QueryAccSumm), as it did before. Settlement and cash redemption keep
// reading the core directly: they pay into an account and want the list as the core has it now.
import type { RelationshipReader } from '../../../../lib/customer-relationship';
import type { AccountListPort } from '../domain/tier-service';
import type { LoyaltyCore } from './core';

export function relationshipAccountsPort(reader: RelationshipReader, core: LoyaltyCore): AccountListPort {
  return {
    accountsOf: (customerId, requestId, deadline) =>
      reader.read(
        customerId,
        requestId,
        (r) => r.accounts,
        () => core.accountsOf(customerId, requestId, deadline),
        deadline,
      ),
  };
}
