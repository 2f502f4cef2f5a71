// The customer's low-balance alerts and the crossing rule that raises LOW_BALANCE. An alert is set
// for one account, or for all of them (accountId absent); the one for the account wins over the one
// for all. The rule reads one booking: the balance before it is the balance after it minus its
// signed amount, so an alert goes when a debit takes the balance from at or above the threshold to
// below it, and never for a further debit while it stays below: the next one starts below. Nothing
// is remembered between bookings, so a redelivered or reordered event cannot arm or disarm anything.
import type { Money } from '../../../../lib/money';
import type { Trigger } from './triggers';

export interface LowBalanceAlert {
  /** the account's id (GraphQL Account.id, the core's account id); absent: every account in the threshold's currency */
  accountId?: string;
  threshold: Money;
}

/** A booked transaction as the rule needs it (TransactionBooked with the balance accounts read after it). */
export interface BookedWithBalance {
  eventId: string;
  customerId: string;
  occurredAt: Date;
  accountId: string;
  /** signed: negative is money leaving the account */
  amount: Money;
  balanceAfter: Money;
}

/** The alert in force for an account: its own, else the one for all accounts; none in another currency. */
export function alertFor(alerts: readonly LowBalanceAlert[], accountId: string, currency: string): LowBalanceAlert | undefined {
  const alert = alerts.find((a) => a.accountId === accountId) ?? alerts.find((a) => a.accountId === undefined);
  return alert && alert.threshold.currency === currency ? alert : undefined;
}

/** LOW_BALANCE when this debit crossed the account's threshold downwards, else undefined. */
export function lowBalanceTrigger(b: BookedWithBalance, alerts: readonly LowBalanceAlert[]): Trigger | undefined {
  if (b.amount.minor >= 0n || b.amount.currency !== b.balanceAfter.currency) return undefined;
  const alert = alertFor(alerts, b.accountId, b.balanceAfter.currency);
  if (!alert) return undefined;
  const after = b.balanceAfter.minor;
  const before = after - b.amount.minor;
  const threshold = alert.threshold.minor;
  if (!(before >= threshold && after < threshold)) return undefined;
  return { id: b.eventId, customerId: b.customerId, occurredAt: b.occurredAt, kind: 'LOW_BALANCE', balance: b.balanceAfter, threshold: alert.threshold };
}
