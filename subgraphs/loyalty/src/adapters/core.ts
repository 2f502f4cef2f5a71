// What loyalty needs from the legacy core, and nothing more: the accounts a customer holds
// (QueryAccSumm), a transfer (CreateTransaction, idempotent by the caller's reference) and whether
// a transfer was booked under a reference (QueryTransfer: how an unknown outcome is resolved).
// Tests hand in a fake; the service hands in the SOAP adapter.
import type { CoreAccount, CoreClient, TransferRequest, TransferResult } from '../../../../legacy-adapters/soap/src';

export interface LoyaltyCore {
  accountsOf(customerId: string, requestId?: string): Promise<CoreAccount[]>;
  transfer(req: TransferRequest, requestId?: string): Promise<TransferResult>;
  /** The transfer booked under `reference`, or undefined when the core booked none. */
  transferByReference(reference: string, requestId?: string): Promise<TransferResult | undefined>;
}

export function coreClientPort(client: CoreClient): LoyaltyCore {
  const ctx = (requestId?: string) => ({ requestId, userId: 'loyalty' });
  return {
    // one loader per call: nothing is cached across customers or requests here
    accountsOf: (customerId, requestId) => client.loaders(ctx(requestId)).accountsOfCustomer.load(customerId),
    transfer: (req, requestId) => client.createTransaction(req, ctx(requestId)),
    transferByReference: async (reference, requestId) => {
      const booked = await client.queryTransfer(reference, ctx(requestId));
      return booked ? { ...booked, replayed: true } : undefined;
    },
  };
}

// one rule for "the core refused" (a business code: final), shared with every other core caller
export { isCoreRefusal } from '../../../../legacy-adapters/soap/src';
