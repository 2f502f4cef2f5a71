// The typed view of a camt.052 / camt.053 / camt.054 message as the streaming parser emits it.
import type { Money } from '../../../lib/money';

export type CamtMessageType = 'camt.052' | 'camt.053' | 'camt.054';
/** What one record of the message is: a report (052), a statement (053) or a notification (054). */
export type CamtRecordKind = 'REPORT' | 'STATEMENT' | 'NOTIFICATION';
export type CreditDebit = 'CRDT' | 'DBIT';

export type CamtBalanceType =
  | 'OPENING'
  | 'CLOSING'
  | 'OPENING_AVAILABLE'
  | 'CLOSING_AVAILABLE'
  | 'FORWARD_AVAILABLE'
  | 'INFORMATION'
  | 'INTERIM_AVAILABLE'
  | 'INTERIM'
  | 'EXPECTED_CREDIT'
  | 'EXPECTED_DEBIT'
  | 'OTHER';

export interface CamtMessageHeader {
  type: CamtMessageType;
  /** message version: 8 for camt.053.001.08 */
  version: number;
  namespace: string;
  messageId: string;
  /** GrpHdr/CreDtTm as written (ISODateTime) */
  createdAt: string;
}

export interface CamtAccount {
  iban?: string;
  /** Othr/Id (or PrtryAcct/Id in .001.01) when the account is not identified by an IBAN */
  otherId?: string;
  currency?: string;
  name?: string;
  /** Ownr/Id/(PrvtId|OrgId)/Othr/Id: the owner's id at the account servicer (a customer number) */
  ownerId?: string;
}

export interface CamtRecordHeader {
  /** 0-based position of the record in the message */
  index: number;
  kind: CamtRecordKind;
  id: string;
  electronicSequenceNumber?: string;
  legalSequenceNumber?: string;
  createdAt?: string;
  fromDateTime?: string;
  toDateTime?: string;
  copyDuplicate?: string;
  account: CamtAccount;
}

export interface CamtBalance {
  /** ISO code as written (OPBD, PRCD, CLBD, ...) or the proprietary text */
  code: string;
  type: CamtBalanceType;
  /** signed: a DBIT balance is negative */
  amount: Money;
  creditDebit: CreditDebit;
  /** ISODate (yyyy-mm-dd) or ISODateTime as written */
  date: string;
}

export interface CamtBankTransactionCode {
  domain?: string;
  family?: string;
  subFamily?: string;
  proprietary?: string;
}

/**
 * One transaction of an entry (`NtryDtls/TxDtls`). A batched entry (a salary run, a card
 * settlement) has several; their signed amounts add up to the entry's, which the reader checks.
 * An entry written without any TxDtls gets one detail made of the entry itself.
 */
export interface CamtTransactionDetails {
  /** 0-based position within its entry */
  index: number;
  /** always positive: the direction is `creditDebit`; `TxDtls/Amt`, else `AmtDtls/TxAmt/Amt`, else (sole detail) the entry's */
  amount: Money;
  /** `TxDtls/CdtDbtInd`, else the entry's */
  creditDebit: CreditDebit;
  endToEndId?: string;
  /** Refs/TxId */
  transactionId?: string;
  /** Refs/AcctSvcrRef */
  accountServicerReference?: string;
  /** Refs/InstrId */
  instructionId?: string;
  /** the other side: the creditor of a debit, the debtor of a credit */
  counterpartyName?: string;
  counterpartyIban?: string;
  /** RmtInf/Ustrd, joined (at most 4 lines) */
  remittanceInformation?: string;
}

export interface CamtEntry {
  /** 0-based position within its record */
  index: number;
  /** NtryRef */
  reference?: string;
  /** always positive: the direction is `creditDebit` */
  amount: Money;
  creditDebit: CreditDebit;
  reversal: boolean;
  /** BOOK, PDNG, INFO, ... (Sts, or Sts/Cd from .001.07 on) */
  status: string;
  bookingDate?: string;
  valueDate?: string;
  accountServicerReference?: string;
  bankTransactionCode?: CamtBankTransactionCode;
  additionalInfo?: string;
  /** the first detail's, as before details were read (kept for callers that show one line per entry) */
  endToEndId?: string;
  remittanceInformation?: string;
  counterpartyName?: string;
  /** at least one; see CamtTransactionDetails */
  details: CamtTransactionDetails[];
}

/** An entry the reader refused (`CAMT_DETAILS_MISMATCH`) while told to go on reading: what it read of it, without details. */
export type CamtRefusedEntry = Omit<CamtEntry, 'details'>;

export type CamtEvent =
  | { kind: 'message'; message: CamtMessageHeader }
  | { kind: 'record'; record: CamtRecordHeader }
  | { kind: 'balance'; recordIndex: number; balance: CamtBalance }
  | { kind: 'entry'; recordIndex: number; entry: CamtEntry }
  /** only with `detailsMismatch: 'emit'`: the entry takes its index but is not an `entry` */
  | { kind: 'entry-refused'; recordIndex: number; entry: CamtRefusedEntry; error: CamtRefusal }
  | { kind: 'record-end'; recordIndex: number; entryCount: number; balanceCount: number; additionalInfo?: string }
  | { kind: 'message-end'; recordCount: number; entryCount: number };

/** Why an entry was refused: a CamtError's code and message (with the line). */
export interface CamtRefusal {
  code: 'CAMT_DETAILS_MISMATCH';
  message: string;
}

/** A record held whole (for small files and for the statement store). */
export interface CamtRecord extends CamtRecordHeader {
  balances: CamtBalance[];
  entries: CamtEntry[];
  /** entries refused while reading on (`detailsMismatch: 'emit'`); absent otherwise */
  refused?: { entry: CamtRefusedEntry; error: CamtRefusal }[];
  additionalInfo?: string;
}

export interface CamtDocument {
  message: CamtMessageHeader;
  records: CamtRecord[];
}

/** Signed minor units of an entry: credits positive, debits negative. */
export function signedMinor(entry: Pick<CamtEntry, 'amount' | 'creditDebit'>): bigint {
  return entry.creditDebit === 'DBIT' ? -entry.amount.minor : entry.amount.minor;
}
