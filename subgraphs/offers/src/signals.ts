// Core records -> the engine's signals. Pure, so the mapping is tested without a core.
import type { AccountType, CoreAccount, CoreCustomer } from '../../../legacy-adapters/soap/src/types';
import type { OfferChannel, OfferSignals } from './engine';

/** Product types the customer holds; a closed account is not a product held. */
export function productsHeld(accounts: readonly CoreAccount[]): Set<AccountType> {
  return new Set(accounts.filter((a) => a.status !== 'CLOSED').map((a) => a.type));
}

export function signalsFrom(
  customer: Pick<CoreCustomer, 'customerId' | 'marketingConsent'>,
  accounts: readonly CoreAccount[],
  channel: OfferChannel,
  today: string,
): OfferSignals {
  return {
    customerId: customer.customerId,
    marketingConsent: customer.marketingConsent === true,
    productsHeld: productsHeld(accounts),
    channel,
    today,
  };
}
