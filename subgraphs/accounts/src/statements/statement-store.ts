// Parsed end-of-day statements, held in a bounded cache. A file is ingested all or nothing: its
// statements are staged while the stream is parsed and enter the store only once the whole
// message has parsed and checked out; a file failing anywhere leaves the store as it was.
import { parseCamt, type CamtSource } from '../../../../legacy-adapters/iso20022/src/camt-parser';
import type { CamtEntry, CamtRecord } from '../../../../legacy-adapters/iso20022/src/camt-types';
import type { Money } from '../../../../lib/money';

export type StatementErrorCode = 'STATEMENT_INVALID' | 'STATEMENT_UNBALANCED';

/** A parsed file that is not a usable statement (the parser's own faults are CamtError). */
export class StatementError extends Error {
  constructor(readonly code: StatementErrorCode, message: string) {
    super(message);
    this.name = 'StatementError';
  }
}

export interface StoredStatement {
  /** opaque GraphQL id: (account, day) */
  id: string;
  accountId: string;
  /** the business day, YYYY-MM-DD */
  date: string;
  /** camt message id and format, e.g. camt.053.001.08 */
  messageId: string;
  format: string;
  statementId: string;
  iban?: string;
  currency: string;
  from: string;
  to: string;
  /** signed: a debit balance is negative */
  opening: Money;
  closing: Money;
  credits: Money;
  debits: Money;
  entries: CamtEntry[];
}

export interface IngestOptions {
  /** the account the file belongs to (the core's file drop is per account) */
  accountId: string;
  /** refuse a statement whose opening + credits - debits is not its closing (default true) */
  requireBalanced?: boolean;
}

export interface StatementStoreOptions {
  /** bound of the cache: statements (default 2000) */
  maxStatements?: number;
  /** bound of the cache: entries over all statements (default 200k, a few tens of MB) */
  maxEntries?: number;
}

const ID_PREFIX = 'stmt1:';

export function statementId(accountId: string, date: string): string {
  return Buffer.from(`${ID_PREFIX}${accountId}|${date}`, 'utf8').toString('base64url');
}

/** (accountId, date) of a statement id, or undefined for anything this module did not make. */
export function parseStatementId(id: string): { accountId: string; date: string } | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(id)) return undefined;
  const m = /^stmt1:([A-Za-z0-9-]{1,64})\|(\d{4}-\d{2}-\d{2})$/.exec(Buffer.from(id, 'base64url').toString('utf8'));
  return m ? { accountId: m[1], date: m[2] } : undefined;
}

function toStored(r: CamtRecord, message: { messageId: string; type: string; version: number }, opts: IngestOptions): StoredStatement {
  const where = `statement ${r.id}`;
  const opening = r.balances.find((b) => b.type === 'OPENING');
  const closing = r.balances.find((b) => b.type === 'CLOSING');
  if (!opening || !closing) throw new StatementError('STATEMENT_INVALID', `${where} lacks an opening (OPBD/PRCD) or closing (CLBD) balance`);
  const currency = closing.amount.currency;
  if (opening.amount.currency !== currency || (r.account.currency && r.account.currency !== currency)) {
    throw new StatementError('STATEMENT_INVALID', `${where} mixes currencies`);
  }
  let credits = 0n;
  let debits = 0n;
  for (const e of r.entries) {
    if (e.amount.currency !== currency) throw new StatementError('STATEMENT_INVALID', `${where}: entry ${e.index} is in ${e.amount.currency}`);
    // only booked movements move a booked balance
    if (e.status !== 'BOOK') continue;
    if (e.creditDebit === 'CRDT') credits += e.amount.minor;
    else debits += e.amount.minor;
  }
  if ((opts.requireBalanced ?? true) && opening.amount.minor + credits - debits !== closing.amount.minor) {
    throw new StatementError('STATEMENT_UNBALANCED', `${where}: opening + credits - debits is not the closing balance`);
  }
  const date = closing.date.slice(0, 10);
  return {
    id: statementId(opts.accountId, date),
    accountId: opts.accountId,
    date,
    messageId: message.messageId,
    format: `${message.type}.001.${String(message.version).padStart(2, '0')}`,
    statementId: r.id,
    ...(r.account.iban ? { iban: r.account.iban } : {}),
    currency,
    from: r.fromDateTime ?? `${date}T00:00:00Z`,
    to: r.toDateTime ?? `${date}T23:59:59Z`,
    opening: opening.amount,
    closing: closing.amount,
    credits: { minor: credits, currency },
    debits: { minor: debits, currency },
    entries: r.entries,
  };
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
  async ingest(source: CamtSource, opts: IngestOptions): Promise<StoredStatement[]> {
    const staged: CamtRecord[] = [];
    let message: { messageId: string; type: string; version: number } | undefined;
    let complete = false;
    for await (const ev of parseCamt(source)) {
      switch (ev.kind) {
        case 'message':
          if (ev.message.type !== 'camt.053') throw new StatementError('STATEMENT_INVALID', `${ev.message.type} is not an account statement (camt.053)`);
          message = ev.message;
          break;
        case 'record': staged.push({ ...ev.record, balances: [], entries: [] }); break;
        case 'balance': staged[ev.recordIndex].balances.push(ev.balance); break;
        case 'entry': staged[ev.recordIndex].entries.push(ev.entry); break;
        case 'record-end': break;
        case 'message-end': complete = true; break;
      }
    }
    if (!complete || !message) throw new StatementError('STATEMENT_INVALID', 'the file ended before the message did');
    const stored = staged.map((r) => toStored(r, message!, opts));
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
