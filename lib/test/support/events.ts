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

/**
 * Four events of two customers, A's first; A's handler is held until both of B's are handled, so
 * only a member that handles customers side by side gets through. Returns the handler and what it saw.
 */
export function twoCustomersOneSlow(): { events: DomainEvent[]; handler: (e: DomainEvent) => Promise<void>; seen: string[] } {
  const events = [pointsEvent(1, 'C-1001'), pointsEvent(2, 'C-1002'), pointsEvent(3, 'C-1001'), pointsEvent(4, 'C-1002')];
  const seen: string[] = [];
  let releaseA!: () => void;
  const bDone = new Promise<void>((r) => (releaseA = r));
  const handler = async (e: DomainEvent) => {
    if (e.customerId === 'C-1001') await bDone;
    seen.push(`${e.customerId}:${e.key}`);
    if (seen.filter((s) => s.startsWith('C-1002:')).length === 2) releaseA();
  };
  return { events, handler, seen };
}
