// End-of-day statements as accounts serves them: what makes a parsed camt.053 record a usable
// statement (one currency, balances that chain), the opaque ids they are asked for by, and which
// days a listing covers.
import { appError } from '../../../../lib/errors';
import type { CamtEntry, CamtRecord } from '../../../../legacy-adapters/iso20022/src';
import type { Money } from '../../../../lib/money';

export type StatementErrorCode = 'STATEMENT_INVALID' | 'STATEMENT_UNBALANCED';

/** A parsed file that is not a usable statement (the parser's own faults are CamtError). */
export class StatementError extends Error {
  constructor(
    readonly code: StatementErrorCode,
    message: string,
  ) {
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

export interface StatementCheck {
  /** the account the file belongs to (the core's file drop is per account) */
  accountId: string;
  /** refuse a statement whose opening + credits - debits is not its closing (default true) */
  requireBalanced?: boolean;
}

const ID_PREFIX = 'stmt1:';

export function statementId(accountId: string, date: string): string {
  return Buffer.from(`${ID_PREFIX}${accountId}|${date}`, 'utf8').toString('base64url');
}

/** (accountId, date) of a statement id, or undefined for anything this module did not make. */
export function parseStatementId(id: string): { accountId: string; date: string } | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(id)) return undefined;
  const [, accountId, date] = /^stmt1:([A-Za-z0-9-]{1,64})\|(\d{4}-\d{2}-\d{2})$/.exec(Buffer.from(id, 'base64url').toString('utf8')) ?? [];
  return accountId !== undefined && date !== undefined ? { accountId, date } : undefined;
}

/**
 * A camt.053 record as a statement of `opts.accountId`, if it is one: one currency, an opening and
 * a closing balance, and (unless told otherwise) booked entries that lead from one to the other.
 */
export function statementOf(r: CamtRecord, message: { messageId: string; type: string; version: number }, opts: StatementCheck): StoredStatement {
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

export interface StatementsArgs {
  from?: string | null;
  to?: string | null;
  first?: number | null;
}

export const MAX_STATEMENTS_PAGE = 31;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface StatementWindow {
  from?: string;
  to?: string;
  first: number;
}

function validDay(name: string, v: string | null | undefined): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (!DAY.test(v) || Number.isNaN(Date.parse(v)) || new Date(v).toISOString().slice(0, 10) !== v) {
    throw appError('BAD_USER_INPUT', `${name} must be a date YYYY-MM-DD`, { argumentName: name });
  }
  return v;
}

/** The listing asked for: days [from, to], at most `first` (1..31, default 10); throws BAD_USER_INPUT. */
export function statementWindow(args: StatementsArgs): StatementWindow {
  const first = args.first ?? 10;
  if (!Number.isInteger(first) || first < 1 || first > MAX_STATEMENTS_PAGE) {
    throw appError('BAD_USER_INPUT', `first must be between 1 and ${MAX_STATEMENTS_PAGE}`, { argumentName: 'first' });
  }
  const from = validDay('from', args.from);
  const to = validDay('to', args.to);
  if (from && to && from > to) throw appError('BAD_USER_INPUT', 'from is after to', { argumentName: 'from' });
  return { from, to, first };
}

/** The statement days (newest first) a window covers. */
export function daysIn(days: readonly string[], w: StatementWindow): string[] {
  return days.filter((d) => (!w.from || d >= w.from) && (!w.to || d <= w.to)).slice(0, w.first);
}
