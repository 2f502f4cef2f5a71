// A caller's write must end their reads that were de-duplicated or cached before it: each write
// moves the generation of the caller's subject, and reads are keyed by it (fetch-key.ts).

const MAX_TRACKED_SUBJECTS = 100_000;

export type BumpListener = (subject: string) => void;

/**
 * Write generations per subject (TokenCaller.subject), one instance shared by all the gateway's
 * subgraph fetchers: a mutation sent to loyalty (a CASH redemption moves money on an accounts
 * balance) must end the caller's cached reads of accounts as well.
 *
 * Generations only ever grow, also when the table is full and forgets everybody: a forgotten
 * subject comes back at the highest generation handed out so far (`floor`), never at an older
 * one, so no answer cached before one of its writes can be found again.
 */
export class WriteGenerations {
  private readonly bySubject = new Map<string, number>();
  private readonly listeners = new Set<BumpListener>();
  private last = 0;
  private floor = 0;

  constructor(private readonly maxSubjects = MAX_TRACKED_SUBJECTS) {}

  of(subject: string): number {
    return this.bySubject.get(subject) ?? this.floor;
  }

  /** The newest generation handed out to anybody: it moves with every write, whoever made it. */
  latest(): number {
    return this.last;
  }

  /** A write for this subject is under way or done here: its earlier reads are outdated. Tells the listeners. */
  bump(subject: string): void {
    this.advance(subject);
    for (const listener of this.listeners) listener(subject);
  }

  /** Another gateway process saw a write for this subject: the same, without telling the listeners again. */
  bumpFromPeer(subject: string): void {
    this.advance(subject);
  }

  /** Called after every local bump (e.g. to tell other processes); returns the unsubscribe function. */
  onBump(listener: BumpListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private advance(subject: string): void {
    if (this.bySubject.size >= this.maxSubjects && !this.bySubject.has(subject)) {
      this.floor = this.last;
      this.bySubject.clear();
    }
    this.bySubject.set(subject, ++this.last);
  }
}
