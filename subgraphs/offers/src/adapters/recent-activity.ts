// Customer.recentActivity as accounts serves it and the gateway hands it over (`offers` @requires it,
// schema/offers.graphql): the signal data of a dashboard's offers without a core call of offers' own.
// It arrives in the same representation as the customer's id, so it is that customer's. Used only
// when it covers both signal windows and holds every transaction of them; otherwise null, and the caller reads as before (signal-source.ts). Checked field by field:
// what arrives is another service's answer relayed by the gateway, and a value outside the contract
// falls back to the core rather than into a ranking.
import { z } from 'zod';
import { RELATIONSHIP_ACCOUNT } from '../../../../lib/customer-relationship';
import { type SignalTransaction, windowsFor } from '../domain/signals';
import type { CoreSignalData } from './core-signals';

const ACTIVITY = z.object({
  from: z.string(),
  complete: z.boolean(),
  customerSince: z.string(),
  country: z.string(),
  marketingConsent: z.boolean(),
  accounts: z.array(RELATIONSHIP_ACCOUNT),
  transactions: z.array(
    z.object({
      bookedAt: z.string(),
      amount: z.string(),
      currency: z.string(),
      direction: z.enum(['DEBIT', 'CREDIT']),
      status: z.enum(['PENDING', 'BOOKED', 'REVERSED']),
      kind: z.string(),
      merchant: z.object({ merchantId: z.string(), mcc: z.string(), country: z.string() }).nullish(),
    }),
  ),
});

/** The signal data in `activity`, or null when it cannot stand in for offers' own core read. */
export function signalDataFromActivity(customerId: string, activity: unknown, today: string): CoreSignalData | null {
  if (activity == null) return null;
  const parsed = ACTIVITY.safeParse(activity);
  if (!parsed.success) return null;
  const a = parsed.data;
  const from = windowsFor(today).previous.from;
  if (!a.complete || a.from > from) return null;
  return {
    customer: { customerId, customerSince: a.customerSince, country: a.country, marketingConsent: a.marketingConsent },
    accounts: a.accounts,
    // accounts reads a day more than the windows hold (its clock and ours may straddle midnight):
    // what is left is exactly what offers' own read of the windows gives
    transactions: a.transactions
      .filter((t) => t.bookedAt.slice(0, 10) >= from)
      .map(({ merchant, ...t }): SignalTransaction => (merchant ? { ...t, merchant } : t)),
  };
}
