// Streaming reader of camt.052 / camt.053 / camt.054 (.001.01 to .001.08). It pulls chunks from the
// source only as fast as the consumer takes events, and keeps no more than the entry being read, so
// the size of the file does not decide the memory used.
/* eslint-disable max-lines -- one streaming parser (a state machine over SAX events) for camt.052/053/054 v2-v8: its states read together */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import type { Readable } from 'node:stream';
import { parseDecimal, MoneyError } from '../../../lib/money';
import { CamtError, type CamtErrorCode } from './errors';
import { completeDetails, detailField, detailsMismatch, type DetailDraft, type DetailRead } from './camt-details';
import type {
  CamtAccount,
  CamtBalance,
  CamtBalanceType,
  CamtBankTransactionCode,
  CamtDocument,
  CamtEvent,
  CamtMessageHeader,
  CamtMessageType,
  CamtRecord,
  CamtRecordHeader,
  CamtRecordKind,
  CamtRefusedEntry,
  CreditDebit,
} from './camt-types';

export type CamtSource = Readable | AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

export interface CamtParseOptions {
  /**
   * An entry whose TxDtls do not add up to it (CAMT_DETAILS_MISMATCH): 'refuse-file' (default)
   * throws, as for any other fault; 'emit' yields an `entry-refused` event and reads on, for a
   * caller that parks such entries and applies the rest (accounts' core notifications).
   */
  detailsMismatch?: 'refuse-file' | 'emit';
  /** TxDtls held per entry before the file is refused (CAMT_TOO_MANY_DETAILS); default 5000 */
  maxDetailsPerEntry?: number;
}

/** A salary run or card settlement larger than this arrives split over several entries in practice. */
const DEFAULT_MAX_DETAILS = 5000;

const NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:camt\.(05[234])\.001\.(\d{2})$/;
const SUPPORTED_VERSIONS = { min: 1, max: 8 } as const;

interface MessageShape {
  type: CamtMessageType;
  root: string;
  record: string;
  kind: CamtRecordKind;
  additionalInfo: string;
}
const SHAPES: Record<string, MessageShape> = {
  '052': { type: 'camt.052', root: 'BkToCstmrAcctRpt', record: 'Rpt', kind: 'REPORT', additionalInfo: 'AddtlRptInf' },
  '053': { type: 'camt.053', root: 'BkToCstmrStmt', record: 'Stmt', kind: 'STATEMENT', additionalInfo: 'AddtlStmtInf' },
  '054': { type: 'camt.054', root: 'BkToCstmrDbtCdtNtfctn', record: 'Ntfctn', kind: 'NOTIFICATION', additionalInfo: 'AddtlNtfctnInf' },
};

const BALANCE_TYPES: Record<string, CamtBalanceType> = {
  OPBD: 'OPENING',
  PRCD: 'OPENING',
  CLBD: 'CLOSING',
  OPAV: 'OPENING_AVAILABLE',
  CLAV: 'CLOSING_AVAILABLE',
  FWAV: 'FORWARD_AVAILABLE',
  INFO: 'INFORMATION',
  ITAV: 'INTERIM_AVAILABLE',
  ITBD: 'INTERIM',
  XPCD: 'EXPECTED_CREDIT',
  XPDT: 'EXPECTED_DEBIT',
};

/** Record children that come after the header: the first of them closes the header. */
const AFTER_HEADER = new Set(['Intrst', 'Bal', 'TxsSummry', 'Ntry', 'AddtlStmtInf', 'AddtlRptInf', 'AddtlNtfctnInf']);

/** Free text longer than this is cut; no field this parser keeps is longer in any version's XSD. */
const MAX_TEXT = 2048;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const DECIMAL = /^(\d{1,18})(?:\.(\d{1,17}))?$/;

/**
 * Amount text -> minor units. Trailing zeros beyond the currency's exponent are accepted
 * ("18.150" EUR is 1815 cents); any other digit below the minor unit refuses the file
 * (CAMT_INVALID_AMOUNT), since rounding it would invent or lose money.
 */
export function camtAmountToMinor(text: string, currency: string): bigint {
  if (!DECIMAL.test(text)) throw new CamtError('CAMT_INVALID_AMOUNT', `not a non-negative decimal amount: ${JSON.stringify(text.slice(0, 40))}`);
  try {
    return parseDecimal(text, currency).minor;
  } catch (err) {
    if (!(err instanceof MoneyError)) throw err;
    const why = err.code === 'TOO_MANY_DECIMALS' ? `has digits below the minor unit (${err.message})` : err.message;
    throw new CamtError('CAMT_INVALID_AMOUNT', `${text} ${currency.slice(0, 3)}: ${why}`);
  }
}

interface BalanceDraft {
  code?: string;
  text: Partial<Record<'amount' | 'ccy' | 'cdi' | 'date', string>>;
}
interface EntryDraft {
  amount?: string;
  ccy?: string;
  cdi?: string;
  reversal?: string;
  status?: string;
  bookingDate?: string;
  valueDate?: string;
  reference?: string;
  accountServicerReference?: string;
  btc: CamtBankTransactionCode;
  additionalInfo?: string;
  details: DetailDraft[];
}

/** Keeps the parse state and turns SAX callbacks into CamtEvents (queued for the generator). */
class CamtReader {
  readonly out: CamtEvent[] = [];
  private stack: string[] = [];
  /** record-relative path of every open element below the record ('' above it) */
  private paths: string[] = [];
  private text = '';
  private shape?: MessageShape;
  private version = 0;
  private namespace = '';
  private messageId?: string;
  private messageCreatedAt?: string;
  private messageEmitted = false;
  private recordDepth = -1;
  private recordCount = 0;
  private totalEntries = 0;
  private record?: {
    header: Partial<CamtRecordHeader> & { account: CamtAccount };
    emitted: boolean;
    entries: number;
    balances: number;
    additionalInfo?: string;
  };
  private balance?: BalanceDraft;
  private entry?: EntryDraft;
  private finished = false;

  constructor(
    private readonly where: () => { line: number; column: number },
    private readonly opts: Required<CamtParseOptions>,
  ) {}

  fail(code: CamtErrorCode, message: string): never {
    throw new CamtError(code, message, this.where());
  }

  onText(t: string): void {
    if (this.text.length < MAX_TEXT) this.text += t.length > MAX_TEXT ? t.slice(0, MAX_TEXT) : t;
  }

  onOpen(tag: SaxesTagNS): void {
    const depth = this.stack.length;
    this.text = '';
    if (depth === 0) return this.openDocument(tag);
    const name = tag.local;
    this.stack.push(name);
    if (depth === 1) {
      // .001.01 named its message element with the version suffix (BkToCstmrAcctRptV01)
      const expected = this.version === 1 ? [this.shape!.root, `${this.shape!.root}V01`] : [this.shape!.root];
      if (!expected.includes(name) || tag.uri !== this.namespace)
        this.fail('CAMT_UNSUPPORTED_MESSAGE', `expected ${this.shape!.root} in ${this.shape!.type}, found ${name}`);
      this.paths.push('');
      return;
    }
    if (depth === 2 && name === this.shape!.record) {
      this.startRecord(depth);
      this.paths.push('');
      return;
    }
    const parent = this.paths[this.paths.length - 1];
    const path = this.recordDepth < 0 ? '' : parent === '' ? name : `${parent}/${name}`;
    this.paths.push(path);
    if (this.recordDepth < 0 || !this.record) return;
    if (depth === this.recordDepth + 1) {
      if (AFTER_HEADER.has(name)) this.emitRecordHeader();
      if (name === 'Bal') this.balance = { text: {} };
      else if (name === 'Ntry') this.entry = { btc: {}, details: [] };
    } else if (path === 'Bal/Amt' && this.balance) {
      this.balance.text.ccy = this.ccyOf(tag);
    } else if (this.entry && path.startsWith('Ntry/')) {
      this.openInEntry(this.entry, path, tag);
    }
  }

  private openInEntry(e: EntryDraft, path: string, tag: SaxesTagNS): void {
    if (path === 'Ntry/Amt') e.ccy = this.ccyOf(tag);
    else if (path === 'Ntry/NtryDtls/TxDtls') {
      if (e.details.length >= this.opts.maxDetailsPerEntry) {
        this.fail('CAMT_TOO_MANY_DETAILS', `Ntry #${this.record!.entries + 1} of ${this.record!.header.id}: more than ${this.opts.maxDetailsPerEntry} TxDtls`);
      }
      e.details.push({});
    } else if (path === 'Ntry/NtryDtls/TxDtls/Amt') {
      const d = e.details[e.details.length - 1];
      if (d) d.ccy = this.ccyOf(tag);
    } else if (path === 'Ntry/NtryDtls/TxDtls/AmtDtls/TxAmt/Amt') {
      const d = e.details[e.details.length - 1];
      if (d) d.txCcy = this.ccyOf(tag);
    }
  }

  onClose(): void {
    const path = this.paths.pop() ?? '';
    const name = this.stack.pop()!;
    const value = this.text.trim();
    this.text = '';
    const depth = this.stack.length;
    if (this.recordDepth < 0) {
      if (depth === 3 && this.stack[2] === 'GrpHdr') {
        if (name === 'MsgId') this.messageId = value;
        else if (name === 'CreDtTm') this.messageCreatedAt = this.dateTime(value, 'GrpHdr/CreDtTm');
      }
      if (depth === 1) this.endRoot();
      if (depth === 0) this.finished = true;
      return;
    }
    if (depth === this.recordDepth) return this.endRecord();
    const rec = this.record!;
    if (path.startsWith('Bal/') || path === 'Bal') return this.balanceField(path, value);
    if (path.startsWith('Ntry/') || path === 'Ntry') return this.entryField(path, value);
    const h = rec.header;
    switch (path) {
      case 'Id':
        h.id = value;
        break;
      case 'ElctrncSeqNb':
        h.electronicSequenceNumber = value;
        break;
      case 'LglSeqNb':
        h.legalSequenceNumber = value;
        break;
      case 'CreDtTm':
        h.createdAt = this.dateTime(value, 'CreDtTm');
        break;
      case 'FrToDt/FrDtTm':
        h.fromDateTime = this.dateTime(value, 'FrToDt/FrDtTm');
        break;
      case 'FrToDt/ToDtTm':
        h.toDateTime = this.dateTime(value, 'FrToDt/ToDtTm');
        break;
      case 'CpyDplctInd':
        h.copyDuplicate = value;
        break;
      case 'Acct/Id/IBAN':
        h.account.iban = value;
        break;
      case 'Acct/Id/Othr/Id':
      case 'Acct/Id/PrtryAcct/Id':
        h.account.otherId = value;
        break;
      case 'Acct/Ccy':
        h.account.currency = value;
        break;
      case 'Acct/Nm':
        h.account.name = value;
        break;
      case 'Acct/Ownr/Id/PrvtId/Othr/Id':
      case 'Acct/Ownr/Id/OrgId/Othr/Id':
        h.account.ownerId = value;
        break;
      case this.shape!.additionalInfo:
        rec.additionalInfo = value;
        break;
      default:
        break;
    }
  }

  end(): void {
    if (!this.finished) this.fail('CAMT_MALFORMED_XML', 'the document ended before its root element closed');
  }

  private openDocument(tag: SaxesTagNS): void {
    const [, family, versionDigits] = NAMESPACE.exec(tag.uri ?? '') ?? [];
    const shape = family === undefined ? undefined : SHAPES[family];
    if (tag.local !== 'Document' || !shape || versionDigits === undefined) {
      this.fail('CAMT_UNSUPPORTED_MESSAGE', `not a camt.052/053/054 Document (root ${tag.name}, namespace ${JSON.stringify(tag.uri ?? '')})`);
    }
    const version = Number(versionDigits);
    if (version < SUPPORTED_VERSIONS.min || version > SUPPORTED_VERSIONS.max) {
      this.fail('CAMT_UNSUPPORTED_MESSAGE', `camt.${family}.001.${versionDigits} is not supported (versions .001.01 to .001.08)`);
    }
    this.shape = shape;
    this.version = version;
    this.namespace = tag.uri;
    this.stack.push('Document');
    this.paths.push('');
  }

  private startRecord(depth: number): void {
    if (!this.messageEmitted) {
      if (!this.messageId) this.fail('CAMT_MISSING_ELEMENT', 'GrpHdr/MsgId is missing');
      if (!this.messageCreatedAt) this.fail('CAMT_MISSING_ELEMENT', 'GrpHdr/CreDtTm is missing');
      const message: CamtMessageHeader = {
        type: this.shape!.type,
        version: this.version,
        namespace: this.namespace,
        messageId: this.messageId,
        createdAt: this.messageCreatedAt,
      };
      this.out.push({ kind: 'message', message });
      this.messageEmitted = true;
    }
    this.recordDepth = depth;
    this.record = { header: { index: this.recordCount, kind: this.shape!.kind, account: {} }, emitted: false, entries: 0, balances: 0 };
  }

  private emitRecordHeader(): void {
    const rec = this.record!;
    if (rec.emitted) return;
    const h = rec.header;
    const what = `${this.shape!.record} #${this.recordCount + 1}`;
    if (!h.id) this.fail('CAMT_MISSING_ELEMENT', `${what}: Id is missing`);
    if (!h.account.iban && !h.account.otherId) this.fail('CAMT_MISSING_ELEMENT', `${what}: Acct/Id (IBAN or Othr/Id) is missing`);
    this.out.push({ kind: 'record', record: { ...h } as CamtRecordHeader });
    rec.emitted = true;
  }

  private endRecord(): void {
    this.emitRecordHeader();
    const rec = this.record!;
    this.out.push({
      kind: 'record-end',
      recordIndex: this.recordCount,
      entryCount: rec.entries,
      balanceCount: rec.balances,
      ...(rec.additionalInfo ? { additionalInfo: rec.additionalInfo } : {}),
    });
    this.recordCount += 1;
    this.record = undefined;
    this.recordDepth = -1;
  }

  private endRoot(): void {
    if (this.recordCount === 0) {
      this.fail('CAMT_MISSING_ELEMENT', `${this.shape!.root} has no ${this.shape!.record}: nothing to read`);
    }
    this.out.push({ kind: 'message-end', recordCount: this.recordCount, entryCount: this.totalEntries });
  }

  private ccyOf(tag: SaxesTagNS): string {
    const ccy = tag.attributes.Ccy?.value;
    if (!ccy) this.fail('CAMT_MISSING_ELEMENT', `${tag.local} has no Ccy attribute`);
    return ccy;
  }

  private balanceField(path: string, value: string): void {
    const b = this.balance;
    if (!b) return;
    switch (path) {
      case 'Bal/Tp/CdOrPrtry/Cd':
      case 'Bal/Tp/Cd':
        b.code = value;
        break;
      case 'Bal/Tp/CdOrPrtry/Prtry':
        b.code ??= value;
        break;
      case 'Bal/Amt':
        b.text.amount = value;
        break;
      case 'Bal/CdtDbtInd':
        b.text.cdi = value;
        break;
      case 'Bal/Dt/Dt':
        b.text.date = this.date(value, 'Bal/Dt/Dt');
        break;
      case 'Bal/Dt/DtTm':
        b.text.date = this.dateTime(value, 'Bal/Dt/DtTm');
        break;
      case 'Bal':
        this.finishBalance(b);
        break;
      default:
        break;
    }
  }

  private finishBalance(b: BalanceDraft): void {
    const where = `Bal #${this.record!.balances + 1} of ${this.record!.header.id}`;
    if (!b.code) this.fail('CAMT_MISSING_ELEMENT', `${where}: Tp/CdOrPrtry is missing`);
    if (b.text.amount === undefined || !b.text.ccy) this.fail('CAMT_MISSING_ELEMENT', `${where}: Amt is missing`);
    if (!b.text.date) this.fail('CAMT_MISSING_ELEMENT', `${where}: Dt is missing`);
    const cdi = this.creditDebit(b.text.cdi, where);
    const minor = this.amount(b.text.amount, b.text.ccy, where);
    const balance: CamtBalance = {
      code: b.code,
      type: BALANCE_TYPES[b.code] ?? 'OTHER',
      amount: { minor: cdi === 'DBIT' ? -minor : minor, currency: b.text.ccy },
      creditDebit: cdi,
      date: b.text.date,
    };
    this.out.push({ kind: 'balance', recordIndex: this.recordCount, balance });
    this.record!.balances += 1;
    this.balance = undefined;
  }

  private entryField(path: string, value: string): void {
    const e = this.entry;
    if (!e) return;
    if (path.startsWith('Ntry/NtryDtls/TxDtls/')) {
      const d = e.details[e.details.length - 1];
      if (d) detailField(d, path.slice('Ntry/NtryDtls/TxDtls/'.length), value);
      return;
    }
    switch (path) {
      case 'Ntry/NtryRef':
        e.reference = value;
        break;
      case 'Ntry/Amt':
        e.amount = value;
        break;
      case 'Ntry/CdtDbtInd':
        e.cdi = value;
        break;
      case 'Ntry/RvslInd':
        e.reversal = value;
        break;
      case 'Ntry/Sts':
        if (value) e.status = value;
        break;
      case 'Ntry/Sts/Cd':
      case 'Ntry/Sts/Prtry':
        e.status = value;
        break;
      case 'Ntry/BookgDt/Dt':
        e.bookingDate = this.date(value, 'BookgDt/Dt');
        break;
      case 'Ntry/BookgDt/DtTm':
        e.bookingDate = this.dateTime(value, 'BookgDt/DtTm');
        break;
      case 'Ntry/ValDt/Dt':
        e.valueDate = this.date(value, 'ValDt/Dt');
        break;
      case 'Ntry/ValDt/DtTm':
        e.valueDate = this.dateTime(value, 'ValDt/DtTm');
        break;
      case 'Ntry/AcctSvcrRef':
        e.accountServicerReference = value;
        break;
      case 'Ntry/BkTxCd/Domn/Cd':
        e.btc.domain = value;
        break;
      case 'Ntry/BkTxCd/Domn/Fmly/Cd':
        e.btc.family = value;
        break;
      case 'Ntry/BkTxCd/Domn/Fmly/SubFmlyCd':
        e.btc.subFamily = value;
        break;
      case 'Ntry/BkTxCd/Prtry/Cd':
        e.btc.proprietary = value;
        break;
      case 'Ntry/AddtlNtryInf':
        e.additionalInfo = value;
        break;
      case 'Ntry':
        this.finishEntry(e);
        break;
      default:
        break;
    }
  }

  private finishEntry(e: EntryDraft): void {
    const rec = this.record!;
    const where = `Ntry #${rec.entries + 1} of ${rec.header.id}`;
    if (e.amount === undefined || !e.ccy) this.fail('CAMT_MISSING_ELEMENT', `${where}: Amt is missing`);
    if (!e.status) this.fail('CAMT_MISSING_ELEMENT', `${where}: Sts is missing`);
    const cdi = this.creditDebit(e.cdi, where);
    if (e.reversal !== undefined && e.reversal !== 'true' && e.reversal !== 'false' && e.reversal !== '1' && e.reversal !== '0') {
      this.fail('CAMT_INVALID_CODE', `${where}: RvslInd ${JSON.stringify(e.reversal)} is not a boolean`);
    }
    const btc = e.btc.domain || e.btc.proprietary ? e.btc : undefined;
    const amount = { minor: this.amount(e.amount, e.ccy, where), currency: e.ccy };
    const ref = e.reference || e.accountServicerReference;
    const named = ref ? `${where} (${ref})` : where;
    const details = e.details.map((d, i) => this.detail(d, i, { cdi, ccy: e.ccy! }, named));
    const first = details[0];
    const head: CamtRefusedEntry = {
      index: rec.entries,
      amount,
      creditDebit: cdi,
      reversal: e.reversal === 'true' || e.reversal === '1',
      status: e.status,
      ...(e.reference ? { reference: e.reference } : {}),
      ...(e.bookingDate ? { bookingDate: e.bookingDate } : {}),
      ...(e.valueDate ? { valueDate: e.valueDate } : {}),
      ...(e.accountServicerReference ? { accountServicerReference: e.accountServicerReference } : {}),
      ...(btc ? { bankTransactionCode: btc } : {}),
      ...(e.additionalInfo ? { additionalInfo: e.additionalInfo } : {}),
      ...(first?.endToEndId ? { endToEndId: first.endToEndId } : {}),
      ...(first?.remittanceInformation ? { remittanceInformation: first.remittanceInformation } : {}),
      ...(first?.counterpartyName ? { counterpartyName: first.counterpartyName } : {}),
    };
    const mismatch = detailsMismatch(amount, cdi, details);
    if (mismatch === undefined) {
      this.out.push({ kind: 'entry', recordIndex: this.recordCount, entry: { ...head, details: completeDetails(details, head) } });
    } else {
      const message = `${named}: ${mismatch}`;
      if (this.opts.detailsMismatch !== 'emit') this.fail('CAMT_DETAILS_MISMATCH', message);
      const { line, column } = this.where();
      const error = { code: 'CAMT_DETAILS_MISMATCH' as const, message: `${message} (line ${line}, column ${column})` };
      this.out.push({ kind: 'entry-refused', recordIndex: this.recordCount, entry: head, error });
    }
    rec.entries += 1;
    this.totalEntries += 1;
    this.entry = undefined;
  }

  /**
   * A detail as read. Its amount is the one in the entry's currency (`Amt`, else `AmtDtls/TxAmt`):
   * an amount only in another currency is what was instructed, not what was booked, so it is
   * left out (`otherCurrency`) and finishEntry decides, as for a detail without any amount.
   */
  private detail(d: DetailDraft, index: number, entry: { cdi: CreditDebit; ccy: string }, where: string): DetailRead {
    const at = `${where} TxDtls #${index + 1}`;
    const amounts = [
      { amount: d.amount, ccy: d.ccy },
      { amount: d.txAmount, ccy: d.txCcy },
    ].filter((a): a is { amount: string; ccy: string } => a.amount !== undefined && a.ccy !== undefined);
    const text = amounts.find((a) => a.ccy === entry.ccy);
    const otherCurrency = text ? undefined : amounts[0]?.ccy;
    const creditDebit = d.cdi === undefined ? entry.cdi : this.creditDebit(d.cdi, at);
    const creditorSide = creditDebit === 'DBIT';
    const counterpartyName = creditorSide ? d.creditorName : d.debtorName;
    const counterpartyIban = creditorSide ? d.creditorIban : d.debtorIban;
    return {
      index,
      ...(text ? { amount: { minor: this.amount(text.amount, text.ccy, at), currency: text.ccy } } : {}),
      ...(otherCurrency ? { otherCurrency } : {}),
      creditDebit,
      ...(d.endToEndId ? { endToEndId: d.endToEndId } : {}),
      ...(d.transactionId ? { transactionId: d.transactionId } : {}),
      ...(d.accountServicerReference ? { accountServicerReference: d.accountServicerReference } : {}),
      ...(d.instructionId ? { instructionId: d.instructionId } : {}),
      ...(counterpartyName ? { counterpartyName } : {}),
      ...(counterpartyIban ? { counterpartyIban } : {}),
      ...(d.remittance?.length ? { remittanceInformation: d.remittance.join(' ') } : {}),
    };
  }

  private creditDebit(v: string | undefined, where: string): CreditDebit {
    if (v === undefined) this.fail('CAMT_MISSING_ELEMENT', `${where}: CdtDbtInd is missing`);
    if (v !== 'CRDT' && v !== 'DBIT') this.fail('CAMT_INVALID_CODE', `${where}: CdtDbtInd ${JSON.stringify(v)} is neither CRDT nor DBIT`);
    return v;
  }

  private amount(text: string, ccy: string, where: string): bigint {
    try {
      return camtAmountToMinor(text, ccy);
    } catch (err) {
      if (err instanceof CamtError) this.fail(err.code, `${where}: ${err.message}`);
      throw err;
    }
  }

  private date(v: string, where: string): string {
    if (!ISO_DATE.test(v)) this.fail('CAMT_INVALID_DATE', `${where}: ${JSON.stringify(v.slice(0, 40))} is not an ISODate`);
    return v;
  }

  private dateTime(v: string, where: string): string {
    if (!ISO_DATE_TIME.test(v)) this.fail('CAMT_INVALID_DATE', `${where}: ${JSON.stringify(v.slice(0, 40))} is not an ISODateTime`);
    return v;
  }
}

function chunksOf(source: CamtSource): AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array> {
  return source as AsyncIterable<string | Uint8Array>;
}

/**
 * Parses a camt message from a stream of chunks (Buffers are decoded as UTF-8), yielding the
 * message header, each record's header, balances and entries as soon as each is complete.
 * Throws CamtError; events already yielded before an error belong to a message that is NOT valid,
 * so a caller that stores must wait for `message-end` (see statement-store ingest).
 */
export async function* parseCamt(source: CamtSource, options: CamtParseOptions = {}): AsyncGenerator<CamtEvent, void, undefined> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const opts = { detailsMismatch: options.detailsMismatch ?? 'refuse-file', maxDetailsPerEntry: options.maxDetailsPerEntry ?? DEFAULT_MAX_DETAILS };
  const reader = new CamtReader(() => ({ line: parser.line, column: parser.column }), opts);
  parser.on('xmldecl', (decl) => {
    if (decl.encoding && !/^utf-?8$/i.test(decl.encoding)) {
      throw new CamtError('CAMT_UNSUPPORTED_ENCODING', `encoding ${decl.encoding} is not supported (UTF-8 only)`);
    }
  });
  parser.on('doctype', () => reader.fail('CAMT_MALFORMED_XML', 'a DOCTYPE is not allowed in a camt message'));
  parser.on('opentag', (tag) => reader.onOpen(tag));
  parser.on('closetag', () => reader.onClose());
  parser.on('text', (t) => reader.onText(t));
  parser.on('cdata', (t) => reader.onText(t));
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const run = (step: () => void): void => {
    try {
      step();
    } catch (err) {
      if (err instanceof CamtError) throw err;
      const msg = err instanceof Error ? err.message : String(err);
      throw new CamtError('CAMT_MALFORMED_XML', `not well-formed XML: ${msg.slice(0, 200)}`);
    }
  };
  for await (const chunk of chunksOf(source)) {
    run(() => parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })));
    if (reader.out.length > 0) yield* reader.out.splice(0, reader.out.length);
  }
  run(() => {
    const rest = decoder.decode();
    if (rest) parser.write(rest);
    parser.close();
  });
  reader.end();
  if (reader.out.length > 0) yield* reader.out.splice(0, reader.out.length);
}

/** The record an event belongs to; the reader emits a record's 'record' event before any of its parts. */
function recordOf(records: readonly CamtRecord[], index: number): CamtRecord {
  const record = records[index];
  if (!record) throw new Error(`camt reader: event for record ${index} before the record itself`);
  return record;
}

/**
 * Reads the whole message into memory: for small files and tests (the only callers today, comparing
 * fixtures); large files use parseCamt.
 */
export async function readCamt(source: CamtSource, options: CamtParseOptions = {}): Promise<CamtDocument> {
  let message: CamtMessageHeader | undefined;
  const records: CamtRecord[] = [];
  for await (const ev of parseCamt(source, options)) {
    switch (ev.kind) {
      case 'message':
        message = ev.message;
        break;
      case 'record':
        records.push({ ...ev.record, balances: [], entries: [] });
        break;
      case 'balance':
        recordOf(records, ev.recordIndex).balances.push(ev.balance);
        break;
      case 'entry':
        recordOf(records, ev.recordIndex).entries.push(ev.entry);
        break;
      case 'entry-refused':
        (recordOf(records, ev.recordIndex).refused ??= []).push({ entry: ev.entry, error: ev.error });
        break;
      case 'record-end':
        if (ev.additionalInfo) recordOf(records, ev.recordIndex).additionalInfo = ev.additionalInfo;
        break;
      case 'message-end':
        break;
    }
  }
  if (!message) throw new CamtError('CAMT_MISSING_ELEMENT', 'no message header');
  return { message, records };
}
