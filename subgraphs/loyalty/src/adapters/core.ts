// What loyalty needs from the legacy core, and nothing more: the accounts a customer holds
// (QueryAccSumm), a transfer (CreateTransaction, idempotent by the caller's reference) and whether
// a transfer was booked under a reference (QueryTransfer: how an unknown outcome is resolved), and
// the dated FX rates a purchase in another currency is converted with (GetExchangeRates).
// Tests hand in a fake; the service hands in the SOAP adapter.
import type { CoreAccount, CoreClient, ExchangeRates, TransferRequest, TransferResult } from '../../../../legacy-adapters/soap/src';
import type { Deadline } from '../../../../lib/deadline';

export interface LoyaltyCore {
  /** `deadline`: the client request's, when one waits for the answer (legacy-adapters/soap call-core.ts) */
  accountsOf(customerId: string, requestId?: string, deadline?: Deadline): Promise<CoreAccount[]>;
  transfer(req: TransferRequest, requestId?: string): Promise<TransferResult>;
  /** The transfer booked under `reference`, or undefined when the core booked none. */
  transferByReference(reference: string, requestId?: string): Promise<TransferResult | undefined>;
  /** The core's FX table in force on `date` (YYYY-MM-DD), per its own base. */
  exchangeRates(date: string, requestId?: string): Promise<ExchangeRates>;
}

export function coreClientPort(client: CoreClient): LoyaltyCore {
  const ctx = (requestId?: string, deadline?: Deadline) => ({ requestId, userId: 'loyalty', deadline });
  return {
    // one loader per call: nothing is cached across customers or requests here
    accountsOf: (customerId, requestId, deadline) => client.loaders(ctx(requestId, deadline)).accountsOfCustomer.load(customerId),
    transfer: (req, requestId) => client.createTransaction(req, ctx(requestId)),
    transferByReference: async (reference, requestId) => {
      const booked = await client.queryTransfer(reference, ctx(requestId));
      return booked ? { ...booked, replayed: true } : undefined;
    },
    exchangeRates: (date, requestId) => client.exchangeRates(date, ctx(requestId)),
  };
}

// one rule for "the core refused" (a business code: final), shared with every other core caller
export { isCoreRefusal } from '../../../../legacy-adapters/soap/src';
