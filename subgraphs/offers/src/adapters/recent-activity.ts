// Customer.recentActivity as accounts serves it and the gateway hands it over (`offers` @requires it,
// schema/offers.graphql): the signal data of a dashboard's offers without a core call of offers' own.
// It arrives in the same representation as the customer's id, so it is that customer's. Used only
// when it covers both signal windows and holds every transaction of them; otherwise null, and the
// caller reads as before (signal-source.ts). Checked field by field: what arrives is another
// service's answer relayed by the gateway, and a value outside the contract falls back to the core
// rather than into a ranking.
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
  transactions: z.array(z.unknown()),
});

const DIRECTIONS = new Set(['DEBIT', 'CREDIT']);
const STATUSES = new Set(['PENDING', 'BOOKED', 'REVERSED']);
const isText = (v: unknown): v is string => typeof v === 'string';

/**
 * One packed row ([bookedAt, amount, currency, direction, status, kind, merchantId, mcc,
 * merchantCountry]) of the windows' days, or null when it is outside them; throws on a row outside
 * the contract. Checked by hand: hundreds of rows a dashboard, where a schema library costs more
 * than the signals themselves.
 */
function transactionOf(row: unknown, from: string): SignalTransaction | null {
  if (!Array.isArray(row) || row.length !== 9) throw new Error('row');
  const [bookedAt, amount, currency, direction, status, kind, merchantId, mcc, country] = row as unknown[];
  if (!isText(bookedAt) || !isText(amount) || !isText(currency) || !isText(kind)) throw new Error('row');
  if (!isText(direction) || !DIRECTIONS.has(direction) || !isText(status) || !STATUSES.has(status)) throw new Error('row');
  if (bookedAt.slice(0, 10) < from) return null;
  const t = { bookedAt, amount, currency, direction: direction as SignalTransaction['direction'], status: status as SignalTransaction['status'], kind };
  if (merchantId === null && mcc === null && country === null) return t;
  if (!isText(merchantId) || !isText(mcc) || !isText(country)) throw new Error('row');
  return { ...t, merchant: { merchantId, mcc, country } };
}

/** The signal data in `activity`, or null when it cannot stand in for offers' own core read. */
export function signalDataFromActivity(customerId: string, activity: unknown, today: string): CoreSignalData | null {
  if (activity == null) return null;
  const parsed = ACTIVITY.safeParse(activity);
  if (!parsed.success) return null;
  const a = parsed.data;
  const from = windowsFor(today).previous.from;
  if (!a.complete || a.from > from) return null;
  const transactions: SignalTransaction[] = [];
  try {
    // accounts reads a day more than the windows hold (its clock and ours may straddle midnight):
    // what is left is exactly what offers' own read of the windows gives
    for (const row of a.transactions) {
      const t = transactionOf(row, from);
      if (t) transactions.push(t);
    }
  } catch {
    return null;
  }
  return {
    customer: { customerId, customerSince: a.customerSince, country: a.country, marketingConsent: a.marketingConsent },
    accounts: a.accounts,
    transactions,
  };
}
