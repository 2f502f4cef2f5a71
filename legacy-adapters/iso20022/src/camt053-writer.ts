// Writes one camt.053 statement (.001.02 or .001.08) as a stream of text chunks, entries pulled
// one at a time from an (async) iterable: a statement of any size is written without being held.
import { formatMinor } from '../../../lib/money';
import type { CreditDebit } from './camt-types';
import { escapeXml } from './xml';

export type Camt053Version = 2 | 8;

export interface Camt053Header {
  version: Camt053Version;
  messageId: string;
  /** ISODateTime */
  createdAt: string;
  statementId: string;
  electronicSequenceNumber?: string;
  /** ISODateTime bounds of the statement period */
  fromDateTime: string;
  toDateTime: string;
  iban: string;
  currency: string;
  /** signed minor units (negative: debit balance) and ISODate */
  opening: { minor: bigint; date: string };
  closing: { minor: bigint; date: string };
  /** written as TxsSummry when given */
  summary?: { credits: { count: number; minor: bigint }; debits: { count: number; minor: bigint } };
}

export interface Camt053Entry {
  reference: string;
  /** positive minor units */
  amountMinor: bigint;
  creditDebit: CreditDebit;
  status: 'BOOK' | 'PDNG' | 'INFO';
  bookingDateTime: string;
  valueDate: string;
  description?: string;
  endToEndId?: string;
  counterpartyName?: string;
  bankTransactionCode?: { domain: string; family: string; subFamily: string };
}

const CHUNK = 64 * 1024;

function balance(code: string, b: { minor: bigint; date: string }, currency: string): string {
  const cdi = b.minor < 0n ? 'DBIT' : 'CRDT';
  const abs = b.minor < 0n ? -b.minor : b.minor;
  return (
    `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="${currency}">${formatMinor(abs, currency)}</Amt>` +
    `<CdtDbtInd>${cdi}</CdtDbtInd><Dt><Dt>${b.date}</Dt></Dt></Bal>`
  );
}

function summary(h: Camt053Header): string {
  if (!h.summary) return '';
  const { credits, debits } = h.summary;
  const net = credits.minor - debits.minor;
  const sum = (m: bigint) => formatMinor(m, h.currency);
  const netAmount = sum(net < 0n ? -net : net);
  const netSide = net < 0n ? 'DBIT' : 'CRDT';
  // .001.02 carries the net as two elements, later versions group them in TtlNetNtry
  const netXml =
    h.version === 2
      ? `<TtlNetNtryAmt>${netAmount}</TtlNetNtryAmt><CdtDbtInd>${netSide}</CdtDbtInd>`
      : `<TtlNetNtry><Amt>${netAmount}</Amt><CdtDbtInd>${netSide}</CdtDbtInd></TtlNetNtry>`;
  return (
    '<TxsSummry>' +
    `<TtlNtries><NbOfNtries>${credits.count + debits.count}</NbOfNtries><Sum>${sum(credits.minor + debits.minor)}</Sum>${netXml}</TtlNtries>` +
    `<TtlCdtNtries><NbOfNtries>${credits.count}</NbOfNtries><Sum>${sum(credits.minor)}</Sum></TtlCdtNtries>` +
    `<TtlDbtNtries><NbOfNtries>${debits.count}</NbOfNtries><Sum>${sum(debits.minor)}</Sum></TtlDbtNtries>` +
    '</TxsSummry>'
  );
}

function entry(e: Camt053Entry, currency: string, version: Camt053Version): string {
  const x = escapeXml;
  const status = version >= 7 ? `<Sts><Cd>${e.status}</Cd></Sts>` : `<Sts>${e.status}</Sts>`;
  const btc = e.bankTransactionCode
    ? `<BkTxCd><Domn><Cd>${e.bankTransactionCode.domain}</Cd><Fmly><Cd>${e.bankTransactionCode.family}</Cd><SubFmlyCd>${e.bankTransactionCode.subFamily}</SubFmlyCd></Fmly></Domn></BkTxCd>`
    : '';
  // the other side of the movement: the creditor of a debit, the debtor of a credit
  const role = e.creditDebit === 'DBIT' ? 'Cdtr' : 'Dbtr';
  const name = e.counterpartyName ? (version >= 8 ? `<Pty><Nm>${x(e.counterpartyName)}</Nm></Pty>` : `<Nm>${x(e.counterpartyName)}</Nm>`) : '';
  const details =
    '<NtryDtls><TxDtls>' +
    `<Refs><EndToEndId>${x(e.endToEndId ?? 'NOTPROVIDED')}</EndToEndId></Refs>` +
    (name ? `<RltdPties><${role}>${name}</${role}></RltdPties>` : '') +
    (e.description ? `<RmtInf><Ustrd>${x(e.description.slice(0, 140))}</Ustrd></RmtInf>` : '') +
    '</TxDtls></NtryDtls>';
  return (
    `<Ntry><NtryRef>${x(e.reference)}</NtryRef><Amt Ccy="${currency}">${formatMinor(e.amountMinor, currency)}</Amt>` +
    `<CdtDbtInd>${e.creditDebit}</CdtDbtInd>${status}` +
    `<BookgDt><DtTm>${e.bookingDateTime}</DtTm></BookgDt><ValDt><Dt>${e.valueDate}</Dt></ValDt>` +
    `<AcctSvcrRef>${x(e.reference)}</AcctSvcrRef>${btc}${details}` +
    (e.description ? `<AddtlNtryInf>${x(e.description.slice(0, 500))}</AddtlNtryInf>` : '') +
    '</Ntry>\n'
  );
}

/** The statement as UTF-8 text chunks of about 64 KB. */
export async function* writeCamt053(h: Camt053Header, entries: Iterable<Camt053Entry> | AsyncIterable<Camt053Entry>): AsyncGenerator<string, void, undefined> {
  const x = escapeXml;
  let buf =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.0${h.version}">\n<BkToCstmrStmt>\n` +
    `<GrpHdr><MsgId>${x(h.messageId)}</MsgId><CreDtTm>${h.createdAt}</CreDtTm></GrpHdr>\n` +
    `<Stmt><Id>${x(h.statementId)}</Id>` +
    (h.electronicSequenceNumber ? `<ElctrncSeqNb>${x(h.electronicSequenceNumber)}</ElctrncSeqNb>` : '') +
    `<CreDtTm>${h.createdAt}</CreDtTm>` +
    `<FrToDt><FrDtTm>${h.fromDateTime}</FrDtTm><ToDtTm>${h.toDateTime}</ToDtTm></FrToDt>` +
    `<Acct><Id><IBAN>${x(h.iban)}</IBAN></Id><Ccy>${h.currency}</Ccy></Acct>\n` +
    `${balance('OPBD', h.opening, h.currency)}\n${balance('CLBD', h.closing, h.currency)}\n${summary(h)}\n`;
  for await (const e of entries) {
    buf += entry(e, h.currency, h.version);
    if (buf.length >= CHUNK) {
      yield buf;
      buf = '';
    }
  }
  yield `${buf}</Stmt>\n</BkToCstmrStmt>\n</Document>\n`;
}
