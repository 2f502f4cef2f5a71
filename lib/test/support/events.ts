// Helpers of the event backbone's suites: a valid event to send, and a wait for what a consumer
// does in the background.
import { type DomainEvent, newEvent } from '../../events/catalogue';

/** PointsChanged number `n` of a customer: key `journal:j-<n>`, delta and balance `n`. */
export function pointsEvent(n: number, customerId = 'C-1001'): DomainEvent<'PointsChanged'> {
  return newEvent({
    type: 'PointsChanged',
    key: `journal:j-${n}`,
    customerId,
    occurredAt: new Date('2026-03-15T10:00:00Z'),
    payload: { journalId: String(n), reason: 'CARD_PURCHASE', delta: String(n), balance: String(n) },
  });
}

/** Resolves once `check` holds; throws after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
