// Writes one camt.053 statement (.001.02 or .001.08) as a stream of text chunks, entries pulled
// one at a time from an (async) iterable: a statement of any size is written without being held.
import { formatMinor } from '../../../lib/money';
import { accountXml, entryXml, groupHeaderXml, type CamtEntryInput, type CamtWriteVersion } from './camt-entry-xml';
import { escapeXml } from './xml';

export type Camt053Version = CamtWriteVersion;

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

/** An entry of a statement: the same shape as a notification's (camt-entry-xml.ts). */
export type Camt053Entry = CamtEntryInput;

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

/** The statement as UTF-8 text chunks of about 64 KB. */
export async function* writeCamt053(h: Camt053Header, entries: Iterable<Camt053Entry> | AsyncIterable<Camt053Entry>): AsyncGenerator<string, void, undefined> {
  const x = escapeXml;
  let buf =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.0${h.version}">\n<BkToCstmrStmt>\n` +
    groupHeaderXml(h.messageId, h.createdAt) +
    `<Stmt><Id>${x(h.statementId)}</Id>` +
    (h.electronicSequenceNumber ? `<ElctrncSeqNb>${x(h.electronicSequenceNumber)}</ElctrncSeqNb>` : '') +
    `<CreDtTm>${h.createdAt}</CreDtTm>` +
    `<FrToDt><FrDtTm>${h.fromDateTime}</FrDtTm><ToDtTm>${h.toDateTime}</ToDtTm></FrToDt>` +
    accountXml(h.iban, h.currency) +
    `${balance('OPBD', h.opening, h.currency)}\n${balance('CLBD', h.closing, h.currency)}\n${summary(h)}\n`;
  for await (const e of entries) {
    buf += entryXml(e, h.currency, h.version);
    if (buf.length >= CHUNK) {
      yield buf;
      buf = '';
    }
  }
  yield `${buf}</Stmt>\n</BkToCstmrStmt>\n</Document>\n`;
}
