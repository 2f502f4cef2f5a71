// The journals of a card feed batch that nothing in the batch reads back: a hold or a purchase
// with no authorisation to end and no reversal waiting. They are posted together, with one ledger
// statement (Ledger.postManyWithin), when the batch ends or as soon as an advice is about to read
// the ledger (an authorisation's hold, a reversal's original): whatever an advice reads is posted
// by then. Each entry's event goes into the outbox right after its journal's own events, so the
// outbox holds the same events in the same order as when each advice posted its journal itself.
import type { Queryable } from '../../../../lib/db/database';
import { appendEvent, type DomainEvent } from '../../../../lib/events';
import type { JournalInput } from '../domain/ledger/journal';
import type { Ledger } from './ledger/ledger';

interface Pending {
  journal: JournalInput | null;
  /** the advice's own event, given the journal's id (undefined: no journal) */
  event?: (journalId: string | undefined) => DomainEvent;
}

export class PendingJournals {
  private pending: Pending[] = [];

  constructor(private readonly ledger: Ledger) {}

  add(journal: JournalInput | null, event?: Pending['event']): void {
    if (journal || event) this.pending.push({ journal, ...(event ? { event } : {}) });
  }

  /** Posts what is pending, appending each entry's event in its place; nothing pending, no statement. */
  async flush(tx: Queryable): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    if (pending.length === 0) return;
    // the entries with a journal, each with its place among all of them
    const posting = pending.flatMap((p, at) => (p.journal ? [{ journal: p.journal, at }] : []));
    let done = 0;
    // the events of entries up to `end` (not included) that have no journal, in order
    const eventsBefore = async (end: number) => {
      for (; done < end; done++) {
        const event = pending[done]?.event;
        if (event) await appendEvent(tx, event(undefined));
      }
    };
    await this.ledger.postManyWithin(
      tx,
      posting.map((p) => p.journal),
      async (posted, n) => {
        const at = (posting[n] as { at: number }).at;
        await eventsBefore(at);
        const event = pending[at]?.event;
        if (event) await appendEvent(tx, event(posted.journalId));
        done = at + 1;
      },
    );
    await eventsBefore(pending.length);
  }
}
