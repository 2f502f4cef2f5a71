// End-of-day statements of the simulated core: for each past day of an account's history, the
// booked movements of that day and the booked balances around them. Balances are derived
// backwards from today's ledger balance, so every statement agrees with QueryAccBal and with its
// neighbours: opening(D) + credits(D) - debits(D) = closing(D) = opening(D + 1), exactly.
// PENDING movements are not booked yet and REVERSED ones never settled: neither is on a statement.
import type { Camt053Entry, Camt053Header, Camt053Version } from '../../../legacy-adapters/iso20022/src';
import { isoOfDay, MS_PER_DAY, parseIsoDay } from '../data/calendar';
import type { CoreBank } from '../data/ledger';
import type { Account, Txn, TxnKind } from '../data/types';

interface EodStatement {
  header: Camt053Header;
  /** the day's booked movements, oldest first */
  entries: Camt053Entry[];
}

/** Days with an end-of-day statement, newest first: the account's history up to yesterday (the anchor day is still open). */
export function statementDays(bank: CoreBank, a: Account): string[] {
  const [first, last] = bank.dataset.generator.window(a);
  const out: string[] = [];
  for (let d = Math.min(last, bank.dataset.anchorDay - 1); d >= first; d--) out.push(isoOfDay(d));
  return out;
}

/** ISO bank transaction codes (domain / family / sub-family) of the simulator's kinds. */
export function bankTransactionCode(kind: TxnKind, credit: boolean): Camt053Entry['bankTransactionCode'] {
  switch (kind) {
    case 'CARD':
      return { domain: 'PMNT', family: 'CCRD', subFamily: 'POSD' };
    case 'ATM':
      return { domain: 'PMNT', family: 'CCRD', subFamily: 'CWDL' };
    case 'SALARY':
      return { domain: 'PMNT', family: 'RCDT', subFamily: 'SALA' };
    case 'DIRECT_DEBIT':
      return { domain: 'PMNT', family: 'RDDT', subFamily: 'ESDD' };
    case 'FEE':
      return { domain: 'ACMT', family: 'MDOP', subFamily: 'CHRG' };
    case 'INTEREST':
      return { domain: 'ACMT', family: 'MDOP', subFamily: 'INTR' };
    case 'TRANSFER':
      return credit ? { domain: 'PMNT', family: 'RCDT', subFamily: 'DMCT' } : { domain: 'PMNT', family: 'ICDT', subFamily: 'DMCT' };
  }
}

export const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const signed = (t: Txn) => (t.direction === 'CREDIT' ? t.amountMinor : -t.amountMinor);

function toEntry(t: Txn): Camt053Entry {
  const credit = t.direction === 'CREDIT';
  return {
    reference: t.txnId,
    amountMinor: t.amountMinor,
    creditDebit: credit ? 'CRDT' : 'DBIT',
    status: 'BOOK',
    bookingDateTime: isoSeconds(t.bookedAtMs),
    valueDate: t.valueDate,
    description: t.description,
    ...(t.reference ? { endToEndId: t.reference.slice(0, 35) } : {}),
    ...(t.counterpartyName ? { counterpartyName: t.counterpartyName } : {}),
    bankTransactionCode: bankTransactionCode(t.kind, credit),
  };
}

/** The statement of `date` (YYYY-MM-DD), or undefined when the account has none for that day. */
export function eodStatement(bank: CoreBank, a: Account, date: string, version: Camt053Version): EodStatement | undefined {
  const day = parseIsoDay(date);
  if (day === undefined || !statementDays(bank, a).includes(date)) return undefined;
  const endMs = (day + 1) * MS_PER_DAY;
  let after = 0n;
  const ofDay: Txn[] = [];
  // newest first from now down to the start of the day: everything booked later is taken off today's ledger
  for (const t of bank.page(a, { pageSize: Number.MAX_SAFE_INTEGER, fromMs: day * MS_PER_DAY }).items) {
    if (t.status !== 'BOOKED') continue;
    if (t.bookedAtMs >= endMs) after += signed(t);
    else ofDay.push(t);
  }
  ofDay.reverse();
  const closing = bank.balance(a).ledgerMinor - after;
  let credits = { count: 0, minor: 0n };
  let debits = { count: 0, minor: 0n };
  for (const t of ofDay) {
    if (t.direction === 'CREDIT') credits = { count: credits.count + 1, minor: credits.minor + t.amountMinor };
    else debits = { count: debits.count + 1, minor: debits.minor + t.amountMinor };
  }
  const opening = closing - credits.minor + debits.minor;
  const compact = date.replace(/-/g, '');
  const [first] = bank.dataset.generator.window(a);
  const header: Camt053Header = {
    version,
    messageId: `EOD-${a.accountId}-${compact}`.slice(0, 35),
    createdAt: `${isoOfDay(day + 1)}T02:00:00Z`,
    statementId: `${a.accountId}-${compact}`.slice(0, 35),
    electronicSequenceNumber: String(day - first + 1),
    fromDateTime: `${date}T00:00:00Z`,
    toDateTime: `${date}T23:59:59Z`,
    iban: a.iban,
    currency: a.currency,
    opening: { minor: opening, date },
    closing: { minor: closing, date },
    summary: { credits, debits },
  };
  return { header, entries: ofDay.map(toEntry) };
}
