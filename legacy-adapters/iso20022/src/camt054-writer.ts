// Writes one camt.054 debit/credit notification (.001.02 or .001.08): the core telling the bank's
// systems about bookings on one account as they happen. Small by nature (one booking, a batch at
// most), so it is written whole; the entries are the same XML as a statement's (camt-entry-xml.ts).
import { accountXml, entryXml, groupHeaderXml, type CamtEntryInput, type CamtWriteVersion } from './camt-entry-xml';
import { escapeXml as x } from './xml';

export interface Camt054Header {
  version: CamtWriteVersion;
  messageId: string;
  /** ISODateTime */
  createdAt: string;
  notificationId: string;
  /** the core's running number of notifications for the account */
  electronicSequenceNumber?: string;
  iban: string;
  currency: string;
  /** the account owner's id at the core (Acct/Ownr/Id/PrvtId/Othr/Id): who the booking concerns, never a name */
  ownerId?: string;
}

export function writeCamt054(h: Camt054Header, entries: readonly CamtEntryInput[]): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.0${h.version}">\n<BkToCstmrDbtCdtNtfctn>\n` +
    groupHeaderXml(h.messageId, h.createdAt) +
    `<Ntfctn><Id>${x(h.notificationId)}</Id>` +
    (h.electronicSequenceNumber ? `<ElctrncSeqNb>${x(h.electronicSequenceNumber)}</ElctrncSeqNb>` : '') +
    `<CreDtTm>${h.createdAt}</CreDtTm>` +
    accountXml(h.iban, h.currency, h.ownerId) +
    entries.map((e) => entryXml(e, h.currency, h.version)).join('') +
    '</Ntfctn>\n</BkToCstmrDbtCdtNtfctn>\n</Document>\n'
  );
}
