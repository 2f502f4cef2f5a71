// Parsed end-of-day statements, held in a bounded cache. A file is ingested all or nothing: its
// statements are staged while the stream is parsed and enter the store only once the whole
// message has parsed and checked out; a file failing anywhere leaves the store as it was.
import { parseCamt, type CamtSource, type CamtRecord } from '../../../../legacy-adapters/iso20022/src';
import { StatementError, statementOf, type StatementCheck, type StoredStatement } from '../domain/statements';

export interface StatementStoreOptions {
  /** bound of the cache: statements (default 2000) */
  maxStatements?: number;
  /** bound of the cache: entries over all statements (default 200k, a few tens of MB) */
  maxEntries?: number;
}

/** The staged record an event belongs to; the parser emits a record before any of its parts. */
function stagedRecord(staged: readonly CamtRecord[], index: number): CamtRecord {
  const record = staged[index];
  if (!record) throw new Error(`statement ingest: camt event for record ${index} before the record itself`);
  return record;
}

export class StatementStore {
  private readonly byId = new Map<string, StoredStatement>();
  private entries = 0;
  private readonly maxStatements: number;
  private readonly maxEntries: number;

  constructor(opts: StatementStoreOptions = {}) {
    this.maxStatements = opts.maxStatements ?? 2000;
    this.maxEntries = opts.maxEntries ?? 200_000;
  }

  get size(): number {
    return this.byId.size;
  }

  get entryCount(): number {
    return this.entries;
  }

  /** A cached statement (refreshing its place in the LRU order). */
  get(id: string): StoredStatement | undefined {
    const s = this.byId.get(id);
    if (s) {
      this.byId.delete(id);
      this.byId.set(id, s);
    }
    return s;
  }

  /**
   * Parses a camt.053 stream and stores its statements, only if all of it is valid.
   * Throws CamtError (parse) or StatementError (content); then nothing was stored.
   */
  async ingest(source: CamtSource, opts: StatementCheck): Promise<StoredStatement[]> {
    const staged: CamtRecord[] = [];
    let message: { messageId: string; type: string; version: number } | undefined;
    let complete = false;
    for await (const ev of parseCamt(source)) {
      switch (ev.kind) {
        case 'message':
          if (ev.message.type !== 'camt.053') throw new StatementError('STATEMENT_INVALID', `${ev.message.type} is not an account statement (camt.053)`);
          message = ev.message;
          break;
        case 'record':
          staged.push({ ...ev.record, balances: [], entries: [] });
          break;
        case 'balance':
          stagedRecord(staged, ev.recordIndex).balances.push(ev.balance);
          break;
        case 'entry':
          stagedRecord(staged, ev.recordIndex).entries.push(ev.entry);
          break;
        case 'entry-refused': // only when asked to read on (parseCamt's detailsMismatch: 'emit')
        case 'record-end':
          break;
        case 'message-end':
          complete = true;
          break;
      }
    }
    if (!complete || !message) throw new StatementError('STATEMENT_INVALID', 'the file ended before the message did');
    const stored = staged.map((r) => statementOf(r, message, opts));
    const days = new Set(stored.map((s) => s.id));
    if (days.size !== stored.length) throw new StatementError('STATEMENT_INVALID', 'the file holds two statements of the same day');
    for (const s of stored) this.put(s);
    return stored;
  }

  private put(s: StoredStatement): void {
    const prior = this.byId.get(s.id);
    if (prior) {
      this.byId.delete(s.id);
      this.entries -= prior.entries.length;
    }
    this.byId.set(s.id, s);
    this.entries += s.entries.length;
    // evict least recently used, but never the statement just stored
    for (const [id, old] of this.byId) {
      if (this.byId.size <= 1 || (this.byId.size <= this.maxStatements && this.entries <= this.maxEntries)) break;
      this.byId.delete(id);
      this.entries -= old.entries.length;
    }
  }
}
